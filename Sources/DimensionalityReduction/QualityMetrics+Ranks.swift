import Foundation
import LinearAlgebra

extension QualityMetrics {
    /// `1 − 2/(n k (2n − 3k − 1)) Σᵢ Σ_{j ∈ Nᵢᵏ(embedding)} max(0, r(i, j) − k)` with `r` the rank in
    /// `original`: trustworthiness, and continuity with the arguments swapped.
    ///
    /// Rows are processed in blocks of 64 across cores. Each block's squared distances to every point come
    /// from one `dgemm` per space (`‖a‖² + ‖b‖² − 2 a·b`); a point's `k` embedded neighbours are selected
    /// (self excluded by index, ties by index), then one pass over its original distances counts how many
    /// points come before each of them.
    static func rankPenalty(original x: Matrix, embedding y: Matrix, neighbors k: Int, method: String) throws -> Double {
        try checkPair(x, y, method: method)
        let n = x.rows
        guard k >= 1 && 2 * k < n else {
            throw DimensionalityReductionError.invalidParameter(
                method: method, name: "neighbors",
                message: "= \(k) must be at least 1 and less than samples / 2 = \(Double(n) / 2); use fewer neighbours or more samples")
        }
        let xNorms = x.rowSquaredNorms, yNorms = y.rowSquaredNorms
        let block = 64
        let blockCount = (n + block - 1) / block
        var penalties = [Double](repeating: 0, count: blockCount)
        penalties.withUnsafeMutableBufferPointer { output in
            x.elements.withUnsafeBufferPointer { px in
                y.elements.withUnsafeBufferPointer { py in
                    let shared = UncheckedSendable((output.baseAddress!, px, py))  // block `b` writes only `out[b]`
                    BLAS.withThreads(1) {
                        DispatchQueue.concurrentPerform(iterations: blockCount) { b in
                            let (out, px, py) = shared.value
                            let start = b * block, end = Swift.min(n, start + block)
                            out[b] = Self.blockPenalty(rows: start..<end, n: n, k: k,
                                                       x: px.baseAddress!, dx: x.columns, xNorms: xNorms,
                                                       y: py.baseAddress!, dy: y.columns, yNorms: yNorms)
                        }
                    }
                }
            }
        }
        let total = penalties.reduce(0, +)
        let (nd, kd) = (Double(n), Double(k))
        return 1 - total * 2 / (nd * kd * (2 * nd - 3 * kd - 1))
    }

    /// The penalty sum for the rows in `rows`.
    private static func blockPenalty(rows: Range<Int>, n: Int, k: Int,
                                     x: UnsafePointer<Double>, dx: Int, xNorms: [Double],
                                     y: UnsafePointer<Double>, dy: Int, yNorms: [Double]) -> Double {
        let m = rows.count
        var original = [Double](repeating: 0, count: m * n)
        var embedded = [Double](repeating: 0, count: m * n)
        original.withUnsafeMutableBufferPointer { o in
            BLAS.gemm(transposeA: false, transposeB: true, m: m, n: n, k: dx, alpha: -2, a: x + rows.lowerBound * dx,
                      lda: dx, b: x, ldb: dx, beta: 0, c: o.baseAddress!, ldc: n)
        }
        embedded.withUnsafeMutableBufferPointer { e in
            BLAS.gemm(transposeA: false, transposeB: true, m: m, n: n, k: dy, alpha: -2, a: y + rows.lowerBound * dy,
                      lda: dy, b: y, ldb: dy, beta: 0, c: e.baseAddress!, ldc: n)
        }
        var neighborDistance = [Double](repeating: 0, count: k)
        var neighborIndex = [Int](repeating: 0, count: k)
        var before = [Int](repeating: 0, count: k)
        var penalty = 0.0
        for (r, i) in rows.enumerated() {
            // k nearest in the embedding, sorted by (distance, index), self excluded by index.
            var found = 0
            let yi = yNorms[i]
            for j in 0..<n where j != i {
                let d = Swift.max(0, embedded[r * n + j] + yi + yNorms[j])
                if found == k && d >= neighborDistance[k - 1] { continue }
                var position = found < k ? found : k - 1
                while position > 0 && neighborDistance[position - 1] > d {
                    neighborDistance[position] = neighborDistance[position - 1]
                    neighborIndex[position] = neighborIndex[position - 1]
                    position -= 1
                }
                neighborDistance[position] = d
                neighborIndex[position] = j
                if found < k { found += 1 }
            }
            // Their ranks among i's neighbours in the original space (1 = nearest; ties by index).
            let xi = xNorms[i]
            for t in 0..<k { neighborDistance[t] = Swift.max(0, original[r * n + neighborIndex[t]] + xi + xNorms[neighborIndex[t]]); before[t] = 0 }
            for l in 0..<n where l != i {
                let d = Swift.max(0, original[r * n + l] + xi + xNorms[l])
                for t in 0..<k where d < neighborDistance[t] || (d == neighborDistance[t] && l < neighborIndex[t]) {
                    before[t] += 1
                }
            }
            for t in 0..<k { penalty += Double(Swift.max(0, before[t] + 1 - k)) }
        }
        return penalty
    }
}
