import CLapack

/// The thin singular value decomposition `A = U Σ Vᵀ` of an `m × n` matrix, with `r = min(m, n)`.
///
/// Singular values are in descending order. Each pair (uⱼ, vⱼ) is flipped together so that uⱼ's
/// largest-magnitude entry is positive (scikit-learn's `svd_flip` with `u_based_decision=True`).
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors as columns, `m × r`.
    public let u: Matrix
    /// Singular values σ₁ ≥ σ₂ ≥ … ≥ σᵣ ≥ 0.
    public let singularValues: [Double]
    /// Right singular vectors as rows, `r × n` (that is, `Vᵀ`).
    public let vt: Matrix

    /// The numerical rank: the number of σⱼ above `tolerance` (default `max(m, n) · ε · σ₁`, as NumPy).
    public func rank(tolerance: Double? = nil) -> Int {
        let cutoff = tolerance ?? Double(Swift.max(u.rows, vt.columns)) * Double.ulpOfOne * (singularValues.first ?? 0)
        return singularValues.filter { $0 > cutoff }.count
    }
}

extension Matrix {
    /// The thin SVD by LAPACK `dgesdd` (divide and conquer), falling back to `dgesvd` (QR iteration) in the
    /// rare case that `dgesdd` does not converge.
    ///
    /// The row-major buffer is handed to LAPACK as the column-major `Aᵀ = V Σ Uᵀ`, so no transpose is copied.
    ///
    /// - Complexity: O(m n min(m, n)).
    /// - Throws: `LinearAlgebraError` for an empty or non-finite matrix, or when both LAPACK routines fail.
    public func svd() throws -> SingularValueDecomposition {
        let operation = "svd"
        try validate(for: operation)
        let (m, n) = (rows, columns)
        let r = Swift.min(m, n)
        // Column-major view: Aᵀ is n × m with leading dimension n.
        let n32 = try LAPACK.int32(n, operation), m32 = try LAPACK.int32(m, operation), r32 = Int32(r)
        var sigma = [Double](repeating: 0, count: r)
        var left = [Double](repeating: 0, count: n * r)   // U' of Aᵀ (n × r): Vᵀ of A read row-major (r × n)
        var right = [Double](repeating: 0, count: r * m)  // V'ᵀ of Aᵀ (r × m): U of A read row-major (m × r)
        var a = elements
        var info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, LAPACK.flag("S"), n32, m32, &a, n32, &sigma, &left, n32, &right, r32)
        try LAPACK.checkArguments(info, routine: "dgesdd")
        if info > 0 {
            a = elements
            var superdiagonal = [Double](repeating: 0, count: Swift.max(r - 1, 1))
            info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, LAPACK.flag("S"), LAPACK.flag("S"), n32, m32, &a, n32, &sigma,
                                  &left, n32, &right, r32, &superdiagonal)
            try LAPACK.checkArguments(info, routine: "dgesvd")
            if info > 0 {
                throw LinearAlgebraError.lapackFailure(routine: "dgesdd and dgesvd", info: info,
                                                       meaning: "\(info) superdiagonals did not converge to zero")
            }
        }
        var u = right  // m × r row-major
        var vt = left  // r × n row-major
        let flipped = SignConvention.normalizeColumns(&u, rows: m, columns: r)
        for j in 0..<r where flipped[j] {
            for k in 0..<n { vt[j * n + k] = -vt[j * n + k] }
        }
        return SingularValueDecomposition(u: Matrix(rows: m, columns: r, elements: u), singularValues: sigma,
                                          vt: Matrix(rows: r, columns: n, elements: vt))
    }

    /// The singular values alone, descending (LAPACK `dgesdd` without vectors).
    public func singularValues() throws -> [Double] {
        try validate(for: "singularValues")
        let (m, n) = (rows, columns)
        var sigma = [Double](repeating: 0, count: Swift.min(m, n))
        var a = elements
        var unusedLeft = [Double](repeating: 0, count: 1), unusedRight = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, LAPACK.flag("N"), Int32(n), Int32(m), &a, Int32(n), &sigma,
                                  &unusedLeft, 1, &unusedRight, 1)
        try LAPACK.checkArguments(info, routine: "dgesdd")
        if info > 0 { return try svd().singularValues }
        return sigma
    }

    /// The 2-norm condition number `σ₁ / σᵣ` (∞ for a singular matrix).
    public func conditionNumber() throws -> Double {
        let sigma = try singularValues()
        guard let smallest = sigma.last, smallest > 0 else { return .infinity }
        return sigma[0] / smallest
    }
}
