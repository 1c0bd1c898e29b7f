import Dispatch
import Foundation
import LinearAlgebra

/// FFT-accelerated interpolation of t-SNE's repulsive field in two dimensions (FIt-SNE, Linderman et al.
/// 2019, as in openTSNE):
///
///     φ₁(y) = Σⱼ K(y − yⱼ),  φ₂,₃(y) = Σⱼ K(y − yⱼ) yⱼ,  φ₄(y) = Σⱼ K(y − yⱼ) ‖yⱼ‖²,   K(δ) = 1 / (1 + ‖δ‖²)²
///     Σⱼ wᵢⱼ² (yᵢ − yⱼ) = yᵢ φ₁(yᵢ) − φ₂,₃(yᵢ),    Σⱼ wᵢⱼ = (1 + ‖yᵢ‖²) φ₁ − 2 yᵢ · φ₂,₃ + φ₄
///
/// The square [lower, lower + boxes · width]² is cut into `boxes`² boxes of width ≤ `intervalWidth` (1, as
/// openTSNE's `ints_in_interval`) and at least `minimumIntervals` per side (40; openTSNE's 50 would force the
/// next power of two for every embedding narrower than 42), each with 3 × 3 equispaced nodes (spacing
/// h = width / 3).
/// Each point's charges (1, y₁, y₂, ‖y‖²) are spread to its box's 9 nodes by Lagrange weights, the four node
/// fields are convolved with K sampled on the node lattice — an N × N Toeplitz product, N = 3 · boxes, done as
/// a circular convolution on an M × M grid, M the smallest power of two ≥ 2N − 1, by FFT — and the
/// potentials are interpolated back by the same weights. The box count is raised to fill the power-of-two
/// grid (⌊(M + 1) / 6⌋ boxes), which only adds accuracy.
///
/// The four real fields travel as two complex ones (1 + i y₁, y₂ + i ‖y‖²); K is real and even, so its
/// transform is real and the two halves never mix.
///
/// The kernel's transform depends only on M and the node spacing; a call whose grid keeps both (the width
/// of the previous call is kept while it is at most 25 % wider than the points need) reuses it.
///
/// - Complexity: O(n) to spread and gather, O(M² log M) for the transforms (two or three forward, two inverse).
final class InterpolationField: @unchecked Sendable {
    /// The minimum boxes per side (openTSNE's `min_num_intervals`).
    let minimumIntervals: Int
    /// The minimum box width (openTSNE's `ints_in_interval`).
    let intervalWidth: Double
    /// The grid's lower corner (both coordinates).
    private(set) var lower = 0.0
    /// The box width.
    private(set) var width = 1.0
    /// Boxes per side.
    private(set) var boxes = 0
    /// The FFT side M.
    private(set) var size = 0
    private var plan: FourierTransform2D?
    /// Field A (re, im), field B (re, im), kernel (re, im): six M × M buffers, then three scratch blocks.
    private var storage: UnsafeMutablePointer<Double>?
    private var capacity = 0
    /// The (M, width) whose kernel transform the kernel buffer holds.
    private var kernelKey = (0, 0.0)

    init(minimumIntervals: Int = 40, intervalWidth: Double = 1) {
        self.minimumIntervals = minimumIntervals
        self.intervalWidth = intervalWidth
    }

    deinit { storage?.deallocate() }

    /// Nodes per side, N = 3 · boxes.
    var nodes: Int { 3 * boxes }
    /// The upper edge of the grid.
    var upper: Double { lower + Double(boxes) * width }

    private func buffer(_ index: Int) -> UnsafeMutablePointer<Double> { storage! + index * size * size }

    /// Lays the grid over [low, high]², spreads the charges of the n points (row-major n × 2) and convolves,
    /// so `potentials(at:)` answers for any point inside the grid.
    func build(points y: UnsafePointer<Double>, count n: Int, low: Double, high: Double) {
        layGrid(low: low, high: high)
        let m = size, nn = nodes
        let aRe = buffer(0), aIm = buffer(1), bRe = buffer(2), bIm = buffer(3)
        // Zero the rows that hold charges (the column pass treats the rows below as zero).
        for f in 0..<4 { buffer(f).update(repeating: 0, count: nn * m) }
        for i in 0..<n {
            let (x0, x1) = (y[2 * i], y[2 * i + 1])
            let (bx, wx) = weights(x0), (by, wy) = weights(x1)
            let charge3 = x0 * x0 + x1 * x1
            for b in 0..<3 {
                let row = (by * 3 + b) * m + bx * 3
                for a in 0..<3 {
                    let w = wx[a] * wy[b]
                    aRe[row + a] += w
                    aIm[row + a] += w * x0
                    bRe[row + a] += w * x1
                    bIm[row + a] += w * charge3
                }
            }
        }
        convolve()
    }

    /// The interpolated potentials (φ₁, φ₂, φ₃, φ₄) at a point inside the grid.
    @inline(__always)
    func potentials(at x0: Double, _ x1: Double) -> (Double, Double, Double, Double) {
        let m = size
        let aRe = buffer(0), aIm = buffer(1), bRe = buffer(2), bIm = buffer(3)
        let (bx, wx) = weights(x0), (by, wy) = weights(x1)
        var p = (0.0, 0.0, 0.0, 0.0)
        for b in 0..<3 {
            let row = (by * 3 + b) * m + bx * 3
            for a in 0..<3 {
                let w = wx[a] * wy[b]
                p.0 += w * aRe[row + a]
                p.1 += w * aIm[row + a]
                p.2 += w * bRe[row + a]
                p.3 += w * bIm[row + a]
            }
        }
        return p
    }

