import LinearAlgebra
import Neighbors

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.umap`: `UMAP` with `neighbors`, `minDistance`, `spread`, `iterations` (epochs),
    /// `initialization` (spectral, random or pca) and `seed` when `seeded` (the default: the layout is reproducible
    /// and single-threaded); with `seeded` false, `UMAP(seed: nil)`: a parallel layout, as umap-learn without
    /// `random_state`.
    static let umap = EmbeddingMethodRegistration(
        summary: "UMAP: fuzzy k-NN graph laid out by stochastic gradient descent (has transform)", usesNeighbors: true,
        parameters: { settings in
            [("neighbors", "\(settings.neighbors)"), ("min_dist", "\(settings.minDistance ?? 0.1)"), ("spread", "\(settings.spread ?? 1)"),
             ("epochs", settings.iterations.map { "\($0)" } ?? "auto"),
             ("init", settings.initialization?.rawValue ?? UMAP.Initialization.spectral.rawValue),
             ("seed", settings.seeded ? "\(settings.seed)" : "none")]
        },
        fit: { x, settings, progress in try UMAP(settings: settings).fit(x, progress: progress) },
        storage: UMAP.Model.self)
}

extension UMAP {
    /// UMAP with the settings of `EmbeddingSettings` (the rest at umap-learn's defaults).
    ///
    /// - Throws: `DimensionalityReductionError.invalidParameter` for an initialisation UMAP does not have
    ///   (`classical`).
    init(settings: EmbeddingSettings) throws {
        var initialization = Initialization.spectral
        if let name = settings.initialization {
            guard let chosen = Initialization(rawValue: name.rawValue) else {
                throw DimensionalityReductionError.invalidParameter(
                    method: "UMAP", name: "initialization",
                    message: "\(name.rawValue) is not one of UMAP's: spectral (the default), random or pca")
            }
            initialization = chosen
        }
        self.init(neighbors: settings.neighbors, components: settings.components, minDistance: settings.minDistance ?? 0.1,
                  spread: settings.spread ?? 1, epochs: settings.iterations, initialization: initialization,
                  seed: settings.seeded ? settings.seed : nil)
    }
}

/// The model file's `"umap"` part: the training points and the curve parameters. `transform` needs the
/// training points (its neighbour search), their embedding (the shared `"embedding"`) and a, b; reading rebuilds
/// the fuzzy simplicial set from the training points (exact k-NN, the same numbers).
extension UMAP.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var trainingData: StoredMatrix
        var a: Double
        var b: Double
        var epochs: Int
        var initialization: String
    }

    static let fileKey = "umap"
    static let hasEigenvalues = false

    func filePart(storage: ModelArrayStorage) -> FilePart {
        FilePart(trainingData: StoredMatrix(trainingData, storage: storage), a: a, b: b, epochs: epochs,
                 initialization: initialization.rawValue)
    }

    static func read(_ s: FilePart, from file: ModelFileContext) throws -> UMAP.Model {
        let (check, n, d, settings) = (file.check, file.n, file.d, file.settings)
        try file.requireNeighborsBelowRows()
        try check.require(settings.neighbors >= 2, "settings.neighbors", "= \(settings.neighbors) must be at least 2 for UMAP")
        let training = try check.matrix(s.trainingData, "umap.trainingData", rows: n, columns: d)
        try check.finite(s.a, "umap.a")
        try check.finite(s.b, "umap.b")
        try check.require(s.a > 0 && s.b > 0, "umap.a", "and umap.b must be positive, got \(s.a) and \(s.b)")
        try check.require(EmbeddingSettings.Limits.iterations.contains(s.epochs), "umap.epochs",
                          "= \(s.epochs) must be in \(EmbeddingSettings.Limits.iterations)")
        guard let used = UMAP.Initialization(rawValue: s.initialization) else {
            throw check.failure("umap.initialization", "= \"\(s.initialization)\" must be spectral, random or pca")
        }
        let configuration: UMAP
        do { configuration = try UMAP(settings: settings) } catch { throw check.failure("settings.initialization", "\(error)") }
        let search: NearestNeighbors.Model
        let list: NeighborList
        do {
            search = try configuration.neighborSearch(samples: training.rows, features: training.columns).fit(training)
            list = try search.kneighbors()
        } catch {
            throw check.failure("umap.trainingData", "does not rebuild the neighbour search: \(error)")
        }
        let fuzzySet = FuzzySimplicialSet(excludingSelf: list, localConnectivity: configuration.localConnectivity,
                                          setOperationMixRatio: configuration.setOperationMixRatio)
        return UMAP.Model(configuration: configuration, embedding: file.embedding, fuzzySet: fuzzySet, a: s.a, b: s.b,
                          epochs: s.epochs, initialization: used, search: search)
    }
}
