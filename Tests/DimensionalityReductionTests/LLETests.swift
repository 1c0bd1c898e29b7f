import Datasets
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("LocallyLinearEmbedding")
struct LLETests {
    @Test("weights sum to 1 and solve the regularised local systems; M = (I − W)ᵀ(I − W) and M·𝟙 = 0")
    func weightsAndCostMatrix() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 300, noise: 0.05, seed: 2)
        let x = sample.data
        let k = 8
        let model = try LocallyLinearEmbedding(neighbors: k, components: 2).fit(x)
        let n = x.rows
        for i in 0..<n {
            let row = model.weights[(i * k)..<((i + 1) * k)]
            assertClose(row.reduce(0, +), 1, relativeTolerance: 1e-12)
        }
        // Independent reference for a few points: LAPACK's Cholesky solve of (C Cᵀ + reg·tr·I) w = 𝟙.
        for i in [0, 17, 299] {
            let neighbors = Array(model.neighborIndices.indices(ofRow: i))
            let c = x.rows(at: neighbors).subtractingFromEachRow(x.row(i))
            var g = c.rowGram()
            let r = 1e-3 * g.trace
            for a in 0..<k { g[a, a] += r }
            let w = try g.solvePositiveDefinite(Matrix(rows: k, columns: 1, repeating: 1)).column(0)
            let total = w.reduce(0, +)
            assertClose(Array(model.weights[(i * k)..<((i + 1) * k)]), w.map { $0 / total }, relativeTolerance: 1e-9)
        }
        // M against the dense product (I − W)ᵀ(I − W).
        var iMinusW = Matrix.identity(n)
        for i in 0..<n {
            for a in 0..<k { iMinusW[i, model.neighborIndices.indices[i * k + a]] -= model.weights[i * k + a] }
        }
        let reference = Matrix.product(iMinusW, iMinusW, transposingA: true)
        assertClose(model.costMatrix.dense, reference, relativeTolerance: 1e-12)
        let ones = model.costMatrix.multiply([Double](repeating: 1, count: n))
        #expect(ones.allSatisfy { abs($0) < 1e-12 })
    }

    @Test("the embedding has zero-mean orthonormal columns that are eigenvectors of M; dense and sparse agree")
    func embeddingInvariants() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 800, noise: 0.05, seed: 4)
        let dense = try LocallyLinearEmbedding(neighbors: 10, components: 2, eigenSolver: .dense).fit(sample.data)
        let sparse = try LocallyLinearEmbedding(neighbors: 10, components: 2, eigenSolver: .sparse(tolerance: 1e-10)).fit(sample.data)
        for model in [dense, sparse] {
            let y = model.embedding
            assertClose(y.columnMeans, [0, 0], absoluteTolerance: 1e-9)
            assertClose(y.columnGram(), Matrix.identity(2), absoluteTolerance: 1e-9)
            // M yⱼ = λⱼ yⱼ.
            let my = model.costMatrix.multiply(y)
            let residual = my - y.scalingColumns(by: model.eigenvalues)
            #expect(residual.frobeniusNorm < 1e-7 * model.costMatrix.dense.frobeniusNorm)
            #expect(model.eigenvalues[0] > 0 && model.eigenvalues[0] <= model.eigenvalues[1])
            assertClose(model.reconstructionError, model.eigenvalues.reduce(0, +), relativeTolerance: 1e-12)
        }
        assertClose(sparse.eigenvalues, dense.eigenvalues, relativeTolerance: 1e-6)
        assertEqualUpToColumnSigns(sparse.embedding, dense.embedding, relativeTolerance: 1e-5)
    }

    @Test("transform places a new point by its neighbours' weights; bad inputs throw")
    func transformAndErrors() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 200, noise: 0, seed: 7)
        let model = try LLE(neighbors: 6).fit(sample.data)
        let midpoint = sample.data.rows(at: [3]).addingToEachRow([0, 0.05, 0])
        let y = try model.transform(midpoint)
        #expect(y.rows == 1 && y.columns == 2 && y.isFinite)
        #expect(abs(y[0, 0] - model.embedding[3, 0]) < 0.2 * model.embedding.maxAbsolute)

        let x = Matrix.randomNormal(rows: 6, columns: 3, seed: 2)
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "LocallyLinearEmbedding", samples: 6, needed: 7, reason: "neighbors = 6")) {
            try LLE(neighbors: 6).fit(x)
        }
        #expect(throws: ManifoldLearningError.invalidParameter(method: "LocallyLinearEmbedding", message: "regularization = -1.0 must be finite and ≥ 0")) {
            try LLE(neighbors: 3, regularization: -1).fit(x)
        }
        var bad = x
        bad[0, 0] = .nan
        #expect(throws: ManifoldLearningError.nonFinite(method: "LocallyLinearEmbedding", row: 0, column: 0)) { try LLE(neighbors: 3).fit(bad) }
        #expect(throws: ManifoldLearningError.featureMismatch(method: "LocallyLinearEmbedding.transform", fitted: 3, given: 1)) {
            try model.transform(Matrix(rows: 1, columns: 1))
        }
    }
}
