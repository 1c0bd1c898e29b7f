import Dispatch
import LinearAlgebra
import Neighbors

/// The sets of the k nearest other rows of each row, each set in increasing index: what a k-NN *connectivity*
/// graph needs, for any k.
///
/// `NearestNeighbors` returns each row's neighbours ordered by distance, screening candidates one by one, which
/// suits the usual k ≤ 50; spectral embedding's default k = n/10 (2 000 at n = 20 000) makes that the whole cost.
/// For large k this selects instead: a tile of rows gets its Gram products with every row by one `dgemm`, the
/// ranking key `‖xⱼ‖² − 2 xᵢ·xⱼ` (the squared distance less the constant `‖xᵢ‖²`, as scikit-learn's brute-force
/// search computes it), and the k-th smallest key by quickselect; the set is the keys below it plus, in index
/// order, enough keys equal to it (ties go to the smaller index). Scanning in index order leaves each set sorted.
///
/// - Complexity: n² d flops in `dgemm` plus O(n²) expected for the selections, split across cores; O(tile · n)
///   scratch per core.
enum NeighborSets {
    /// Rows per `dgemm` tile.
    static let tileRows = 64

    /// Each row's `k` nearest other rows (k ≥ 1, k < n), n × k indices, each row ascending. Small k or few
    /// dimensions go through `NearestNeighbors` (screened search or k-d tree).
    static func nearest(_ x: Matrix, count k: Int) throws -> [Int32] {
        let (n, d) = (x.rows, x.columns)
        if k <= 64 || d <= 10 {
            let list = try NearestNeighbors(neighbors: k).fit(x).kneighbors()
            var sets = list.indices.map(Int32.init)
            sets.withUnsafeMutableBufferPointer { s in
                parallelRowChunks(n, minimumChunk: 256) { rows in
                    for i in rows {
                        var row = UnsafeMutableBufferPointer(rebasing: s[(i * k)..<((i + 1) * k)])
                        row.sort()
                    }
                }
            }
            return sets
        }
        let norms = x.rowSquaredNorms
        var sets = [Int32](repeating: 0, count: n * k)
        let tiles = (n + tileRows - 1) / tileRows
        let workers = Swift.min(ProcessInfoCores.count, tiles)
        x.elements.withUnsafeBufferPointer { xb in
            norms.withUnsafeBufferPointer { nb in
                sets.withUnsafeMutableBufferPointer { out in
                    BLAS.withThreads(1) {
                        // A worker writes only its own tiles' rows of `out`; `x` and the norms are read-only.
                        let shared = UncheckedSendable((xb, nb, out))
                        DispatchQueue.concurrentPerform(iterations: workers) { worker in
                            let (xb, nb, out) = shared.value
                            let gram = UnsafeMutablePointer<Double>.allocate(capacity: tileRows * n)
                            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: n)
                            defer { gram.deallocate(); scratch.deallocate() }
                            var tile = worker
                            while tile < tiles {
                                let start = tile * tileRows, rows = Swift.min(tileRows, n - start)
                                BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: n, k: d, alpha: -2,
                                          a: xb.baseAddress! + start * d, lda: d, b: xb.baseAddress!, ldb: d,
                                          beta: 0, c: gram, ldc: n)
                                for r in 0..<rows {
                                    let i = start + r
                                    let keys = gram + r * n
                                    for j in 0..<n {
                                        let key = keys[j] + nb[j]
                                        keys[j] = key
                                        scratch[j] = key
                                    }
                                    keys[i] = .infinity
                                    scratch[i] = .infinity
                                    let threshold = select(scratch, count: n, rank: k - 1)
                                    // One pass in index order gathers every key ≤ threshold (into the scratch, now
                                    // free); surplus ties at the threshold are then dropped from the end, keeping
                                    // the smaller indices.
                                    var found = 0
                                    let picked = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Int.self)
                                    for j in 0..<n where keys[j] <= threshold { picked[found] = j; found += 1 }
                                    var last = found - 1
                                    var surplus = found - k
                                    var write = i * k + k - 1
                                    while last >= 0 {
                                        let j = picked[last]
                                        if surplus > 0 && keys[j] == threshold {
                                            surplus -= 1
                                        } else {
                                            out[write] = Int32(j); write -= 1
                                        }
                                        last -= 1
                                    }
                                }
                                tile += workers
                            }
                        }
                    }
                }
            }
        }
        return sets
    }

    /// The value of rank `rank` (0-based) among `values[0..<count]` (reordered in place), by quickselect with a
    /// median-of-three pivot; a range that shrinks too slowly is sorted instead, so the worst case is O(n log n).
    static func select(_ values: UnsafeMutablePointer<Double>, count: Int, rank: Int) -> Double {
        var low = 0, high = count - 1
        var rounds = 0
        while low < high {
            rounds += 1
            if rounds > 64 {
                var range = UnsafeMutableBufferPointer(start: values + low, count: high - low + 1)
                range.sort()
                return values[rank]
            }
            let middle = low + (high - low) / 2
            // Median of three as the pivot.
            var (a, b, c) = (values[low], values[middle], values[high])
            if a > b { swap(&a, &b) }
            if b > c { swap(&b, &c) }
            if a > b { swap(&a, &b) }
            let pivot = b
            // Hoare partition: [low, j] ≤ pivot ≤ [j + 1, high].
            var i = low - 1, j = high + 1
            while true {
                repeat { i += 1 } while values[i] < pivot
                repeat { j -= 1 } while values[j] > pivot
                if i >= j { break }
                let t = values[i]; values[i] = values[j]; values[j] = t
            }
            if rank <= j { high = j } else { low = j + 1 }
        }
        return values[rank]
    }
}
