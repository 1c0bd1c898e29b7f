import Foundation

/// Closed forms for the n-dimensional Euclidean ball `Bₙ(R) = {x ∈ ℝⁿ : ‖x‖₂ ≤ R}` and its boundary sphere.
///
/// The dimension is a real number `n ≥ 0` wherever the formula allows it, so that the dimension where the
/// volume peaks can be found by calculus. Every quantity is computed in log space first: Γ(n/2 + 1)
/// overflows a `Double` near n = 340 and Vₙ(1) underflows near n = 1300, but their logarithms do not.
///
/// Reference: NIST DLMF §5.19(iii), "n-Dimensional Sphere"; Hastie, Tibshirani, Friedman, *The Elements of
/// Statistical Learning* (2nd ed.), §2.5.
public enum Ball {
    /// `log Vₙ(R)`, the logarithm of the ball's volume.
    ///
    ///     log Vₙ(R) = (n/2) log π + n log R − log Γ(n/2 + 1)
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 0` and `radius > 0`, both finite.
    public static func logVolume(dimension n: Double, radius: Double = 1) throws -> Double {
        try Check.nonNegative(n, "dimension", in: "Ball.logVolume")
        try Check.positive(radius, "radius", in: "Ball.logVolume")
        return unitLogVolume(n) + n * log(radius)
    }

    /// The volume of the n-ball of radius `R`.
    ///
    ///     Vₙ(R) = π^(n/2) Rⁿ / Γ(n/2 + 1)        V₂ = πR², V₃ = 4πR³/3, V₁₀(1) = π⁵/120
    ///
    /// Edge cases: `V₀ = 1`; the result underflows to 0 or overflows to +∞ only when the true value lies
    /// outside the `Double` range (use `logVolume` there).
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 0` and `radius > 0`, both finite.
    public static func volume(dimension n: Double, radius: Double = 1) throws -> Double {
        exp(try logVolume(dimension: n, radius: radius))
    }

    /// `log Sₙ₋₁(R)`, the logarithm of the area of the sphere that bounds the n-ball.
    ///
    ///     log Sₙ₋₁(R) = log 2 + (n/2) log π + (n − 1) log R − log Γ(n/2)
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension > 0` and `radius > 0`, both finite.
    public static func logSurfaceArea(dimension n: Double, radius: Double = 1) throws -> Double {
        try Check.positive(n, "dimension", in: "Ball.logSurfaceArea")
        try Check.positive(radius, "radius", in: "Ball.logSurfaceArea")
        return log(2) + 0.5 * n * log(Double.pi) + (n - 1) * log(radius) - lgamma(0.5 * n)
    }

    /// The area of the sphere `Sₙ₋₁(R) = ∂Bₙ(R)`, the derivative of the volume in the radius.
    ///
    ///     Sₙ₋₁(R) = 2 π^(n/2) Rⁿ⁻¹ / Γ(n/2) = n Vₙ(R) / R        S₁(R) = 2πR, S₂(R) = 4πR²
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension > 0` and `radius > 0`, both finite.
    public static func surfaceArea(dimension n: Double, radius: Double = 1) throws -> Double {
        exp(try logSurfaceArea(dimension: n, radius: radius))
    }

    /// The real dimension `n* ≥ 0` at which the volume `Vₙ(R)` is largest (about 5.2569 for R = 1).
    ///
    /// Setting the derivative of the log volume to zero gives an equation for the digamma function ψ,
    ///
    ///     d/dn log Vₙ(R) = ½ log π + log R − ½ ψ(n/2 + 1) = 0   ⇔   ψ(n/2 + 1) = log(πR²)
    ///
    /// solved with `SpecialFunctions.inverseDigamma`. log Vₙ is concave in n (ψ′ > 0), so this is the
    /// maximum. When log(πR²) ≤ ψ(1) = −γ the volume decreases from n = 0 on and the result is 0.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `radius > 0` and finite.
    public static func peakVolumeDimension(radius: Double = 1) throws -> Double {
        try Check.positive(radius, "radius", in: "Ball.peakVolumeDimension")
        let x = SpecialFunctions.inverseDigamma(log(Double.pi * radius * radius))
        return Swift.max(0, 2 * (x - 1))
    }

    /// The real dimension `n* > 0` at which the sphere area `Sₙ₋₁(R)` is largest (about 7.2569 for R = 1).
    ///
    ///     d/dn log Sₙ₋₁(R) = ½ log π + log R − ½ ψ(n/2) = 0   ⇔   ψ(n/2) = log(πR²)
    ///
    /// So the area peaks exactly two dimensions after the volume whenever the volume's peak is above 0.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `radius > 0` and finite.
    public static func peakSurfaceDimension(radius: Double = 1) throws -> Double {
        try Check.positive(radius, "radius", in: "Ball.peakSurfaceDimension")
        return 2 * SpecialFunctions.inverseDigamma(log(Double.pi * radius * radius))
    }

    /// The share of the cube `[−R, R]ⁿ` filled by its inscribed ball `Bₙ(R)`, independent of R.
    ///
    ///     Vₙ(R) / (2R)ⁿ = π^(n/2) / (2ⁿ Γ(n/2 + 1))        ¼π in 2-D, π/6 in 3-D, ≈ 0.00249 in 10-D
    ///
    /// Uniform points in a cube gather in its corners: this is the probability that one falls in the ball.
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 0` and finite.
    public static func cubeFractionInInscribedBall(dimension n: Double) throws -> Double {
        try Check.nonNegative(n, "dimension", in: "Ball.cubeFractionInInscribedBall")
        return exp(unitLogVolume(n) - n * log(2))
    }

    /// The share of the ball's volume in the outer shell `(1 − ε)R ≤ ‖x‖ ≤ R` of relative thickness ε.
    ///
    ///     1 − (1 − ε)ⁿ  = −expm1(n · log1p(−ε))
    ///
    /// The right-hand form keeps full relative accuracy when the share is tiny (small n ε), where
    /// `1 − pow(1 − ε, n)` would lose digits to cancellation. In high dimension almost all of a ball's
    /// volume lies next to its surface: 1 − 0.99⁵⁰⁰ ≈ 0.9934.
    ///
    /// Edge cases: 0 for n = 0 or ε = 0; 1 for ε = 1 and n > 0.
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 0` and `0 ≤ thickness ≤ 1`.
    public static func shellVolumeFraction(dimension n: Double, thickness epsilon: Double) throws -> Double {
        try Check.nonNegative(n, "dimension", in: "Ball.shellVolumeFraction")
        try Check.within(epsilon, 0...1, "thickness", in: "Ball.shellVolumeFraction")
        if n == 0 || epsilon == 0 { return 0 }
        if epsilon == 1 { return 1 }
        return -expm1(n * log1p(-epsilon))
    }

    /// `log Vₙ(1)` without argument checks.
    static func unitLogVolume(_ n: Double) -> Double {
        0.5 * n * log(Double.pi) - lgamma(0.5 * n + 1)
    }
}
