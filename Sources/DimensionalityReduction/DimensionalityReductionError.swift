import LinearAlgebra

/// What went wrong in a dimensionality-reduction method, with enough detail to act on.
///
/// Every case names the method (`"PCA"`, `"Isomap"`, …) so a message read in a log says where it came
/// from; `description` is one or two sentences naming the value, the limit and what to do.
public enum DimensionalityReductionError: Error, Equatable, CustomStringConvertible {
    /// The requested number of components is out of range: `requested` must lie in `1...limit`.
    case invalidComponents(method: String, requested: Int, limit: Int)
    /// A variance fraction to keep outside the open interval (0, 1].
    case invalidVarianceRatio(method: String, ratio: Double)
    /// The data has fewer samples than the method needs.
    case tooFewSamples(method: String, samples: Int, required: Int)
    /// A parameter is out of its valid range; `message` states the value and the range.
    case invalidParameter(method: String, name: String, message: String)
    /// The neighbour graph is not connected.
    case disconnectedGraph(method: String, components: Int, neighbors: Int)
    /// A dissimilarity (distance) matrix failed a check: square, symmetric, zero diagonal, non-negative, finite.
    case invalidDissimilarities(method: String, reason: String)
    /// The input contains NaN or ±∞ at the given position.
    case nonFinite(method: String, row: Int, column: Int)
    /// New data has a different number of features from the data the model was fitted on.
    case featureMismatch(method: String, expected: Int, got: Int)
    /// Two matrices that need one row per sample (an embedding and its data) have different row counts.
    case sampleCountMismatch(method: String, expected: Int, got: Int)
    /// The input matrix has no rows or no columns.
    case emptyInput(method: String)
    /// A numerical step (an eigen-decomposition, an SVD) failed; `underlying` is the linear-algebra error.
    case numericalFailure(method: String, underlying: String)

    public var description: String {
        switch self {
        case let .invalidComponents(method, requested, limit):
            return "\(method): components = \(requested) must be between 1 and \(limit); choose a count in 1...\(limit)"
        case let .invalidVarianceRatio(method, ratio):
            return "\(method): variance ratio \(ratio) must lie in (0, 1]; use for example .varianceRatio(0.95) to keep 95% of the variance"
        case let .tooFewSamples(method, samples, required):
            return "\(method): got \(samples) samples but needs at least \(required); give more rows of data"
        case let .invalidParameter(method, name, message):
            return "\(method): \(name) \(message)"
        case let .disconnectedGraph(method, components, neighbors):
            return "\(method): the \(neighbors)-nearest-neighbour graph has \(components) connected components; "
                + "raise neighbors above \(neighbors), or set connectComponents to link the components by their closest pairs"
        case let .invalidDissimilarities(method, reason):
            return "\(method): the dissimilarity matrix is invalid: \(reason); give a square, symmetric, finite, "
                + "non-negative matrix with zeros on the diagonal (or pass the data itself)"
        case let .nonFinite(method, row, column):
            return "\(method): entry (\(row), \(column)) is NaN or infinite; remove or impute non-finite values first"
        case let .featureMismatch(method, expected, got):
            return "\(method): the model was fitted on \(expected) features but the new data has \(got); give rows with \(expected) columns"
        case let .sampleCountMismatch(method, expected, got):
            return "\(method): expected \(expected) rows (one per sample) but got \(got); pass the embedding of the same samples, in the same order"
        case let .emptyInput(method):
            return "\(method): the input has no rows or no columns; give at least one sample with one feature"
        case let .numericalFailure(method, underlying):
            return "\(method): a numerical step failed: \(underlying)"
        }
    }
}

extension DimensionalityReductionError {
    /// Throws `emptyInput` or `nonFinite` unless `data` is non-empty and every entry is finite.
    static func validate(_ data: Matrix, method: String) throws {
        guard !data.isEmpty else { throw DimensionalityReductionError.emptyInput(method: method) }
        if let index = data.elements.firstIndex(where: { !$0.isFinite }) {
            throw DimensionalityReductionError.nonFinite(method: method, row: index / data.columns,
                                                         column: index % data.columns)
        }
    }

    /// Runs `body`, turning a `LinearAlgebraError` into `numericalFailure` for `method`.
    static func wrapping<T>(_ method: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as LinearAlgebraError {
            throw DimensionalityReductionError.numericalFailure(method: method, underlying: error.description)
        }
    }
}
