import LinearAlgebra

/// What went wrong in a neighbour search or a graph computation, with enough detail to act on.
///
/// The `description` is one sentence that names the problem, the values involved and what to do.
public enum NeighborsError: Error, Equatable, CustomStringConvertible {
    /// The data set has no rows or no columns.
    case empty(operation: String)
    /// An entry is NaN or infinite.
    case nonFinite(operation: String, row: Int, column: Int)
    /// The neighbour count is below 1.
    case invalidNeighborCount(operation: String, requested: Int)
    /// More neighbours were asked for than there are candidate points.
    case tooManyNeighbors(operation: String, requested: Int, candidates: Int)
    /// Queries have a different number of features than the fitted data.
    case featureMismatch(operation: String, fitted: Int, given: Int)
    /// A radius that is negative or not finite.
    case invalidRadius(operation: String, radius: Double)
    /// A vertex index outside `0..<vertexCount`.
    case vertexOutOfRange(operation: String, vertex: Int, vertexCount: Int)
    /// A landmark count outside `1...vertexCount`.
    case invalidLandmarkCount(operation: String, requested: Int, vertexCount: Int)
    /// An edge weight that is negative or not finite.
    case invalidWeight(operation: String, source: Int, target: Int, weight: Double)
    /// A search setting outside its range (`name = value` must be `requirement`).
    case invalidSetting(operation: String, name: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case let .empty(operation):
            return "\(operation): the data set is empty; give at least one row and one column"
        case let .nonFinite(operation, row, column):
            return "\(operation): entry (\(row), \(column)) is NaN or infinite; remove or impute non-finite values first"
        case let .invalidNeighborCount(operation, requested):
            return "\(operation): neighbors = \(requested) must be at least 1"
        case let .tooManyNeighbors(operation, requested, candidates):
            return "\(operation): neighbors = \(requested) must be ≤ \(candidates), the number of candidate points (a fitted point is not its own neighbour); lower neighbors or give more points"
        case let .featureMismatch(operation, fitted, given):
            return "\(operation): the queries have \(given) features but the fitted data has \(fitted); give queries with \(fitted) columns"
        case let .invalidRadius(operation, radius):
            return "\(operation): radius = \(radius) must be finite and ≥ 0"
        case let .vertexOutOfRange(operation, vertex, vertexCount):
            return "\(operation): vertex \(vertex) is outside 0..<\(vertexCount)"
        case let .invalidLandmarkCount(operation, requested, vertexCount):
            return "\(operation): \(requested) landmarks requested but the graph has \(vertexCount) vertices; choose between 1 and \(vertexCount)"
        case let .invalidWeight(operation, source, target, weight):
            return "\(operation): edge \(source)–\(target) has weight \(weight); weights must be finite and ≥ 0"
        case let .invalidSetting(operation, name, value, requirement):
            return "\(operation): \(name) = \(value) must be \(requirement)"
        }
    }
}

extension NeighborsError {
    /// Throws unless `x` is non-empty and finite.
    static func validate(_ x: Matrix, operation: String) throws {
        guard x.rows > 0, x.columns > 0 else { throw NeighborsError.empty(operation: operation) }
        if let index = x.elements.firstIndex(where: { !$0.isFinite }) {
            throw NeighborsError.nonFinite(operation: operation, row: index / x.columns, column: index % x.columns)
        }
    }
}
