import Dispatch
import Foundation
import LinearAlgebra
import Neighbors

/// t-SNE's input affinities: sparse rows `values[rowStarts[i] ..< rowStarts[i + 1]]` at `columns[…]`.
///
/// Conditional affinities (`conditional`) hold each point's k neighbours with `p_{j|i}` summing to 1 per
/// row; joint affinities (`symmetrized`) hold `p_{ij} = (p_{j|i} + p_{i|j}) / 2n`, symmetric, summing to 1.
/// Columns ascend within each row in both forms.
///
/// Storage is compact so that t-SNE's k = 90 graph fits at 10⁶ points: 32-bit column indices and
/// single-precision values, 8 bytes an entry (the joint P of 10⁶ points, about 1.3·10⁸ entries, is about 1.1 GB
/// instead of 2.2 GB with `Int` and `Double`; openTSNE keeps 32-bit indices and double values). Every value is
/// computed in double precision and rounded once when stored (relative error ≤ 2⁻²⁴ ≈ 6·10⁻⁸, far below the
/// gradient approximation's 10⁻³); the sums that use them run in double precision. Points are limited to
/// `Int32.max`, entries to `Int.max`.
struct TSNEAffinities: Sendable, Equatable {
    /// The number of rows (points whose affinities these are).
    let rows: Int
    /// Row starts, `rows + 1` entries.
    let rowStarts: [Int]
    /// Column (reference point) of each entry, ascending within a row.
    let columns: [Int32]
    /// The affinity of each entry, rounded to single precision.
    let values: [Float]

    /// Binary search on each point's Gaussian precision βᵢ so its conditional distribution over its k
    /// neighbours has the target perplexity:
    ///
    ///     p_{j|i} = exp(−βᵢ dᵢⱼ²) / Σ_l exp(−βᵢ d_{il}²),   H = −Σⱼ p_{j|i} log p_{j|i} = log(perplexity)
    ///
    /// (natural logarithms here; equal to log₂ perplexity in bits). βᵢ starts at 1, doubles or halves until
    /// the entropy is bracketed, then bisects, up to 200 steps or |H − log perplexity| ≤ 10⁻¹⁰ (openTSNE's
    /// scheme, with a tighter tolerance), in double precision. Distances are shifted by the nearest one inside
    /// the exponentials, which leaves p unchanged and avoids underflow. Each row is then stored by ascending
    /// column. Rows run in parallel.
    ///
    /// Edge cases: a row whose neighbours are all at one distance is uniform (its entropy log k cannot move).
    ///
    /// - Complexity: O(m k) per bisection step; 8 m k bytes of result beside the m × k list.
    static func conditional(neighbors list: NeighborList, perplexity: Double) -> TSNEAffinities {
        let m = list.count, k = list.neighbors
        var values = [Float](repeating: 0, count: m * k)
        var columns = [Int32](repeating: 0, count: m * k)
        let target = log(perplexity)
        list.distances.withUnsafeBufferPointer { distances in
        list.indices.withUnsafeBufferPointer { indices in
        values.withUnsafeMutableBufferPointer { p in
        columns.withUnsafeMutableBufferPointer { c in
            // Each chunk writes only its own rows of `p` and `c`.
            parallelRowChunks(m, minimumChunk: 512) { rows in
                var squared = [Double](repeating: 0, count: k), row = [Double](repeating: 0, count: k)
                var order = [Int](repeating: 0, count: k)
                for i in rows {
                    let base = i * k
                    let nearest = distances[base] * distances[base]
                    for j in 0..<k { squared[j] = distances[base + j] * distances[base + j] - nearest }
                    row.withUnsafeMutableBufferPointer { calibrateRow(squared, target: target, into: $0.baseAddress!) }
                    for j in 0..<k { order[j] = j }
                    order.sort { indices[base + $0] < indices[base + $1] }
                    for (slot, j) in order.enumerated() {
                        c[base + slot] = Int32(truncatingIfNeeded: indices[base + j])
                        p[base + slot] = Float(row[j])
                    }
                }
            }
        }}}}
        return TSNEAffinities(rows: m, rowStarts: Array(stride(from: 0, through: m * k, by: k)), columns: columns,
                              values: values)
    }

