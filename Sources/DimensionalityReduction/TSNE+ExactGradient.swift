import Dispatch
import Foundation
import LinearAlgebra

/// The pieces of t-SNE's gradient and objective, in openTSNE's scale (the gradient divided by 4):
///
///     gᵢ = α Σⱼ p_{ij} wᵢⱼ (yᵢ − yⱼ)  −  (1/Z) Σⱼ wᵢⱼ² (yᵢ − yⱼ),    ∂C/∂yᵢ = 4 gᵢ  (α = 1)
///
/// with wᵢⱼ = 1 / (1 + ‖yᵢ − yⱼ‖²) and Z = Σ_{i≠j} wᵢⱼ. The attraction runs over the sparse P; the exact
/// repulsion over all pairs. Layouts are row-major n × c buffers; rows are split across the cores.
enum TSNEGradient {
    /// Overwrites `g` with the attraction `α Σⱼ p_{ij} wᵢⱼ (yᵢ − rⱼ)` of each row i of `affinities`, where y
    /// holds the rows' points and r the reference points the columns index (r = y in a fit).
    static func attraction(_ affinities: TSNEAffinities, points y: UnsafePointer<Double>, reference r: UnsafePointer<Double>,
                           components c: Int, exaggeration: Double, into g: UnsafeMutablePointer<Double>) {
        let n = affinities.rows
        affinities.rowStarts.withUnsafeBufferPointer { starts in
            affinities.columns.withUnsafeBufferPointer { columns in
                affinities.values.withUnsafeBufferPointer { values in
                    parallelRows(n, minimumPerChunk: 2048) { range in
                        if c == 2 {
                            // The common case with the coordinates in registers: about twice as fast.
                            for i in range {
                                let (a0, a1) = (y[2 * i], y[2 * i + 1])
                                var (s0, s1) = (0.0, 0.0)
                                for e in starts[i]..<starts[i + 1] {
                                    let j = Int(columns[e])
                                    let d0 = a0 - r[2 * j], d1 = a1 - r[2 * j + 1]
                                    let strength = Double(values[e]) / (1 + d0 * d0 + d1 * d1)
                                    s0 += strength * d0
                                    s1 += strength * d1
                                }
                                g[2 * i] = exaggeration * s0
                                g[2 * i + 1] = exaggeration * s1
                            }
                            return
                        }
                        for i in range {
                            let yi = y + i * c, gi = g + i * c
                            for t in 0..<c { gi[t] = 0 }
                            for e in starts[i]..<starts[i + 1] {
                                let rj = r + Int(columns[e]) * c
                                var squared = 0.0
                                for t in 0..<c { let d = yi[t] - rj[t]; squared += d * d }
                                let strength = exaggeration * Double(values[e]) / (1 + squared)
                                for t in 0..<c { gi[t] += strength * (yi[t] - rj[t]) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Writes `Σⱼ wᵢⱼ² (yᵢ − yⱼ)` of every point to `repulsion` and returns Z = Σ_{i≠j} wᵢⱼ, over all pairs.
    ///
    /// - Complexity: O(n² c), rows across the cores.
    static func exactRepulsion(points y: UnsafePointer<Double>, count n: Int, components c: Int,
                               into repulsion: UnsafeMutablePointer<Double>) -> Double {
        var partial = [Double](repeating: 0, count: n)
        partial.withUnsafeMutableBufferPointer { z in
            parallelRows(n, minimumPerChunk: 64) { range in
                if c == 2 {
                    // The common case without the inner loops over components.
                    for i in range {
                        let (a0, a1) = (y[2 * i], y[2 * i + 1])
                        var (sum, r0, r1) = (0.0, 0.0, 0.0)
                        for j in 0..<n {
                            let d0 = a0 - y[2 * j], d1 = a1 - y[2 * j + 1]
                            let w = 1 / (1 + d0 * d0 + d1 * d1)
                            sum += w
                            r0 += w * w * d0
                            r1 += w * w * d1
                        }
                        // The j = i term added w = 1 and no force.
                        z[i] = sum - 1
                        repulsion[2 * i] = r0
                        repulsion[2 * i + 1] = r1
                    }
                    return
                }
                for i in range {
                    let yi = y + i * c, ri = repulsion + i * c
                    for t in 0..<c { ri[t] = 0 }
                    var sum = 0.0
                    for j in 0..<n where j != i {
                        let yj = y + j * c
                        var squared = 0.0
                        for t in 0..<c { let d = yi[t] - yj[t]; squared += d * d }
                        let w = 1 / (1 + squared)
                        sum += w
                        let w2 = w * w
                        for t in 0..<c { ri[t] += w2 * (yi[t] - yj[t]) }
                    }
                    z[i] = sum
                }
            }
        }
        return partial.reduce(0, +)
    }

    /// For each of m new points, `Σⱼ wᵢⱼ² (yᵢ − rⱼ)` over the n reference points into `repulsion` and
    /// `Zᵢ = Σⱼ wᵢⱼ` into `normalizers` (openTSNE's point-wise normalisation in `transform`).
    ///
    /// - Complexity: O(m n c), rows across the cores.
    static func exactRepulsion(points y: UnsafePointer<Double>, count m: Int, reference r: UnsafePointer<Double>,
                               referenceCount n: Int, components c: Int, into repulsion: UnsafeMutablePointer<Double>,
                               normalizers: UnsafeMutablePointer<Double>) {
        parallelRows(m, minimumPerChunk: 16) { range in
            for i in range {
                let yi = y + i * c, ri = repulsion + i * c
                for t in 0..<c { ri[t] = 0 }
                var sum = 0.0
                for j in 0..<n {
                    let rj = r + j * c
                    var squared = 0.0
                    for t in 0..<c { let d = yi[t] - rj[t]; squared += d * d }
                    let w = 1 / (1 + squared)
                    sum += w
                    for t in 0..<c { ri[t] += w * w * (yi[t] - rj[t]) }
                }
                normalizers[i] = sum
            }
        }
    }

    /// KL(P ‖ Q) = Σ p log p − Σ p log wᵢⱼ + log Z for joint affinities summing to 1 and the normaliser Z.
    static func klDivergence(_ affinities: TSNEAffinities, points y: UnsafePointer<Double>, components c: Int,
                             normalizer z: Double) -> Double {
        var sum = 0.0, total = 0.0
        for i in 0..<affinities.rows {
            for e in affinities.rowStarts[i]..<affinities.rowStarts[i + 1] {
                let p = Double(affinities.values[e])
                guard p > 0 else { continue }
                let yi = y + i * c, yj = y + Int(affinities.columns[e]) * c
                var squared = 0.0
                for t in 0..<c { let d = yi[t] - yj[t]; squared += d * d }
                sum += p * (log(p) + log1p(squared))
                total += p
            }
        }
        return sum + total * log(z)
    }

    /// The exact gradient ∂C/∂y of KL(P ‖ Q) (with its factor 4), n × c row-major, and C: the reference the
    /// approximations are tested against.
    static func exact(_ affinities: TSNEAffinities, layout y: [Double], components c: Int) -> (gradient: [Double], divergence: Double) {
        let n = affinities.rows
        var attraction = [Double](repeating: 0, count: n * c), repulsion = attraction
        var z = 0.0
        y.withUnsafeBufferPointer { points in
            attraction.withUnsafeMutableBufferPointer { a in
                TSNEGradient.attraction(affinities, points: points.baseAddress!, reference: points.baseAddress!, components: c,
                                        exaggeration: 1, into: a.baseAddress!)
            }
            repulsion.withUnsafeMutableBufferPointer { r in
                z = exactRepulsion(points: points.baseAddress!, count: n, components: c, into: r.baseAddress!)
            }
        }
        let gradient = (0..<(n * c)).map { 4 * (attraction[$0] - repulsion[$0] / z) }
        let divergence = y.withUnsafeBufferPointer { klDivergence(affinities, points: $0.baseAddress!, components: c, normalizer: z) }
        return (gradient, divergence)
    }

    /// Runs `body` over chunks of `0..<count` on all cores (one chunk when the work is small). `body` runs
    /// concurrently and may write through raw buffers only at its own rows (the rule of `UncheckedSendable`).
    static func parallelRows(_ count: Int, minimumPerChunk: Int, _ body: (Range<Int>) -> Void) {
        let chunks = max(1, min(ProcessInfoCores.count * 4, count / max(1, minimumPerChunk)))
        if chunks == 1 { body(0..<count); return }
        let size = (count + chunks - 1) / chunks
        concurrentPerformSharing(iterations: chunks) { chunk in
            let start = chunk * size
            if start < count { body(start..<min(count, start + size)) }
        }
    }
}
