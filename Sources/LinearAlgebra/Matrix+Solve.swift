import CLapack

extension Matrix {
    /// Solves `A X = B` for square `A` by LU with partial pivoting (LAPACK `dgesv`).
    ///
    /// - Complexity: ⅔ n³ + 2 n² k flops for `k` right-hand sides.
    /// - Throws: `LinearAlgebraError.singular` when `U` has an exact zero pivot; shape and finiteness errors.
    public func solve(_ b: Matrix) throws -> Matrix {
        let operation = "solve"
        try validateSquare(for: operation)
        try b.validate(for: operation)
        guard b.rows == rows else {
            throw LinearAlgebraError.shapeMismatch(operation: operation, left: (rows, columns), right: (b.rows, b.columns))
        }
        var a = elements
        var x = b.elements
        var pivots = [Int32](repeating: 0, count: rows)
        let n = try LAPACK.int32(rows, operation)
        let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, Int32(b.columns), &a, n, &pivots, &x, Int32(b.columns))
        try LAPACK.checkArguments(info, routine: "dgesv")
        if info > 0 { throw LinearAlgebraError.singular(operation: operation, info: info) }
        return Matrix(rows: b.rows, columns: b.columns, elements: x)
    }

    /// Solves `A x = b` for square `A` (LAPACK `dgesv`).
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(column: b)).elements
    }

    /// The Cholesky factor `L` (lower triangular, positive diagonal) with `A = L Lᵀ` (LAPACK `dpotrf`).
    ///
    /// - Throws: `LinearAlgebraError.singular` when `A` is not positive definite (the leading minor of
    ///   order `info` is not positive); shape, symmetry and finiteness errors.
    public func cholesky() throws -> Matrix {
        let operation = "cholesky"
        try validateSquare(for: operation)
        guard isSymmetric(tolerance: 1e-10) else { throw LinearAlgebraError.notSymmetric(operation: operation) }
        let n = rows
        var a = elements
        // Column-major 'U' gives A = UᵀU; the column-major U read row-major is Uᵀ = L (lower triangle).
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, LAPACK.flag("U"), Int32(n), &a, Int32(n))
        try LAPACK.checkArguments(info, routine: "dpotrf")
        if info > 0 {
            throw LinearAlgebraError.invalidArgument(
                operation: operation,
                message: "the matrix is not positive definite (leading minor \(info) is not positive); add a ridge λI or use symmetricEigen")
        }
        for i in 0..<n {
            for j in (i + 1)..<Swift.max(i + 1, n) { a[i * n + j] = 0 }
        }
        return Matrix(rows: n, columns: n, elements: a)
    }

    /// Solves `A X = B` for symmetric positive definite `A` by Cholesky (LAPACK `dposv`).
    ///
    /// - Complexity: ⅓ n³ + 2 n² k flops, half the cost of `solve`.
    /// - Throws: as `cholesky()`, and shape errors.
    public func solvePositiveDefinite(_ b: Matrix) throws -> Matrix {
        let operation = "solvePositiveDefinite"
        try validateSquare(for: operation)
        try b.validate(for: operation)
        guard isSymmetric(tolerance: 1e-10) else { throw LinearAlgebraError.notSymmetric(operation: operation) }
        guard b.rows == rows else {
            throw LinearAlgebraError.shapeMismatch(operation: operation, left: (rows, columns), right: (b.rows, b.columns))
        }
        var a = elements
        var x = b.transposed.elements  // column-major right-hand sides
        let info = LAPACKE_dposv(LAPACK_COL_MAJOR, LAPACK.flag("L"), Int32(rows), Int32(b.columns), &a, Int32(rows),
                                 &x, Int32(rows))
        try LAPACK.checkArguments(info, routine: "dposv")
        if info > 0 {
            throw LinearAlgebraError.invalidArgument(
                operation: operation,
                message: "the matrix is not positive definite (leading minor \(info) is not positive); use solve or leastSquares")
        }
        return Matrix(rows: b.columns, columns: b.rows, elements: x).transposed
    }

    /// The inverse `A⁻¹` by LU (LAPACK `dgetrf` + `dgetri`). Prefer `solve` to multiplying by an inverse.
    ///
    /// - Throws: `LinearAlgebraError.singular` for a singular matrix; shape and finiteness errors.
    public func inverse() throws -> Matrix {
        let operation = "inverse"
        try validateSquare(for: operation)
        var a = elements
        let n = Int32(rows)
        var pivots = [Int32](repeating: 0, count: rows)
        var info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, &a, n, &pivots)
        try LAPACK.checkArguments(info, routine: "dgetrf")
        if info > 0 { throw LinearAlgebraError.singular(operation: operation, info: info) }
        info = LAPACKE_dgetri(LAPACK_ROW_MAJOR, n, &a, n, &pivots)
        try LAPACK.checkArguments(info, routine: "dgetri")
        if info > 0 { throw LinearAlgebraError.singular(operation: operation, info: info) }
        return Matrix(rows: rows, columns: columns, elements: a)
    }

    /// The determinant, from the LU factorisation: `det A = (−1)^(row swaps) Πᵢ uᵢᵢ` (0 for a singular matrix).
    public func determinant() throws -> Double {
        let (sign, logAbsolute) = try logDeterminant()
        return sign == 0 ? 0 : sign * _exp(logAbsolute)
    }

    /// The sign and natural log of `|det A|`, which neither overflows nor underflows for large matrices.
    /// A singular matrix gives sign 0 and log −∞.
    public func logDeterminant() throws -> (sign: Double, logAbsolute: Double) {
        let operation = "determinant"
        try validateSquare(for: operation)
        var a = elements
        let n = Int32(rows)
        var pivots = [Int32](repeating: 0, count: rows)
        let info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, &a, n, &pivots)
        try LAPACK.checkArguments(info, routine: "dgetrf")
        if info > 0 { return (0, -.infinity) }
        var sign = 1.0
        var logAbsolute = 0.0
        for i in 0..<rows {
            let pivot = a[i * rows + i]
            if pivot < 0 { sign = -sign }
            if Int(pivots[i]) != i + 1 { sign = -sign }
            logAbsolute += _log(abs(pivot))
        }
        return (sign, logAbsolute)
    }

    /// The minimum-norm least-squares solution of `A X ≈ B`: `argmin ‖A X − B‖_F` with the smallest `‖X‖_F`,
    /// by LAPACK `dgelsd` (SVD, divide and conquer). Works for any shape and rank.
    ///
    /// - Parameters:
    ///   - b: the right-hand sides `B`, `m × k` for this `m × n` matrix `A`.
    ///   - rcond: singular values below `rcond · σ₁` count as zero; `nil` uses machine precision.
    /// - Returns: the solution (`n × k`), the effective rank and the singular values of `A`.
    public func leastSquares(_ b: Matrix, rcond: Double? = nil) throws
        -> (solution: Matrix, rank: Int, singularValues: [Double]) {
        let operation = "leastSquares"
        try validate(for: operation)
        try b.validate(for: operation)
        guard b.rows == rows else {
            throw LinearAlgebraError.shapeMismatch(operation: operation, left: (rows, columns), right: (b.rows, b.columns))
        }
        let (m, n, k) = (rows, columns, b.columns)
        let height = Swift.max(m, n)
        var x = [Double](repeating: 0, count: height * k)
        for i in 0..<m {
            for j in 0..<k { x[i * k + j] = b.elements[i * k + j] }
        }
        var a = elements
        var sigma = [Double](repeating: 0, count: Swift.min(m, n))
        var rank: Int32 = 0
        let info = LAPACKE_dgelsd(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(k), &a, Int32(n), &x, Int32(k), &sigma,
                                  rcond ?? -1, &rank)
        try LAPACK.checkArguments(info, routine: "dgelsd")
        if info > 0 {
            throw LinearAlgebraError.lapackFailure(routine: "dgelsd", info: info, meaning: "the SVD did not converge")
        }
        return (Matrix(rows: n, columns: k, elements: Array(x[0..<(n * k)])), Int(rank), sigma)
    }

    /// The Moore–Penrose pseudo-inverse `A⁺ = V Σ⁺ Uᵀ`, from the SVD.
    ///
    /// - Parameter rcond: singular values at or below `rcond · σ₁` are treated as zero; the default is
    ///   `max(m, n) · ε`, as NumPy's `pinv` with `rtol=None`.
    public func pseudoInverse(rcond: Double? = nil) throws -> Matrix {
        let decomposition = try svd()
        let sigma = decomposition.singularValues
        let cutoff = (rcond ?? Double(Swift.max(rows, columns)) * Double.ulpOfOne) * (sigma.first ?? 0)
        let inverted = sigma.map { $0 > cutoff ? 1 / $0 : 0 }
        // V Σ⁺ Uᵀ = (Vᵀ)ᵀ · (Σ⁺ Uᵀ)
        return Matrix.product(decomposition.vt, decomposition.u.scalingColumns(by: inverted), transposingA: true,
                              transposingB: true)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
#endif
