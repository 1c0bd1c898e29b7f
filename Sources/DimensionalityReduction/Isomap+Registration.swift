import LinearAlgebra
import Neighbors

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.isomap`: `Isomap` on `settings.neighborhood`.
    static let isomap = EmbeddingMethodRegistration(
        summary: "Isomap: MDS of geodesic distances along the k-NN graph (has transform)", usesNeighbors: true,
        parameters: { settings in [neighborhoodParameter(settings)] },
        fit: { x, settings, progress in
            try Isomap(neighborhood: settings.neighborhood, components: settings.components,
                       connectComponents: settings.connectComponents).fit(x, progress: progress)
        },
        storage: Isomap.Model.self)

    /// `radius` when the settings have one, `neighbors` otherwise (the Isomap variants' neighbourhood).
    static func neighborhoodParameter(_ settings: EmbeddingSettings) -> (name: String, value: String) {
        settings.radius.map { ("radius", "\($0)") } ?? ("neighbors", "\(settings.neighbors)")
    }
}

/// The model file's `"isomap"` part. `transform` needs the n × n geodesic matrix, which would dwarf the file,
/// so the part holds the training points and the projection `vⱼ / √λⱼ`, and reading rebuilds the neighbour
/// graph and its shortest paths (exact, the same numbers; no eigensolver, so new points land in the very
/// coordinates of the stored embedding).
extension Isomap.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var trainingData: StoredMatrix
        var projection: StoredMatrix
        var reconstructionError: Double
        var linkedComponents: Int
    }

    static let fileKey = "isomap"

    func filePart(storage: ModelArrayStorage) -> FilePart {
        FilePart(trainingData: StoredMatrix(search.data, storage: storage), projection: StoredMatrix(projection, storage: storage),
                 reconstructionError: reconstructionError, linkedComponents: linkedComponents)
    }

    static func read(_ s: FilePart, from file: ModelFileContext) throws -> Isomap.Model {
        let (check, k, n, d, settings) = (file.check, file.k, file.n, file.d, file.settings)
        if settings.radius == nil { try file.requireNeighborsBelowRows() }
        try check.require(k.value < n.value, "settings.components", "= \(k.value) must be below the \(n.value) training rows")
        let training = try check.matrix(s.trainingData, "isomap.trainingData", rows: n, columns: d)
        let projection = try check.matrix(s.projection, "isomap.projection", rows: n, columns: k)
        try check.finite(s.reconstructionError, "isomap.reconstructionError")
        try check.require(s.linkedComponents >= 1, "isomap.linkedComponents", "= \(s.linkedComponents) must be at least 1")
        try check.squareFitsInMemory(n.value, "isomap.trainingData", what: "the geodesic distances")
        let configuration = Isomap(neighborhood: settings.neighborhood, components: settings.components,
                                   connectComponents: settings.connectComponents)
        let rebuilt: (graph: NeighborGraph, search: NearestNeighbors.Model)
        do {
            let built = try NeighborGraphBuilder.graph(of: training, neighborhood: configuration.neighborhood, method: "Isomap")
            let (graph, _) = try NeighborGraphBuilder.connect(built.graph, data: training, connect: configuration.connectComponents,
                                                              method: "Isomap", description: built.description)
            rebuilt = (graph, built.search)
        } catch {
            throw check.failure("isomap.trainingData", "does not rebuild the fitted neighbour graph: \(error)")
        }
        let geodesics = rebuilt.graph.allPairsShortestPaths()
        let statistics = DoubleCentering.kernel(fromDistances: geodesics).statistics
        return Isomap.Model(configuration: configuration, embedding: file.embedding, eigenvalues: file.eigenvalues,
                            geodesicDistances: geodesics, graph: rebuilt.graph, linkedComponents: s.linkedComponents,
                            reconstructionError: s.reconstructionError, search: rebuilt.search,
                            statistics: statistics, projection: projection)
    }
}
