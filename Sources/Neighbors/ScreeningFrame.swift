import LinearAlgebra

/// The single-precision picture of a data set that `ScreenedNearestSearch` screens with, and the rigorous error
/// bound that makes its screen a lower bound of the exact squared distance.
///
/// Rows are centred on a robust centre μ (the coordinate-wise median of up to 1025 evenly spaced rows) and scaled
/// by a power of two `s` (exact) chosen so that a typical row's largest entry is about 2¹⁰. A row whose largest
/// centred entry is more than 2¹⁵ times the median one, or is not finite, is an *outlier*: it never enters single
/// precision (where its square could overflow, or swamp everyone else's rounding) and is compared in double
/// precision with every point instead. So every finite input is handled, however wide its range.
///
/// For an inlier query `a = s(q − μ)` and an inlier fitted row `b = s(x − μ)` (`α = ‖a‖`, `β = ‖b‖`), one `sgemm`
/// of `[â, 1, α]` against `[b̂, h, g]` with `alpha = −2`, where `h = −½‖b̂‖² + ½c₂β²` and `g = ½c₁β`, gives
///
///     v = fl(‖b̂‖² − 2 â·b̂ − c₁ α β − c₂ β²),    c₁ = (3d + 16) 2⁻²⁴,   c₂ = (2d + 16) 2⁻²⁴
///
/// The rounding of the conversion to single precision (2u αβ + 2u β²), of `h` (u β²) and of a (d + 2)-term sum
/// in any order (γ_{d+2}(2αβ + β²)), with u = 2⁻²⁴, is below `c₁ α β + c₂ β²`, so `v ≤ ‖b‖² − 2 a·b` and
///
///     ℓ = v + κ ≤ s² · fl(‖q − x‖²),    κ = ‖a‖² (1 − (4d + 40) 2⁻⁵³) − (d + 2) 2⁻⁹⁰
///
/// where `fl(‖q − x‖²)` is the double-precision distance `Σ (qₜ − xₜ)²` that decides the answer: the κ terms
/// cover its rounding (relative (d + 3) 2⁻⁵³ of `2α² + 2β²`), and the absolute term any underflow of tiny entries
/// in single precision. ℓ is therefore a proven lower bound: a point with `ℓ > s² θ` is farther than θ.
struct ScreeningFrame {
    /// Columns of the screened rows: the d centred, scaled entries and two for the error bound.
    let width: Int
    let features: Int
    let center: [Double]
    /// The power of two `s` the centred rows are multiplied by.
    let scale: Double
    /// Centred rows whose largest entry times `scale` exceeds this are outliers.
    static let inlierLimit = 0x1p25
    /// The screened value of an outlier fitted row: above every inlier's (whose |v| < 2⁶⁴) and above `cutoffCeiling`.
    static let outlierValue: Float = 0x1p101
    /// The largest screening cutoff: inliers are always below it, outliers always above.
    static let cutoffCeiling: Float = 0x1p100

    /// The frame of the fitted rows `x` (n × d, finite).
    init(_ x: Matrix) {
        let n = x.rows, d = x.columns
        features = d
        width = d + 2
        // Coordinate-wise median of evenly spaced rows: a centre that a few huge rows cannot drag away.
        let sampleCount = min(n, 1025)
        var center = [Double](repeating: 0, count: d)
        var column = [Double](repeating: 0, count: sampleCount)
        for c in 0..<d {
            for t in 0..<sampleCount { column[t] = x.elements[(t * n / sampleCount) * d + c] }
            column.sort()
            center[c] = column[sampleCount / 2]
        }
        self.center = center
        // The median over rows of the largest centred entry sets the scale.
        var largest = (0..<n).map { i in Self.largestEntry(x.elements, row: i, d: d, center: center) }
        largest.sort()
        var typical = largest[n / 2]
        if !(typical > 0) { typical = largest.first(where: { $0 > 0 }) ?? 1 }
        if !typical.isFinite { typical = largest.last(where: { $0.isFinite }) ?? 1 }
        if !(typical > 0) { typical = 1 }
        let exponent = max(-1000, min(1000, 10 - Int(typical.exponent)))
        scale = Double(sign: .plus, exponent: exponent, significand: 1)
    }

