import Foundation
import LinearAlgebra

/// Random directions in high dimension are almost orthogonal: for u, v uniform on the unit sphere Sⁿ⁻¹,
///
///     E[cos θ] = 0,   Var[cos θ] = E[cos² θ] = 1/n,   E[cos⁴ θ] = 3/(n(n + 2))
///
/// so the angle concentrates around 90° with a spread of about 1/√n radians.
///
/// The experiment normalises `directions` Gaussian vectors per dimension and takes the cosines of all
/// m(m − 1)/2 pairs from their Gram matrix (one BLAS `dsyrk`). Those cosines are dependent but pairwise
/// uncorrelated, and so are their squares (E[(u·v)²(u·w)²] = 1/n² = E[(u·v)²]²), so the standard errors of
/// both means are valid.
///
/// - Complexity: O(m² n) per dimension (BLAS).
public struct RandomDirectionAngles: Sendable {
    /// One dimension.
    public struct Row: Sendable, Equatable {
        /// The dimension of the space.
        public let dimension: Int
        /// The mean of cos θ over all pairs (expected 0).
        public let meanCosine: MonteCarloEstimate
        /// The mean of cos² θ over all pairs: the variance of cos θ about its known mean 0 (expected 1/n).
        public let meanSquaredCosine: MonteCarloEstimate
        /// The mean angle in degrees (expected 90).
        public let meanAngleDegrees: Double
        /// The standard deviation of the angle in degrees (about (180/π)/√n for large n).
        public let angleStandardDeviationDegrees: Double
        /// The smallest and largest angle seen, in degrees.
        public let angleRangeDegrees: ClosedRange<Double>
    }

    /// The rows in the order of `dimensions`.
    public struct Result: Sendable, CustomStringConvertible {
        /// One row per setting, in the order the settings were given.
        public let rows: [Row]

        /// A plain-text table of the rows, ready to print.
        public var description: String {
            TextTable.render(
                header: ["n", "mean cos θ", "mean cos² θ", "1/n", "mean θ°", "sd θ°", "min θ°", "max θ°"],
                rows: rows.map { row in
                    [String(row.dimension), row.meanCosine.description, row.meanSquaredCosine.description,
                     TextTable.number(1 / Double(row.dimension)), TextTable.number(row.meanAngleDegrees),
                     TextTable.number(row.angleStandardDeviationDegrees, 3),
                     TextTable.number(row.angleRangeDegrees.lowerBound, 3),
                     TextTable.number(row.angleRangeDegrees.upperBound, 3)]
                })
        }
    }

    /// The dimensions to sample.
    public var dimensions: [Int]
    /// Random directions per dimension.
    public var directions: Int
    /// The seed: the same seed gives the same numbers.
    public var seed: UInt64

    /// - Parameters:
    ///   - dimensions: the dimensions n, each ≥ 2.
    ///   - directions: random directions m per dimension (≥ 3), giving m(m − 1)/2 angles.
    ///   - seed: the seed of every random draw (the same seed gives the same numbers).
    public init(dimensions: [Int] = [2, 3, 5, 10, 20, 50, 100, 200, 500, 1000], directions: Int = 200, seed: UInt64 = 0) {
        self.dimensions = dimensions
        self.directions = directions
        self.seed = seed
    }

    /// Runs the experiment.
    ///
    /// - Throws: `GeometryError.invalidArgument` for an empty dimension list, a dimension below 2 or fewer than
    ///   three directions.
    public func run() throws -> Result {
        let operation = "RandomDirectionAngles.run"
        try Check.dimensions(dimensions, minimum: 2, in: operation)
        try Check.atLeast(directions, 3, "directions", in: operation)
        let rows = try Sampling.parallelMap(dimensions.count) { index -> Row in
            let n = self.dimensions[index], m = self.directions
            var generator = Sampling.generator(seed: self.seed, task: index)
            let gaussian = Matrix.randomNormal(rows: m, columns: n, using: &generator)
            let unit = gaussian.scalingRows(by: gaussian.rowNorms.map { 1 / $0 })
            let gram = unit.rowGram()
            var cosines = [Double](), squares = [Double](), angles = [Double]()
            let pairs = m * (m - 1) / 2
            cosines.reserveCapacity(pairs); squares.reserveCapacity(pairs); angles.reserveCapacity(pairs)
            gram.elements.withUnsafeBufferPointer { g in
                for i in 0..<m {
                    for j in (i + 1)..<m {
                        let c = Swift.min(1, Swift.max(-1, g[i * m + j]))
                        cosines.append(c)
                        squares.append(c * c)
                        angles.append(acos(c) * 180 / Double.pi)
                    }
                }
            }
            let angle = MonteCarloEstimate(samples: angles)
            return Row(dimension: n, meanCosine: MonteCarloEstimate(samples: cosines),
                       meanSquaredCosine: MonteCarloEstimate(samples: squares), meanAngleDegrees: angle.mean,
                       angleStandardDeviationDegrees: angle.standardError * Double(pairs).squareRoot(),
                       angleRangeDegrees: angles.min()!...angles.max()!)
        }
        return Result(rows: rows)
    }
}
