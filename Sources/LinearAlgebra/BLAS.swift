import CLapack

/// Thin, typed access to the few BLAS facilities the toolkit uses outside `Matrix`'s own methods.
public enum BLAS {
    /// OpenBLAS's own thread count (it starts one thread per core).
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(Swift.max(1, newValue))) }
    }

    /// The OpenBLAS kernel chosen for this processor at start-up (`openblas_get_corename`), e.g. `"Haswell"`,
    /// `"SkylakeX"`, `"Zen"`; `OPENBLAS_CORETYPE` overrides it. Results may differ in the last bits between kernels,
    /// so benchmark headers and bug reports name it.
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// OpenBLAS's build configuration (`openblas_get_config`): version, threading model, maximum thread count,
    /// e.g. `"OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"`.
    public static var configuration: String {
        openblas_get_config().map { String(cString: $0) } ?? "unknown"
    }

    /// Runs `body` with OpenBLAS limited to `threads` threads, then restores the previous count.
    ///
    /// Use it around BLAS calls made from inside `DispatchQueue.concurrentPerform`, where each worker
    /// already owns a core: letting OpenBLAS start its own threads there oversubscribes the machine.
    public static func withThreads<Result>(_ threads: Int, _ body: () throws -> Result) rethrows -> Result {
        let previous = threadCount
        threadCount = threads
        defer { threadCount = previous }
        return try body()
    }

    /// The Euclidean norm `‖x‖₂` by `dnrm2` (scaled, so no overflow for huge entries).
    public static func norm2(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { cblas_dnrm2(Int32(x.count), $0.baseAddress, 1) }
    }

    /// The dot product `x · y` by `ddot`.
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "BLAS.dot: lengths \(x.count) and \(y.count) differ")
        return x.withUnsafeBufferPointer { a in
            y.withUnsafeBufferPointer { b in cblas_ddot(Int32(x.count), a.baseAddress, 1, b.baseAddress, 1) }
        }
    }

    /// `C ← alpha · op(A) · op(B) + beta · C` on raw row-major buffers (`dgemm`), with leading dimensions.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`. Kernels inside the toolkit use this to work on
    /// column blocks of a wider buffer without copying them out.
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C ← alpha · op(A) · op(B) + beta · C` in single precision (`sgemm`), as `gemm`.
    ///
    /// Twice the throughput of `dgemm` and half the memory traffic: used to screen candidates whose exact
    /// ranking is then settled in double precision.
    public static func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                             a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                             beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
