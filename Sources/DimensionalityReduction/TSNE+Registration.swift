import LinearAlgebra
import Neighbors

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.tsne`: `TSNE(settings:)`.
    static let tsne = EmbeddingMethodRegistration(
        summary: "t-SNE: Student-t neighbour embedding, openTSNE's defaults, FFT gradient from 1000 rows (has transform)",
        usesNeighbors: false,
        parameters: { settings in
            [("perplexity", "\(settings.perplexity ?? TSNE().perplexity)"),
             ("exaggeration", "\(settings.exaggeration ?? TSNE().earlyExaggeration)"),
             ("iterations", "\(settings.iterations ?? TSNE().iterations)"),
             ("init", (settings.initialization ?? .pca).rawValue)]
        },
        fit: { x, settings, progress in try TSNE(settings: settings).fit(x, progress: progress) },
        storage: TSNE.Model.self)
}

extension TSNE {
    /// The t-SNE that `EmbeddingSettings` names: `components`, `perplexity` (`nil` keeps 30), `exaggeration`
    /// (the early one; `nil` keeps 12),
    /// `iterations` (the normal phase; `nil` keeps 750), `initialization` (`pca`, `random`, or `classical`,
    /// which for Euclidean data is PCA's scores; `nil` keeps `pca`) and `seed`; every other setting at its
    /// default.
    ///
    /// - Throws: `DimensionalityReductionError.invalidParameter` for the `spectral` initialisation, which t-SNE
    ///   does not have.
    public init(settings: EmbeddingSettings) throws {
        let initialization: Initialization
        switch settings.initialization {
        case nil, .pca?, .classical?: initialization = .pca
        case .random?: initialization = .random
        case .spectral?:
            throw DimensionalityReductionError.invalidParameter(
                method: Self.method, name: "initialization", message: "spectral is not available for t-SNE; use pca (the default) or random")
        }
        self.init(components: settings.components, perplexity: settings.perplexity ?? TSNE().perplexity,
                  earlyExaggeration: settings.exaggeration ?? TSNE().earlyExaggeration,
                  iterations: settings.iterations ?? TSNE().iterations, initialization: initialization, seed: settings.seed)
    }
}

/// The model file's `"tsne"` part: the training rows `transform` searches (the embedding is the file's own)
/// and the KL divergence of the fit.
extension TSNE.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var trainingData: StoredMatrix
        var klDivergence: Double
    }

    static let fileKey = "tsne"
    static let hasEigenvalues = false

    func filePart(storage: ModelArrayStorage) -> FilePart {
        FilePart(trainingData: StoredMatrix(trainingData, storage: storage), klDivergence: klDivergence)
    }

    static func read(_ part: FilePart, from file: ModelFileContext) throws -> TSNE.Model {
        let check = file.check
        let training = try check.matrix(part.trainingData, "tsne.trainingData", rows: file.n, columns: file.d)
        try check.finite(part.klDivergence, "tsne.klDivergence")
        let configuration: TSNE
        do {
            configuration = try TSNE(settings: file.settings)
            try configuration.validate(samples: file.n.value)
        } catch let error as DimensionalityReductionError {
            throw check.failure("settings", "do not fit the \(file.n.value) training rows: \(error)")
        }
        let search: NearestNeighbors.Model
        do {
            search = try NearestNeighbors(neighbors: configuration.neighborCount(samples: file.n.value)).fit(training)
        } catch {
            throw check.failure("tsne.trainingData", "cannot be searched: \(error)")
        }
        return TSNE.Model(configuration: configuration, embedding: file.embedding, klDivergence: part.klDivergence, search: search)
    }
}
