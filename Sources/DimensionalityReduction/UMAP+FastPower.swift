/// `x^p` for positive single-precision `x`, as `2^(p · log₂ x)` with short polynomials, eight lanes at a time:
/// the power UMAP's layout evaluates once per positive and once per negative sample (`d^(2b)` of the curve
/// φ(d) = 1 / (1 + a d^(2b))), where the library `powf` was most of the optimisation's time.
///
///     x = 2^e · m,  m ∈ [√½, √2)           log₂ m = (2 / ln 2) · atanh t,  t = (m − 1) / (m + 1), |t| ≤ 0.172
///                                          atanh t ≈ t + t³/3 + t⁵/5 + t⁷/7         (truncation < 5·10⁻⁸)
///     y = p (e + log₂ m) = i + f,  i = round(y), |f| ≤ ½
///     2^y = 2^i · exp(f ln 2),  exp z ≈ Σ_{k ≤ 6} zᵏ/k!  (|z| ≤ 0.347, truncation < 7·10⁻⁸)
///
/// Relative error grows with |y| (a few single-precision ulps of y, times |y|): below 5·10⁻⁷ for the |y| ≤ 12 of
/// UMAP's squared distances, 2.4·10⁻⁶ at |y| = 54; the test compares it with `Foundation.pow` over
/// x ∈ [10⁻⁸, 10⁸] and p ∈ [−0.5, 2].
///
/// Edge cases: `x` below the least normal float is raised to it (so 0 gives a finite, tiny or large, value; UMAP
/// masks the lanes at distance 0); y is clamped to [−126, 126], so the result is a normal float (never 0 or ∞).
/// NaN in gives an unspecified finite value: callers pass finite squared distances.
///
/// Written with separate multiplies and adds, integer tricks for the rounding (adding 1.5·2²³) and for the
/// exponent's conversion, and masks for the clamps: on the generic x86-64 target the standard library's
/// `addingProduct`, `rounded(_:)`, `pointwiseMax` and integer-to-float vector conversions become per-lane calls
/// (`fmaf` in software), an order of magnitude slower than this.
///
/// - Complexity: about 30 vector operations and one division per eight powers, no table, no branch; about
///   5 ns per eight powers against 12–16 ns per `powf` (measured on the project's machine, loaded).
enum UMAPFastPower {
    /// `x^p` lane by lane (see the type's note).
    @inline(__always)
    static func power(_ x: SIMD8<Float>, _ p: Float) -> SIMD8<Float> {
        exp2(p * log2(x))
    }

    /// `log₂ x` lane by lane, x raised to the least normal float first.
    @inline(__always)
    static func log2(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let normal = x.replacing(with: .leastNormalMagnitude, where: x .< .leastNormalMagnitude)
        // Subtracting √½'s bits splits x = 2^e · m with m ∈ [√½, √2) (musl's logf).
        let shifted = unsafeBitCast(normal, to: SIMD8<Int32>.self) &- 0x3F35_04F3
        let mantissa = unsafeBitCast((shifted & 0x007F_FFFF) &+ 0x3F35_04F3, to: SIMD8<Float>.self)
        // e as a float without a conversion: the bits of 2²³ + 256 + e, minus 2²³ + 256.
        let exponent = unsafeBitCast((shifted &>> 23) &+ (0x4B00_0000 + 256), to: SIMD8<Float>.self) - (8_388_608 + 256)
        let t = (mantissa - 1) / (mantissa + 1), t2 = t * t
        var series = SIMD8<Float>(repeating: 0.412_198_58)                 // (2 / ln 2) / 7
        series = SIMD8<Float>(repeating: 0.577_078_02) + t2 * series        // (2 / ln 2) / 5
        series = SIMD8<Float>(repeating: 0.961_796_69) + t2 * series        // (2 / ln 2) / 3
        series = SIMD8<Float>(repeating: 2.885_390_08) + t2 * series        // 2 / ln 2
        return exponent + t * series
    }

    /// `2^y` lane by lane, y clamped to [−126, 126].
    @inline(__always)
    static func exp2(_ y: SIMD8<Float>) -> SIMD8<Float> {
        let clamped = y.replacing(with: -126, where: y .< -126).replacing(with: 126, where: y .> 126)
        // Adding 1.5 · 2²³ rounds to the nearest integer i and leaves i in the low bits.
        let shifted = clamped + 12_582_912
        let z = (clamped - (shifted - 12_582_912)) * 0.693_147_18
        var series = SIMD8<Float>(repeating: 1.0 / 720)
        series = SIMD8<Float>(repeating: 1.0 / 120) + z * series
        series = SIMD8<Float>(repeating: 1.0 / 24) + z * series
        series = SIMD8<Float>(repeating: 1.0 / 6) + z * series
        series = SIMD8<Float>(repeating: 0.5) + z * series
        series = SIMD8<Float>(repeating: 1) + z * series
        series = SIMD8<Float>(repeating: 1) + z * series
        // Multiply by 2^i by adding i to the exponent field.
        let scale = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000) &<< 23
        return unsafeBitCast(unsafeBitCast(series, to: SIMD8<Int32>.self) &+ scale, to: SIMD8<Float>.self)
    }
}
