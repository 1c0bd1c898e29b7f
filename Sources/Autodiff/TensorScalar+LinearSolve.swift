import CLapack

// Factor-once, solve-many kernels for the differentiable linear solve: LU with partial pivoting (LAPACK
// sgetrf/dgetrf + sgetrs/dgetrs) and Cholesky (spotrf/dpotrf + spotrs/dpotrs) for Float and Double; plain loops
// for dual numbers. The factor's layout is private to each implementation: only `_solveFactored` reads it.
//
// LAPACK runs column-major on the row-major buffer, which it reads as Aᵀ: the LU of Aᵀ solves A x = b with
// trans = 'T' and Aᵀ x = b with trans = 'N'; a symmetric matrix is its own transpose. Several right-hand sides
// (row-major n × k) are transposed into LAPACK's column-major n × k and back.

/// The factorisation a linear solve uses.
public enum LinearSolveKind: Equatable, Sendable, CustomStringConvertible {
    /// LU with partial pivoting, `P A = L U`: any nonsingular square matrix.
    case lu
    /// Cholesky, `A = L Lᵀ`: symmetric positive definite matrices, at half the cost.
    case cholesky

    @inlinable public var description: String { self == .lu ? "LU" : "Cholesky" }
}

extension TensorScalar {
    /// The magnitude, for pivoting (a dual number's primal part decides).
    @inline(__always) @inlinable static func _magnitude(_ x: Self) -> Self { x < .zero ? -x : x }

    @inlinable public static func _factor(_ kind: LinearSolveKind, n: Int, _ a: UnsafeMutablePointer<Self>,
                                          pivots: UnsafeMutablePointer<Int32>) -> Int {
        if kind == .cholesky {   // A = L Lᵀ, L in the lower triangle (row-major)
            for j in 0..<n {
                var d = a[j * n + j]
                for p in 0..<j { d -= a[j * n + p] * a[j * n + p] }
                guard d > .zero else { return j + 1 }
                let l = Self.sqrt(d)
                a[j * n + j] = l
                for i in (j + 1)..<Swift.max(j + 1, n) {
                    var s = a[i * n + j]
                    for p in 0..<j { s -= a[i * n + p] * a[j * n + p] }
                    a[i * n + j] = s / l
                }
            }
            return 0
        }
        for j in 0..<n {   // P A = L U (Doolittle, row swaps recorded in pivots)
            var pivot = j
            for i in (j + 1)..<Swift.max(j + 1, n) where _magnitude(a[i * n + j]) > _magnitude(a[pivot * n + j]) { pivot = i }
            pivots[j] = Int32(pivot)
            if pivot != j { for p in 0..<n { let t = a[j * n + p]; a[j * n + p] = a[pivot * n + p]; a[pivot * n + p] = t } }
            let u = a[j * n + j]
            guard u != .zero else { return j + 1 }
            for i in (j + 1)..<Swift.max(j + 1, n) {
                let l = a[i * n + j] / u
                a[i * n + j] = l
                for p in (j + 1)..<n { a[i * n + p] -= l * a[j * n + p] }
            }
        }
        return 0
    }

    @inlinable public static func _solveFactored(_ kind: LinearSolveKind, n: Int, rightHandSides k: Int, transposed: Bool,
                                                 _ f: UnsafePointer<Self>, pivots: UnsafePointer<Int32>,
                                                 _ b: UnsafeMutablePointer<Self>) {
        for column in 0..<k {
            @inline(__always) func at(_ i: Int) -> UnsafeMutablePointer<Self> { b + i * k + column }
            if kind == .cholesky || !transposed {
                if kind == .lu { for j in 0..<n where Int(pivots[j]) != j { let t = at(j).pointee; at(j).pointee = at(Int(pivots[j])).pointee; at(Int(pivots[j])).pointee = t } }
                for i in 0..<n {   // L z = P b (unit diagonal for LU)
                    var s = at(i).pointee
                    for p in 0..<i { s -= f[i * n + p] * at(p).pointee }
                    at(i).pointee = kind == .lu ? s : s / f[i * n + i]
                }
                for i in stride(from: n - 1, through: 0, by: -1) {   // U x = z, or Lᵀ x = z
                    var s = at(i).pointee
                    for p in (i + 1)..<Swift.max(i + 1, n) { s -= (kind == .lu ? f[i * n + p] : f[p * n + i]) * at(p).pointee }
                    at(i).pointee = s / f[i * n + i]
                }
            } else {   // Aᵀ = Uᵀ Lᵀ P: Uᵀ z = b, Lᵀ w = z, x = Pᵀ w
                for i in 0..<n {
                    var s = at(i).pointee
                    for p in 0..<i { s -= f[p * n + i] * at(p).pointee }
                    at(i).pointee = s / f[i * n + i]
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = at(i).pointee
                    for p in (i + 1)..<Swift.max(i + 1, n) { s -= f[p * n + i] * at(p).pointee }
                    at(i).pointee = s
                }
                for j in stride(from: n - 1, through: 0, by: -1) where Int(pivots[j]) != j {
                    let t = at(j).pointee; at(j).pointee = at(Int(pivots[j])).pointee; at(Int(pivots[j])).pointee = t
                }
            }
        }
    }
}

