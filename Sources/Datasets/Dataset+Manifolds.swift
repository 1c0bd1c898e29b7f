import LinearAlgebra

/// The manifold-learning test surfaces as data sets: the points, and the roll parameter `t` in `values` (the
/// coordinate a good 2-D embedding unrolls, used to colour pictures). The same seed gives the same bits as
/// `ManifoldGenerator`, which these wrap (kept for its existing callers).
extension Dataset {
    /// The swiss roll (scikit-learn's `make_swiss_roll`):
    ///
    ///     t ~ U(1.5π, 4.5π),  h ~ U(0, 21)
    ///     x = (t cos t, h, t sin t) + noise · N(0, I₃)
    ///
    /// Unlabelled; `values` holds `t`.
    ///
    /// - Complexity: O(samples).
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or a negative or non-finite noise.
    public static func swissRoll(samples: Int = 100, noise: Double = 0, seed: UInt64 = 0) throws -> Dataset {
        try require(samples >= 1, "swissRoll", "samples", samples, "at least 1")
        try require(noise >= 0 && noise.isFinite, "swissRoll", "noise", noise, "finite and ≥ 0")
        let sample = try ManifoldGenerator.swissRoll(samples: samples, noise: noise, seed: seed)
        return Dataset(name: "swiss-roll", features: sample.data, targets: nil, classNames: [],
                       featureNames: ["x", "y", "z"], values: sample.parameter)
    }

    /// The S-curve (scikit-learn's `make_s_curve`):
    ///
    ///     t ~ U(−1.5π, 1.5π),  h ~ U(0, 2)
    ///     x = (sin t, h, sign(t) (cos t − 1)) + noise · N(0, I₃)
    ///
    /// Unlabelled; `values` holds `t`.
    ///
    /// - Complexity: O(samples).
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or a negative or non-finite noise.
    public static func sCurve(samples: Int = 100, noise: Double = 0, seed: UInt64 = 0) throws -> Dataset {
        try require(samples >= 1, "sCurve", "samples", samples, "at least 1")
        try require(noise >= 0 && noise.isFinite, "sCurve", "noise", noise, "finite and ≥ 0")
        let sample = try ManifoldGenerator.sCurve(samples: samples, noise: noise, seed: seed)
        return Dataset(name: "s-curve", features: sample.data, targets: nil, classNames: [],
                       featureNames: ["x", "y", "z"], values: sample.parameter)
    }
}