    /// `max_t |x_{i t} − μ_t|` (∞ when it overflows).
    @inline(__always)
    static func largestEntry(_ x: [Double], row i: Int, d: Int, center: [Double]) -> Double {
        var largest = 0.0
        for c in 0..<d { largest = Swift.max(largest, abs(x[i * d + c] - center[c])) }
        return largest
    }

    /// Whether row `i` of `x` is screened in single precision.
    func isInlier(_ x: Matrix, row i: Int) -> Bool {
        let largest = Self.largestEntry(x.elements, row: i, d: features, center: center)
        return largest.isFinite && largest * scale <= Self.inlierLimit
    }

    private var c1: Double { Double(3 * features + 16) * 0x1p-24 }
    private var c2: Double { Double(2 * features + 16) * 0x1p-24 }

    /// The fitted rows as `[b̂, h, g]` (n × width, row-major) and the indices of the outliers, whose rows hold
    /// zeros and `h = −½ · outlierValue` so that their screened value is `outlierValue`.
    func fittedRows(_ x: Matrix) -> (rows: [Float], outliers: [Int]) {
        let n = x.rows, d = features
        var rows = [Float](repeating: 0, count: n * width)
        var outliers: [Int] = []
        var b = [Double](repeating: 0, count: d)
        for i in 0..<n {
            guard isInlier(x, row: i) else {
                outliers.append(i)
                rows[i * width + d] = -0.5 * Self.outlierValue
                continue
            }
            var exactNorm = 0.0, roundedNorm = 0.0
            for c in 0..<d {
                b[c] = (x.elements[i * d + c] - center[c]) * scale
                let rounded = Float(b[c])
                rows[i * width + c] = rounded
                exactNorm += b[c] * b[c]
                roundedNorm += Double(rounded) * Double(rounded)
            }
            let beta = Swift.max(exactNorm, roundedNorm).squareRoot() * (1 + 0x1p-20)
            rows[i * width + d] = Float(-0.5 * roundedNorm + 0.5 * c2 * beta * beta)
            rows[i * width + d + 1] = Float(0.5 * c1 * beta)
        }
        return (rows, outliers)
    }

    /// The query rows as `[â, 1, α]` (m × width), each inlier's κ (ℓ = v + κ), and whether each is an inlier
    /// (an outlier's row holds zeros and a 1).
    func queryRows(_ q: Matrix) -> (rows: [Float], offsets: [Double], inlier: [Bool]) {
        let m = q.rows, d = features
        var rows = [Float](repeating: 0, count: m * width)
        var offsets = [Double](repeating: 0, count: m)
        var inlier = [Bool](repeating: false, count: m)
        let absolute = Double(d + 2) * 0x1p-90
        let relative = 1 - Double(4 * d + 40) * 0x1p-53
        for i in 0..<m {
            rows[i * width + d] = 1
            guard isInlier(q, row: i) else { continue }
            inlier[i] = true
            var exactNorm = 0.0, roundedNorm = 0.0
            for c in 0..<d {
                let a = (q.elements[i * d + c] - center[c]) * scale
                let rounded = Float(a)
                rows[i * width + c] = rounded
                exactNorm += a * a
                roundedNorm += Double(rounded) * Double(rounded)
            }
            rows[i * width + d + 1] = Float(Swift.max(exactNorm, roundedNorm).squareRoot() * (1 + 0x1p-20))
            offsets[i] = exactNorm * relative - absolute
        }
        return (rows, offsets, inlier)
    }

    /// The screening cutoff for a query with offset κ whose candidates so far put the answer within the exact
    /// squared distance θ: every fitted inlier with `v > cutoff` is farther than θ. Rounded up, capped at
    /// `cutoffCeiling` (so outliers stay out), `cutoffCeiling` while θ is unknown.
    func cutoff(threshold theta: Double, offset kappa: Double) -> Float {
        guard theta.isFinite else { return Self.cutoffCeiling }
        // s² θ rounded up, with room for the exact distance's underflow; then θ_s − κ rounded up.
        let scaled = (theta + 0x1p-1060) * scale * scale * (1 + 0x1p-50) + 0x1p-1060
        let difference = scaled - kappa
        let bound = difference + 0x1p-50 * (abs(scaled) + abs(kappa))
        guard bound < Double(Self.cutoffCeiling) else { return Self.cutoffCeiling }
        var result = Float(bound)
        if Double(result) < bound { result = result.nextUp }
        return result
    }
}
