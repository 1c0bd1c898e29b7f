import Foundation
import LinearAlgebra

/// Seeded point clouds for the geometry of high dimensions: uniform in the unit cube, the unit ball and on
/// the unit sphere, and the standard Gaussian. Unlabelled (`targets == nil`).
extension Dataset {
    /// `samples` points uniform in the unit hypercube [0, 1)^d.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or dimension < 1.
    public static func uniformHypercube(samples: Int, dimension: Int, seed: UInt64 = 0) throws -> Dataset {
        try checkShape("uniformHypercube", samples, dimension)
        var rng = SeededGenerator(seed: seed)
        let x = Matrix(rows: samples, columns: dimension) { _, _ in rng.nextUniform() }
        return Dataset(name: "hypercube", features: x, targets: nil, classNames: [], featureNames: defaultFeatureNames(dimension))
    }

    /// `samples` standard normal points, N(0, I_d).
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or dimension < 1.
    public static func standardGaussian(samples: Int, dimension: Int, seed: UInt64 = 0) throws -> Dataset {
        try checkShape("standardGaussian", samples, dimension)
        var rng = SeededGenerator(seed: seed)
        let x = Matrix(rows: samples, columns: dimension) { _, _ in rng.nextNormal() }
        return Dataset(name: "gaussian", features: x, targets: nil, classNames: [], featureNames: defaultFeatureNames(dimension))
    }

    /// `samples` points uniform on the unit sphere S^(d−1) ⊂ ℝ^d: normalised standard normal vectors
    ///
    ///     x = z / ‖z‖,  z ~ N(0, I_d)
    ///
    /// (the normal law is rotation invariant, so the direction is uniform). Muller (1959).
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1 or dimension < 1.
    public static func uniformSphere(samples: Int, dimension: Int, seed: UInt64 = 0) throws -> Dataset {
        try checkShape("uniformSphere", samples, dimension)
        var rng = SeededGenerator(seed: seed)
        let x = directions(samples, dimension, &rng)
        return Dataset(name: "sphere", features: x, targets: nil, classNames: [], featureNames: defaultFeatureNames(dimension))
    }

    /// `samples` points uniform in the ball of the given radius in ℝ^d: a uniform direction scaled by
    ///
    ///     r = radius · u^(1/d),  u ~ U(0, 1)
    ///
    /// since the volume inside radius r grows as r^d.
    ///
    /// - Throws: `DatasetError.invalidParameter` for samples < 1, dimension < 1 or radius ≤ 0.
    public static func uniformBall(samples: Int, dimension: Int, radius: Double = 1, seed: UInt64 = 0) throws -> Dataset {
        try checkShape("uniformBall", samples, dimension)
        try require(radius > 0 && radius.isFinite, "uniformBall", "radius", radius, "finite and > 0")
        var rng = SeededGenerator(seed: seed)
        var x = directions(samples, dimension, &rng)
        for i in 0..<samples {
            let r = radius * pow(rng.nextUniform(), 1 / Double(dimension))
            for j in 0..<dimension { x[i, j] *= r }
        }
        return Dataset(name: "ball", features: x, targets: nil, classNames: [], featureNames: defaultFeatureNames(dimension))
    }

    private static func checkShape(_ generator: String, _ samples: Int, _ dimension: Int) throws {
        try require(samples >= 1, generator, "samples", samples, "at least 1")
        try require(dimension >= 1, generator, "dimension", dimension, "at least 1")
    }

    /// Uniform unit vectors (a zero draw, probability 0 in exact arithmetic, is redrawn).
    private static func directions(_ n: Int, _ d: Int, _ rng: inout SeededGenerator) -> Matrix {
        var x = Matrix(rows: n, columns: d)
        for i in 0..<n {
            var norm = 0.0
            repeat {
                norm = 0
                for j in 0..<d {
                    let z = rng.nextNormal()
                    x[i, j] = z
                    norm += z * z
                }
            } while norm == 0
            let scale = 1 / norm.squareRoot()
            for j in 0..<d { x[i, j] *= scale }
        }
        return x
    }
}
