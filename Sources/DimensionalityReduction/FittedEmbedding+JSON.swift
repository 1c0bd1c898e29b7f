import Foundation
import LinearAlgebra
import Neighbors

/// The JSON model file of a `FittedEmbedding` (`dimred fit --save`, `dimred transform --model`).
///
/// One object with sorted keys. Every array of numbers is either JSON numbers in their shortest round-trip
/// form or, from `ModelArrayStorage.compactThreshold` values on (the default `.base64` storage), base64 of
/// its little-endian float64 bytes; either way a model read back transforms bit for bit as the one written.
///
///     vector:  [v₀, v₁, …]              or {"dtype": "<f8", "shape": [n], "base64": "..."}
///     matrix:  {"rows": r, "columns": c, "data": [row-major values]}
///                                       or {"dtype": "<f8", "shape": [r, c], "base64": "..."} (row-major)
///
///     {
///       "format": "mathfoundations-dimred-model", "version": 2,
///       "method": "pca" | "kpca" | "isomap" | "landmark-isomap" | "lle" | "modified-lle" | "hessian-lle" | "ltsa",
///       "settings": { "components": 2, "neighbors": 10, "kernel": "rbf", "gamma": 0.5, ... },
///       "features": d,
///       "standardization": { "mean": d, "scale": d }                 (only with standardize)
///       "embedding": n × k matrix (the training embedding), "eigenvalues": k,
///       "pca": { "mean" (d), "components" (k × d), "explainedVariance", "explainedVarianceRatio",
///                "singularValues" (k each), "noiseVariance", "samples", "whiten", "solver" }
///       "kernelPCA": { "trainingData" (n × d), "eigenvectors" (dual coefficients, n × k), "eigenvalues" (k),
///                      "kernelRowMeans" (n), "kernelGrandMean", "gammaFeatures" (d) }   (kernel and γ in settings)
///       "landmarkIsomap": { "trainingData" (n × d), "landmarkGeodesics" (m × n), "landmarkIndices" (m, in 0..<n),
///                           "eigenvalues" (k), "pseudoinverse" (m × k), "meanSquared" (m), "center" (k),
///                           "rotation" (k × k), "linkedComponents" }                   (m = settings.landmarks)
///       "isomap": { "trainingData" (n × d), "projection" (n × k: eigenvectors / √λ), "reconstructionError",
///                   "linkedComponents" }
///       "trainingData": n × d matrix                   (the LLE variants and LTSA)
///     }
///
/// with k = `settings.components`, n the training rows, d = `features`. Version 1 is the same layout with
/// text arrays only; it is still read. Reading checks every part: each array's shape against the sizes above,
/// every value finite, the settings within `EmbeddingSettings.Limits`, `neighbors < n`, `components < n`
/// (Isomap) or `< m ≤ n` (landmark Isomap); a file that disagrees with itself is refused with a
/// `ModelFileError` naming the field, never half-read.
///
/// Each method's part is written and read by its model's `StoredEmbeddingModel` conformance, beside the method
/// (`PCA+Registration.swift`, `Isomap+Registration.swift`, …); this file holds only the shared fields. A new
/// method adds its part to the schema above (see `EmbeddingMethodRegistration`).
///
/// What each method keeps: PCA its mean and axes; kernel PCA the training points, the dual coefficients and
/// the centring statistics; landmark Isomap the training points (for the neighbour search), the landmark
/// geodesics and the triangulation; the LLE variants and LTSA the training points and their embedding (new points are
/// barycentric combinations of their neighbours). Isomap's `transform` needs the n × n geodesic matrix,
/// which would dwarf the file, so Isomap stores the training points and the projection `vⱼ / √λⱼ`, and
/// reading the file rebuilds the neighbour graph and its shortest paths (O(n² log n), no eigensolver; the
/// same numbers); use `landmark-isomap` to map many shards of a large fit cheaply. Classical MDS has no
/// out-of-sample map and cannot be saved.
extension FittedEmbedding {
    /// The `format` field of every model file.
    public static let modelFormat = "mathfoundations-dimred-model"
    /// The version written; reading accepts versions 1 (text arrays only) to this one.
    public static let modelVersion = 2

