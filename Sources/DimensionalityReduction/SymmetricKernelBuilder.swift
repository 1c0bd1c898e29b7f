import Foundation
import LinearAlgebra

/// Building and multiplying large symmetric `n × n` matrices while touching each off-diagonal pair once.
///
/// The matrix is processed in horizontal strips of `stripHeight` rows; strip `I` covers rows `i₀..<i₁` and
/// only its upper part, columns `i₀..<n`. Strips are dealt round-robin to one worker per core (the
/// strips shrink as they go down, so interleaving balances the work).
enum SymmetricKernelBuilder {
    static let stripHeight = 32

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
                        // A worker writes its own strips' rows, its own column-sum slot and its rows' sums.
                        concurrentPerformSharing(iterations: workers) { worker in
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
                // Tile row `t` writes its rows right of the diagonal and their mirror images below it.
                let shared = UncheckedSendable((base, means.baseAddress!))
                DispatchQueue.concurrentPerform(iterations: tileRows) { t in
                    let (base, mean) = shared.value
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
}
