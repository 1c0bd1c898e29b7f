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
/// openTSNE's `ints_in_interval`) and at least `minimumIntervals` per side (50, openTSNE's `min_num_intervals`),
/// each with 3 × 3 equispaced nodes (spacing h = width / 3).
/// Each point's charges (1, y₁, y₂, ‖y‖²) are spread to its box's 9 nodes by Lagrange weights, the four node
/// fields are convolved with K sampled on the node lattice (`LatticeConvolution`: an N × N Toeplitz product,
/// N = 3 · boxes, by FFTW on the 2N × 2N circulant embedding), and the potentials are interpolated back by the
/// same weights.
///
/// The grid is laid with 10 % headroom over the points' extent and a box count whose 2N factors into 2, 3, 5
/// and 7 (FFTW's fast sizes); it is kept, and with it the kernel's transform, while the points still fit and
/// the boxes are at most 25 % wider than the extent needs. More boxes than openTSNE's only add accuracy.
///
/// - Complexity: O(n) to spread and gather, O(N² log N) for the transforms (four fields, both ways).
final class InterpolationField: @unchecked Sendable {  // Mutated only by the fit that owns it, between parallel reads.
    /// The minimum boxes per side (openTSNE's `min_num_intervals`).
    let minimumIntervals: Int
    /// The maximum box width (openTSNE's `ints_in_interval`).
    let intervalWidth: Double
    /// The grid's lower corner (both coordinates).
    private(set) var lower = 0.0
    /// The box width.
    private(set) var width = 1.0
    /// Boxes per side.
    private(set) var boxes = 0
    /// The four node fields and their convolution with K, for the current box count.
    private var lattice: LatticeConvolution?
    /// The box width whose kernel the lattice holds.
    private var kernelWidth = 0.0

    init(minimumIntervals: Int = 50, intervalWidth: Double = 1) {
        self.minimumIntervals = minimumIntervals
        self.intervalWidth = intervalWidth
    }

    /// Nodes per side, N = 3 · boxes.
    var nodes: Int { 3 * boxes }
    /// The upper edge of the grid.
    var upper: Double { lower + Double(boxes) * width }

    /// Lays the grid over [low, high]², spreads the charges of the n points (row-major n × 2) and convolves,
    /// so `potentials(at:)` answers for any point inside the grid.
    func build(points y: UnsafePointer<Double>, count n: Int, low: Double, high: Double) {
        layGrid(low: low, high: high)
        let lattice = lattice!
        lattice.clear()
        let stride = lattice.rowStride
        let one = lattice.field(0), first = lattice.field(1), second = lattice.field(2), square = lattice.field(3)
        for i in 0..<n {
            let (x0, x1) = (y[2 * i], y[2 * i + 1])
            let (bx, wx) = weights(x0), (by, wy) = weights(x1)
            let charge3 = x0 * x0 + x1 * x1
            for b in 0..<3 {
                let row = (by * 3 + b) * stride + bx * 3
                for a in 0..<3 {
                    let w = wx[a] * wy[b]
                    one[row + a] += w
                    first[row + a] += w * x0
                    second[row + a] += w * x1
                    square[row + a] += w * charge3
                }
            }
        }
        lattice.convolve()
    }

    /// The interpolated potentials (φ₁, φ₂, φ₃, φ₄) at a point inside the grid.
    @inline(__always)
    func potentials(at x0: Double, _ x1: Double) -> (Double, Double, Double, Double) {
        let lattice = lattice!
        let stride = lattice.rowStride
        let one = lattice.field(0), first = lattice.field(1), second = lattice.field(2), square = lattice.field(3)
        let (bx, wx) = weights(x0), (by, wy) = weights(x1)
        var p = (0.0, 0.0, 0.0, 0.0)
        for b in 0..<3 {
            let row = (by * 3 + b) * stride + bx * 3
            for a in 0..<3 {
                let w = wx[a] * wy[b]
                p.0 += w * one[row + a]
                p.1 += w * first[row + a]
                p.2 += w * second[row + a]
                p.3 += w * square[row + a]
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

    /// Chooses the box count and width for [low, high]² and prepares the lattice and the kernel's transform.
    private func layGrid(low: Double, high: Double) {
        let range = max(high - low, 1e-12)
        lower = low
        // Keep the grid while the points fit with a hair of margin and the boxes are at most 25 % too wide.
        let fits = Double(boxes) * width >= range * (1 + 1e-9) && width <= 1.25 * range / Double(boxes)
        if lattice == nil || !fits {
            // A diverged layout (huge or non-finite extent) gets the largest grid, coarser boxes, rather than a trap
            // or gigabytes of grid.
            let span = range.isFinite ? range * 1.1 : 1
            let wanted = (span / intervalWidth).rounded(.up)
            let count = wanted < Double(Self.maximumBoxes) ? max(minimumIntervals, Int(wanted)) : Self.maximumBoxes
            boxes = Self.fastBoxCount(atLeast: min(count, Self.maximumBoxes))
            width = span / Double(boxes)
            if lattice?.nodes != nodes { lattice = LatticeConvolution(nodes: nodes, fieldCount: 4) }
        }
        if kernelWidth != width {
            kernelWidth = width
            let h = width / 3
            lattice!.setKernel { du, dv in
                let r2 = (Double(du) * h) * (Double(du) * h) + (Double(dv) * h) * (Double(dv) * h)
                return 1 / ((1 + r2) * (1 + r2))
            }
        }
    }

    /// The most boxes per side (N = 3 000 nodes, four fields of 6 000 × 3 001 complex values: about 1.2 GB); a wider
    /// embedding gets boxes wider than `intervalWidth`.
    static let maximumBoxes = 1_000

    /// The smallest box count ≥ `count` whose padded side 6 · boxes has no prime factor above 7.
    static func fastBoxCount(atLeast count: Int) -> Int {
        var boxes = max(count, 1)
        while true {
            var rest = boxes
            for prime in [2, 3, 5, 7] { while rest % prime == 0 { rest /= prime } }
            if rest == 1 { return boxes }
            boxes += 1
        }
    }

    /// The box index along one axis and the three Lagrange weights of the point in it.
    @inline(__always)
    private func weights(_ x: Double) -> (Int, SIMD3<Double>) {
        let position = (x - lower) / width
        // Clamped as a Double first, so a point far outside the grid (or NaN) cannot trap the conversion.
        let box = position > 0 ? Int(min(position, Double(boxes - 1))) : 0
        let t = position - Double(box)
        // Nodes at 1/6, 1/2, 5/6 of the box: ℓ₀ = (t − ½)(t − ⅚)/((⅙ − ½)(⅙ − ⅚)), …
        let d0 = t - 1.0 / 6, d1 = t - 0.5, d2 = t - 5.0 / 6
        return (box, SIMD3(d1 * d2 * 4.5, -d0 * d2 * 9, d0 * d1 * 4.5))
    }
}
