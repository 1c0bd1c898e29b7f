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
    /// A finite entry is beyond `±InputMagnitude.limit`, where squared distances and Gram sums overflow.
    case valueTooLarge(method: String, row: Int, column: Int, value: Double)
    /// New data has a different number of features from the data the model was fitted on.
    case featureMismatch(method: String, expected: Int, got: Int)
    /// Two matrices that need one row per sample (an embedding and its data) have different row counts.
    case sampleCountMismatch(method: String, expected: Int, got: Int)
    /// The input matrix has no rows or no columns.
    case emptyInput(method: String)
    /// A numerical step (an eigen-decomposition, an SVD) failed; `underlying` is the linear-algebra error.
    case numericalFailure(method: String, underlying: String)
    /// A requested component has a clearly negative eigenvalue: the (centred) kernel matrix is not positive
    /// semidefinite, and only `positive` of the requested components have a variance.
    case indefiniteKernel(method: String, eigenvalue: Double, largest: Double, positive: Int)

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
        case let .valueTooLarge(method, row, column, value):
            return "\(method): entry (\(row), \(column)) = \(value) is beyond ±\(InputMagnitude.limit), where squared distances and Gram sums overflow; rescale the data (divide by a power of ten, or standardise the columns)"
        case let .featureMismatch(method, expected, got):
            return "\(method): the model was fitted on \(expected) features but the new data has \(got); give rows with \(expected) columns"
        case let .sampleCountMismatch(method, expected, got):
            return "\(method): expected \(expected) rows (one per sample) but got \(got); pass the embedding of the same samples, in the same order"
        case let .emptyInput(method):
            return "\(method): the input has no rows or no columns; give at least one sample with one feature"
        case let .numericalFailure(method, underlying):
            return "\(method): a numerical step failed: \(underlying)"
        case let .indefiniteKernel(method, eigenvalue, largest, positive):
            return "\(method): the centred kernel matrix is not positive semidefinite: a requested component has the eigenvalue \(eigenvalue) (the largest is \(largest)), so it has no variance to embed; ask for at most \(positive) components, or use a positive semidefinite kernel (the sigmoid kernel often is not)"
        }
    }
}

extension DimensionalityReductionError {
    /// Throws `emptyInput`, `nonFinite` or `valueTooLarge` unless `data` is non-empty and every entry is finite
    /// and within `±InputMagnitude.limit`.
    static func validate(_ data: Matrix, method: String) throws {
        guard !data.isEmpty else { throw DimensionalityReductionError.emptyInput(method: method) }
        if let index = InputMagnitude.firstOutOfRange(data) {
            let (row, column) = index.quotientAndRemainder(dividingBy: data.columns)
            let value = data.elements[index]
            throw value.isFinite ? DimensionalityReductionError.valueTooLarge(method: method, row: row, column: column, value: value)
                                 : DimensionalityReductionError.nonFinite(method: method, row: row, column: column)
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

/// The door check on input values shared by every method of the module.
///
/// Every method squares or multiplies entries (distances `‖xᵢ − xⱼ‖²`, Gram and covariance sums over up to
/// n·d terms), so finite values near `Double.greatestFiniteMagnitude` (≈ 1.8 × 10³⁰⁸) would overflow to ∞
/// deep inside and be reported there as "NaN or infinite". Entries are accepted up to `limit` = 10¹⁴⁰:
/// `(2 · 10¹⁴⁰)² · 10²⁰ ≈ 4 × 10³⁰⁰` keeps any n·d below 10²⁰ clear of overflow.
enum InputMagnitude {
    /// The largest accepted |entry|.
    static let limit = 1e140

    /// The flat index of the first entry that is NaN, infinite or beyond `±limit`, if any.
    static func firstOutOfRange(_ data: Matrix) -> Int? {
        data.elements.withUnsafeBufferPointer { values in
            values.firstIndex { !($0.magnitude <= limit) }
        }
    }
}
