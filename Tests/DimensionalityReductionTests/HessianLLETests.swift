import Datasets
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("HessianLLE")
struct HessianLLETests {
    @Test("a flat patch in 3-D is recovered up to an affine map; H·𝟙 = 0; columns orthonormal, zero mean")
    func flatPatchIsAffine() throws {
        let uv = Matrix.randomUniform(rows: 700, columns: 2, in: 0..<1, seed: 19).scalingColumns(by: [2, 1])
        let map = try Matrix(rows: [[0.3, 1, -0.5], [-1, 0.4, 0.6]])
        let x = (uv * map).addingToEachRow([1, 2, 3])
        // H's null space is exactly two-dimensional on 𝟙⊥ here, so the shift-invert residual floor is about 1e-10.
        for solver in [LocallyLinearEmbedding.EigenSolver.dense, .sparse(tolerance: 1e-8)] {
            let model = try HessianLLE(neighbors: 10, components: 2, eigenSolver: solver).fit(x)
            let y = model.embedding
            assertClose(y.columnGram(), Matrix.identity(2), absoluteTolerance: 1e-9)
            assertClose(y.columnMeans, [0, 0], absoluteTolerance: 1e-9)
            let ones = model.hessianMatrix.multiply([Double](repeating: 1, count: 700))
            #expect(ones.allSatisfy { abs($0) < 1e-9 })
            let design = Matrix.horizontalConcatenation([y, Matrix(rows: 700, columns: 1, repeating: 1)])
            let residual = design * (try design.leastSquares(uv)).solution - uv
            #expect(residual.frobeniusNorm < 1e-6 * uv.frobeniusNorm)
        }
    }

    @Test("on the swiss roll one coordinate follows the roll; bad inputs throw")
    func swissRollAndErrors() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try HessianLLE(neighbors: 12).fit(sample.data)
        let first = abs(rankCorrelation(model.embedding.column(0), sample.parameter))
        let second = abs(rankCorrelation(model.embedding.column(1), sample.parameter))
        #expect(max(first, second) > 0.99)
        #expect(try model.transform(sample.data.rows(at: [3])).isFinite)
        let x = Matrix.randomNormal(rows: 10, columns: 3, seed: 1)
        #expect(throws: ManifoldLearningError.invalidParameter(method: "HessianLLE", message: "neighbors = 5 must exceed components + components·(components + 1)/2 = 5")) {
            try HessianLLE(neighbors: 5).fit(x)
        }
        #expect(throws: ManifoldLearningError.self) { try HessianLLE(neighbors: 10).fit(x) }
    }
}
