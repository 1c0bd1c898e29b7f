import LinearAlgebra
import Neighbors

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.landmarkIsomap`: `LandmarkIsomap` with `settings.landmarks` landmarks.
    static let landmarkIsomap = EmbeddingMethodRegistration(
        summary: "landmark Isomap: Isomap from m landmarks, for large n (has transform)", usesNeighbors: true,
        parameters: { settings in
            [neighborhoodParameter(settings), ("landmarks", "\(settings.landmarks)"),
             ("landmark-choice", settings.landmarkChoice.rawValue), ("seed", "\(settings.seed)")]
        },
        fit: { x, settings, progress in
            guard settings.landmarks <= x.rows else {
                throw DimensionalityReductionError.invalidParameter(
                    method: "LandmarkIsomap", name: "landmarks",
                    message: "= \(settings.landmarks) must be ≤ the number of samples \(x.rows); lower it")
            }
            return try LandmarkIsomap(neighborhood: settings.neighborhood, components: settings.components,
                                      landmarks: settings.landmarks, seed: settings.seed,
                                      landmarkChoice: settings.landmarkChoice.choice,
                                      connectComponents: settings.connectComponents).fit(x, progress: progress)
        },
        storage: LandmarkIsomap.Model.self)
}

/// The model file's `"landmarkIsomap"` part: the training points (for the neighbour search), the landmark
/// geodesics and the triangulation.
extension LandmarkIsomap.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var trainingData: StoredMatrix
        var landmarkGeodesics: StoredMatrix
        var landmarkIndices: [Int]
        var eigenvalues: StoredVector
        var pseudoinverse: StoredMatrix
        var meanSquared: StoredVector
        var center: StoredVector
        var rotation: StoredMatrix
        var linkedComponents: Int
    }

    static let fileKey = "landmarkIsomap"

    /// The landmark eigenvalues.
    var eigenvalues: [Double] { mds.eigenvalues }

    func filePart(storage: ModelArrayStorage) -> FilePart {
        func matrix(_ m: Matrix) -> StoredMatrix { StoredMatrix(m, storage: storage) }
        func vector(_ v: [Double]) -> StoredVector { StoredVector(v, storage: storage) }
        return FilePart(trainingData: matrix(search.data), landmarkGeodesics: matrix(landmarkGeodesics),
                        landmarkIndices: mds.landmarkIndices, eigenvalues: vector(mds.eigenvalues),
                        pseudoinverse: matrix(mds.pseudoinverse), meanSquared: vector(mds.meanSquared),
                        center: vector(mds.center), rotation: matrix(mds.rotation), linkedComponents: linkedComponents)
    }

    static func read(_ s: FilePart, from file: ModelFileContext) throws -> LandmarkIsomap.Model {
        let (check, k, n, d, settings) = (file.check, file.k, file.n, file.d, file.settings)
        if settings.radius == nil { try file.requireNeighborsBelowRows() }
        let m = ModelFileChecker.Size(settings.landmarks, "settings.landmarks")
        try check.require(m.value <= n.value, "settings.landmarks", "= \(m.value) must be at most the \(n.value) training rows")
        try check.require(k.value < m.value, "settings.components", "= \(k.value) must be below landmarks = \(m.value)")
        let training = try check.matrix(s.trainingData, "landmarkIsomap.trainingData", rows: n, columns: d)
        let geodesics = try check.matrix(s.landmarkGeodesics, "landmarkIsomap.landmarkGeodesics", rows: m, columns: n)
        if let index = geodesics.elements.firstIndex(where: { $0 < 0 }) {
            throw check.failure("landmarkIsomap.landmarkGeodesics",
                                "has a negative distance \(geodesics.elements[index]) at (\(index / n.value), \(index % n.value))")
        }
        try check.require(s.landmarkIndices.count == m.value, "landmarkIsomap.landmarkIndices",
                          "has length \(s.landmarkIndices.count) but the model needs \(m.value) (settings.landmarks)")
        if let index = s.landmarkIndices.firstIndex(where: { !(0..<n.value).contains($0) }) {
            throw check.failure("landmarkIsomap.landmarkIndices", "has \(s.landmarkIndices[index]) at [\(index)], outside 0..<\(n.value)")
        }
        let mds = LandmarkMDS.Model(
            embedding: file.embedding, eigenvalues: try check.vector(s.eigenvalues, "landmarkIsomap.eigenvalues", count: k),
            landmarkIndices: s.landmarkIndices,
            pseudoinverse: try check.matrix(s.pseudoinverse, "landmarkIsomap.pseudoinverse", rows: m, columns: k),
            meanSquared: try check.vector(s.meanSquared, "landmarkIsomap.meanSquared", count: m),
            center: try check.vector(s.center, "landmarkIsomap.center", count: k),
            rotation: try check.matrix(s.rotation, "landmarkIsomap.rotation", rows: k, columns: k))
        try check.require(s.linkedComponents >= 1, "landmarkIsomap.linkedComponents", "= \(s.linkedComponents) must be at least 1")
        let configuration = LandmarkIsomap(neighborhood: settings.neighborhood, components: settings.components,
                                           landmarks: settings.landmarks, seed: settings.seed,
                                           landmarkChoice: settings.landmarkChoice.choice,
                                           connectComponents: settings.connectComponents)
        return LandmarkIsomap.Model(configuration: configuration, embedding: file.embedding, landmarkGeodesics: geodesics,
                                    mds: mds, linkedComponents: s.linkedComponents,
                                    search: try NearestNeighbors(neighbors: 1).fit(training))
    }
}
