import LinearAlgebra

/// The one shape of every embedding method: a configuration value (the settings, scikit-learn's
/// constructor arguments) whose `fit` returns an immutable fitted model.
///
/// ```swift
/// let model = try TSNE(perplexity: 30).fit(x, progress: .silent)   // some EmbeddingModel
/// model.embedding                                                   // n × components
/// let shard = try model.transform(newRows)                          // where the method has one
/// ```
///
/// Conforming types implement `fit(_:progress:)`; `fit(_:)` and `fitTransform(_:)` come with the protocol.
public protocol EmbeddingEstimator: Sendable {
    /// What `fit` learns.
    associatedtype Model: EmbeddingModel

    /// Learns the embedding of the rows of `x` (n × d), reporting long phases to `progress`.
    func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model
}

extension EmbeddingEstimator {
    /// `fit(x, progress: .silent)`.
    public func fit(_ x: Matrix) throws -> Model { try fit(x, progress: .silent) }

    /// The training embedding of `x`: `fit(x).embedding`.
    public func fitTransform(_ x: Matrix, progress: ProgressReporter = .silent) throws -> Matrix {
        try fit(x, progress: progress).embedding
    }
}

/// A fitted embedding: the training rows' coordinates and, where the method has one, the map of new rows
/// into the same coordinates.
public protocol EmbeddingModel: Sendable {
    /// The embedding of the training rows (n × components).
    var embedding: Matrix { get }

    /// Embeds new rows (m × d) into the training embedding's coordinates.
    ///
    /// - Throws: `DimensionalityReductionError.invalidParameter` for a method without an out-of-sample map
    ///   (classical MDS, SMACOF, spectral embedding); the model's errors for empty, non-finite or mis-shaped rows.
    func transform(_ x: Matrix) throws -> Matrix
}
