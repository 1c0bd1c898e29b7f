/// The Codable layout of the fields every `FittedEmbedding` model file has (documented in
/// `FittedEmbedding+JSON.swift`); each method's own part is its `StoredEmbeddingModel.FilePart`. Decoding
/// checks only the JSON types and each array's own shape; `FittedEmbedding(jsonData:)` checks the parts
/// against each other.
struct EmbeddingModelFile: Codable {
    struct Standardization: Codable {
        var mean: StoredVector
        var scale: StoredVector
    }
    var format: String
    var version: Int
    var method: EmbeddingMethod
    var settings: EmbeddingSettings
    var features: Int
    var standardization: Standardization?
    var embedding: StoredMatrix
    var eigenvalues: StoredVector
}

/// A whole model file being read: the shared fields, then the part of the method they name (decoded by the
/// method's `StoredEmbeddingModel` type, `nil` when absent or when the method stores none).
struct DecodedModelFile: Decodable {
    let header: EmbeddingModelFile
    let part: (any Sendable)?

    init(from decoder: Decoder) throws {
        header = try EmbeddingModelFile(from: decoder)
        part = try header.method.registration.storage?.decodePart(from: decoder)
    }
}

/// A whole model file being written: the shared fields and the model's part, one JSON object.
struct EncodedModelFile: Encodable {
    let header: EmbeddingModelFile
    let model: any StoredEmbeddingModel
    let storage: ModelArrayStorage

    func encode(to encoder: Encoder) throws {
        try model.encodeFile(header, storage: storage, to: encoder)
    }
}
