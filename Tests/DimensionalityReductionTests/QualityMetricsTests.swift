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