    /// For a fit: `Σⱼ wᵢⱼ² (yᵢ − yⱼ)` of every point into `repulsion`, and Z = Σ_{i≠j} wᵢⱼ.
    func repulsion(points y: UnsafePointer<Double>, count n: Int, into repulsion: UnsafeMutablePointer<Double>) -> Double {
        var low = Double.infinity, high = -Double.infinity
        for i in 0..<(2 * n) { low = min(low, y[i]); high = max(high, y[i]) }
        build(points: y, count: n, low: low, high: high)
        var partial = [Double](repeating: 0, count: n)
        partial.withUnsafeMutableBufferPointer { z in
            TSNEGradient.parallelRows(n, minimumPerChunk: 2048) { range in
                for i in range {
                    let (x0, x1) = (y[2 * i], y[2 * i + 1])
                    let (p1, p2, p3, p4) = potentials(at: x0, x1)
                    repulsion[2 * i] = x0 * p1 - p2
                    repulsion[2 * i + 1] = x1 * p1 - p3
                    z[i] = (1 + x0 * x0 + x1 * x1) * p1 - 2 * (x0 * p2 + x1 * p3) + p4
                }
            }
        }
        return partial.reduce(0, +) - Double(n)
    }

    /// Chooses M, the box count and width for [low, high]², and (re)allocates the buffers.
    private func layGrid(low: Double, high: Double) {
        let range = max(high - low, 1e-12)
        let needed = max(minimumIntervals, Int((range / intervalWidth).rounded(.up)))
        var m = 8
        while (m + 1) / 6 < needed { m *= 2 }
        boxes = (m + 1) / 6
        // A hair of margin so the highest point falls inside the last box. The width of the previous call is
        // kept while it is at most 25 % wider than needed (and within `intervalWidth`), so the kernel's
        // transform can be reused.
        let ideal = range * (1 + 1e-9) / Double(boxes)
        if !(m == size && width >= ideal && width <= 1.25 * ideal && width <= intervalWidth) { width = ideal }
        lower = low
        if m != size {
            size = m
            plan = FourierTransform2D(size: m)
            let needed = 6 * m * m + 3 * plan!.scratchCount
            if needed > capacity {
                storage?.deallocate()
                storage = .allocate(capacity: needed)
                storage!.initialize(repeating: 0, count: needed)
                capacity = needed
            }
        }
    }

    /// The box index along one axis and the three Lagrange weights of the point in it.
    @inline(__always)
    private func weights(_ x: Double) -> (Int, SIMD3<Double>) {
        let position = (x - lower) / width
        let box = min(max(Int(position), 0), boxes - 1)
        let t = position - Double(box)
        // Nodes at 1/6, 1/2, 5/6 of the box: ℓ₀ = (t − ½)(t − ⅚)/((⅙ − ½)(⅙ − ⅚)), …
        let d0 = t - 1.0 / 6, d1 = t - 0.5, d2 = t - 5.0 / 6
        return (box, SIMD3(d1 * d2 * 4.5, -d0 * d2 * 9, d0 * d1 * 4.5))
    }

    /// Convolves the four node fields with K on the node lattice, in place (scaled by 1/M²).
    private func convolve() {
        let m = size, nn = nodes, h = width / 3
        let plan = plan!
        let kRe = buffer(4), kIm = buffer(5)
        let scratch = storage! + 6 * m * m
        let scratchCount = plan.scratchCount
        let fields = [(buffer(0), buffer(1)), (buffer(2), buffer(3)), (kRe, kIm)]
        let reuseKernel = kernelKey == (m, width)
        kernelKey = (m, width)
        // The kernel's circulant embedding: K at lattice offset (u, v), u and v in (−N, N), wrapped mod M.
        func offset(_ index: Int) -> Int? { index < nn ? index : (index > m - nn ? index - m : nil) }
        for u in 0..<m where !reuseKernel {
            let row = kRe + u * m
            guard let du = offset(u) else { row.update(repeating: 0, count: m); continue }
            for v in 0..<m {
                if let dv = offset(v) {
                    let r2 = (Double(du) * h) * (Double(du) * h) + (Double(dv) * h) * (Double(dv) * h)
                    row[v] = 1 / ((1 + r2) * (1 + r2))
                } else {
                    row[v] = 0
                }
            }
        }
        if !reuseKernel { kIm.update(repeating: 0, count: m * m) }
        concurrentPerformSharing(iterations: reuseKernel ? 2 : 3) { task in  // task `task` owns fields[task] and its scratch
            let (re, im) = fields[task]
            plan.forward(real: re, imaginary: im, nonzeroRows: task == 2 ? m : nn, scratch: scratch + task * scratchCount)
        }
        let scale = 1 / Double(m * m)
        concurrentPerformSharing(iterations: 2) { task in
            let (re, im) = fields[task]
            for e in 0..<(m * m) {
                let k = kRe[e] * scale
                re[e] *= k
                im[e] *= k
            }
            plan.inverse(real: re, imaginary: im, neededRows: nn, scratch: scratch + task * scratchCount)
        }
    }
}
