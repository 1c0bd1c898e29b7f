import Foundation

/// How sparse uniform samples become as the dimension grows: the closed forms of ESL §2.5.
///
/// Reference: T. Hastie, R. Tibshirani, J. Friedman, *The Elements of Statistical Learning* (2nd ed., 2009),
/// §2.5 "Local Methods in High Dimensions" and exercise 2.3.
public enum SamplingDensity {
    /// The median distance from the origin to the nearest of `N` points drawn uniformly from the unit
    /// ball in `p` dimensions.
    ///
    ///     d(p, N) = (1 − ½^(1/N))^(1/p)        d(10, 500) ≈ 0.52
    ///
    /// The nearest point lies beyond radius r with probability (1 − rᵖ)ᴺ; setting that to ½ gives d.
    /// Computed as `exp(log(−expm1(−ln 2 / N)) / p)`, so large N loses no digits in `1 − ½^(1/N)`.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1` and `samples ≥ 1`.
    public static func medianNearestDistance(dimension p: Int, samples n: Int) throws -> Double {
        try Check.atLeast(p, 1, "dimension", in: "SamplingDensity.medianNearestDistance")
        try Check.atLeast(n, 1, "samples", in: "SamplingDensity.medianNearestDistance")
        let inner = -expm1(-log(2.0) / Double(n))  // 1 − ½^(1/N)
        return exp(log(inner) / Double(p))
    }

    /// The edge length of the sub-cube of the unit cube `[0, 1]ᵖ` that holds a fraction `r` of its volume
    /// (so, on average, a fraction r of uniform data).
    ///
    ///     eₚ(r) = r^(1/p)        e₁₀(0.01) ≈ 0.63, e₁₀(0.1) ≈ 0.80
    ///
    /// A "local" neighbourhood holding 1% of the data spans 63% of each input's range in ten dimensions.
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1` and `0 < fraction ≤ 1`.
    public static func subcubeEdge(fraction r: Double, dimension p: Int) throws -> Double {
        try Check.atLeast(p, 1, "dimension", in: "SamplingDensity.subcubeEdge")
        guard r.isFinite, r > 0, r <= 1 else {
            throw GeometryError.invalidArgument(operation: "SamplingDensity.subcubeEdge", parameter: "fraction",
                                                value: "\(r)", requirement: "it must lie in (0, 1]")
        }
        return exp(log(r) / Double(p))
    }

    /// The sample size that keeps the sampling density of `referenceSamples` points in
    /// `referenceDimension` dimensions when there are `dimension` inputs.
    ///
    ///     N = N₀^(p / p₀)        100 points on a line ≙ 100¹⁰ = 10²⁰ points in ten dimensions
    ///
    /// Density here is points per unit of edge length, N^(1/p), as in ESL §2.5. The result is a `Double`
    /// because it outgrows every integer type; it is +∞ beyond the `Double` range (`logSamplesForFixedDensity`
    /// has its logarithm).
    /// - Throws: `GeometryError.invalidArgument` unless the dimensions are ≥ 1 and `referenceSamples ≥ 1`.
    public static func samplesForFixedDensity(referenceSamples n0: Double, referenceDimension p0: Int = 1,
                                              dimension p: Int) throws -> Double {
        exp(try logSamplesForFixedDensity(referenceSamples: n0, referenceDimension: p0, dimension: p))
    }

    /// The natural logarithm of `samplesForFixedDensity`: `(p / p₀) log N₀`.
    ///
    /// - Throws: `GeometryError.invalidArgument` unless the dimensions are ≥ 1 and `referenceSamples ≥ 1`.
    public static func logSamplesForFixedDensity(referenceSamples n0: Double, referenceDimension p0: Int = 1,
                                                 dimension p: Int) throws -> Double {
        let operation = "SamplingDensity.samplesForFixedDensity"
        try Check.atLeast(p0, 1, "referenceDimension", in: operation)
        try Check.atLeast(p, 1, "dimension", in: operation)
        guard n0.isFinite, n0 >= 1 else {
            throw GeometryError.invalidArgument(operation: operation, parameter: "referenceSamples", value: "\(n0)",
                                                requirement: "give a finite count ≥ 1")
        }
        return Double(p) / Double(p0) * log(n0)
    }

    /// The smallest sample size N whose median nearest distance `d(p, N)` (see `medianNearestDistance`) is
    /// at most `distance`: the inverse of ESL's formula.
    ///
    ///     d(p, N) ≤ δ  ⇔  N ≥ ln 2 / (−log1p(−δᵖ))  ≈ ln 2 / δᵖ for small δᵖ
    ///
    /// Returned as a `Double` (the smallest such integer, which can exceed every integer type).
    /// - Throws: `GeometryError.invalidArgument` unless `dimension ≥ 1` and `0 < distance < 1`.
    public static func samplesForMedianNearestDistance(_ distance: Double, dimension p: Int) throws -> Double {
        try Check.atLeast(p, 1, "dimension", in: "SamplingDensity.samplesForMedianNearestDistance")
        try Check.within(distance, 0...1, open: true, "distance", in: "SamplingDensity.samplesForMedianNearestDistance")
        let power = exp(Double(p) * log(distance))  // δᵖ
        let bound = log(2.0) / -log1p(-power)
        // Rounding in the closed form can put the bound a hair above an integer that already meets it.
        let candidate = bound.rounded(.up)
        if candidate > 1, candidate < 0x1p52, (try? medianNearestDistance(dimension: p, samples: Int(candidate) - 1))
            .map({ $0 <= distance }) == true {
            return candidate - 1
        }
        return Swift.max(1, candidate)
    }
}
