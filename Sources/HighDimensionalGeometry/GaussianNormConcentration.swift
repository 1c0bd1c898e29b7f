import Foundation
import LinearAlgebra

/// The norms of standard Gaussian vectors concentrate: ‖X‖ ≈ √n with a standard deviation that stays near
/// 1/√2, so the relative spread shrinks like 1/√(2n). The experiment draws `samples` vectors X ~ N(0, Iₙ)
/// per dimension and reports the sample mean and variance of ‖X‖ beside `GaussianNorm`'s closed forms.
///
/// The draws are independent, so the standard errors are exact up to estimation: s/√m for the mean and
/// √((m₄ − s⁴)/m) for the variance (m₄ the fourth central sample moment).
///
/// - Complexity: O(samples · n) per dimension.
public struct GaussianNormConcentration: Sendable {
    /// One dimension.
    public struct Row: Sendable, Equatable {
        /// The dimension of the space.
        public let dimension: Int
        /// The sample mean of ‖X‖.
        public let meanNorm: MonteCarloEstimate
        /// The sample variance of ‖X‖ (n − 1 denominator) with its standard error.
        public let normVariance: MonteCarloEstimate
        /// `GaussianNorm.expectedNorm(dimension:)`.
        public let expectedNorm: Double
        /// `GaussianNorm.normVariance(dimension:)`.
        public let expectedVariance: Double
    }

    /// The rows in the order of `dimensions`.
    public struct Result: Sendable, CustomStringConvertible {
        /// One row per setting, in the order the settings were given.
        public let rows: [Row]

        /// A plain-text table of the rows, ready to print.
        public var description: String {
            TextTable.render(
                header: ["n", "mean ‖X‖", "E‖X‖", "√n", "Var ‖X‖", "closed form", "std/mean"],
                rows: rows.map { row in
                    [String(row.dimension), row.meanNorm.description, TextTable.number(row.expectedNorm, 6),
                     TextTable.number(Double(row.dimension).squareRoot(), 6), row.normVariance.description,
                     TextTable.number(row.expectedVariance, 6),
                     TextTable.number(row.normVariance.mean.squareRoot() / row.meanNorm.mean, 3)]
                })
        }
    }

    /// The dimensions to sample.
    public var dimensions: [Int]
    /// Draws per dimension.
    public var samples: Int
    /// The seed: the same seed gives the same numbers.
    public var seed: UInt64

    /// - Parameters:
    ///   - dimensions: the dimensions n, each ≥ 1.
    ///   - samples: vectors drawn per dimension (≥ 2).
    ///   - seed: the seed of every random draw (the same seed gives the same numbers).
    public init(dimensions: [Int] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], samples: Int = 2000, seed: UInt64 = 0) {
        self.dimensions = dimensions
        self.samples = samples
        self.seed = seed
    }

    /// Runs the experiment.
    ///
    /// - Throws: `GeometryError.invalidArgument` for an empty or non-positive dimension list or fewer than two
    ///   samples.
    public func run() throws -> Result {
        let operation = "GaussianNormConcentration.run"
        try Check.dimensions(dimensions, in: operation)
        try Check.atLeast(samples, 2, "samples", in: operation)
        let rows = try Sampling.parallelMap(dimensions.count) { index -> Row in
            let n = self.dimensions[index]
            var generator = Sampling.generator(seed: self.seed, task: index)
            let norms = Matrix.randomNormal(rows: self.samples, columns: n, using: &generator).rowNorms
            let mean = MonteCarloEstimate(samples: norms)
            var second = 0.0, fourth = 0.0
            for r in norms {
                let c = (r - mean.mean) * (r - mean.mean)
                second += c
                fourth += c * c
            }
            let m = Double(self.samples)
            let variance = second / (m - 1)
            let centralFourth = fourth / m
            let varianceError = (Swift.max(0, centralFourth - variance * variance) / m).squareRoot()
            return Row(dimension: n, meanNorm: mean,
                       normVariance: MonteCarloEstimate(mean: variance, standardError: varianceError, count: self.samples),
                       expectedNorm: try GaussianNorm.expectedNorm(dimension: n),
                       expectedVariance: try GaussianNorm.normVariance(dimension: n))
        }
        return Result(rows: rows)
    }
}
