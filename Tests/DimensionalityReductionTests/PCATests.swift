import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("PCA")
struct PCATests {
    /// Published values of scikit-learn's `PCA` on its documentation example.
    @Test func matchesScikitLearnExample() throws {
        for solver in [PCASolver.covariance, .gram, .svd, .automatic] {
            let model = try PCA(solver: solver).fit(SpectralFixtures.plane)
            assertClose(model.explainedVarianceRatio, [0.99244289, 0.00755711], relativeTolerance: 1e-7)
            assertClose(model.singularValues, [6.30061232, 0.54980396], relativeTolerance: 1e-7)
            assertClose(model.explainedVariance, [7.93954312, 0.06045688], relativeTolerance: 1e-7)
            assertClose(model.explainedVarianceRatio.reduce(0, +), 1, relativeTolerance: 1e-12)
            // scikit-learn ≥ 1.5 flips each component so its largest-magnitude entry is positive.
            assertClose(model.components, try Matrix(rows: [[0.83849224, 0.54491354], [-0.54491354, 0.83849224]]),
                        relativeTolerance: 1e-7)
            #expect(model.noiseVariance == 0)
        }
    }

    @Test func solversAgreeOnTallAndWideData() throws {
        for (rows, columns) in [(60, 5), (5, 40), (12, 12)] {
            let x = SpectralFixtures.cloud(rows: rows, columns: columns, seed: UInt64(rows * columns))
            let k = min(rows, columns) - 1
            let reference = try PCA(components: .count(k), solver: .svd).fit(x)
            let referenceScores = try PCA(components: .count(k), solver: .svd).fitTransform(x)
            for solver in [PCASolver.covariance, .gram] {
                let model = try PCA(components: .count(k), solver: solver).fit(x)
                assertClose(model.singularValues, reference.singularValues, relativeTolerance: 1e-8)
                assertClose(model.components, reference.components, relativeTolerance: 1e-7)
                assertClose(model.noiseVariance, reference.noiseVariance, relativeTolerance: 1e-8, absoluteTolerance: 1e-12)
                assertClose(try PCA(components: .count(k), solver: solver).fitTransform(x), referenceScores, relativeTolerance: 1e-7)
            }
        }
    }

    @Test func scoresAreSingularVectorsTimesValues() throws {
        // Closed form: X_c = U Σ Vᵀ ⇒ scores = X_c V = U Σ, and the scores' column variances are the λⱼ.
        let x = SpectralFixtures.cloud(rows: 50, columns: 4, seed: 3)
        let model = try PCA().fit(x)
        let scores = try model.transform(x)
        assertClose(scores.columnVariances(ddof: 1), model.explainedVariance, relativeTolerance: 1e-10)
        assertClose(try PCA().fitTransform(x), scores, relativeTolerance: 1e-10)
        // Components are orthonormal.
        assertClose(Matrix.product(model.components, model.components, transposingB: true), Matrix.identity(4),
                    absoluteTolerance: 1e-12)
    }

    @Test func whitenedScoresHaveUnitVariance() throws {
        let x = SpectralFixtures.cloud(rows: 80, columns: 5, seed: 4)
        let pca = PCA(components: .count(3), whiten: true)
        let scores = try pca.fitTransform(x)
        assertClose(scores.columnVariances(ddof: 1), [1, 1, 1], relativeTolerance: 1e-10)
        let model = try pca.fit(x)
        assertClose(try model.transform(x), scores, relativeTolerance: 1e-10)
        // Whitened scores are uncorrelated: Zᵀ Z / (n − 1) = I.
        assertClose(scores.columnGram() / 79, Matrix.identity(3), absoluteTolerance: 1e-10)
    }

    @Test("whitening maps a component without variance to 0, for training and new points, with every solver")
    func whiteningOfZeroVarianceComponent() throws {
        // Column 2 is constant, so the third component has no variance at all.
        var x = SpectralFixtures.cloud(rows: 12, columns: 3, seed: 8)
        for i in 0..<x.rows { x[i, 2] = 5 }
        let newPoint = try Matrix(rows: [[0.3, -0.2, 7]])   // 2 away from the training plane
        for solver in [PCASolver.svd, .covariance, .gram] {
            let model = try PCA(components: .count(3), solver: solver, whiten: true).fit(x)
            let scores = try model.transform(x)
            assertClose(Array(scores.columnVariances(ddof: 1).prefix(2)), [1, 1], relativeTolerance: 1e-10)
            #expect(scores.column(2).allSatisfy { $0 == 0 }, "\(solver): \(scores.column(2))")
            let placed = try model.transform(newPoint)
            #expect(placed[0, 2] == 0 && placed.isFinite, "\(solver): \(placed)")
            // Along the live components the new point is whitened as the training points are.
            let unwhitened = try PCA(components: .count(2), solver: solver).fit(x).transform(newPoint)
            assertClose([placed[0, 0], placed[0, 1]],
                        [unwhitened[0, 0] / model.explainedVariance[0].squareRoot(),
                         unwhitened[0, 1] / model.explainedVariance[1].squareRoot()], relativeTolerance: 1e-8)
        }
    }

