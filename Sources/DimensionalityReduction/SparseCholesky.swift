import CSuiteSparse
import LinearAlgebra

/// A sparse Cholesky factorisation `P (A + σI) Pᵀ = L Lᵀ` of a symmetric positive definite sparse matrix by
/// SuiteSparse's CHOLMOD (fill-reducing ordering, supernodal factorisation on BLAS), with solves of
/// `(A + σI) X = B` for dense blocks. LLE uses it for shift-invert: the smallest eigenvalues of A become the
/// largest of `(A + σI)⁻¹`, where a block Krylov method converges in a few steps.
///
/// Reference: Y. Chen, T. A. Davis, W. W. Hager, S. Rajamanickam, "Algorithm 887: CHOLMOD, supernodal sparse
/// Cholesky factorization and update/downdate", ACM TOMS 35 (2008).
final class SparseCholesky {
    let dimension: Int
    private let common: UnsafeMutablePointer<cholmod_common>
    private var factor: UnsafeMutablePointer<cholmod_factor>?

    /// Factors `A + shift · I`.
    ///
    /// - Throws: `LinearAlgebraError.singular` when the shifted matrix is not positive definite (CHOLMOD
    ///   reports the failing column), `LinearAlgebraError.invalidArgument` when CHOLMOD fails otherwise.
    init(_ a: SparseSymmetricMatrix, shift: Double) throws {
        dimension = a.dimension
        common = .allocate(capacity: 1)
        cholmod_start(common)
        let n = a.dimension
        // Every stored property is initialised from here on, so a throw runs `deinit`, which frees the factor
        // and finishes CHOLMOD: the failure paths must not do it too (that was a double free).
        guard let sparse = cholmod_allocate_sparse(n, n, a.storedCount, 1, 1, 1, Int32(CHOLMOD_REAL), common) else {
            throw LinearAlgebraError.invalidArgument(operation: "SparseCholesky", message: "CHOLMOD could not allocate \(a.storedCount) entries")
        }
        var matrix: UnsafeMutablePointer<cholmod_sparse>? = sparse
        defer { cholmod_free_sparse(&matrix, common) }
        // Symmetric: the compressed rows are the compressed columns; stype = 1 reads the upper triangle.
        let p = sparse.pointee.p.assumingMemoryBound(to: Int32.self)
        let i = sparse.pointee.i.assumingMemoryBound(to: Int32.self)
        let x = sparse.pointee.x.assumingMemoryBound(to: Double.self)
        for column in 0...n { p[column] = Int32(a.offsets[column]) }
        for entry in 0..<a.storedCount {
            i[entry] = Int32(a.columns[entry])
            x[entry] = a.values[entry]
        }
        factor = cholmod_analyze(sparse, common)
        var beta = [shift, 0]
        let ok = factor != nil && cholmod_factorize_p(sparse, &beta, nil, 0, factor, common) != 0
        let negativePivot = factor.flatMap(Self.firstNonPositivePivot)
        if !ok || common.pointee.status == CHOLMOD_NOT_POSDEF || (factor.map { Int($0.pointee.minor) < n } ?? true)
            || negativePivot != nil {
            let minor = negativePivot.map(Int32.init) ?? factor.map { Int32($0.pointee.minor) } ?? -1
            throw LinearAlgebraError.singular(operation: "SparseCholesky (shift \(shift))", info: minor + 1)
        }
    }

    /// The first column whose pivot `D(j, j)` is not positive in a simplicial LDLᵀ factor, if any. CHOLMOD's
    /// simplicial path computes LDLᵀ and, unlike its supernodal LLᵀ, completes it for an indefinite matrix
    /// with negative pivots; those pivots are stored as the first entry of each column of L.
    private static func firstNonPositivePivot(_ factor: UnsafeMutablePointer<cholmod_factor>) -> Int? {
        let f = factor.pointee
        guard f.is_ll == 0, f.is_super == 0, f.xtype == CHOLMOD_REAL, let p = f.p, let x = f.x else { return nil }
        let starts = p.assumingMemoryBound(to: Int32.self)
        let values = x.assumingMemoryBound(to: Double.self)
        return (0..<Int(f.n)).first { !(values[Int(starts[$0])] > 0) }
    }

    deinit {
        cholmod_free_factor(&factor, common)
        cholmod_finish(common)
        common.deallocate()
    }

    /// Solves `(A + σI) X = B` for the `n × width` column-major block `b`, writing `X` column-major to `x`.
    func solve(columnMajor b: UnsafePointer<Double>, width: Int, into x: UnsafeMutablePointer<Double>) {
        let n = dimension
        var right = cholmod_allocate_dense(n, width, n, Int32(CHOLMOD_REAL), common)
        precondition(right != nil, "SparseCholesky: CHOLMOD could not allocate a \(n) × \(width) block")
        right!.pointee.x.assumingMemoryBound(to: Double.self).update(from: b, count: n * width)
        var solution = cholmod_solve(Int32(CHOLMOD_A), factor, right, common)
        precondition(solution != nil, "SparseCholesky: CHOLMOD solve failed (status \(common.pointee.status))")
        x.update(from: solution!.pointee.x.assumingMemoryBound(to: Double.self), count: n * width)
        cholmod_free_dense(&right, common)
        cholmod_free_dense(&solution, common)
    }
}
