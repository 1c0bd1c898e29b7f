import LinearAlgebra

/// OpenBLAS limited to one thread inside `concurrentPerform` workers.
func withSingleThreadedBLAS<R>(_ body: () -> R) -> R { BLAS.withThreads(1, body) }
