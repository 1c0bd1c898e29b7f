import Dispatch
import LinearAlgebra

/// The Guttman transform of SMACOF and the stress sums, over tiles of rows.
///
///     bᵢⱼ = −δ̂ᵢⱼ / dᵢⱼ(X)  (i ≠ j),   bᵢᵢ = −Σ_{j≠i} bᵢⱼ,   X⁺ = (1/n) B(X) X
///
/// with `dᵢⱼ = 10⁻⁵` where it is 0 (scikit-learn's guard). `B(X) X` is an n × n by n × k product: each tile of
/// rows of `B` is built in a cache-sized buffer and multiplied by `X` with one `dgemm`; tiles run in parallel
/// (OpenBLAS single-threaded inside). The raw stress `σ(X) = Σ_{i<j} (dᵢⱼ − δ̂ᵢⱼ)²` and `Σ_{i<j} dᵢⱼ²` come from
/// the same pass, added in tile order so the result does not depend on the thread schedule.
///
/// Reference: J. de Leeuw, "Applications of convex analysis to multidimensional scaling" (1977); I. Borg,
/// P. J. F. Groenen, *Modern Multidimensional Scaling*, 2nd ed., Springer (2005), §8.
enum GuttmanTransform {
    /// Rows per tile: a tile of `B` stays near 2¹⁶ doubles (512 KB, about an L2 cache).
    static func tileRows(samples n: Int) -> Int { Swift.max(1, Swift.min(256, (1 << 16) / Swift.max(n, 1))) }

    /// The Euclidean distance between rows `i` and `j` of the row-major n × k buffer `x`.
    @inline(__always)
    static func distance(_ x: UnsafePointer<Double>, _ i: Int, _ j: Int, _ k: Int) -> Double {
        var squared = 0.0
        let a = x + i * k, b = x + j * k
        for c in 0..<k { let t = a[c] - b[c]; squared += t * t }
        return squared.squareRoot()
    }

    /// Sums of one pass: `Σ_{i<j} (dᵢⱼ − δ̂ᵢⱼ)²` and `Σ_{i<j} dᵢⱼ²`.
    struct StressSums {
        var residual = 0.0
        var squaredDistances = 0.0
    }

    /// `(1/n) B(X) X` for the disparities `delta` (n × n, symmetric, zero diagonal), and with `stress` the sums of
    /// `X` against `delta`. Without `product` only the sums are computed.
    static func apply(x: Matrix, disparities delta: Matrix, product: Bool, stress: Bool,
                      parallel: Bool) -> (next: Matrix?, sums: StressSums) {
        let (n, k) = (x.rows, x.columns)
        let rowsPerTile = tileRows(samples: n)
        let tiles = (n + rowsPerTile - 1) / rowsPerTile
        var next = Matrix(rows: product ? n : 0, columns: product ? k : 0)
        var partial = [StressSums](repeating: StressSums(), count: tiles)
        x.elements.withUnsafeBufferPointer { xb in
            delta.elements.withUnsafeBufferPointer { db in
                next.elements.withUnsafeMutableBufferPointer { out in
                    partial.withUnsafeMutableBufferPointer { sums in
                        let xp = xb.baseAddress!, dp = db.baseAddress!
                        let outBase = out.baseAddress
                        func run(_ tile: Int, _ buffer: UnsafeMutablePointer<Double>) {
                            let start = tile * rowsPerTile, end = Swift.min(n, start + rowsPerTile)
                            var local = StressSums()
                            for i in start..<end {
                                let row = buffer + (i - start) * n
                                let deltaRow = dp + i * n
                                var diagonal = 0.0
                                for j in 0..<n {
                                    let d = distance(xp, i, j, k)
                                    let target = deltaRow[j]
                                    if stress && j > i {
                                        local.residual += (d - target) * (d - target)
                                        local.squaredDistances += d * d
                                    }
                                    let ratio = target / (d == 0 ? 1e-5 : d)
                                    row[j] = -ratio
                                    diagonal += ratio
                                }
                                row[i] += diagonal
                            }
                            sums[tile] = local
                            if product, let outBase {
                                BLAS.gemm(transposeA: false, transposeB: false, m: end - start, n: k, k: n,
                                          alpha: 1 / Double(n), a: buffer, lda: n, b: xp, ldb: k,
                                          beta: 0, c: outBase + start * k, ldc: k)
                            }
                        }
                        if parallel && tiles > 1 {
                            let workers = Swift.min(ProcessInfoCores.count, tiles)
                            BLAS.withThreads(1) {
                                // `run(tile, _)` writes only the tile's rows of `out` and `sums[tile]`.
                                concurrentPerformSharing(iterations: workers) { worker in
                                    let buffer = UnsafeMutablePointer<Double>.allocate(capacity: rowsPerTile * n)
                                    defer { buffer.deallocate() }
                                    var tile = worker
                                    while tile < tiles { run(tile, buffer); tile += workers }
                                }
                            }
                        } else {
                            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: rowsPerTile * n)
                            defer { buffer.deallocate() }
                            for tile in 0..<tiles { run(tile, buffer) }
                        }
                    }
                }
            }
        }
        let total = partial.reduce(into: StressSums()) { $0.residual += $1.residual; $0.squaredDistances += $1.squaredDistances }
        return (product ? next : nil, total)
    }

    /// The distances of the rows of `x` as a full n × n matrix (for the isotonic step of non-metric SMACOF), with
    /// the stress sums of `x` against `delta` when given.
    static func distances(of x: Matrix, against delta: Matrix?, parallel: Bool) -> (distances: Matrix, sums: StressSums) {
        let (n, k) = (x.rows, x.columns)
        var result = Matrix(rows: n, columns: n)
        let rowsPerTile = tileRows(samples: n)
        let tiles = (n + rowsPerTile - 1) / rowsPerTile
        var partial = [StressSums](repeating: StressSums(), count: tiles)
        x.elements.withUnsafeBufferPointer { xb in
            result.elements.withUnsafeMutableBufferPointer { rb in
                partial.withUnsafeMutableBufferPointer { sums in
                    let xp = xb.baseAddress!, rp = rb.baseAddress!
                    func run(_ tile: Int) {
                        let start = tile * rowsPerTile, end = Swift.min(n, start + rowsPerTile)
                        var local = StressSums()
                        for i in start..<end {
                            for j in 0..<n {
                                let d = distance(xp, i, j, k)
                                rp[i * n + j] = d
                                if let delta, j > i {
                                    let t = delta.elements[i * n + j]
                                    local.residual += (d - t) * (d - t)
                                    local.squaredDistances += d * d
                                }
                            }
                        }
                        sums[tile] = local
                    }
                    if parallel && tiles > 1 {
                        concurrentPerformSharing(iterations: tiles, run)  // tile rows of `rp` and `sums[tile]`
                    } else {
                        for tile in 0..<tiles { run(tile) }
                    }
                }
            }
        }
        let total = partial.reduce(into: StressSums()) { $0.residual += $1.residual; $0.squaredDistances += $1.squaredDistances }
        return (result, total)
    }
}
