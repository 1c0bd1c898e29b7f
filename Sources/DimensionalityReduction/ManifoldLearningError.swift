/// What went wrong in a neighbour-graph method (Isomap, landmark Isomap, LLE), with what to do about it.
public enum ManifoldLearningError: Error, Equatable, CustomStringConvertible {
    /// The data set has no rows or no columns.
    case empty(method: String)
    /// An entry is NaN or infinite.
    case nonFinite(method: String, row: Int, column: Int)
    /// A finite entry is beyond `±InputMagnitude.limit`, where squared distances overflow.
    case valueTooLarge(method: String, row: Int, column: Int, value: Double)
    /// Too few points for the requested neighbours or components.
    case tooFewSamples(method: String, samples: Int, needed: Int, reason: String)
    /// A parameter is out of its valid range.
    case invalidParameter(method: String, message: String)
    /// The neighbour graph is not connected.
    case disconnectedGraph(method: String, components: Int, largest: Int, neighborhood: String)
    /// New points have a different number of features than the training data.
    case featureMismatch(method: String, fitted: Int, given: Int)
    /// Some neighbourhoods are degenerate: their points coincide (all the listed rows, 0-based, are copies of
    /// one point) or span fewer dimensions than the embedding, so the local tangent space is undefined.
    case degenerateNeighborhood(method: String, row: Int, rows: [Int], rank: Int, components: Int)
    /// A cost matrix that must be positive semidefinite has a clearly negative eigenvalue, at most `eigenvalue`.
    case indefiniteCostMatrix(method: String, eigenvalue: Double, scale: Double)

    public var description: String {
        switch self {
        case let .empty(method):
            return "\(method): the data set is empty; give at least one row and one column"
        case let .nonFinite(method, row, column):
            return "\(method): entry (\(row), \(column)) is NaN or infinite; remove or impute non-finite values first"
        case let .valueTooLarge(method, row, column, value):
            return "\(method): entry (\(row), \(column)) = \(value) is beyond ±\(InputMagnitude.limit), where squared distances overflow; rescale the data (divide by a power of ten, or standardise the columns)"
        case let .tooFewSamples(method, samples, needed, reason):
            return "\(method): \(samples) samples, but \(reason) needs at least \(needed); give more points or lower the parameter"
        case let .invalidParameter(method, message):
            return "\(method): \(message)"
        case let .disconnectedGraph(method, components, largest, neighborhood):
            return "\(method): the \(neighborhood) graph has \(components) connected components (the largest has \(largest) points), so some geodesic distances are infinite; raise neighbors (or the radius), or set connectComponents to link the components by their closest pairs"
        case let .featureMismatch(method, fitted, given):
            return "\(method): the new points have \(given) features but the model was fitted on \(fitted); give points with \(fitted) columns"
        case let .degenerateNeighborhood(method, row, rows, rank, components):
            let listed = rows.prefix(12).map(String.init).joined(separator: ", ") + (rows.count > 12 ? ", …" : "")
            let what = rank == 0 ? "coincide (rows \(listed) are the same point)"
                                 : "span only \(rank) dimension\(rank == 1 ? "" : "s") (rows \(listed))"
            return "\(method): the neighbourhood of row \(row) is degenerate: its points \(what), fewer than components = \(components), so its tangent space is undefined; remove duplicate rows, raise neighbors, or lower components"
        case let .indefiniteCostMatrix(method, eigenvalue, scale):
            return "\(method): the cost matrix should be positive semidefinite but has an eigenvalue ≤ \(eigenvalue) (its scale ‖M‖∞ is \(scale)); some neighbourhoods are degenerate (duplicate or collinear points): remove duplicate rows or raise neighbors"
        }
    }
}

import LinearAlgebra

extension ManifoldLearningError {
    /// Throws unless `x` is non-empty, finite and within `±InputMagnitude.limit`.
    static func validate(_ x: Matrix, method: String) throws {
        guard x.rows > 0, x.columns > 0 else { throw ManifoldLearningError.empty(method: method) }
        if let index = InputMagnitude.firstOutOfRange(x) {
            let (row, column) = index.quotientAndRemainder(dividingBy: x.columns)
            let value = x.elements[index]
            throw value.isFinite ? ManifoldLearningError.valueTooLarge(method: method, row: row, column: column, value: value)
                                 : ManifoldLearningError.nonFinite(method: method, row: row, column: column)
        }
    }
}