    /// The model file's JSON bytes, with large arrays in base64 (`storage: .base64`, the default) or all
    /// arrays as JSON numbers (`.text`).
    ///
    /// - Complexity: O(size of the stored state).
    /// - Throws: `ModelFileError.noTransform` for classical MDS.
    public func jsonData(storage: ModelArrayStorage = .base64) throws -> Data {
        guard let stored = model as? any StoredEmbeddingModel else { throw ModelFileError.noTransform(method: method.rawValue) }
        let header = EmbeddingModelFile(
            format: Self.modelFormat, version: Self.modelVersion, method: method, settings: settings, features: features,
            standardization: standardization.map { .init(mean: StoredVector($0.mean, storage: storage), scale: StoredVector($0.scale, storage: storage)) },
            embedding: StoredMatrix(embedding, storage: storage), eigenvalues: StoredVector(eigenvalues, storage: storage))
        let file = EncodedModelFile(header: header, model: stored, storage: storage)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(file)
    }

    /// Reads a model file written by `jsonData(storage:)` (version 1 or 2), checking every part against the
    /// others before building the model (see the schema above).
    ///
    /// - Complexity: O(file size); for Isomap, the shortest paths of the stored training data (O(n² log n)).
    /// - Throws: `ModelFileError.invalid` when the file is not a model file (not JSON, a field missing or of
    ///   the wrong type), `.unsupportedVersion`, `.invalidField` naming the field that disagrees with the rest
    ///   (a shape, a count, a non-finite value, a setting out of `EmbeddingSettings.Limits`, an Isomap graph
    ///   that does not rebuild, the method `mds`, which has no transform).
    public init(jsonData data: Data, source: String = "<memory>") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file: DecodedModelFile
        do {
            file = try decoder.decode(DecodedModelFile.self, from: data)
        } catch let error as DecodingError {
            throw ModelFileError.invalid(source: source, reason: Self.describe(error))
        } catch {
            throw ModelFileError.invalid(source: source, reason: "not JSON (\(error.localizedDescription))")
        }
        guard file.header.format == Self.modelFormat else {
            throw ModelFileError.invalid(source: source, reason: "format is \"\(file.header.format)\", not \"\(Self.modelFormat)\"")
        }
        guard (1...Self.modelVersion).contains(file.header.version) else {
            throw ModelFileError.unsupportedVersion(source: source, version: file.header.version, supported: Self.modelVersion)
        }
        self = try Self.build(file, checker: ModelFileChecker(source: source))
    }

    /// The model of a decoded file, every part checked before anything is built from it: the shared fields
    /// here, the method's part by its `StoredEmbeddingModel.read`.
    private static func build(_ decoded: DecodedModelFile, checker check: ModelFileChecker) throws -> FittedEmbedding {
        let file = decoded.header
        let method = file.method, settings = file.settings
        guard let storage = method.registration.storage else {
            throw check.failure("method", "= \(method.rawValue) has no transform for new points, so no model file holds it")
        }
        if let bad = settings.invalidSetting { throw check.failure("settings.\(bad.field)", "= \(bad.value) \(bad.requirement)") }
        typealias Size = ModelFileChecker.Size
        let d = Size(file.features, "features")
        try check.require(file.features >= 1, "features", "= \(file.features) must be at least 1")
        let k = Size(settings.components, "settings.components")
        let embedding = try check.matrix(file.embedding, "embedding", rows: nil, columns: k)
        let n = Size(embedding.rows, "training rows, the rows of embedding")
        let eigenvalues = try check.vector(file.eigenvalues, "eigenvalues", count: k)
        let standardization = try file.standardization.map { s in
            ColumnStandardization(mean: try check.vector(s.mean, "standardization.mean", count: d),
                                  scale: try check.vector(s.scale, "standardization.scale", count: d))
        }
        if let scale = standardization?.scale, let index = scale.firstIndex(where: { !($0 > 0) }) {
            throw check.failure("standardization.scale", "has \(scale[index]) at [\(index)]; every divisor must be positive")
        }
        let context = ModelFileContext(method: method, settings: settings, embedding: embedding, eigenvalues: eigenvalues,
                                       d: d, k: k, n: n, check: check)
        let model = try storage.restore(decoded.part, from: context)
        return FittedEmbedding(method: method, settings: settings, standardization: standardization,
                               features: file.features, model: model)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "\"" + keys.joined(separator: ".") + "\""
        }
        switch error {
        case let .keyNotFound(key, context): return "missing field \"\(key.stringValue)\" in \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case let .dataCorrupted(context): return "malformed at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
