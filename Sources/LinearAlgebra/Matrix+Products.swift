import CLapack

extension Matrix {
    /// The product `alpha · op(A) · op(B)` by BLAS `dgemm`, where `op` transposes without copying.
    ///
    ///     op(A): m × k,  op(B): k × n  →  m × n
    ///
    /// - Complexity: 2 m n k flops.
    public static func product(_ a: Matrix, _ b: Matrix, transposingA: Bool = false, transposingB: Bool = false,
                               alpha: Double = 1) -> Matrix {
        let (m, k) = transposingA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (k2, n) = transposingB ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(k == k2, "Matrix.product: inner dimensions \(k) and \(k2) differ")
        var c = Matrix(rows: m, columns: n)
        guard m > 0 && n > 0 else { return c }
        if k == 0 { return c }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(transposeA: transposingA, transposeB: transposingB, m: m, n: n, k: k, alpha: alpha,
                              a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                              beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// The matrix product `A B` (BLAS `dgemm`).
    public static func * (a: Matrix, b: Matrix) -> Matrix { product(a, b) }

    /// The matrix-vector product `A x` (BLAS `dgemv`).
    public static func * (a: Matrix, x: [Double]) -> [Double] { a.multiply(x, transposing: false) }

    /// `A x` or, with `transposing`, `Aᵀ x` (BLAS `dgemv`, no copy of the transpose).
    public func multiply(_ x: [Double], transposing: Bool) -> [Double] {
        let (outLength, inLength) = transposing ? (columns, rows) : (rows, columns)
        precondition(x.count == inLength, "Matrix.multiply: vector of length \(x.count) for \(rows) × \(columns)\(transposing ? "ᵀ" : "")")
        var y = [Double](repeating: 0, count: outLength)
        guard outLength > 0 && inLength > 0 else { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(CblasRowMajor, transposing ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
                                1, a.baseAddress, Int32(columns), px.baseAddress, 1, 0, py.baseAddress, 1)
                }
            }
        }
        return y
    }

    /// The Gram matrix of the rows, `X Xᵀ` (n × n), by BLAS `dsyrk` with both triangles filled.
    ///
    /// - Complexity: n² d flops, half of a general product.
    public func rowGram() -> Matrix { Self.symmetricRankK(self, transposing: false) }

    /// The Gram matrix of the columns, `Xᵀ X` (d × d), by BLAS `dsyrk` with both triangles filled.
    public func columnGram() -> Matrix { Self.symmetricRankK(self, transposing: true) }

    private static func symmetricRankK(_ x: Matrix, transposing: Bool) -> Matrix {
        let n = transposing ? x.columns : x.rows
        let k = transposing ? x.rows : x.columns
        var c = Matrix(rows: n, columns: n)
        guard n > 0, k > 0 else { return c }
        x.elements.withUnsafeBufferPointer { a in
            c.elements.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasRowMajor, CblasUpper, transposing ? CblasTrans : CblasNoTrans, Int32(n), Int32(k),
                            1, a.baseAddress, Int32(x.columns), 0, pc.baseAddress, Int32(n))
            }
        }
        c.fillLowerFromUpper()
        return c
    }

    /// Copies the upper triangle onto the lower one, making a square matrix exactly symmetric.
    public mutating func fillLowerFromUpper() {
        precondition(isSquare, "Matrix.fillLowerFromUpper: needs a square matrix")
        let n = rows
        elements.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                for j in 0..<i { c[i * n + j] = c[j * n + i] }
            }
        }
    }

    /// `(A + Aᵀ) / 2`, the nearest symmetric matrix in the Frobenius norm.
    public var symmetrized: Matrix {
        precondition(isSquare, "Matrix.symmetrized: needs a square matrix")
        var result = self
        let n = rows
        result.elements.withUnsafeMutableBufferPointer { c in
            for i in 0..<n {
                for j in 0..<i {
                    let average = 0.5 * (c[i * n + j] + c[j * n + i])
                    c[i * n + j] = average
                    c[j * n + i] = average
                }
            }
        }
        return result
    }
}
