import LinearAlgebra

/// Which eigensolver a spectral method (kernel PCA, classical MDS, Isomap, landmark MDS) uses for the top of
/// a dense symmetric `n × n` matrix: the one spectral path of the module (`ClassicalMDS.embed(kernel:)` builds
/// the `vⱼ √λⱼ` embedding on it).
public enum SpectralEigenSolver: Sendable, Equatable {
    /// `.iterative` for a few pairs of a large matrix (`n > 200` and `k < 10`, scikit-learn's rule for
    /// ARPACK), `.dense` otherwise.
    case automatic
    /// LAPACK `dsyevr` on the whole matrix: O(n³), exact to rounding, best for small `n` or many pairs.
    case dense
    /// `BlockKrylovEigensolver` (restarted block Lanczos on `dgemm`): O(n² k) per cycle, for `k ≪ n`.
    case iterative(tolerance: Double = 1e-8, maxRestarts: Int = 300)

    /// Whether `.automatic` (or an explicit choice) means the iterative solver for `count` pairs of order `n`.
    func usesIterative(dimension n: Int, count k: Int) -> Bool {
        switch self {
        case .automatic: return n > 200 && k < 10
        case .dense: return false
        case .iterative: return true
        }
    }

    /// The `count` largest eigenpairs of the symmetric matrix `a` (built by the caller, so not re-validated),
    /// eigenvalues descending, eigenvectors flipped to the toolkit's sign convention. The iterative solver's
    /// restart cycles report to `progress` ("eigensolver"); the dense one reports only its end.
    func largestEigenpairs(of a: Matrix, count k: Int, method: String,
                           progress: ProgressReporter = .silent) throws -> SymmetricEigendecomposition {
        let n = a.rows
        guard usesIterative(dimension: n, count: k) else {
            defer { progress.report("eigensolver", fraction: 1) }
            return try DimensionalityReductionError.wrapping(method) { try a.symmetricEigen(.largest(k)) }
        }
        var tolerance = 1e-8, maxRestarts = 300
        if case let .iterative(t, r) = self { tolerance = t; maxRestarts = r }
        guard tolerance > 0 && tolerance < 1, maxRestarts >= 1 else {
            throw DimensionalityReductionError.invalidParameter(
                method: method, name: "eigenSolver",
                message: ".iterative(tolerance: \(tolerance), maxRestarts: \(maxRestarts)) needs 0 < tolerance < 1 and maxRestarts ≥ 1")
        }
        // A memory-bound product streams all of A whatever the block width, so a wider block than the
        // default buys more Krylov directions per pass over A.
        let solver = BlockKrylovEigensolver(tolerance: tolerance, maxRestarts: maxRestarts,
                                            blockSize: Swift.max(k + 6, 2 * k), steps: 6, progress: progress)
        // The products split the work across cores themselves; OpenBLAS stays single-threaded for the whole
        // solve so its idle threads do not spin against the workers.
        let result = try DimensionalityReductionError.wrapping(method) {
            try BLAS.withThreads(1) {
                try solver.solve(dimension: n, count: k, end: .largest) { block in
                    a.symmetricProduct(block)
                }
            }
        }
        return result.decomposition
    }
}
