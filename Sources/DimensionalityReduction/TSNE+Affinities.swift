import Dispatch
import Foundation
import LinearAlgebra
import Neighbors

/// t-SNE's input affinities: sparse rows `values[rowStarts[i] ..< rowStarts[i + 1]]` at `columns[…]`.
///
/// Conditional affinities (`conditional`) hold each point's k neighbours with `p_{j|i}` summing to 1 per
/// row; joint affinities (`symmetrized`) hold `p_{ij} = (p_{j|i} + p_{i|j}) / 2n`, symmetric, summing to 1.
struct TSNEAffinities: Sendable, Equatable {
    /// The number of rows (points whose affinities these are).
    let rows: Int
    /// Row starts, `rows + 1` entries.
    let rowStarts: [Int]
    /// Column (reference point) of each entry, ascending within a row for the joint form.
    let columns: [Int]
    /// The affinity of each entry.
    let values: [Double]

    /// Binary search on each point's Gaussian precision βᵢ so its conditional distribution over its k
    /// neighbours has the target perplexity:
    ///
    ///     p_{j|i} = exp(−βᵢ dᵢⱼ²) / Σ_l exp(−βᵢ d_{il}²),   H = −Σⱼ p_{j|i} log p_{j|i} = log(perplexity)
    ///
    /// (natural logarithms here; equal to log₂ perplexity in bits). βᵢ starts at 1, doubles or halves until
    /// the entropy is bracketed, then bisects, up to 200 steps or |H − log perplexity| ≤ 10⁻¹⁰ (openTSNE's
    /// scheme, with a tighter tolerance). Distances are shifted by the nearest one inside the exponentials,
    /// which leaves p unchanged and avoids underflow. Rows run in parallel.
    ///
    /// Edge cases: a row whose neighbours are all at one distance is uniform (its entropy log k cannot move).
    static func conditional(neighbors list: NeighborList, perplexity: Double) -> TSNEAffinities {
        let m = list.count, k = list.neighbors
        var values = [Double](repeating: 0, count: m * k)
        let target = log(perplexity)
        let chunks = m < 512 ? 1 : ProcessInfoCores.count * 4
        let chunkSize = (m + chunks - 1) / chunks
        list.distances.withUnsafeBufferPointer { distances in
            values.withUnsafeMutableBufferPointer { p in
                let shared = UncheckedSendable((distances, p))  // chunk `chunk` writes only its own rows of `p`
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let (distances, p) = shared.value
                    var squared = [Double](repeating: 0, count: k)
                    for i in (chunk * chunkSize)..<min(m, (chunk + 1) * chunkSize) {
                        let base = i * k
                        let nearest = distances[base] * distances[base]
                        for j in 0..<k { squared[j] = distances[base + j] * distances[base + j] - nearest }
                        calibrateRow(squared, target: target, into: p.baseAddress! + base)
                    }
                }
            }
        }
        return TSNEAffinities(rows: m, rowStarts: Array(stride(from: 0, through: m * k, by: k)), columns: list.indices,
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
    /// - Complexity: O(n k log k) time, O(n k) memory.
    static func symmetrized(_ conditional: TSNEAffinities, samples n: Int) -> TSNEAffinities {
        precondition(conditional.rows == n, "TSNEAffinities: \(conditional.rows) rows for \(n) samples")
        // Count each row's entries: its own k plus those pointing at it.
        var counts = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            counts[i + 1] += conditional.rowStarts[i + 1] - conditional.rowStarts[i]
            for e in conditional.rowStarts[i]..<conditional.rowStarts[i + 1] { counts[conditional.columns[e] + 1] += 1 }
        }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var fill = Array(counts.dropLast())
        var columns = [Int](repeating: 0, count: counts[n])
        var values = [Double](repeating: 0, count: counts[n])
        let scale = 1 / (2 * Double(n))
        for i in 0..<n {
            for e in conditional.rowStarts[i]..<conditional.rowStarts[i + 1] {
                let j = conditional.columns[e], v = conditional.values[e] * scale
                columns[fill[i]] = j; values[fill[i]] = v; fill[i] += 1
                columns[fill[j]] = i; values[fill[j]] = v; fill[j] += 1
            }
        }
        // Sort each row by column and merge duplicates (pairs that are neighbours both ways).
        var rowStarts = [0]
        rowStarts.reserveCapacity(n + 1)
        var mergedColumns: [Int] = [], mergedValues: [Double] = []
        mergedColumns.reserveCapacity(columns.count)
        mergedValues.reserveCapacity(columns.count)
        var order: [Int] = []
        for i in 0..<n {
            let range = counts[i]..<counts[i + 1]
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: range)
            order.sort { columns[$0] < columns[$1] }
            var previous = -1
            for e in order {
                if columns[e] == previous {
                    mergedValues[mergedValues.count - 1] += values[e]
                } else {
                    mergedColumns.append(columns[e])
                    mergedValues.append(values[e])
                    previous = columns[e]
                }
            }
            rowStarts.append(mergedColumns.count)
        }
        return TSNEAffinities(rows: n, rowStarts: rowStarts, columns: mergedColumns, values: mergedValues)
    }
}
