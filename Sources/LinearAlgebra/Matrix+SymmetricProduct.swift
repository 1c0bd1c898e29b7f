import Dispatch
import Foundation

extension Matrix {
    /// `A B` for a symmetric `n × n` matrix `A` (both triangles stored) and an `n × w` block `B`, reading each
    /// off-diagonal entry of `A` once:
    ///
    ///     C[I] += A[I, i₀:] B[i₀:],   C[i₁:] += A[I, i₁:]ᵀ B[I]   for every strip I = i₀..<i₁ of 32 rows
    ///
    /// Strips are dealt round-robin to one worker per core, each accumulating into its own `n × w` buffer
    /// (summed at the end), with OpenBLAS single-threaded. For the memory-bound product of a large matrix with
    /// a thin block this halves the traffic of a plain `dgemm`; the calls are cut into 32 × 3840 pieces, under
    /// OpenBLAS's small-matrix threshold, whose kernels read the operands in place instead of packing them
    /// (measured on an 8000 × 8000 kernel with 8 columns: 35 ms against 94 ms for whole-strip calls).
    ///
    /// Only the upper triangle is read, so the result is `A B` for the symmetric matrix that triangle defines.
    ///
    /// - Parameters:
    ///   - b: the block `B`, `n × w`.
    ///   - chunk: columns of `A` per `dgemm` call (the default suits OpenBLAS; tests vary it).
    /// - Complexity: 2 n² w flops, n²/2 entries of `A` read once.
    public func symmetricProduct(_ b: Matrix, columnsPerCall chunk: Int = 3840) -> Matrix {
        let a = self
        let n = a.rows, w = b.columns
        precondition(a.isSquare && b.rows == n && chunk >= 1, "symmetricProduct: \(a.rows) × \(a.columns) times \(b.rows) × \(b.columns)")
        guard n > 0 && w > 0 else { return Matrix(rows: n, columns: w) }
        let h = 32
        let strips = (n + h - 1) / h
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, strips))
        var partial = [Double](repeating: 0, count: workers * n * w)
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                partial.withUnsafeMutableBufferPointer { pc in
                    let shared = UncheckedSendable((pa.baseAddress!, pb.baseAddress!, pc.baseAddress!))
                    BLAS.withThreads(1) {
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            let (aBase, bBase, cBase) = shared.value  // each worker writes only its own n × w slot
                            let c = cBase + worker * n * w
                            var strip = worker
                            while strip < strips {
                                let start = strip * h, end = Swift.min(n, start + h)
                                var j0 = start
                                while j0 < n {
                                    let j1 = Swift.min(n, j0 + chunk)
                                    // C[I] += A[I, j₀..<j₁] B[j₀..<j₁]
                                    BLAS.gemm(transposeA: false, transposeB: false, m: end - start, n: w, k: j1 - j0,
                                              alpha: 1, a: aBase + start * n + j0, lda: n, b: bBase + j0 * w, ldb: w,
                                              beta: 1, c: c + start * w, ldc: w)
                                    // C[t₀..<j₁] += A[I, t₀..<j₁]ᵀ B[I] for the columns right of the strip's diagonal tile
                                    let t0 = Swift.max(j0, end)
                                    if t0 < j1 {
                                        BLAS.gemm(transposeA: true, transposeB: false, m: j1 - t0, n: w, k: end - start,
                                                  alpha: 1, a: aBase + start * n + t0, lda: n, b: bBase + start * w, ldb: w,
                                                  beta: 1, c: c + t0 * w, ldc: w)
                                    }
                                    j0 = j1
                                }
                                strip += workers
                            }
                        }
                    }
                }
            }
        }
        var result = Array(partial[0..<(n * w)])
        for worker in 1..<workers {
            let offset = worker * n * w
            for index in 0..<(n * w) { result[index] += partial[offset + index] }
        }
        return Matrix(rows: n, columns: w, elements: result)
    }
}
