import Foundation
import LinearAlgebra

/// Seeded two-dimensional toy problems with the definitions of scikit-learn's `make_blobs`, `make_moons`
/// and `make_circles`, plus the XOR problem. The same seed gives the same bits.
extension Dataset {
    /// Throws `DatasetError.invalidParameter` unless `condition` holds.
    static func require(_ condition: Bool, _ generator: String, _ name: String, _ value: Any, _ requirement: String) throws {
        if !condition { throw DatasetError.invalidParameter(generator: generator, name: name, value: "\(value)", requirement: requirement) }
    }

    /// Shuffles the rows of `features` and `targets` together (Fisher–Yates with `rng`).
    static func shuffled(_ features: Matrix, _ targets: [Int], _ rng: inout SeededGenerator) -> (Matrix, [Int]) {
        var order = Array(0..<features.rows)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = min(Int(rng.nextUniform() * Double(i + 1)), i)
            order.swapAt(i, j)
        }
        return (features.rows(at: order), order.map { targets[$0] })
    }

    /// Isotropic Gaussian blobs (`make_blobs`): `centers` centres drawn uniformly from `centerBox` in every
    /// coordinate, `samples / centers` points per blob (the first `samples % centers` blobs get one more), each
    ///
    ///     x = c_k + σ z,  z ~ N(0, I_d)
    ///
    /// then shuffled. Targets are the blob indices.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1, features < 1, centers < 1, σ < 0 or an empty box.
    public static func blobs(samples: Int = 100, features: Int = 2, centers: Int = 3,
                             clusterStandardDeviation: Double = 1, centerBox: ClosedRange<Double> = -10...10,
                             seed: UInt64 = 0) throws -> Dataset {
        try require(centers >= 1, "blobs", "centers", centers, "at least 1")
        try require(features >= 1, "blobs", "features", features, "at least 1")
        try require(centerBox.upperBound > centerBox.lowerBound, "blobs", "centerBox", centerBox, "a non-empty range")
        var rng = SeededGenerator(seed: seed)
        let width = centerBox.upperBound - centerBox.lowerBound
        let centres = Matrix(rows: centers, columns: features) { _, _ in centerBox.lowerBound + width * rng.nextUniform() }
        return try blobs(samples: samples, centers: centres, clusterStandardDeviation: clusterStandardDeviation,
                         generator: &rng)
    }

    /// Gaussian blobs around the given centres (one row per centre); see `blobs(samples:features:centers:...)`.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1, no centres or σ < 0.
    public static func blobs(samples: Int = 100, centers: Matrix, clusterStandardDeviation: Double = 1,
                             seed: UInt64 = 0) throws -> Dataset {
        var rng = SeededGenerator(seed: seed)
        return try blobs(samples: samples, centers: centers, clusterStandardDeviation: clusterStandardDeviation,
                         generator: &rng)
    }

    private static func blobs(samples: Int, centers: Matrix, clusterStandardDeviation sigma: Double,
                              generator rng: inout SeededGenerator) throws -> Dataset {
        try require(samples >= 1, "blobs", "samples", samples, "at least 1")
        try require(centers.rows >= 1 && centers.columns >= 1, "blobs", "centers", "\(centers.rows) × \(centers.columns)", "at least 1 × 1")
        try require(sigma >= 0 && sigma.isFinite, "blobs", "clusterStandardDeviation", sigma, "finite and ≥ 0")
        let k = centers.rows, d = centers.columns
        var features = Matrix(rows: samples, columns: d)
        var targets: [Int] = []
        targets.reserveCapacity(samples)
        var row = 0
        for blob in 0..<k {
            let size = samples / k + (blob < samples % k ? 1 : 0)
            for _ in 0..<size {
                for j in 0..<d { features[row, j] = centers[blob, j] + sigma * rng.nextNormal() }
                targets.append(blob)
                row += 1
            }
        }
        let (x, y) = shuffled(features, targets, &rng)
        return Dataset(name: "blobs", features: x, targets: y, classNames: (0..<k).map(String.init),
                       featureNames: defaultFeatureNames(d))
    }

    /// Two interleaving half circles (`make_moons`): `⌊n/2⌋` points on the upper unit half circle (class 0)
    /// and the rest on the lower half circle centred at (1, 0.5) (class 1), at evenly spaced angles,
    ///
    ///     class 0: (cos t, sin t),              t = 0 ... π
    ///     class 1: (1 − cos t, 1 − sin t − ½),  t = 0 ... π
    ///
    /// plus `N(0, noise²)` in each coordinate, then shuffled.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 2 or noise < 0.
    public static func moons(samples: Int = 100, noise: Double = 0, seed: UInt64 = 0) throws -> Dataset {
        try require(samples >= 2, "moons", "samples", samples, "at least 2")
        try require(noise >= 0 && noise.isFinite, "moons", "noise", noise, "finite and ≥ 0")
        let outer = samples / 2, inner = samples - outer
        func angle(_ i: Int, _ count: Int) -> Double { count == 1 ? 0 : Double.pi * Double(i) / Double(count - 1) }
        var features = Matrix(rows: samples, columns: 2)
        var targets: [Int] = []
        for i in 0..<outer {
            features[i, 0] = cos(angle(i, outer))
            features[i, 1] = sin(angle(i, outer))
            targets.append(0)
        }
        for i in 0..<inner {
            features[outer + i, 0] = 1 - cos(angle(i, inner))
            features[outer + i, 1] = 1 - sin(angle(i, inner)) - 0.5
            targets.append(1)
        }
        return noisyShuffled("moons", features, targets, noise: noise, seed: seed)
    }

    /// Two concentric circles (`make_circles`): `⌊n/2⌋` points on the unit circle (class 0) and the rest on the
    /// circle of radius `factor` (class 1), at angles `2πi/m` (endpoint excluded), plus `N(0, noise²)`, shuffled.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 2, noise < 0 or factor outside [0, 1).
    public static func circles(samples: Int = 100, noise: Double = 0, factor: Double = 0.8,
                               seed: UInt64 = 0) throws -> Dataset {
        try require(samples >= 2, "circles", "samples", samples, "at least 2")
        try require(noise >= 0 && noise.isFinite, "circles", "noise", noise, "finite and ≥ 0")
        try require(factor >= 0 && factor < 1, "circles", "factor", factor, "in [0, 1)")
        let outer = samples / 2, inner = samples - outer
        var features = Matrix(rows: samples, columns: 2)
        var targets: [Int] = []
        for i in 0..<outer {
            let t = 2 * Double.pi * Double(i) / Double(outer)
            features[i, 0] = cos(t)
            features[i, 1] = sin(t)
            targets.append(0)
        }
        for i in 0..<inner {
            let t = 2 * Double.pi * Double(i) / Double(inner)
            features[outer + i, 0] = factor * cos(t)
            features[outer + i, 1] = factor * sin(t)
            targets.append(1)
        }
        return noisyShuffled("circles", features, targets, noise: noise, seed: seed)
    }

    /// The XOR problem: points uniform in [−1, 1]², class 1 when exactly one coordinate is positive
    /// (`(x > 0) ≠ (y > 0)`), class 0 otherwise; the class is decided before `N(0, noise²)` is added.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or noise < 0.
    public static func xor(samples: Int = 200, noise: Double = 0, seed: UInt64 = 0) throws -> Dataset {
        try require(samples >= 1, "xor", "samples", samples, "at least 1")
        try require(noise >= 0 && noise.isFinite, "xor", "noise", noise, "finite and ≥ 0")
        var rng = SeededGenerator(seed: seed)
        var features = Matrix(rows: samples, columns: 2)
        var targets: [Int] = []
        for i in 0..<samples {
            let x = 2 * rng.nextUniform() - 1, y = 2 * rng.nextUniform() - 1
            targets.append((x > 0) != (y > 0) ? 1 : 0)
            features[i, 0] = x + noise * rng.nextNormal()
            features[i, 1] = y + noise * rng.nextNormal()
        }
        return Dataset(name: "xor", features: features, targets: targets, classNames: ["0", "1"],
                       featureNames: defaultFeatureNames(2))
    }

    /// Adds `N(0, noise²)` to every entry and shuffles the rows.
    private static func noisyShuffled(_ name: String, _ features: Matrix, _ targets: [Int], noise: Double,
                                      seed: UInt64) -> Dataset {
        var rng = SeededGenerator(seed: seed)
        var noisy = features
        if noise > 0 {
            for k in noisy.elements.indices { noisy.elements[k] += noise * rng.nextNormal() }
        }
        let (x, y) = shuffled(noisy, targets, &rng)
        return Dataset(name: name, features: x, targets: y, classNames: ["0", "1"], featureNames: defaultFeatureNames(2))
    }
}