    /// Writes the calibrated row for shifted squared distances `d` (all ≥ 0) to `p`.
    private static func calibrateRow(_ d: [Double], target: Double, into p: UnsafeMutablePointer<Double>) {
        let k = d.count
        var beta = 1.0, lower = -Double.infinity, upper = Double.infinity
        for _ in 0..<200 {
            var sum = 0.0, weighted = 0.0
            for j in 0..<k {
                let value = exp(-beta * d[j])
                p[j] = value
                sum += value
                weighted += value * d[j]
            }
            // H = log Σ + β Σ p d (with p normalised), in nats.
            let entropy = log(sum) + beta * weighted / sum
            for j in 0..<k { p[j] /= sum }
            let difference = entropy - target
            if abs(difference) <= 1e-10 { break }
            if difference > 0 {
                lower = beta
                beta = upper.isInfinite ? beta * 2 : (beta + upper) / 2
            } else {
                upper = beta
                beta = lower.isInfinite ? beta / 2 : (beta + lower) / 2
            }
        }
    }

    /// The joint affinities `p_{ij} = (p_{j|i} + p_{i|j}) / 2n` of conditional affinities over n points.
    ///
    /// Without a transient of twice the entries: the incoming edges of every point (the transpose's structure,
    /// 4 bytes an entry) give each row's union of out- and in-neighbours, so the result is allocated at its
    /// final size; `p_{i|j}` is found by binary search in row j (columns ascend). Both orders of a pair add the
    /// same two doubles, so P is exactly symmetric.
    ///
    /// - Complexity: O(n k log k) time; memory beyond the input 4nk bytes plus the result (8 bytes an entry,
    ///   between nk and 2nk entries).
    static func symmetrized(_ conditional: TSNEAffinities, samples n: Int) -> TSNEAffinities {
        precondition(conditional.rows == n, "TSNEAffinities: \(conditional.rows) rows for \(n) samples")
        let starts = conditional.rowStarts, columns = conditional.columns, values = conditional.values
        // The incoming edges j → i of each point i, sources ascending (rows are visited in order).
        var counts = [Int](repeating: 0, count: n + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        let incomingStarts = counts
        counts = []
        var sources = [Int32](repeating: 0, count: columns.count)
        do {
            var fill = incomingStarts
            for i in 0..<n {
                for e in starts[i]..<starts[i + 1] {
                    let j = Int(columns[e])
                    sources[fill[j]] = Int32(i); fill[j] += 1
                }
            }
        }
        let scale = 1 / (2 * Double(n))
        var lengths = [Int](repeating: 0, count: n + 1)
        var rowStarts: [Int] = []
        var joint: (columns: [Int32], values: [Float]) = ([], [])
        columns.withUnsafeBufferPointer { columns in
        values.withUnsafeBufferPointer { values in
        sources.withUnsafeBufferPointer { sources in
            /// Merges row i's out-neighbours and in-neighbours (both ascending), calling `emit(j, p_{ij})` for each
            /// distinct j; returns how many.
            func merge(_ i: Int, _ emit: (Int32, Float) -> Void) -> Int {
                var (a, b) = (starts[i], incomingStarts[i])
                let (aEnd, bEnd) = (starts[i + 1], incomingStarts[i + 1])
                var count = 0
                while a < aEnd || b < bEnd {
                    let out = a < aEnd ? columns[a] : Int32.max, into = b < bEnd ? sources[b] : Int32.max
                    let j = min(out, into)
                    var sum = 0.0
                    if out == j { sum += Double(values[a]); a += 1 }
                    if into == j {
                        // p_{i|j}: entry i of row j.
                        var (lo, hi) = (starts[Int(j)], starts[Int(j) + 1])
                        while lo < hi { let mid = (lo + hi) / 2; if columns[mid] < Int32(i) { lo = mid + 1 } else { hi = mid } }
                        sum += Double(values[lo])
                        b += 1
                    }
                    emit(j, Float(sum * scale))
                    count += 1
                }
                return count
            }
            lengths.withUnsafeMutableBufferPointer { lengths in
                // Each chunk writes only its own rows' lengths.
                parallelRowChunks(n, minimumChunk: 1024) { rows in
                    for i in rows { lengths[i + 1] = merge(i) { _, _ in } }
                }
            }
            for i in 0..<n { lengths[i + 1] += lengths[i] }
            rowStarts = Array(lengths)
            let rowStarts = rowStarts
            var outColumns = [Int32](repeating: 0, count: lengths[n])
            var outValues = [Float](repeating: 0, count: lengths[n])
            outColumns.withUnsafeMutableBufferPointer { c in
            outValues.withUnsafeMutableBufferPointer { v in
                // Each chunk writes only its own rows' entries.
                parallelRowChunks(n, minimumChunk: 1024) { rows in
                    for i in rows {
                        var write = rowStarts[i]
                        _ = merge(i) { j, p in c[write] = j; v[write] = p; write += 1 }
                    }
                }
            }}
            joint = (outColumns, outValues)
        }}}
        return TSNEAffinities(rows: n, rowStarts: rowStarts, columns: joint.columns, values: joint.values)
    }
}
