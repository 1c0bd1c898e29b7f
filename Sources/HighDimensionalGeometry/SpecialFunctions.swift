import Foundation

/// The gamma-function family the closed forms need: log Γ, the digamma function ψ = (log Γ)′, the trigamma
/// function ψ′ and the inverse of ψ on the positive axis.
///
/// ψ and ψ′ are computed from their asymptotic (Stirling) series after the recurrence has moved the
/// argument to x ≥ 10, where the truncated series is accurate to about one ulp:
///
///     ψ(x + 1) = ψ(x) + 1/x                  ψ′(x + 1) = ψ′(x) − 1/x²
///     ψ(x)  ~ ln x − 1/(2x) − Σₖ B₂ₖ / (2k x²ᵏ)
///     ψ′(x) ~ 1/x + 1/(2x²) + Σₖ B₂ₖ / x²ᵏ⁺¹
///
/// Negative arguments go through the reflection formulas ψ(1 − x) − ψ(x) = π cot(πx) and
/// ψ′(1 − x) + ψ′(x) = π² / sin²(πx).
///
/// Edge cases: at the poles x = 0, −1, −2, … both ψ and ψ′ return NaN; ψ(+∞) = +∞, ψ′(+∞) = 0; NaN in,
/// NaN out.
///
/// Reference: M. Abramowitz, I. A. Stegun, *Handbook of Mathematical Functions*, §6.3–6.4 (6.3.5, 6.3.7,
/// 6.3.18, 6.4.6, 6.4.7, 6.4.12).
public enum SpecialFunctions {
    /// Euler–Mascheroni constant γ = −ψ(1).
    public static let eulerGamma = 0.577_215_664_901_532_860_6

    /// `log |Γ(x)|` (the C library's `lgamma`).
    public static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// The digamma function `ψ(x) = Γ′(x) / Γ(x)`.
    ///
    /// - Complexity: O(1): at most ten recurrence steps and an eight-term series.
    public static func digamma(_ x: Double) -> Double {
        if x.isNaN || x == -.infinity { return .nan }
        if x == .infinity { return .infinity }
        if x <= 0 {
            let fraction = x - x.rounded(.down)
            if fraction == 0 { return .nan }
            // ψ(x) = ψ(1 − x) − π cot(πx); cot has period π, so reduce the argument first.
            return digamma(1 - x) - Double.pi * cos(Double.pi * fraction) / sin(Double.pi * fraction)
        }
        var x = x
        var shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let inverseSquare = 1 / (x * x)
        // Σ B₂ₖ/(2k) x⁻²ᵏ for k = 1…7, Horner in x⁻².
        let series = inverseSquare * (1.0 / 12 + inverseSquare * (-1.0 / 120 + inverseSquare * (1.0 / 252
            + inverseSquare * (-1.0 / 240 + inverseSquare * (1.0 / 132 + inverseSquare * (-691.0 / 32_760
            + inverseSquare * (1.0 / 12)))))))
        return shift + log(x) - 0.5 / x - series
    }

    /// The trigamma function `ψ′(x) = d²/dx² log Γ(x)`.
    ///
    /// - Complexity: O(1).
    public static func trigamma(_ x: Double) -> Double {
        if x.isNaN || x == -.infinity { return .nan }
        if x == .infinity { return 0 }
        if x <= 0 {
            let fraction = x - x.rounded(.down)
            if fraction == 0 { return .nan }
            let s = sin(Double.pi * fraction)
            return Double.pi * Double.pi / (s * s) - trigamma(1 - x)
        }
        var x = x
        var shift = 0.0
        while x < 10 {
            shift += 1 / (x * x)
            x += 1
        }
        let inverse = 1 / x
        let inverseSquare = inverse * inverse
        // Σ B₂ₖ x⁻²ᵏ⁻¹ for k = 1…7.
        let series = inverse * inverseSquare * (1.0 / 6 + inverseSquare * (-1.0 / 30 + inverseSquare * (1.0 / 42
            + inverseSquare * (-1.0 / 30 + inverseSquare * (5.0 / 66 + inverseSquare * (-691.0 / 2730
            + inverseSquare * (7.0 / 6)))))))
        return shift + inverse + 0.5 * inverseSquare + series
    }

    /// The positive solution `x > 0` of `ψ(x) = y` (ψ increases from −∞ to +∞ on (0, ∞), so it is unique).
    ///
    /// Newton's method on ψ from Minka's starting point (`exp(y) + ½` for y ≥ −2.22, else `−1/(y + γ)`),
    /// which converges in a handful of steps to a relative change below 4ε.
    ///
    /// Reference: T. P. Minka, "Estimating a Dirichlet distribution" (2000), appendix C.
    /// Edge cases: NaN for NaN; +∞ for +∞; 0 for −∞.
    public static func inverseDigamma(_ y: Double) -> Double {
        if y.isNaN { return .nan }
        if y == .infinity { return .infinity }
        if y == -.infinity { return 0 }
        var x = y >= -2.22 ? exp(y) + 0.5 : -1 / (y + eulerGamma)
        for _ in 0..<100 {
            var next = x - (digamma(x) - y) / trigamma(x)
            // ψ is concave, so a step from the right of the root lands left of it; never leave (0, ∞).
            if next <= 0 { next = x / 16 }
            let change = abs(next - x)
            x = next
            if change <= 4 * Double.ulpOfOne * x { break }
        }
        return x
    }

    /// `log(Γ(x + ½) / Γ(x)) − ½ log x`, accurate for every x > 0 (no cancellation between two large log Γ).
    ///
    /// For x ≥ 10 it sums the asymptotic series that follows from Stirling's series for log Γ(x + a),
    ///
    ///     Σ_{k odd} (2⁻ᵏ − 2) Bₖ₊₁ / (k (k + 1) xᵏ) = −1/(8x) + 1/(192x³) − 1/(640x⁵) + 17/(14336x⁷) − …
    ///
    /// and below that it takes the difference of `lgamma` values, which are small there.
    /// Γ(x + ½)/Γ(x) ≈ √x, so this is the logarithm of the correction factor.
    static func logHalfGammaRatioCorrection(_ x: Double) -> Double {
        precondition(x > 0, "logHalfGammaRatioCorrection: x = \(x) must be > 0")
        if x < 10 { return lgamma(x + 0.5) - lgamma(x) - 0.5 * log(x) }
        let inverse = 1 / x
        let inverseSquare = inverse * inverse
        return inverse * (-1.0 / 8 + inverseSquare * (1.0 / 192 + inverseSquare * (-1.0 / 640
            + inverseSquare * (17.0 / 14_336 + inverseSquare * (-31.0 / 18_432 + inverseSquare * (691.0 / 180_224
            + inverseSquare * (-5461.0 / 425_984)))))))
    }
}
