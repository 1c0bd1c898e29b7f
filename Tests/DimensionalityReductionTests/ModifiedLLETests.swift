import Datasets
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("ModifiedLLE")
struct ModifiedLLETests {
    @Test("M·𝟙 = 0 (every weight vector sums to 1); orthonormal zero-mean columns; dense and sparse agree")
    func invariants() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 800, noise: 0.05, seed: 4)
        let dense = try ModifiedLLE(neighbors: 10, eigenSolver: .dense).fit(sample.data)
        let sparse = try ModifiedLLE(neighbors: 10, eigenSolver: .sparse(tolerance: 1e-10)).fit(sample.data)
        let ones = dense.costMatrix.multiply([Double](repeating: 1, count: 800))
        let scale = dense.costMatrix.diagonal.max()!
        #expect(ones.allSatisfy { abs($0) < 1e-10 * scale })
        // sᵢ = k − nev + (0 … nev − 1) with nev = min(D, k) = 3.
        #expect(dense.weightCounts.allSatisfy { (7...9).contains($0) })
        for model in [dense, sparse] {
            assertClose(model.embedding.columnGram(), Matrix.identity(2), absoluteTolerance: 1e-9)
            assertClose(model.embedding.columnMeans, [0, 0], absoluteTolerance: 1e-9)
            let residual = model.costMatrix.multiply(model.embedding) - model.embedding.scalingColumns(by: model.eigenvalues)
            #expect(residual.frobeniusNorm < 1e-7 * scale)
        }
        assertEqualUpToColumnSigns(sparse.embedding, dense.embedding, relativeTolerance: 1e-5)
    }

    @Test("on the swiss roll the first coordinate follows the roll; bad inputs throw")
    func swissRollAndErrors() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try ModifiedLLE(neighbors: 10).fit(sample.data)
        let first = abs(rankCorrelation(model.embedding.column(0), sample.parameter))
        let second = abs(rankCorrelation(model.embedding.column(1), sample.parameter))
        #expect(max(first, second) > 0.99)
        #expect(try model.transform(sample.data.rows(at: [3])).isFinite)
        let x = Matrix.randomNormal(rows: 10, columns: 3, seed: 1)
        #expect(throws: ManifoldLearningError.self) { try ModifiedLLE(neighbors: 5, components: 4).fit(x) }
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "ModifiedLLE", samples: 10, needed: 11, reason: "neighbors = 10")) {
            try ModifiedLLE(neighbors: 10).fit(x)
        }
    }
}
