import Datasets
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("LocalTangentSpaceAlignment")
struct LTSATests {
    @Test("a flat patch in 3-D is recovered up to an affine map; M·𝟙 = 0; columns orthonormal, zero mean")
    func flatPatchIsAffine() throws {
        // (u, v) uniform in a rectangle, mapped linearly into 3-D and shifted.
        let uv = Matrix.randomUniform(rows: 700, columns: 2, in: 0..<1, seed: 9).scalingColumns(by: [3, 1])
        let map = try Matrix(rows: [[1, 0.5, -0.3], [0.2, -1, 0.8]])
        let x = (uv * map).addingToEachRow([4, -2, 1])
        for solver in [LocallyLinearEmbedding.EigenSolver.dense, .sparse(tolerance: 1e-10)] {
            let model = try LocalTangentSpaceAlignment(neighbors: 8, components: 2, eigenSolver: solver).fit(x)
            let y = model.embedding
            assertClose(y.columnGram(), Matrix.identity(2), absoluteTolerance: 1e-9)
            assertClose(y.columnMeans, [0, 0], absoluteTolerance: 1e-9)
            let ones = model.alignmentMatrix.multiply([Double](repeating: 1, count: 700))
            #expect(ones.allSatisfy { abs($0) < 1e-10 })
            // Independent check: u and v are affine functions of the embedding (least squares residual ≈ 0).
            let design = Matrix.horizontalConcatenation([y, Matrix(rows: 700, columns: 1, repeating: 1)])
            let fit = try design.leastSquares(uv)
            let residual = design * fit.solution - uv
            #expect(residual.frobeniusNorm < 1e-6 * uv.frobeniusNorm)
            #expect(model.eigenvalues.allSatisfy { abs($0) < 1e-8 })
        }
    }

    @Test("on the swiss roll the first coordinate follows the roll; transform and bad inputs")
    func swissRollAndErrors() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try LocalTangentSpaceAlignment(neighbors: 10).fit(sample.data)
        let first = abs(rankCorrelation(model.embedding.column(0), sample.parameter))
        let second = abs(rankCorrelation(model.embedding.column(1), sample.parameter))
        #expect(max(first, second) > 0.99)
        let placed = try model.transform(sample.data.rows(at: [4]).addingToEachRow([0, 0.01, 0]))
        #expect(placed.isFinite && abs(placed[0, 0] - model.embedding[4, 0]) < 0.05 * model.embedding.maxAbsolute)

        let x = Matrix.randomNormal(rows: 10, columns: 3, seed: 1)
        #expect(throws: ManifoldLearningError.self) { try LocalTangentSpaceAlignment(neighbors: 3, components: 2).fit(x) }
        #expect(throws: ManifoldLearningError.self) { try LocalTangentSpaceAlignment(neighbors: 5, components: 4).fit(x) }
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "LocalTangentSpaceAlignment", samples: 10, needed: 11, reason: "neighbors = 10")) {
            try LocalTangentSpaceAlignment(neighbors: 10).fit(x)
        }
    }
}
