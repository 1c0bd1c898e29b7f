import CLapack

/// The thin QR decomposition `A = Q R` of an `m × n` matrix, `k = min(m, n)`: `Q` is `m × k` with
/// orthonormal columns (`QᵀQ = I`) and `R` is `k × n` upper triangular (trapezoidal when `n > m`).
public struct QRDecomposition: Sendable {
    /// `Q`, `m × k` with orthonormal columns.
    public let q: Matrix
    /// `R`, `k × n` upper triangular.
    public let r: Matrix
}

extension Matrix {
    /// The thin QR decomposition by Householder reflections (LAPACK `dgeqrf`, then `dorgqr` to form Q).
    ///
    /// - Complexity: 2 m n² − ⅔ n³ flops for the factorisation, about as much again to form Q.
    /// - Throws: `LinearAlgebraError` for an empty or non-finite matrix.
    public func qr() throws -> QRDecomposition {
        let operation = "qr"
        try validate(for: operation)
        let (m, n) = (rows, columns)
        let k = Swift.min(m, n)
        var a = elements
        var tau = [Double](repeating: 0, count: k)
        var info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), &a, Int32(n), &tau)
        try LAPACK.checkArguments(info, routine: "dgeqrf")
        var r = Matrix(rows: k, columns: n)
        for i in 0..<k {
            for j in i..<n { r.elements[i * n + j] = a[i * n + j] }
        }
        // Q from the first k reflectors, in the first k columns of the m × n buffer (leading dimension n).
        var reflectors = [Double](repeating: 0, count: m * k)
        for i in 0..<m {
            for j in 0..<k { reflectors[i * k + j] = a[i * n + j] }
        }
        info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(k), Int32(k), &reflectors, Int32(k), &tau)
        try LAPACK.checkArguments(info, routine: "dorgqr")
        return QRDecomposition(q: Matrix(rows: m, columns: k, elements: reflectors), r: r)
    }
}
