import Dispatch
import Foundation
import LinearAlgebra

/// The exact radius search behind `NearestNeighbors.radiusNeighbors`: squared distances of a block of queries
/// to every fitted point by one `dgemm`, then a scan of each row. (k-nearest queries use the k-d tree or
/// `ScreenedNearestSearch`.)
///
///     D²ᵢⱼ = ‖qᵢ‖² + ‖xⱼ‖² − 2 qᵢ·xⱼ
///
/// Query blocks are independent and are split across cores (OpenBLAS single-threaded inside). The expanded
/// form only ranks candidates: the distances returned are recomputed exactly as `‖qᵢ − xⱼ‖`, so duplicate
/// points are at distance 0 and near-ties at the selection boundary are decided by the exact value; so are pairs
/// whose expanded form overflows (norms beyond 1e154), which it cannot rule out.
enum BruteForceSearch {
    /// Query rows per block: a block of distances stays near 16 MB, whatever the number of fitted points.
    static func blockRows(referenceCount n: Int) -> Int { max(8, min(512, (1 << 21) / max(n, 1))) }

    /// Calls `body(start, rowCount, block)` for every block of queries, where `block` holds the
    /// `rowCount × n` partial squared distances `‖xⱼ‖² − 2 qᵢ·xⱼ` (add `‖qᵢ‖²` for D²). Blocks run in parallel;
    /// `body` gets the index of the worker it runs on, so it can use per-worker scratch space.
    static func forEachBlock(reference x: UnsafeBufferPointer<Double>, referenceNorms: UnsafeBufferPointer<Double>,
                             queries q: UnsafeBufferPointer<Double>, queryCount m: Int, features d: Int,
                             workers requestedWorkers: Int,
                             body: (_ worker: Int, _ start: Int, _ rows: Int, _ block: UnsafePointer<Double>) -> Void) {
        let n = referenceNorms.count
        let blockRows = Self.blockRows(referenceCount: n)
        let blocks = (m + blockRows - 1) / blockRows
        let workers = max(1, min(requestedWorkers, blocks))
        func work(_ worker: Int) {
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * n)
            defer { scratch.deallocate() }
            var blockIndex = worker
            while blockIndex < blocks {
                let start = blockIndex * blockRows
                let rows = min(blockRows, m - start)
                BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: d, alpha: -2,
                          a: q.baseAddress! + start * d, lda: d, b: x.baseAddress!, ldb: d, beta: 0, c: scratch, ldc: n)
                for r in 0..<rows {
                    let row = scratch + r * n
                    for j in 0..<n { row[j] += referenceNorms[j] }
                }
                body(worker, start, rows, UnsafePointer(scratch))
                blockIndex += workers
            }
        }
        if workers == 1 {
            work(0)
        } else {
            BLAS.withThreads(1) { concurrentPerformSharing(iterations: workers, work) }  // worker-owned blocks and scratch
        }
    }

    /// Exact squared distance between row `i` of `a` and row `j` of `b`, both with `d` columns.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
        var sum = 0.0
        for c in 0..<d { let t = a[c] - b[c]; sum += t * t }
        return sum
    }

    /// Every fitted point within `radius` of each query (inclusive), nearest first, ties by index.
    static func withinRadius(reference: Matrix, referenceNorms: [Double], queries: Matrix, radius: Double,
                             excludeSelf: Bool) -> RadiusNeighborList {
        let n = reference.rows, m = queries.rows, d = reference.columns
        let limit = radius * radius
        let queryNorms = queries.rowSquaredNorms
        let workers = ProcessInfo.processInfo.activeProcessorCount
        // One result slot per query row; rows are written by exactly one worker.
        var rowIndices = [[Int]](repeating: [], count: m)
        var rowDistances = [[Double]](repeating: [], count: m)
        reference.elements.withUnsafeBufferPointer { x in
            referenceNorms.withUnsafeBufferPointer { xn in
                queries.elements.withUnsafeBufferPointer { q in
                    rowIndices.withUnsafeMutableBufferPointer { outI in
                        rowDistances.withUnsafeMutableBufferPointer { outD in
                            forEachBlock(reference: x, referenceNorms: xn, queries: q, queryCount: m, features: d,
                                         workers: workers) { _, start, rows, block in
                                for r in 0..<rows {
                                    let query = start + r
                                    let row = block + r * n
                                    let skip = excludeSelf ? query : -1
                                    let qp = q.baseAddress! + query * d
                                    var found: [(Double, Int)] = []
                                    for j in 0..<n where j != skip {
                                        // The expansion's rounding is relative to the norms: keep a margin,
                                        // then decide by the exact distance. Norms that overflow make the
                                        // expansion ∞ or NaN, which the exact distance decides too.
                                        let slack = 1e-9 * (queryNorms[query] + xn[j]) + 1e-300
                                        guard !(row[j] + queryNorms[query] > limit + slack) else { continue }
                                        let exact = squaredDistance(qp, x.baseAddress! + j * d, d)
                                        if exact <= limit { found.append((exact, j)) }
                                    }
                                    found.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                                    outI[query] = found.map(\.1)
                                    outD[query] = found.map { $0.0.squareRoot() }
                                }
                            }
                        }
                    }
                }
            }
        }
        var offsets = [0]
        offsets.reserveCapacity(m + 1)
        for row in rowIndices { offsets.append(offsets.last! + row.count) }
        return RadiusNeighborList(offsets: offsets, indices: rowIndices.flatMap { $0 },
                                  distances: rowDistances.flatMap { $0 })
    }
}