    @Test func inverseTransformReconstructs() throws {
        for seed in UInt64(0)..<5 {
            let x = SpectralFixtures.cloud(rows: 30, columns: 6, seed: seed)
            for whiten in [false, true] {
                let model = try PCA(whiten: whiten).fit(x)
                assertClose(try model.inverseTransform(model.transform(x)), x, relativeTolerance: 1e-10)
            }
            // With fewer components, the reconstruction is the projection onto their span (idempotent).
            let reduced = try PCA(components: .count(2)).fit(x)
            let once = try reduced.inverseTransform(reduced.transform(x))
            assertClose(try reduced.inverseTransform(reduced.transform(once)), once, relativeTolerance: 1e-10)
            // Its squared error is (n − 1) × the discarded variance.
            let error = (x - once).frobeniusNorm
            assertClose(error * error, 29 * reduced.noiseVariance * 4, relativeTolerance: 1e-8)
        }
    }

    @Test func covarianceEstimate() throws {
        let x = SpectralFixtures.cloud(rows: 40, columns: 5, seed: 6)
        let centered = x.centeringColumns().centered
        // All components: the sample covariance itself.
        assertClose(try PCA().fit(x).covariance, centered.columnGram() / 39, relativeTolerance: 1e-10)
        // Fewer: same trace (the discarded variance is spread evenly as σ² I), and the kept directions keep
        // their variances: vⱼᵀ Σ̂ vⱼ = λⱼ.
        let reduced = try PCA(components: .count(2)).fit(x)
        let estimate = reduced.covariance
        assertClose(estimate.trace, (centered.columnGram() / 39).trace, relativeTolerance: 1e-10)
        for j in 0..<2 {
            let v = reduced.components.row(j)
            assertClose(BLAS.dot(v, estimate * v), reduced.explainedVariance[j], relativeTolerance: 1e-10)
        }
    }

    @Test func varianceRatioChoosesTheSmallestCount() throws {
        let x = SpectralFixtures.cloud(rows: 100, columns: 6, seed: 5)
        let ratios = try PCA().fit(x).explainedVarianceRatio
        var cumulative: [Double] = []
        for r in ratios { cumulative.append((cumulative.last ?? 0) + r) }
        for target in [0.5, 0.8, 0.95, 0.99] {
            let expected = cumulative.firstIndex { $0 > target }! + 1
            let model = try PCA(components: .varianceRatio(target)).fit(x)
            #expect(model.componentCount == expected)
            #expect(model.explainedVarianceRatio.reduce(0, +) > target)
            #expect(expected == 1 || cumulative[expected - 2] <= target)
        }
        // The plane example: 0.95 of the variance needs one component.
        #expect(try PCA(components: .varianceRatio(0.95)).fit(SpectralFixtures.plane).componentCount == 1)
    }

    @Test func badInputThrows() throws {
        let x = SpectralFixtures.plane
        expectFailure(messageContaining: "components = 3 must be between 1 and 2") { _ = try PCA(components: .count(3)).fit(x) }
        expectFailure(messageContaining: "components = 0") { _ = try PCA(components: .count(0)).fit(x) }
        expectFailure(messageContaining: "variance ratio 1.5") { _ = try PCA(components: .varianceRatio(1.5)).fit(x) }
        expectFailure(messageContaining: "at least 2") { _ = try PCA().fit(try Matrix(rows: [[1, 2]])) }
        var bad = x
        bad[2, 1] = .nan
        expectFailure(messageContaining: "entry (2, 1) is NaN") { _ = try PCA().fit(bad) }
        expectFailure(messageContaining: "no rows") { _ = try PCA().fit(Matrix(rows: 0, columns: 3)) }
        let model = try PCA().fit(x)
        expectFailure(messageContaining: "fitted on 2 features but the new data has 3") {
            _ = try model.transform(Matrix(rows: 1, columns: 3))
        }
        expectFailure(messageContaining: "fitted on 2") { _ = try model.inverseTransform(Matrix(rows: 1, columns: 1)) }
    }
}
