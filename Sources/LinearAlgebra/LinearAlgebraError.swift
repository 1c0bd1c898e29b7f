/// What went wrong in a linear-algebra routine, with enough detail to act on.
///
/// The `description` is one sentence that names the problem, the values involved and what to do.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// Rows of different lengths were given to build a matrix.
    case raggedRows(row: Int, length: Int, expected: Int)
    /// An operation needs at least one row and one column.
    case empty(operation: String)
    /// An entry is NaN or infinite.
    case nonFinite(operation: String, row: Int, column: Int)
    /// A square matrix was needed.
    case notSquare(operation: String, rows: Int, columns: Int)
    /// A symmetric matrix was needed.
    case notSymmetric(operation: String)
    /// Two operands have incompatible shapes.
    case shapeMismatch(operation: String, left: (Int, Int), right: (Int, Int))
    /// A requested count (eigenpairs, components) is out of range.
    case invalidCount(operation: String, requested: Int, limit: Int)
    /// A parameter is out of its valid range.
    case invalidArgument(operation: String, message: String)
    /// The matrix is singular (or not positive definite for a Cholesky factorisation).
    case singular(operation: String, info: Int32)
    /// A LAPACK routine returned a non-zero `info`.
    case lapackFailure(routine: String, info: Int32, meaning: String)
    /// An iterative method reached neither its tolerance nor the accuracy its operator allows (`attainable`)
    /// within its iteration limit.
    case notConverged(operation: String, iterations: Int, residual: Double, tolerance: Double, attainable: Double)

    public var description: String {
        switch self {
        case let .raggedRows(row, length, expected):
            return "row \(row) has \(length) values but the first row has \(expected); every row needs the same number of columns"
        case let .empty(operation):
            return "\(operation): the matrix is empty; give at least one row and one column"
        case let .nonFinite(operation, row, column):
            return "\(operation): entry (\(row), \(column)) is NaN or infinite; remove or impute non-finite values first"
        case let .notSquare(operation, rows, columns):
            return "\(operation): needs a square matrix, got \(rows) × \(columns)"
        case let .notSymmetric(operation):
            return "\(operation): needs a symmetric matrix; symmetrise it with (A + Aᵀ)/2 if the asymmetry is rounding"
        case let .shapeMismatch(operation, left, right):
            return "\(operation): shapes \(left.0) × \(left.1) and \(right.0) × \(right.1) do not fit together"
        case let .invalidCount(operation, requested, limit):
            return "\(operation): asked for \(requested) but the limit is \(limit); choose a count between 1 and \(limit)"
        case let .invalidArgument(operation, message):
            return "\(operation): \(message)"
        case let .singular(operation, info):
            return "\(operation): the matrix is singular (LAPACK info = \(info)); use leastSquares or pseudoInverse instead"
        case let .lapackFailure(routine, info, meaning):
            return "\(routine) failed with info = \(info): \(meaning)"
        case let .notConverged(operation, iterations, residual, tolerance, attainable):
            return "\(operation): no convergence after \(iterations) restart cycles (relative residual \(residual), above both the tolerance \(tolerance) and the attainable level \(attainable)); raise maxRestarts or use the dense solver"
        }
    }

    public static func == (lhs: LinearAlgebraError, rhs: LinearAlgebraError) -> Bool {
        lhs.description == rhs.description
    }
}

extension Matrix {
    /// Throws unless the matrix is non-empty and every entry is finite.
    public func validate(for operation: String) throws {
        guard !isEmpty else { throw LinearAlgebraError.empty(operation: operation) }
        if let index = elements.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFinite(operation: operation, row: index / columns, column: index % columns)
        }
    }

    /// Throws unless the matrix is non-empty, finite and square.
    public func validateSquare(for operation: String) throws {
        try validate(for: operation)
        guard isSquare else { throw LinearAlgebraError.notSquare(operation: operation, rows: rows, columns: columns) }
    }
}
