import LinearAlgebra

/// Everything an embedding export holds: the method and its settings, the n × k embedding, optional labels,
/// quality metrics and eigenvalues. Plain values only, so DataIO needs no dimensionality-reduction types.
///
/// ```swift
/// let document = EmbeddingDocument(method: "isomap", parameters: ["neighbors": 10, "components": 2],
///                                  embedding: y, labels: table.labels,
///                                  metrics: ["trustworthiness": 0.97], eigenvalues: model.eigenvalues)
/// try EmbeddingWriter.write(document, to: "out.json")
/// ```
public struct EmbeddingDocument: Sendable, Equatable {
    /// The method's name as the CLI spells it (`pca`, `isomap`, ...).
    public var method: String
    /// The method's settings (`neighbors`, `kernel`, `gamma`, ...).
    public var parameters: [String: JSONValue]
    /// The embedding, one row per sample.
    public var embedding: Matrix
    /// One label per row, when the input had a label column.
    public var labels: [String]?
    /// Quality metrics (`trustworthiness`, `continuity`, `stress`, ...).
    public var metrics: [String: Double]
    /// The eigenvalues behind the embedding, when the method has them.
    public var eigenvalues: [Double]?
    /// The embedding's column names; `nil` uses `EmbeddingWriter.defaultColumnNames(_:)`.
    public var columnNames: [String]?

    /// A document from its parts; everything but the method and the embedding is optional.
    public init(method: String, parameters: [String: JSONValue] = [:], embedding: Matrix, labels: [String]? = nil,
                metrics: [String: Double] = [:], eigenvalues: [Double]? = nil, columnNames: [String]? = nil) {
        self.method = method
        self.parameters = parameters
        self.embedding = embedding
        self.labels = labels
        self.metrics = metrics
        self.eigenvalues = eigenvalues
        self.columnNames = columnNames
    }
}
