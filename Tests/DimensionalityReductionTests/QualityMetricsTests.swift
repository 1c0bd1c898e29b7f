import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("Quality metrics")
struct QualityMetricsTests {
    static let projection = try! Matrix(rows: [[1, 0.5], [0.2, 1], [0.3, -0.4]])

    @Test func identityMapIsPerfect() throws {
        let x = SpectralFixtures.cloud(rows: 30, columns: 4, seed: 31)
        for k in [1, 5, 14] {
            #expect(try QualityMetrics.trustworthiness(original: x, embedding: x, neighbors: k) == 1)
            #expect(try QualityMetrics.continuity(original: x, embedding: x, neighbors: k) == 1)
        }
        // Any similarity transform keeps every neighbourhood.
        let rotated = try PCA().fitTransform(x) * 3
        #expect(try QualityMetrics.trustworthiness(original: x, embedding: rotated, neighbors: 5) == 1)
        assertClose(try QualityMetrics.distanceSpearmanCorrelation(original: x, embedding: rotated), 1, relativeTolerance: 1e-12)
        #expect(try QualityMetrics.procrustes(x, rotated).disparity < 1e-20)
    }

    /// Values published by scikit-learn 1.9.1 (`sklearn.manifold.trustworthiness`) on
    /// `SpectralFixtures.curve`, computed once and pasted here.
    @Test func trustworthinessMatchesScikitLearn() throws {
        let x = SpectralFixtures.curve
        let dropped = x.columns(at: [0, 1])
        let projected = x * Self.projection
        let expected: [(Int, Double, Double, Double)] = [
            (1, 0.7348684210526315, 0.8315789473684211, 0.9092105263157895),
            (3, 0.6707142857142857, 0.7940476190476191, 0.8890476190476191),
            (5, 0.714375, 0.81125, 0.8825),
            (10, 0.7665306122448979, 0.7978571428571428, 0.8839795918367347),
        ]
        for (k, first, second, swapped) in expected {
            assertClose(try QualityMetrics.trustworthiness(original: x, embedding: dropped, neighbors: k), first, relativeTolerance: 1e-12)
            assertClose(try QualityMetrics.trustworthiness(original: x, embedding: projected, neighbors: k), second, relativeTolerance: 1e-12)
            // Continuity is trustworthiness with the spaces swapped.
            assertClose(try QualityMetrics.continuity(original: dropped, embedding: x, neighbors: k), first, relativeTolerance: 1e-12)
            assertClose(try QualityMetrics.trustworthiness(original: dropped, embedding: x, neighbors: k), swapped, relativeTolerance: 1e-12)
        }
    }

    /// SciPy 1.x `procrustes(Y1, Y2)[2]` and `spearmanr(pdist(X), pdist(Y))` on the same data.
    @Test func procrustesAndSpearmanMatchSciPy() throws {
        let x = SpectralFixtures.curve
        let dropped = x.columns(at: [0, 1])
        let projected = x * Self.projection
        let procrustes = try QualityMetrics.procrustes(dropped, projected)
        assertClose(procrustes.disparity, 0.3167461922768394, relativeTolerance: 1e-10)
        assertClose(procrustes.standardizedFirst.frobeniusNorm, 1, relativeTolerance: 1e-12)
        // The disparity is symmetric in its arguments (both are standardised).
        assertClose(try QualityMetrics.procrustes(projected, dropped).disparity, 0.3167461922768394, relativeTolerance: 1e-10)
        assertClose(try QualityMetrics.distanceSpearmanCorrelation(original: x, embedding: dropped), 0.5274982371765897,
                    relativeTolerance: 1e-10)
        assertClose(try QualityMetrics.distanceSpearmanCorrelation(original: x, embedding: projected), 0.5875769532317292,
                    relativeTolerance: 1e-10)
        // Average ranks for ties.
        assertClose(QualityMetrics.spearmanCorrelation([1, 2, 2, 3], [1, 2, 3, 4]), 0.9486832980505138, relativeTolerance: 1e-12)
    }

    @Test func normalizedStressClosedForm() throws {
        // Scaling an embedding by s gives stress |1 − s| exactly.
        let x = SpectralFixtures.cloud(rows: 15, columns: 3, seed: 32)
        for s in [0.5, 1.0, 1.25] {
            assertClose(try QualityMetrics.normalizedStress(original: x, embedding: x * s), abs(1 - s),
                        relativeTolerance: 1e-10, absoluteTolerance: 1e-7)
        }
    }

