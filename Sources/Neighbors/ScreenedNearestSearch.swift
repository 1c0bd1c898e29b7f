import Dispatch
import Foundation
import LinearAlgebra

/// Exact k-nearest-neighbour search in cache-sized tiles: single-precision products screen the candidates,
/// double precision decides.
///
/// For a tile of 128 queries × 2048 fitted points, one `sgemm` on rows extended by one column gives
/// `‖xⱼ‖² − 2 qᵢ·xⱼ` (the squared distance less the constant `‖qᵢ‖²`), and each query keeps its `S = k + 8`
/// smallest values while the tile is still in cache, testing eight values at a time against the current worst. Single precision doubles the product's speed and halves its memory traffic, and its error is bounded:
///
///     |fl(D²ᵢⱼ) − D²ᵢⱼ| ≤ Eᵢ = (2d + 20) · 2⁻²⁴ · (‖qᵢ‖² + maxⱼ ‖xⱼ‖²)
///
/// (the data is centred on the fitted mean first, which keeps the norms, and so Eᵢ, small). Every true
/// k-nearest point has a screened value within `2 Eᵢ` of the k-th smallest one, so when the S-th kept value is
/// beyond that margin, the kept candidates contain the answer: their distances are recomputed exactly in double
/// precision and sorted by (distance, index). Otherwise, which takes many near-ties, that query is searched
/// again exactly over all points. The result is therefore the exact k nearest, ties broken by index.
///
/// - Complexity: 2 m n d single-precision flops (BLAS, split across cores) plus O(m n) comparisons, with
///   O(cores · 128 · 2048) scratch memory whatever m and n.
enum ScreenedNearestSearch {
    static let queryTile = 128
    static let referenceTile = 2048

    static func kNearest(reference: Matrix, queries: Matrix?, k: Int) -> NeighborList {
        let excludeSelf = queries == nil
        let queries = queries ?? reference
        let n = reference.rows, m = queries.rows, d = reference.columns
        let keep = min(k + 8, n - (excludeSelf ? 1 : 0))
        // Centred single-precision copies for screening, each row with one extra column so that a single
        // product gives the screened value: [q, 1] · [x, −½‖x‖²] scaled by −2 is ‖x‖² − 2 q·x.
        let mean = reference.columnMeans
        let width = d + 1
        let (referenceSingle, referenceNorms) = augmentedSingle(reference, mean, appendingHalfNegativeNorm: true)
        let (querySingle, queryNorms) = augmentedSingle(queries, mean, appendingHalfNegativeNorm: false)
        // Values beyond about 1e19 overflow the single-precision screen (its norms and products become ∞ or NaN,
        // and no candidate survives it): such data is searched exactly in double precision.
        let screenable: (Float) -> Bool = { $0.isFinite && $0 < Float.greatestFiniteMagnitude / 16 }
        guard referenceNorms.allSatisfy(screenable) && queryNorms.allSatisfy(screenable) else {
            return exactSearch(reference: reference, queries: queries, k: k, excludeSelf: excludeSelf)
        }
        let largestReferenceNorm = Double(referenceNorms.max() ?? 0)
        let errorFactor = Double(2 * d + 20) * 0x1p-24

        var indices = [Int](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        let blocks = (m + queryTile - 1) / queryTile
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, blocks))
        reference.elements.withUnsafeBufferPointer { x in
        queries.elements.withUnsafeBufferPointer { q in
        referenceSingle.withUnsafeBufferPointer { xs in
        querySingle.withUnsafeBufferPointer { qs in
        indices.withUnsafeMutableBufferPointer { indexBuffer in
        distances.withUnsafeMutableBufferPointer { distanceBuffer in
            let outIndices = indexBuffer, outDistances = distanceBuffer
            func work(_ worker: Int) {
                let tile = UnsafeMutablePointer<Float>.allocate(capacity: queryTile * referenceTile)
                let bestValues = UnsafeMutablePointer<Float>.allocate(capacity: queryTile * keep)
                let bestIndices = UnsafeMutablePointer<Int>.allocate(capacity: queryTile * keep)
                var exact = [(Double, Int)]()
                exact.reserveCapacity(keep)
                defer { tile.deallocate(); bestValues.deallocate(); bestIndices.deallocate() }
                var block = worker
                while block < blocks {
                    let start = block * queryTile, rows = min(queryTile, m - start)
                    bestValues.initialize(repeating: .infinity, count: rows * keep)
                    var first = 0
                    while first < n {
                        let columns = min(referenceTile, n - first)
                        sgemm(rows, columns, width, qs.baseAddress! + start * width, xs.baseAddress! + first * width, tile)
                        for r in 0..<rows {
                            let row = tile + r * columns
                            let values = bestValues + r * keep, owners = bestIndices + r * keep
                            let skip = excludeSelf ? start + r - first : -1
                            var worst = values[keep - 1]
                            // Eight values at a time: most chunks hold nothing below the current worst.
                            var j = 0
                            while j < columns {
                                let end = min(j + 8, columns)
                                if end - j == 8 {
                                    let smallest = min(min(min(row[j], row[j + 1]), min(row[j + 2], row[j + 3])),
                                                       min(min(row[j + 4], row[j + 5]), min(row[j + 6], row[j + 7])))
                                    if !(smallest < worst) { j = end; continue }
                                }
                                for c in j..<end {
                                    let value = row[c]
                                    guard value < worst, c != skip else { continue }
                                    var p = keep - 1
                                    while p > 0 && values[p - 1] > value {
                                        values[p] = values[p - 1]; owners[p] = owners[p - 1]; p -= 1
                                    }
                                    values[p] = value; owners[p] = first + c
                                    worst = values[keep - 1]
                                }
                                j = end
                            }
                        }
                        first += columns
                    }
                    for r in 0..<rows {
                        let query = start + r
                        let values = bestValues + r * keep, owners = bestIndices + r * keep
                        let margin = 2 * errorFactor * (Double(queryNorms[query]) + largestReferenceNorm)
                        let queryRow = q.baseAddress! + query * d
                        exact.removeAll(keepingCapacity: true)
                        let complete = keep == n - (excludeSelf ? 1 : 0)
                        if complete || Double(values[keep - 1]) - Double(values[k - 1]) > margin {
                            for t in 0..<keep {
                                exact.append((squaredDistance(queryRow, x.baseAddress! + owners[t] * d, d), owners[t]))
                            }
                        } else {
                            // Too many near-ties for the screen to decide: search this query exactly.
                            for j in 0..<n where !(excludeSelf && j == query) {
                                exact.append((squaredDistance(queryRow, x.baseAddress! + j * d, d), j))
                            }
                        }
                        exact.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                        for t in 0..<k {
                            outIndices[query * k + t] = exact[t].1
                            outDistances[query * k + t] = exact[t].0.squareRoot()
                        }
                    }
                    block += workers
                }
            }
            if workers == 1 {
                work(0)
            } else {
                BLAS.withThreads(1) { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            }
        }}}}}}
        return NeighborList(count: m, neighbors: k, indices: indices, distances: distances)
    }

