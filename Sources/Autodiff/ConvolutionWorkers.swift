import LinearAlgebra

/// How `conv2d` splits a batch over cores: each worker takes a contiguous run of images, with its own packing
/// scratch, and makes its per-image GEMMs on one OpenBLAS thread.
///
/// OpenBLAS's own threads do not pay on a convolution's per-image GEMMs (32 × 145 × 64 on an 8 × 8 image): with
/// two threads the step was slower than with one, and the packing stayed on one core. Splitting the images keeps
/// every GEMM and packing pass on one core and runs the cores side by side. The number of workers follows
/// OpenBLAS's thread count, so `OPENBLAS_NUM_THREADS=1`, `BLAS.withThreads(1)` and the slices of
/// `DataParallelGradients` (which run on one thread each) keep conv2d serial.
@usableFromInline enum ConvolutionWorkers {
    /// Below this many flops for the whole batch (about 0.1 ms of GEMMs) the threads cost more than they save.
    @usableFromInline static let minimumFlops = 1 << 23

    /// The workers for `batch` images of `flopsPerImage` each: OpenBLAS's thread count (one per core unless the
    /// user chose fewer), at most one per image, or 1 for a small batch. (Not `ProcessInfo.activeProcessorCount`:
    /// it costs about 9 µs a call here, 1–2 % of a small convolution step.)
    @usableFromInline static func count(batch: Int, flopsPerImage: Int) -> Int {
        guard batch > 1, batch.multipliedReportingOverflow(by: flopsPerImage).partialValue >= minimumFlops else { return 1 }
        return Swift.max(1, Swift.min(BLAS.threadCount, batch))
    }

    /// The images of `worker`: the batch cut into `workers` contiguous runs whose sizes differ by at most one.
    @inlinable static func images(of worker: Int, workers: Int, batch: Int) -> Range<Int> {
        (worker * batch / workers)..<((worker + 1) * batch / workers)
    }

    /// Calls `body(worker)` for every worker, concurrently with OpenBLAS on one thread when there are several.
    /// `body` must write only its own images' outputs and its own worker's scratch. One worker calls `body` inline
    /// (this function is inlinable, so the serial loop compiles as if written in place).
    @inlinable static func run(_ workers: Int, _ body: (Int) -> Void) {
        if workers == 1 { body(0) } else { runConcurrently(workers, body) }
    }

    /// The several-worker branch of `run`, out of line: `concurrentPerformSharing` is package-internal.
    @usableFromInline static func runConcurrently(_ workers: Int, _ body: (Int) -> Void) {
        BLAS.withThreads(1) { concurrentPerformSharing(iterations: workers, body) }
    }
}