    /// Σ over pairs i < j of the direct distances `√Σₜ (xᵢₜ − xⱼₜ)²`: the dense formula, independent of the blocks.
    static func pairSums(_ x: Matrix, _ y: Matrix) -> (d2: Double, e2: Double, de: Double, residual: Double) {
        func distance(_ m: Matrix, _ i: Int, _ j: Int) -> Double {
            var sum = 0.0
            for t in 0..<m.columns { let v = m[i, t] - m[j, t]; sum += v * v }
            return sum.squareRoot()
        }
        var sums = (d2: 0.0, e2: 0.0, de: 0.0, residual: 0.0)
        for i in 0..<x.rows {
            for j in (i + 1)..<x.rows {
                let (d, e) = (distance(x, i, j), distance(y, i, j))
                sums.d2 += d * d; sums.e2 += e * e; sums.de += d * e; sums.residual += (d - e) * (d - e)
            }
        }
        return sums
    }

    @Test("stress in row blocks equals the dense pairwise formula, raw and after the best scaling")
    func blockedStressMatchesDenseFormula() throws {
        // 1100 rows make three row blocks of 512; an embedding that is neither a scaling nor a rotation.
        let x = Matrix.randomNormal(rows: 1100, columns: 5, seed: 41)
        let y = Matrix.product(x, Matrix.randomNormal(rows: 5, columns: 2, seed: 42)) + 3
        let sums = Self.pairSums(x, y)
        let raw = (sums.residual / sums.d2).squareRoot()
        let c = sums.de / sums.e2
        var scaledResidual = 0.0
        for i in 0..<x.rows {
            for j in (i + 1)..<x.rows {
                var d = 0.0, e = 0.0
                for t in 0..<x.columns { d += (x[i, t] - x[j, t]) * (x[i, t] - x[j, t]) }
                for t in 0..<y.columns { e += (y[i, t] - y[j, t]) * (y[i, t] - y[j, t]) }
                let r = d.squareRoot() - c * e.squareRoot()
                scaledResidual += r * r
            }
        }
        let stress = try QualityMetrics.stress(original: x, embedding: y)
        assertClose(stress.raw, raw, relativeTolerance: 1e-10)
        assertClose(stress.scaleFree, (scaledResidual / sums.d2).squareRoot(), relativeTolerance: 1e-8)
        assertClose(stress.bestScale, c, relativeTolerance: 1e-10)
        assertClose(try QualityMetrics.normalizedStress(original: x, embedding: y), raw, relativeTolerance: 1e-10)
        assertClose(try QualityMetrics.normalizedStress(dissimilarities: x.pairwiseDistances(), embedding: y), raw,
                    relativeTolerance: 1e-10)
        // A scaled copy: raw stress |1 − s|, no stress left after the best scaling, which is 1 / s.
        let scaled = try QualityMetrics.stress(original: x, embedding: x * 2.5)
        assertClose(scaled.raw, 1.5, relativeTolerance: 1e-10)
        #expect(scaled.scaleFree < 1e-6)
        assertClose(scaled.bestScale, 0.4, relativeTolerance: 1e-10)
    }

    @Test("rank correlation of all pairs refuses, before allocating, what memory cannot hold")
    func spearmanRefusesBeyondMemory() throws {
        // 300 000 rows: 4.5e10 pairs need about 2.5 TB; the check comes before any n × n matrix.
        let x = Matrix(rows: 300_000, columns: 1)
        expectFailure(messageContaining: "samples = 300000 needs 2520.0 GB for all pairwise distances of both spaces and their ranks but") {
            _ = try QualityMetrics.distanceSpearmanCorrelation(original: x, embedding: x)
        }
    }

    @Test func badInputThrows() throws {
        let x = SpectralFixtures.curve
        expectFailure(messageContaining: "neighbors = 20 must be at least 1 and less than samples / 2 = 20.0") {
            _ = try QualityMetrics.trustworthiness(original: x, embedding: x, neighbors: 20)
        }
        expectFailure(messageContaining: "neighbors = 0") { _ = try QualityMetrics.continuity(original: x, embedding: x, neighbors: 0) }
        expectFailure(messageContaining: "expected 40 rows") {
            _ = try QualityMetrics.trustworthiness(original: x, embedding: x.rows(at: 0..<39))
        }
        var nan = x
        nan[3, 2] = .nan
        expectFailure(messageContaining: "entry (3, 2) is NaN") { _ = try QualityMetrics.trustworthiness(original: nan, embedding: x) }
        expectFailure(messageContaining: "all its points equal") {
            _ = try QualityMetrics.procrustes(Matrix(rows: 4, columns: 2, repeating: 1), x.rows(at: 0..<4).columns(at: [0, 1]))
        }
        expectFailure(messageContaining: "fitted on 3 features but the new data has 2") {
            _ = try QualityMetrics.procrustes(x, x.columns(at: [0, 1]))
        }
        expectFailure(messageContaining: "not symmetric") {
            var d = x.pairwiseDistances()
            d[0, 1] += 1
            _ = try QualityMetrics.normalizedStress(dissimilarities: d, embedding: x)
        }
    }
}
