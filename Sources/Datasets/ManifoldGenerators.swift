import Foundation
import LinearAlgebra

/// Points sampled from a 2-D manifold rolled up in 3-D, with the position along the roll.
public struct ManifoldSample: Sendable {
    /// The points, `samples × 3`.
    public let data: Matrix
    /// The roll parameter `t` of each point (the coordinate a good embedding unrolls).
    public let parameter: [Double]
}

/// Seeded generators of the classic manifold-learning test surfaces (the same surfaces as `Dataset.swissRoll` /
/// `Dataset.sCurve`, which wrap these and add the name and colouring values), defined as scikit-learn's
/// `make_swiss_roll` and `make_s_curve` (the random streams differ, the distributions are the same).
public enum ManifoldGenerator {
    /// The swiss roll: a rectangle rolled into a spiral.
    ///
    ///     t ~ U(1.5π, 4.5π),  h ~ U(0, 21)
    ///     x = (t cos t, h, t sin t) + noise · N(0, I₃)
    ///
    /// - Complexity: O(samples).
    /// - Throws: `LinearAlgebraError.invalidArgument` for `samples < 1` or a negative or non-finite noise.
    public static func swissRoll(samples: Int = 100, noise: Double = 0, seed: UInt64 = 0) throws -> ManifoldSample {
        try validate(samples: samples, noise: noise, operation: "ManifoldGenerator.swissRoll")
        var generator = SeededGenerator(seed: seed)
        var elements = [Double](repeating: 0, count: samples * 3)
        var parameter = [Double](repeating: 0, count: samples)
        for i in 0..<samples {
            let t = 1.5 * Double.pi * (1 + 2 * generator.nextUniform())
            let height = 21 * generator.nextUniform()
            parameter[i] = t
            elements[3 * i] = t * cos(t)
            elements[3 * i + 1] = height
            elements[3 * i + 2] = t * sin(t)
        }
        addNoise(&elements, noise: noise, generator: &generator)
        return ManifoldSample(data: Matrix(rows: samples, columns: 3, elements: elements), parameter: parameter)
    }

    /// The S-curve: a rectangle bent into an S.
    ///
    ///     t ~ U(−1.5π, 1.5π),  h ~ U(0, 2)
    ///     x = (sin t, h, sign(t) (cos t − 1)) + noise · N(0, I₃)
    ///
    /// - Complexity: O(samples).
    /// - Throws: `LinearAlgebraError.invalidArgument` for `samples < 1` or a negative or non-finite noise.
    public static func sCurve(samples: Int = 100, noise: Double = 0, seed: UInt64 = 0) throws -> ManifoldSample {
        try validate(samples: samples, noise: noise, operation: "ManifoldGenerator.sCurve")
        var generator = SeededGenerator(seed: seed)
        var elements = [Double](repeating: 0, count: samples * 3)
        var parameter = [Double](repeating: 0, count: samples)
        for i in 0..<samples {
            let t = 3 * Double.pi * (generator.nextUniform() - 0.5)
            let height = 2 * generator.nextUniform()
            parameter[i] = t
            elements[3 * i] = sin(t)
            elements[3 * i + 1] = height
            elements[3 * i + 2] = (t < 0 ? -1 : t > 0 ? 1 : 0) * (cos(t) - 1)
        }
        addNoise(&elements, noise: noise, generator: &generator)
        return ManifoldSample(data: Matrix(rows: samples, columns: 3, elements: elements), parameter: parameter)
    }

    private static func validate(samples: Int, noise: Double, operation: String) throws {
        guard samples >= 1 else {
            throw LinearAlgebraError.invalidArgument(operation: operation, message: "samples = \(samples) must be at least 1")
        }
        guard noise.isFinite, noise >= 0 else {
            throw LinearAlgebraError.invalidArgument(operation: operation, message: "noise = \(noise) must be finite and ≥ 0")
        }
    }

    private static func addNoise(_ elements: inout [Double], noise: Double, generator: inout SeededGenerator) {
        guard noise > 0 else { return }
        for index in elements.indices { elements[index] += noise * generator.nextNormal() }
    }
}
