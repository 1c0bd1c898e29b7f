import Foundation

/// The seeded generators by name, for `dimred --dataset NAME` and listings; each uses its documented
/// defaults apart from the sample count, noise and seed.
public enum SyntheticDataset: String, Sendable, CaseIterable {
    /// `Dataset.swissRoll`: points on a rolled-up plane, coloured by the roll parameter.
    case swissRoll = "swiss-roll"
    /// `Dataset.sCurve`: points on an S-shaped surface, coloured by the curve parameter.
    case sCurve = "s-curve"
    /// Blobs, two moons, concentric circles, XOR, uniform points in a cube, in a ball or on a sphere, a standard
    /// Gaussian, and an imbalanced classification problem: the `Dataset` generators of the same names.
    case blobs, moons, circles, xor, hypercube, ball, sphere, gaussian, classification

    /// The sample count used when none is given.
    public static let defaultSamples = 500

    /// One line for listings.
    public var summary: String {
        switch self {
        case .swissRoll: return "swiss roll: a rectangle rolled up in ℝ³, coloured by its roll parameter t (make_swiss_roll)"
        case .sCurve: return "S-curve: a rectangle bent into an S in ℝ³, coloured by its parameter t (make_s_curve)"
        case .blobs: return "3 isotropic Gaussian blobs in 2-D (make_blobs)"
        case .moons: return "two interleaving half circles in 2-D (make_moons)"
        case .circles: return "two concentric circles in 2-D, radius ratio 0.8 (make_circles)"
        case .xor: return "uniform points in [−1, 1]², class = sign(x) ≠ sign(y)"
        case .hypercube: return "uniform in the unit cube [0, 1)^10"
        case .ball: return "uniform in the unit ball of ℝ^10"
        case .sphere: return "uniform on the unit sphere S² ⊂ ℝ³"
        case .gaussian: return "standard normal N(0, I) in ℝ^10"
        case .classification: return "imbalanced 2-class problem, weights 0.9 / 0.1, 2 features"
        }
    }

    /// Generates the set with `samples` points (default `defaultSamples`) and, for the 2-D problems, `noise`
    /// (default 0.05 for moons, circles and XOR, 0 for the swiss roll and S-curve; blobs use σ = 1).
    ///
    /// - Throws: `DatasetError.invalidParameter` from the generator.
    public func generate(samples: Int? = nil, noise: Double? = nil, seed: UInt64 = 0) throws -> Dataset {
        let n = samples ?? Self.defaultSamples
        switch self {
        case .swissRoll: return try Dataset.swissRoll(samples: n, noise: noise ?? 0, seed: seed)
        case .sCurve: return try Dataset.sCurve(samples: n, noise: noise ?? 0, seed: seed)
        case .blobs: return try Dataset.blobs(samples: n, seed: seed)
        case .moons: return try Dataset.moons(samples: n, noise: noise ?? 0.05, seed: seed)
        case .circles: return try Dataset.circles(samples: n, noise: noise ?? 0.05, seed: seed)
        case .xor: return try Dataset.xor(samples: n, noise: noise ?? 0, seed: seed)
        case .hypercube: return try Dataset.uniformHypercube(samples: n, dimension: 10, seed: seed)
        case .ball: return try Dataset.uniformBall(samples: n, dimension: 10, seed: seed)
        case .sphere: return try Dataset.uniformSphere(samples: n, dimension: 3, seed: seed)
        case .gaussian: return try Dataset.standardGaussian(samples: n, dimension: 10, seed: seed)
        case .classification: return try Dataset.imbalancedClassification(samples: n, seed: seed)
        }
    }
}

extension Dataset {
    /// The names `named(_:samples:noise:seed:)` accepts: bundled sets, then generators.
    public static var availableNames: [String] {
        BundledDataset.allCases.map(\.rawValue) + SyntheticDataset.allCases.map(\.rawValue)
    }

    /// A bundled set by name, or else a generated one (case-insensitive; `swiss_roll` = `swiss-roll`) (`samples`, `noise`, `seed` apply to generators only).
    ///
    /// - Throws: `DatasetError.unknownName` listing `availableNames`; the errors of `load(_:)` and the generators.
    public static func named(_ name: String, samples: Int? = nil, noise: Double? = nil, seed: UInt64 = 0) throws -> Dataset {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if let bundled = BundledDataset(rawValue: key) { return try load(bundled) }
        if let synthetic = SyntheticDataset(rawValue: key) { return try synthetic.generate(samples: samples, noise: noise, seed: seed) }
        throw DatasetError.unknownName(name, available: availableNames)
    }
}
