import Datasets
@testable import DimensionalityReduction
import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// Spearman's rank correlation (Pearson correlation of the ranks; the test data have no ties).
func rankCorrelation(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: v.count)
        for (rank, index) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[index] = Double(rank) }
        return r
    }
    let (ra, rb) = (ranks(a), ranks(b))
    let mean = Double(a.count - 1) / 2
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for i in a.indices {
        sab += (ra[i] - mean) * (rb[i] - mean)
        saa += (ra[i] - mean) * (ra[i] - mean)
        sbb += (rb[i] - mean) * (rb[i] - mean)
    }
    return sab / (saa * sbb).squareRoot()
}

@Suite("Isomap")
struct IsomapTests {
    @Test("on a 5 × 5 grid with k = n − 1 the embedding reproduces the grid's distances")
    func gridDistances() throws {
        var rows: [[Double]] = []
        for i in 0..<5 { for j in 0..<5 { rows.append([Double(i), Double(j)]) } }
        let grid = try Matrix(rows: rows)
        for solver in [Isomap.EigenSolver.dense, .automatic] {
            let model = try Isomap(neighbors: 24, components: 2, eigenSolver: solver).fit(grid)
            assertClose(model.embedding.pairwiseDistances(), grid.pairwiseDistances(), relativeTolerance: 1e-9)
            // The grid's centred Gram matrix has eigenvalues n·var = 25 · 2 = 50 twice.
            assertClose(model.eigenvalues, [50, 50], relativeTolerance: 1e-9)
            assertClose(model.reconstructionError, 0, absoluteTolerance: 1e-9)
        }
    }

    @Test("on a swiss roll the first coordinate is monotone in the roll parameter; PCA's is not")
    func swissRollUnrolls() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try Isomap(neighbors: 10, components: 2).fit(sample.data)
        #expect(abs(rankCorrelation(model.embedding.column(0), sample.parameter)) > 0.99)
        // PCA scores by the SVD of the centred data.
        let centered = sample.data.centeringColumns().centered
        let svd = try centered.svd()
        let pcaFirst = centered.multiply(svd.vt.row(0), transposing: false)
        #expect(abs(rankCorrelation(pcaFirst, sample.parameter)) < 0.9)
        // transform of the training points reproduces the embedding (a point is its own nearest neighbour).
        let again = try model.transform(sample.data.rows(at: 0..<40))
        assertClose(again, model.embedding.rows(at: 0..<40), relativeTolerance: 1e-8)
        // A new point near training point 7 lands near its embedding.
        var near = sample.data.rows(at: [7])
        near[0, 1] += 0.01
        let moved = try model.transform(near)
        let scale = model.embedding.maxAbsolute
        #expect(abs(moved[0, 0] - model.embedding[7, 0]) < 0.01 * scale)
    }

    @Test("a disconnected graph throws with the component count; connectComponents links and reports it")
    func disconnected() throws {
        var rows: [[Double]] = []
        for i in 0..<12 { rows.append([Double(i), 0]) }
        for i in 0..<8 { rows.append([Double(i), 40]) }
        for i in 0..<6 { rows.append([80, Double(i)]) }
        let x = try Matrix(rows: rows)
        #expect(throws: ManifoldLearningError.disconnectedGraph(method: "Isomap", components: 3, largest: 12,
                                                                neighborhood: "3-nearest-neighbour")) {
            try Isomap(neighbors: 3).fit(x)
        }
        let message = ManifoldLearningError.disconnectedGraph(method: "Isomap", components: 3, largest: 12,
                                                              neighborhood: "3-nearest-neighbour").description
        #expect(message.contains("3 connected components") && message.contains("connectComponents"))
        let model = try Isomap(neighbors: 3, connectComponents: true).fit(x)
        #expect(model.linkedComponents == 3)
        #expect(model.graph.connectedComponents().count == 1)
        // Components 0 and 1 are linked by the closest pair, (0, 0)–(0, 40): length 40.
        assertClose(model.geodesicDistances[0, 12], 40, relativeTolerance: 1e-12)
        #expect(model.geodesicDistances.isFinite)
    }

    @Test("radius neighbourhood agrees with the k-NN one when they give the same graph")
    func radiusNeighborhood() throws {
        let line = Matrix(column: (0..<30).map { Double($0) })
        let byRadius = try Isomap(neighborhood: .radius(1.0), components: 1).fit(line)
        let byCount = try Isomap(neighbors: 1, components: 1).fit(line)
        assertClose(byRadius.embedding, byCount.embedding, relativeTolerance: 1e-9)
        assertClose(byRadius.geodesicDistances, line.pairwiseDistances(), relativeTolerance: 1e-12)
    }

    @Test("B = −½ J D⁽²⁾ J has zero row and column sums and equals X̃ X̃ᵀ for Euclidean distances")
    func doubleCentering() throws {
        let x = Matrix.randomNormal(rows: 40, columns: 3, seed: 31)
        let (b, statistics) = DoubleCentering.kernel(fromDistances: x.pairwiseDistances())
        let scale = b.maxAbsolute
        #expect(b.sum(along: .rows).allSatisfy { abs($0) < 1e-12 * scale * 40 })
        #expect(b.sum(along: .columns).allSatisfy { abs($0) < 1e-12 * scale * 40 })
        let centered = x.centeringColumns().centered
        assertClose(b, centered.rowGram(), relativeTolerance: 1e-12)
        assertClose(statistics.centeredSquaredNorm, b.frobeniusNorm * b.frobeniusNorm, relativeTolerance: 1e-12)
    }

    @Test("bad inputs throw")
    func badInputs() throws {
        let x = Matrix.randomNormal(rows: 6, columns: 3, seed: 2)
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "Isomap", samples: 6, needed: 7, reason: "neighbors = 6")) {
            try Isomap(neighbors: 6).fit(x)
        }
        #expect(throws: ManifoldLearningError.invalidParameter(method: "Isomap", message: "neighbors = 0 must be at least 1")) {
            try Isomap(neighbors: 0).fit(x)
        }
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "Isomap", samples: 6, needed: 7, reason: "components = 6")) {
            try Isomap(neighbors: 2, components: 6).fit(x)
        }
        var bad = x
        bad[2, 2] = .infinity
        #expect(throws: ManifoldLearningError.nonFinite(method: "Isomap", row: 2, column: 2)) { try Isomap(neighbors: 2).fit(bad) }
        #expect(throws: ManifoldLearningError.empty(method: "Isomap")) { try Isomap().fit(Matrix(rows: 0, columns: 3)) }
        let model = try Isomap(neighbors: 3).fit(x)
        #expect(throws: ManifoldLearningError.featureMismatch(method: "Isomap.transform", fitted: 3, given: 2)) {
            try model.transform(Matrix(rows: 1, columns: 2))
        }
    }
}
