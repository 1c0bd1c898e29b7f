import Foundation

/// Moments of the Euclidean norm of a standard Gaussian vector `X ~ N(0, Iₙ)` (a chi distribution with n
/// degrees of freedom): the norm concentrates around √n with a spread that tends to a constant.
///
///     E‖X‖ = √2 Γ((n + 1)/2) / Γ(n/2)  = √n (1 − 1/(4n) + O(n⁻²))
///     Var ‖X‖ = n − (E‖X‖)²           → ½
///
/// The ratio of gamma functions is computed as `√n · exp(c(n/2))` with
/// `c(x) = log(Γ(x + ½)/Γ(x)) − ½ log x` from its asymptotic series for large x, so neither the mean
/// (which would take the difference of two large log Γ values) nor the variance (a difference of two
/// numbers near n) loses digits: `Var = −n · expm1(2 c(n/2))`.
///
/// Reference: N. L. Johnson, S. Kotz, N. Balakrishnan, *Continuous Univariate Distributions*, vol. 1
/// (2nd ed.), ch. 18 (chi distribution).
public enum GaussianNorm {
    /// `E‖X‖` for `X ~ N(0, Iₙ)`.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1`.
    public static func expectedNorm(dimension n: Int) throws -> Double {
        try Check.atLeast(n, 1, "dimension", in: "GaussianNorm.expectedNorm")
        let x = 0.5 * Double(n)
        return Double(n).squareRoot() * exp(SpecialFunctions.logHalfGammaRatioCorrection(x))
    }

    /// `log E‖X‖`, finite for every dimension.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1`.
    public static func logExpectedNorm(dimension n: Int) throws -> Double {
        try Check.atLeast(n, 1, "dimension", in: "GaussianNorm.logExpectedNorm")
        return 0.5 * log(Double(n)) + SpecialFunctions.logHalfGammaRatioCorrection(0.5 * Double(n))
    }

    /// `Var ‖X‖ = E‖X‖² − (E‖X‖)² = n − (E‖X‖)²` for `X ~ N(0, Iₙ)`; 1 − 2/π for n = 1, tending to ½.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1`.
    public static func normVariance(dimension n: Int) throws -> Double {
        try Check.atLeast(n, 1, "dimension", in: "GaussianNorm.normVariance")
        let x = 0.5 * Double(n)
        return -Double(n) * expm1(2 * SpecialFunctions.logHalfGammaRatioCorrection(x))
    }
}
