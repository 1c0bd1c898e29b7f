import Foundation
import LinearAlgebra

/// Building and multiplying large symmetric `n × n` matrices while touching each off-diagonal pair once.
///
/// The matrix is processed in horizontal strips of `stripHeight` rows; strip `I` covers rows `i₀..<i₁` and
/// only its upper part, columns `i₀..<n`. Strips are dealt round-robin to one worker per core (the
/// strips shrink as they go down, so interleaving balances the work).
enum SymmetricKernelBuilder {
    static let stripHeight = 32
    /// Columns per `dgemm` call in `symmetricProduct`: 32 × 3840 × 8 stays under OpenBLAS's small-matrix
    /// threshold (10⁶ multiply-adds), whose kernels read the operands in place instead of packing the
    /// strip into a buffer first. Measured on the 8000 × 8000 swiss-roll kernel with 8 columns: 35 ms
    /// against 94 ms for whole-strip calls.
    static let productChunk = 3840

    /// Builds a symmetric matrix from its upper strips, double-centres it and multiplies it by `scale`:
    ///
    ///     K ← scale · (K − 1 r̄ᵀ − r̄ 1ᵀ + ḡ 1 1ᵀ)   (= scale · J K J)
    ///
    /// `fillStrip(i₀, i₁, destination)` must write `K[i, j]` for `i ∈ i₀..<i₁`, `j ∈ i₀..<n` at
    /// `destination[(i − i₀) · n + (j − i₀)]` (row stride `n`); entries left of the diagonal inside the
    /// strip are ignored. Returns the matrix with the row means `r̄` and grand mean `ḡ` of the uncentred K.
    ///
    /// Two passes over memory: the fill with row and column sums of the upper triangle, then the centring
    /// written to both triangles.
    static func centeredSymmetric(
        dimension n: Int, scale: Double,
        fillStrip: (_ start: Int, _ end: Int, _ destination: UnsafeMutablePointer<Double>) -> Void
    ) -> (matrix: Matrix, rowMeans: [Double], grandMean: Double) {
        guard n > 0 else { return (Matrix(rows: 0, columns: 0), [], 0) }
        // Every entry is written below (the fill covers the upper strips, the centring both triangles), so
        // the n² buffer is not zeroed first: that would be one more pass over memory.
        var k = Matrix(rows: n, columns: n, elements: [Double](unsafeUninitializedCapacity: n * n) { _, count in count = n * n })
        let h = stripHeight
        let strips = (n + h - 1) / h
        let workers = Swift.max(1, Swift.min(ProcessInfoCores.count, strips))
        // Per worker: column sums of the strictly upper part; shared: row sums of the upper part (rows are
        // owned by one strip, so one writer each).
        var columnSums = [Double](repeating: 0, count: workers * n)
        var upperRowSums = [Double](repeating: 0, count: n)
        k.elements.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            columnSums.withUnsafeMutableBufferPointer { columns in
                upperRowSums.withUnsafeMutableBufferPointer { rows in
                    let columnBase = columns.baseAddress!, rowBase = rows.baseAddress!
                    BLAS.withThreads(1) {
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            let own = columnBase + worker * n
                            var strip = worker
                            while strip < strips {
                                let start = strip * h, end = Swift.min(n, start + h)
                                fillStrip(start, end, base + start * n + start)
                                for i in start..<end {
                                    let row = base + i * n
                                    var sum = row[i]
                                    for j in (i + 1)..<Swift.max(n, i + 1) {
                                        let value = row[j]
                                        sum += value
                                        own[j] += value
                                    }
                                    rowBase[i] = sum
                                }
                                strip += workers
                            }
                        }
                    }
                }
            }
        }
        var rowMeans = upperRowSums
        for worker in 0..<workers {
            for j in 0..<n { rowMeans[j] += columnSums[worker * n + j] }
        }
        for j in 0..<n { rowMeans[j] /= Double(n) }
        let grandMean = rowMeans.reduce(0, +) / Double(n)
        // Centre the upper triangle and mirror it, tile by tile so the transposed writes stay in cache.
        let tile = 64
        let tileRows = (n + tile - 1) / tile
        k.elements.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            rowMeans.withUnsafeBufferPointer { means in
                let mean = means.baseAddress!
                DispatchQueue.concurrentPerform(iterations: tileRows) { t in
                    let i0 = t * tile, i1 = Swift.min(n, i0 + tile)
                    for j0 in stride(from: i0, to: n, by: tile) {
                        let j1 = Swift.min(n, j0 + tile)
                        for i in i0..<i1 {
                            let row = base + i * n
                            let shift = grandMean - mean[i]
                            for j in Swift.max(j0, i)..<Swift.max(j1, i) {
                                let value = scale * (row[j] - mean[j] + shift)
                                row[j] = value
                                base[j * n + i] = value
                            }
                        }
                    }
                }
            }
        }
        return (k, rowMeans, grandMean)
    }

    /// `A B` for a symmetric `n × n` matrix `A` (both triangles stored) and an `n × w` block `B`, reading
    /// each off-diagonal entry of `A` once:
    ///
    ///     C[I] += A[I, i₀:] B[i₀:],   C[i₁:] += A[I, i₁:]ᵀ B[I]   for every strip I = i₀..<i₁
    ///
    /// Each worker accumulates into its own `n × w` buffer; the buffers are summed at the end. For a
    /// memory-bound product this halves the traffic of a plain `dgemm`; the calls are cut into pieces
    /// small enough for OpenBLAS's unpacked small-matrix kernels (see `productChunk`).
    static func symmetricProduct(_ a: Matrix, _ b: Matrix, chunk: Int = productChunk) -> Matrix {
        let n = a.rows, w = b.columns
        precondition(a.isSquare && b.rows == n, "symmetricProduct: \(a.rows) × \(a.columns) times \(b.rows) × \(b.columns)")
        guard n > 0 && w > 0 else { return Matrix(rows: n, columns: w) }
        let h = stripHeight
        let strips = (n + h - 1) / h
        let workers = Swift.max(1, Swift.min(ProcessInfoCores.count, strips))
        var partial = [Double](repeating: 0, count: workers * n * w)
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                partial.withUnsafeMutableBufferPointer { pc in
                    let aBase = pa.baseAddress!, bBase = pb.baseAddress!, cBase = pc.baseAddress!
                    BLAS.withThreads(1) {
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
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
