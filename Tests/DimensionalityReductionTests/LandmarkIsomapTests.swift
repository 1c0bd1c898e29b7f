import Datasets
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("LandmarkIsomap")
struct LandmarkIsomapTests {
    @Test("landmark MDS of Euclidean distances recovers the configuration exactly from d + 1 or more landmarks")
    func euclideanRecovery() throws {
        let x = Matrix.randomNormal(rows: 200, columns: 3, seed: 12)
        let model = try LandmarkMDS(components: 3).fit(x, landmarks: 8, seed: 1)
        assertClose(model.embedding.pairwiseDistances(), x.pairwiseDistances(), relativeTolerance: 1e-9)
        // Principal axes: the embedding's covariance is diagonal with descending variances.
        let gram = model.embedding.columnGram()
        #expect(abs(gram[0, 1]) < 1e-8 * gram[0, 0] && gram[0, 0] >= gram[1, 1] && gram[1, 1] >= gram[2, 2])
        assertClose(model.embedding.columnMeans, [0, 0, 0], absoluteTolerance: 1e-10)
        // Triangulating the training points again reproduces the embedding.
        let distances = x.pairwiseDistances(to: x.rows(at: model.landmarkIndices))
        assertClose(try model.transform(distancesToLandmarks: distances), model.embedding, relativeTolerance: 1e-9)
    }

    @Test("with every point a landmark, landmark Isomap equals Isomap up to column signs")
    func allLandmarksIsIsomap() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 300, noise: 0.1, seed: 8)
        let full = try Isomap(neighbors: 8, eigenSolver: .dense).fit(sample.data)
        let landmark = try LandmarkIsomap(neighbors: 8, landmarks: 300).fit(sample.data)
        assertEqualUpToColumnSigns(landmark.embedding, full.embedding, relativeTolerance: 1e-7)
        assertClose(landmark.landmarkGeodesics, full.geodesicDistances, relativeTolerance: 1e-12)
    }

    @Test("with 100 landmarks the swiss roll is unrolled; transform of training points reproduces the embedding")
    func swissRollWithFewLandmarks() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try LandmarkIsomap(neighbors: 10, landmarks: 100, seed: 3).fit(sample.data)
        #expect(model.landmarkIndices.count == 100 && Set(model.landmarkIndices).count == 100)
        #expect(abs(rankCorrelation(model.embedding.column(0), sample.parameter)) > 0.99)
        let again = try model.transform(sample.data.rows(at: 0..<50))
        assertClose(again, model.embedding.rows(at: 0..<50), relativeTolerance: 1e-8)
    }

    @Test("radius neighbourhood: a line is embedded isometrically and new points are placed through the radius")
    func radiusNeighborhood() throws {
        let line = Matrix(column: (0..<40).map { Double($0) })
        let model = try LandmarkIsomap(neighborhood: .radius(1.0), components: 1, landmarks: 6, seed: 2).fit(line)
        assertClose(model.embedding.pairwiseDistances(), line.pairwiseDistances(), relativeTolerance: 1e-9)
        let placed = try model.transform(Matrix(column: [10.5]))
        assertClose(abs(placed[0, 0] - model.embedding[10, 0]), 0.5, relativeTolerance: 1e-9)
        #expect(throws: ManifoldLearningError.self) { try model.transform(Matrix(column: [100])) }
    }

    @Test("MaxMin landmarks spread over the roll: 30 of them unroll it")
    func maxMinLandmarks() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 1500, noise: 0, seed: 5)
        let model = try LandmarkIsomap(neighbors: 10, landmarks: 30, seed: 1, landmarkChoice: .maxMin).fit(sample.data)
        #expect(Set(model.landmarkIndices).count == 30)
        #expect(abs(rankCorrelation(model.embedding.column(0), sample.parameter)) > 0.99)
        // The landmark rows are the geodesics from the landmarks.
        let full = try Isomap(neighbors: 10).fit(sample.data)
        for (row, landmark) in model.landmarkIndices.enumerated().prefix(5) {
            assertClose(model.landmarkGeodesics.row(row), full.geodesicDistances.row(landmark), relativeTolerance: 1e-12)
        }
    }

    @Test("bad inputs throw")
    func badInputs() throws {
        let x = Matrix.randomNormal(rows: 20, columns: 2, seed: 1)
        #expect(throws: ManifoldLearningError.tooFewSamples(method: "LandmarkIsomap", samples: 20, needed: 30, reason: "landmarks = 30")) {
            try LandmarkIsomap(neighbors: 5, landmarks: 30).fit(x)
        }
        #expect(throws: ManifoldLearningError.self) { try LandmarkIsomap(neighbors: 5, components: 3, landmarks: 3).fit(x) }
        var rows: [[Double]] = (0..<10).map { [Double($0), 0] }
        rows += (0..<10).map { [Double($0), 100] }
        let split = try Matrix(rows: rows)
        #expect(throws: ManifoldLearningError.disconnectedGraph(method: "LandmarkIsomap", components: 2, largest: 10,
                                                                neighborhood: "2-nearest-neighbour")) {
            try LandmarkIsomap(neighbors: 2, landmarks: 5).fit(split)
        }
        #expect(try LandmarkIsomap(neighbors: 2, landmarks: 5, connectComponents: true).fit(split).linkedComponents == 2)
        #expect(throws: ManifoldLearningError.featureMismatch(method: "LandmarkMDS.transform", fitted: 8, given: 2)) {
            try LandmarkMDS(components: 2).fit(x, landmarks: 8).transform(distancesToLandmarks: Matrix(rows: 1, columns: 2))
        }
    }
}
