import CLapack

/// Which eigenpairs of a symmetric matrix to compute.
public enum EigenpairSelection: Sendable, Equatable {
    /// All `n` eigenpairs, eigenvalues in descending order.
    case all
    /// The `k` largest eigenvalues, in descending order (kernel PCA, MDS, Isomap).
    case largest(Int)
    /// The `k` smallest eigenvalues, in ascending order (LLE, Laplacian eigenmaps).
    case smallest(Int)
    /// The eigenvalues with ascending ranks `range` (0 = smallest), in ascending order.
    case ascendingIndices(ClosedRange<Int>)
}

/// Eigenvalues and orthonormal eigenvectors of a real symmetric matrix, `A = Q Λ Qᵀ`.
///
/// Column `j` of `eigenvectors` pairs with `eigenvalues[j]`. Signs follow the toolkit's convention:
/// each eigenvector's largest-magnitude entry is positive.
public struct SymmetricEigendecomposition: Sendable {
    /// The eigenvalues, in the order the selection documents.
    public let eigenvalues: [Double]
    /// The eigenvectors as columns (`n × k`), orthonormal.
    public let eigenvectors: Matrix

    /// Eigenpairs computed elsewhere, as columns of `eigenvectors` in the order of `eigenvalues`.
    public init(eigenvalues: [Double], eigenvectors: Matrix) {
        self.eigenvalues = eigenvalues
        self.eigenvectors = eigenvectors
    }
}

extension Matrix {
    /// The eigen-decomposition of a symmetric matrix by LAPACK `dsyevr` (MRRR), for all eigenpairs or a
    /// selected range.
    ///
    ///     A qⱼ = λⱼ qⱼ,  QᵀQ = I
    ///
    /// Only the lower triangle is read by LAPACK, but the matrix must be symmetric to within 1e-8 of its
    /// largest entry, so a wrong input is reported rather than silently halved.
    ///
    /// - Complexity: O(n³) for the tridiagonal reduction whatever the selection; for a few eigenpairs of a
    ///   large matrix `BlockKrylovEigensolver` is far faster.
    /// - Throws: `LinearAlgebraError` for an empty, non-finite, non-square or non-symmetric matrix, a count
    ///   outside `1...n`, or a LAPACK failure.
    public func symmetricEigen(_ selection: EigenpairSelection = .all, computeVectors: Bool = true) throws
        -> SymmetricEigendecomposition {
        let operation = "symmetricEigen"
        try validateSquare(for: operation)
        guard isSymmetric(tolerance: 1e-8) else { throw LinearAlgebraError.notSymmetric(operation: operation) }
        let n = rows
        // Ascending 0-based index range to compute.
        let range: ClosedRange<Int>
        switch selection {
        case .all: range = 0...(n - 1)
        case let .largest(k), let .smallest(k):
            guard k >= 1 && k <= n else { throw LinearAlgebraError.invalidCount(operation: operation, requested: k, limit: n) }
            range = selection == .smallest(k) ? 0...(k - 1) : (n - k)...(n - 1)
        case let .ascendingIndices(indices):
            guard indices.lowerBound >= 0 && indices.upperBound < n else {
                throw LinearAlgebraError.invalidArgument(operation: operation,
                                                         message: "index range \(indices) must lie in 0...\(n - 1)")
            }
            range = indices
        }
        let count = range.count
        var a = elements  // symmetric: the row-major buffer is also the column-major matrix
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: computeVectors ? n * count : 1)
        var support = [Int32](repeating: 0, count: 2 * n)
        var found: Int32 = 0
        let n32 = try LAPACK.int32(n, operation)
        let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, LAPACK.flag(computeVectors ? "V" : "N"),
                                  LAPACK.flag(count == n ? "A" : "I"), LAPACK.flag("L"), n32, &a, n32, 0, 0,
                                  Int32(range.lowerBound + 1), Int32(range.upperBound + 1), 0, &found,
                                  &values, &vectors, n32, &support)
        try LAPACK.checkArguments(info, routine: "dsyevr")
        if info > 0 {
            throw LinearAlgebraError.lapackFailure(routine: "dsyevr", info: info, meaning: "internal error in the MRRR algorithm")
        }
        let m = Int(found)
        // LAPACK returns ascending eigenvalues and column-major vectors (column j at j·n).
        let descending: Bool
        switch selection {
        case .all, .largest: descending = true
        case .smallest, .ascendingIndices: descending = false
        }
        let order = descending ? Array((0..<m).reversed()) : Array(0..<m)
        let eigenvalues = order.map { values[$0] }
        guard computeVectors else {
            return SymmetricEigendecomposition(eigenvalues: eigenvalues, eigenvectors: Matrix(rows: n, columns: 0))
        }
        var q = [Double](repeating: 0, count: n * m)
        for (target, source) in order.enumerated() {
            for i in 0..<n { q[i * m + target] = vectors[source * n + i] }
        }
        SignConvention.normalizeColumns(&q, rows: n, columns: m)
        return SymmetricEigendecomposition(eigenvalues: eigenvalues, eigenvectors: Matrix(rows: n, columns: m, elements: q))
    }
}
