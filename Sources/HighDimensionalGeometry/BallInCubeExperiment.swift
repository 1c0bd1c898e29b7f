import Foundation
import LinearAlgebra

/// Uniform points in a cube lie in its corners: the share of `samples` uniform points of `[−1, 1]ⁿ` that fall
/// inside the inscribed unit ball, beside the closed form `Ball.cubeFractionInInscribedBall` = Vₙ(1)/2ⁿ
/// (π/4 in 2-D, 0.0025 in 10-D). Together with it the experiment reports the mean distance of the cube's
/// points from the centre, which grows like √(n/3) while the ball's radius stays 1.
///
/// Each point is an independent Bernoulli draw, so the standard error √(f(1 − f)/m) is exact up to
/// estimation.
///
/// - Complexity: O(samples · n) per dimension.
public struct BallInCubeExperiment: Sendable {
    /// One dimension.
    public struct Row: Sendable, Equatable {
        /// The dimension of the space.
        public let dimension: Int
        /// The share of the points with ‖x‖ ≤ 1.
        public let insideFraction: MonteCarloEstimate
        /// `Vₙ(1) / 2ⁿ`.
        public let closedForm: Double
        /// The mean of ‖x‖ over the points (its square has expectation n/3).
        public let meanDistanceFromCentre: MonteCarloEstimate
    }

    /// The rows in the order of `dimensions`.
    public struct Result: Sendable, CustomStringConvertible {
        /// One row per setting, in the order the settings were given.
        public let rows: [Row]

        /// A plain-text table of the rows, ready to print.
        public var description: String {
            TextTable.render(
                header: ["n", "share inside ball", "Vₙ(1)/2ⁿ", "mean ‖x‖", "√(n/3)"],
                rows: rows.map { row in
                    [String(row.dimension), row.insideFraction.description, TextTable.number(row.closedForm, 6),
                     row.meanDistanceFromCentre.description, TextTable.number((Double(row.dimension) / 3).squareRoot())]
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
    ///   - samples: uniform points per dimension (≥ 2).
    ///   - seed: the seed of every random draw (the same seed gives the same numbers).
    public init(dimensions: [Int] = Array(1...12), samples: Int = 100_000, seed: UInt64 = 0) {
        self.dimensions = dimensions
        self.samples = samples
        self.seed = seed
    }

    /// Runs the experiment.
    ///
    /// - Throws: `GeometryError.invalidArgument` for an empty or non-positive dimension list or fewer than two
    ///   samples.
    public func run() throws -> Result {
        let operation = "BallInCubeExperiment.run"
        try Check.dimensions(dimensions, in: operation)
        try Check.atLeast(samples, 2, "samples", in: operation)
        let rows = try Sampling.parallelMap(dimensions.count) { index -> Row in
            let n = self.dimensions[index], m = self.samples
            var generator = Sampling.generator(seed: self.seed, task: index)
            var point = [Double](repeating: 0, count: n)
            var inside = 0
            var distances = [Double]()
            distances.reserveCapacity(m)
            point.withUnsafeMutableBufferPointer { x in
                for _ in 0..<m {
                    Sampling.fillUniform(x, low: -1, high: 1, using: &generator)
                    var squared = 0.0
                    for j in 0..<n { squared += x[j] * x[j] }
                    if squared <= 1 { inside += 1 }
                    distances.append(squared.squareRoot())
                }
            }
            let fraction = Double(inside) / Double(m)
            return Row(dimension: n,
                       insideFraction: MonteCarloEstimate(mean: fraction,
                                                          standardError: (fraction * (1 - fraction) / Double(m)).squareRoot(),
                                                          count: m),
                       closedForm: try Ball.cubeFractionInInscribedBall(dimension: Double(n)),
                       meanDistanceFromCentre: MonteCarloEstimate(samples: distances))
        }
        return Result(rows: rows)
    }
}