    /// The k nearest by exact double-precision distances over all points, ties by index: O(m n d), for data the
    /// single-precision screen cannot hold.
    private static func exactSearch(reference: Matrix, queries: Matrix, k: Int, excludeSelf: Bool) -> NeighborList {
        let n = reference.rows, m = queries.rows, d = reference.columns
        var indices = [Int](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        reference.elements.withUnsafeBufferPointer { x in
            queries.elements.withUnsafeBufferPointer { q in
                var candidates = [(Double, Int)]()
                candidates.reserveCapacity(n)
                for i in 0..<m {
                    candidates.removeAll(keepingCapacity: true)
                    for j in 0..<n where !(excludeSelf && j == i) {
                        candidates.append((squaredDistance(q.baseAddress! + i * d, x.baseAddress! + j * d, d), j))
                    }
                    candidates.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
                    for t in 0..<k {
                        indices[i * k + t] = candidates[t].1
                        distances[i * k + t] = candidates[t].0.squareRoot()
                    }
                }
            }
        }
        return NeighborList(count: m, neighbors: k, indices: indices, distances: distances)
    }

    /// `(x − mean)` in single precision, row-major with one extra column: `−½‖x − mean‖²` for fitted rows, `1` for
    /// queries; and the squared norms `‖x − mean‖²`.
    private static func augmentedSingle(_ x: Matrix, _ mean: [Double], appendingHalfNegativeNorm: Bool)
        -> (rows: [Float], squaredNorms: [Float]) {
        let d = x.columns, width = d + 1
        var result = [Float](repeating: 0, count: x.rows * width)
        var norms = [Float](repeating: 0, count: x.rows)
        x.elements.withUnsafeBufferPointer { source in
            for i in 0..<x.rows {
                var norm: Float = 0
                for j in 0..<d {
                    let value = Float(source[i * d + j] - mean[j])
                    result[i * width + j] = value
                    norm += value * value
                }
                norms[i] = norm
                result[i * width + d] = appendingHalfNegativeNorm ? -0.5 * norm : 1
            }
        }
        return (result, norms)
    }

    /// `C ← −2 A Bᵀ` for an `m × d` block of queries and an `n × d` block of fitted rows (`sgemm`).
    @inline(__always)
    private static func sgemm(_ m: Int, _ n: Int, _ d: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                              _ c: UnsafeMutablePointer<Float>) {
        BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: n, k: d, alpha: -2, a: a, lda: d, b: b, ldb: d,
                   beta: 0, c: c, ldc: n)
    }

    @inline(__always)
    private static func squaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
        var sum = 0.0
        for c in 0..<d { let t = a[c] - b[c]; sum += t * t }
        return sum
    }
}