/// Runs `solve` on the right-hand sides in LAPACK's column-major layout (a copy only when there are several).
@inlinable func withColumnMajorRightHandSides<Scalar: TensorScalar>(_ b: UnsafeMutablePointer<Scalar>, n: Int, k: Int,
                                                      _ solve: (UnsafeMutablePointer<Scalar>) -> Void) {
    guard k > 1 else { solve(b); return }
    var columns = [Scalar](repeating: .zero, count: n * k)
    columns.withUnsafeMutableBufferPointer { c in
        for i in 0..<n { for j in 0..<k { c[j * n + i] = b[i * k + j] } }
        solve(c.baseAddress!)
        for i in 0..<n { for j in 0..<k { b[i * k + j] = c[j * n + i] } }
    }
}

extension Float {
    @inlinable public static func _factor(_ kind: LinearSolveKind, n: Int, _ a: UnsafeMutablePointer<Float>,
                                          pivots: UnsafeMutablePointer<Int32>) -> Int {
        let size = Int32(n)
        let info = kind == .lu ? LAPACKE_sgetrf_work(LAPACK_COL_MAJOR, size, size, a, size, pivots)
                               : LAPACKE_spotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), size, a, size)
        precondition(info >= 0, "\(kind == .lu ? "sgetrf" : "spotrf"): argument \(-info) had an illegal value")
        return Int(info)
    }

    @inlinable public static func _solveFactored(_ kind: LinearSolveKind, n: Int, rightHandSides k: Int, transposed: Bool,
                                                 _ f: UnsafePointer<Float>, pivots: UnsafePointer<Int32>,
                                                 _ b: UnsafeMutablePointer<Float>) {
        let size = Int32(n)
        withColumnMajorRightHandSides(b, n: n, k: k) { c in
            let info = kind == .lu
                ? LAPACKE_sgetrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: transposed ? "N" : "T")), size, Int32(k), f, size, pivots, c, size)
                : LAPACKE_spotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), size, Int32(k), f, size, c, size)
            precondition(info == 0, "\(kind == .lu ? "sgetrs" : "spotrs"): argument \(-info) had an illegal value")
        }
    }
}

extension Double {
    @inlinable public static func _factor(_ kind: LinearSolveKind, n: Int, _ a: UnsafeMutablePointer<Double>,
                                          pivots: UnsafeMutablePointer<Int32>) -> Int {
        let size = Int32(n)
        let info = kind == .lu ? LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, size, size, a, size, pivots)
                               : LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), size, a, size)
        precondition(info >= 0, "\(kind == .lu ? "dgetrf" : "dpotrf"): argument \(-info) had an illegal value")
        return Int(info)
    }

    @inlinable public static func _solveFactored(_ kind: LinearSolveKind, n: Int, rightHandSides k: Int, transposed: Bool,
                                                 _ f: UnsafePointer<Double>, pivots: UnsafePointer<Int32>,
                                                 _ b: UnsafeMutablePointer<Double>) {
        let size = Int32(n)
        withColumnMajorRightHandSides(b, n: n, k: k) { c in
            let info = kind == .lu
                ? LAPACKE_dgetrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: transposed ? "N" : "T")), size, Int32(k), f, size, pivots, c, size)
                : LAPACKE_dpotrs_work(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), size, Int32(k), f, size, c, size)
            precondition(info == 0, "\(kind == .lu ? "dgetrs" : "dpotrs"): argument \(-info) had an illegal value")
        }
    }
}
