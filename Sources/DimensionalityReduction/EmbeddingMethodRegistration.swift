import LinearAlgebra

/// How one `EmbeddingMethod` plugs into the run-time choice of a method: its one-line summary, the settings
/// it reads, how it is fitted from `EmbeddingSettings`, and (for a method with `transform`) which model type
/// writes and reads its part of the model file. `EmbeddingMethod.registration` maps each case to one of these;
/// `EmbeddingMethod.fit`, `FittedEmbedding` and the model file (`FittedEmbedding+JSON.swift`) hold no
/// per-method code.
///
/// How to add a method (t-SNE as the example):
/// 1. The algorithm in its own file (`TSNE.swift`): a settings struct conforming to `EmbeddingEstimator`
///    whose `fit(_:progress:)` returns an immutable model conforming to `EmbeddingModel` (`transform` throws
///    `DimensionalityReductionError.invalidParameter` when the method has no out-of-sample map) and reports
///    its long phases ("neighbours", "affinities", "optimisation", "eigensolver") to the `ProgressReporter`.
/// 2. Its settings: new fields of `EmbeddingSettings` with defaults, each with one line in
///    `EmbeddingSettings.init(from:)` (so older model files without the key still read), and a check in
///    `invalidSetting` / `Limits` where it has a range.
/// 3. A case of `EmbeddingMethod` (its raw value is the CLI and model-file name, e.g. `case tsne`) and one
///    line in `EmbeddingMethod.registration` (`case .tsne: return .tsne`).
/// 4. The registration, in the method's own small file (`TSNE+Registration.swift`):
///    `extension EmbeddingMethodRegistration { static let tsne = EmbeddingMethodRegistration(summary: …,
///    usesNeighbors: …, parameters: { settings in [("perplexity", "\(settings.perplexity)")] },
///    fit: { x, settings, progress in try TSNE(settings: settings).fit(x, progress: progress) }, storage: …) }`,
///    and `extension TSNE.Model: FittedEmbeddingModel {}` (`eigenvalues` defaults to none).
/// 5. With `transform`: the model conforms to `StoredEmbeddingModel` (its `fileKey`, a `Codable` `FilePart`
///    of `StoredMatrix` / `StoredVector` fields, `filePart(storage:)`, and `read(_:from:)`, which checks every
///    array through `context.check` before building anything), the registration passes `storage: TSNE.Model.self`,
///    and the schema comment in `FittedEmbedding+JSON.swift` gains its part. Without `transform`, `storage: nil`:
///    such a model cannot be saved.
/// 6. The CLI options of the new settings (`Sources/dimred/MethodOptions.swift`) and tests: a fit through
///    `EmbeddingMethod`, a model-file round trip (with `transform`), a file that disagrees with itself refused.
struct EmbeddingMethodRegistration: Sendable {
    /// One line for help texts and listings.
    let summary: String
    /// Whether the method reads `settings.neighbors` / `settings.radius`.
    let usesNeighbors: Bool
    /// The settings the method reads beyond `components` and `standardize`, as `name: value` pairs.
    let parameters: @Sendable (EmbeddingSettings) -> [(name: String, value: String)]
    /// Fits the method to the (already standardised) rows with `settings`.
    let fit: @Sendable (Matrix, EmbeddingSettings, ProgressReporter) throws -> any FittedEmbeddingModel
    /// The model type that stores a fitted model in a model file and reads it back; `nil` for a method without
    /// an out-of-sample map, which cannot be saved.
    let storage: (any StoredEmbeddingModel.Type)?
}

/// What `FittedEmbedding` holds: a fitted model and the eigenvalues behind its embedding, if any.
protocol FittedEmbeddingModel: EmbeddingModel {
    /// The eigenvalues behind the embedding (`FittedEmbedding.eigenvalues`); none for a method without.
    var eigenvalues: [Double] { get }
}

extension FittedEmbeddingModel {
    var eigenvalues: [Double] { [] }
}

/// A fitted model that writes its part of the model file (`FittedEmbedding+JSON.swift`) and is rebuilt from it,
/// every array checked first.
protocol StoredEmbeddingModel: FittedEmbeddingModel {
    /// The part's Codable layout.
    associatedtype FilePart: Codable & Sendable
    /// The part's key at the top level of the model file (`"pca"`, `"isomap"`, `"trainingData"`).
    static var fileKey: String { get }
    /// The part, arrays stored as `storage` says.
    func filePart(storage: ModelArrayStorage) -> FilePart
    /// The model of a file's part, after the checks of the shared fields (`context`).
    ///
    /// - Throws: `ModelFileError.invalidField` (through `context.check`) for any part that disagrees with the rest.
    static func read(_ part: FilePart, from context: ModelFileContext) throws -> Self
}

/// The shared fields of a model file, checked, that each method's part is read against.
struct ModelFileContext {
    typealias Size = ModelFileChecker.Size
    let method: EmbeddingMethod
    let settings: EmbeddingSettings
    /// The training embedding (n × k).
    let embedding: Matrix
    /// The eigenvalues (k).
    let eigenvalues: [Double]
    /// Features d, components k, training rows n.
    let d: Size, k: Size, n: Size
    let check: ModelFileChecker

    /// Fails unless `settings.neighbors` is below the training rows (for methods that search that many).
    func requireNeighborsBelowRows() throws {
        try check.require(settings.neighbors < n.value, "settings.neighbors",
                          "= \(settings.neighbors) must be below the \(n.value) training rows")
    }
}

extension StoredEmbeddingModel {
    /// Decodes the part (if present) of a model file being decoded.
    static func decodePart(from decoder: Decoder) throws -> (any Sendable)? {
        let container = try decoder.container(keyedBy: ModelFileKey.self)
        return try container.decodeIfPresent(FilePart.self, forKey: ModelFileKey(fileKey))
    }

    /// The model of a decoded part, or a failure naming the missing part.
    static func restore(_ part: (any Sendable)?, from context: ModelFileContext) throws -> any FittedEmbeddingModel {
        try read(try context.check.present(part as? FilePart, fileKey, method: context.method), from: context)
    }

    /// Encodes the shared fields and this model's part as one model file object.
    func encodeFile(_ header: EmbeddingModelFile, storage: ModelArrayStorage, to encoder: Encoder) throws {
        try header.encode(to: encoder)
        var container = encoder.container(keyedBy: ModelFileKey.self)
        try container.encode(filePart(storage: storage), forKey: ModelFileKey(Self.fileKey))
    }
}

/// A key of the model file's top-level object, named at run time (each method's part).
struct ModelFileKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
