import Foundation
import LinearAlgebra

/// ESL's picture of sparse samples: `samples` points uniform in the unit p-ball, and the distance from the
/// origin to the nearest of them, repeated over `trials` independent data sets. Its median is the closed
/// form `SamplingDensity.medianNearestDistance` d(p, N) = (1 − ½^(1/N))^(1/p), so the share of trials whose
/// nearest distance is at most d(p, N) is ½ exactly; the row reports it with its binomial standard error
/// √(¼/trials).
///
/// Points are drawn as x = r g/‖g‖ with g ~ N(0, Iₚ) and r = U^(1/p), U ~ U(0, 1), which is uniform in
/// the ball; the nearest distance is then the smallest ‖x‖, computed from the coordinates.
///
/// - Complexity: O(trials · samples · p) per dimension.
/// Reference: Hastie, Tibshirani, Friedman, *The Elements of Statistical Learning* (2nd ed.), §2.5, ex. 2.3.
public struct NearestNeighborExperiment: Sendable {
    /// One dimension.
    public struct Row: Sendable, Equatable {
        /// The dimension of the space.
        public let dimension: Int
        /// The sample median of the nearest distance over the trials.
        public let medianNearestDistance: Double
        /// `d(p, N)`.
        public let closedForm: Double
        /// The share of trials with nearest distance ≤ d(p, N) (expected ½).
        public let fractionWithinClosedForm: MonteCarloEstimate
    }

    /// The rows in the order of `dimensions`.
    public struct Result: Sendable, CustomStringConvertible {
        /// One row per setting, in the order the settings were given.
        public let rows: [Row]
        /// Points per data set.
        public let samples: Int

        /// A plain-text table of the rows, ready to print.
        public var description: String {
            TextTable.render(
                header: ["p", "N", "median nearest", "d(p, N)", "share ≤ d(p, N)"],
                rows: rows.map { row in
                    [String(row.dimension), String(samples), TextTable.number(row.medianNearestDistance),
                     TextTable.number(row.closedForm), row.fractionWithinClosedForm.description]
                })
        }
    }

    /// The dimensions to sample.
    public var dimensions: [Int]
    /// Uniform points N per data set.
    public var samples: Int
    /// Independent data sets per dimension.
    public var trials: Int
    /// The seed: the same seed gives the same numbers.
    public var seed: UInt64

    /// - Parameters:
    ///   - dimensions: the dimensions p, each ≥ 1.
    ///   - samples: points N per data set (≥ 1).
    ///   - trials: independent data sets per dimension (≥ 2).
    ///   - seed: the seed of every random draw (the same seed gives the same numbers).
    public init(dimensions: [Int] = [1, 2, 3, 5, 10, 20], samples: Int = 500, trials: Int = 1000, seed: UInt64 = 0) {
        self.dimensions = dimensions
        self.samples = samples
        self.trials = trials
        self.seed = seed
    }

    /// Runs the experiment.
    ///
    /// - Throws: `GeometryError.invalidArgument` for an empty or non-positive dimension list, no samples or
    ///   fewer than two trials.
    public func run() throws -> Result {
        let operation = "NearestNeighborExperiment.run"
        try Check.dimensions(dimensions, in: operation)
        try Check.atLeast(samples, 1, "samples", in: operation)
        try Check.atLeast(trials, 2, "trials", in: operation)
        let rows = try Sampling.parallelMap(dimensions.count) { index -> Row in
            let p = self.dimensions[index]
            var generator = Sampling.generator(seed: self.seed, task: index)
            let closedForm = try SamplingDensity.medianNearestDistance(dimension: p, samples: self.samples)
            var nearest = [Double](repeating: 0, count: self.trials)
            var direction = [Double](repeating: 0, count: p)
            direction.withUnsafeMutableBufferPointer { g in
                for trial in 0..<self.trials {
                    var smallest = Double.infinity
                    for _ in 0..<self.samples {
                        Sampling.fillNormal(g, using: &generator)
                        var squared = 0.0
                        for j in 0..<p { squared += g[j] * g[j] }
                        let scale = Foundation.pow(generator.nextUniform(), 1 / Double(p)) / squared.squareRoot()
                        var pointSquared = 0.0
                        for j in 0..<p { let x = scale * g[j]; pointSquared += x * x }
                        smallest = Swift.min(smallest, pointSquared)
                    }
                    nearest[trial] = smallest.squareRoot()
                }
            }
            let within = Double(nearest.filter { $0 <= closedForm }.count) / Double(self.trials)
            let sorted = nearest.sorted()
            let t = self.trials
            let median = t % 2 == 1 ? sorted[t / 2] : 0.5 * (sorted[t / 2 - 1] + sorted[t / 2])
            return Row(dimension: p, medianNearestDistance: median, closedForm: closedForm,
                       fractionWithinClosedForm: MonteCarloEstimate(mean: within, standardError: (0.25 / Double(t)).squareRoot(),
                                                                    count: t))
        }
        return Result(rows: rows, samples: samples)
    }
}
