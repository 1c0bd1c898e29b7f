import Foundation
import LinearAlgebra

/// The concentration of pairwise distances: as the dimension grows, the farthest and the nearest data
/// point are almost equally far from a query, under every Lₚ norm.
///
/// For each dimension d the experiment draws one data set of `points` points and `queries` query points
/// from `distribution`, and for each query and norm p computes the distances
/// `Dᵢ = (Σⱼ |qⱼ − xᵢⱼ|ᵖ)^(1/p)` to all data points, then
///
///     relative contrast  (D_max − D_min) / D_min      → 0 like 1/√d   (Beyer et al.)
///     gap                D_max − D_min                grows like d^(1/p − 1/2)  (Aggarwal et al.)
///
/// so the L1 gap grows like √d, the L2 gap tends to a constant and the L3 gap shrinks like d^(−1/6), while
/// the contrast falls for every p. Each row reports the mean over queries with its standard error; the
/// queries share the data set, so the standard errors are indicative rather than exact.
///
/// Euclidean distances come from one BLAS product (`pairwiseSquaredDistances`); other norms use a tight
/// loop over the buffers. Dimensions run in parallel, each from its own seeded stream, so a seed always
/// gives the same numbers.
///
/// - Complexity: O(queries · points · d) per dimension and norm.
///
/// References: K. Beyer, J. Goldstein, R. Ramakrishnan, U. Shaft, "When is 'nearest neighbor' meaningful?",
/// ICDT 1999; C. C. Aggarwal, A. Hinneburg, D. A. Keim, "On the surprising behavior of distance metrics in
/// high dimensional space", ICDT 2001.
public struct DistanceConcentration: Sendable {
    /// Where the points come from.
    public enum Distribution: Sendable, Equatable {
        /// Independent U(0, 1) coordinates: the unit cube.
        case uniformCube
        /// Independent N(0, 1) coordinates.
        case standardNormal

        /// `E|X − Y|ᵖ` for two independent coordinates, so that `E Dᵖ = d · meanPowerDifference(p)`.
        ///
        ///     uniform:  2 / ((p + 1)(p + 2))        normal:  2ᵖ Γ((p + 1)/2) / √π
        public func meanPowerDifference(_ p: Double) -> Double {
            switch self {
            case .uniformCube: return 2 / ((p + 1) * (p + 2))
            case .standardNormal: return exp(p * log(2) + lgamma(0.5 * (p + 1))) / Double.pi.squareRoot()
            }
        }
    }

    /// One dimension and one norm.
    public struct Row: Sendable, Equatable {
        /// The dimension of the space.
        public let dimension: Int
        /// The exponent p of the Lₚ norm.
        public let norm: Double
        /// `(D_max − D_min) / D_min` per query.
        public let relativeContrast: MonteCarloEstimate
        /// `D_max − D_min` per query.
        public let gap: MonteCarloEstimate
        /// `D_min / D_max` per query; tends to 1.
        public let nearestToFarthestRatio: MonteCarloEstimate
        /// `Dᵖ / d` over all query–point pairs; its expectation is `distribution.meanPowerDifference(p)`. The
        /// standard error accounts for the pairs sharing queries and points (it is slightly conservative).
        public let powerDistancePerCoordinate: MonteCarloEstimate
    }

    /// The rows, dimension-major in the order given, norms in the order given.
    public struct Result: Sendable, CustomStringConvertible {
        /// One row per setting, in the order the settings were given.
        public let rows: [Row]
        /// The distribution the points were drawn from.
        public let distribution: Distribution

        /// The rows of one norm, in dimension order.
        public func rows(norm p: Double) -> [Row] { rows.filter { $0.norm == p } }

        /// A plain-text table of the rows, ready to print.
        public var description: String {
            TextTable.render(
                header: ["dimension", "p", "(Dmax − Dmin)/Dmin", "Dmax − Dmin", "Dmin/Dmax", "E Dᵖ/d", "closed form"],
                rows: rows.map { row in
                    [String(row.dimension), TextTable.number(row.norm), row.relativeContrast.description,
                     row.gap.description, TextTable.number(row.nearestToFarthestRatio.mean),
                     row.powerDistancePerCoordinate.description,
                     TextTable.number(distribution.meanPowerDifference(row.norm), 6)]
                })
        }
    }

    /// The dimensions to sample.
    public var dimensions: [Int]
    /// Data points per data set.
    public var points: Int
    /// Query points per dimension.
    public var queries: Int
    /// The exponents p of the Lₚ distances.
    public var norms: [Double]
    /// Where the points come from.
    public var distribution: Distribution
    /// The seed: the same seed gives the same numbers.
    public var seed: UInt64

    /// - Parameters:
    ///   - dimensions: the dimensions d to sample, each ≥ 1.
    ///   - points: data points per data set (≥ 2).
    ///   - queries: query points, one contrast each (≥ 2).
    ///   - norms: the exponents p > 0 (p < 1 gives Aggarwal's fractional distances).
    ///   - distribution: where the points come from.
    ///   - seed: the seed of every random draw (the same seed gives the same numbers).
    public init(dimensions: [Int] = [2, 5, 10, 20, 50, 100, 200, 500, 1000], points: Int = 1000, queries: Int = 100,
                norms: [Double] = [1, 2, 3], distribution: Distribution = .uniformCube, seed: UInt64 = 0) {
        self.dimensions = dimensions
        self.points = points
        self.queries = queries
        self.norms = norms
        self.distribution = distribution
        self.seed = seed
    }

    /// Runs the experiment.
    ///
    /// - Throws: `GeometryError.invalidArgument` for an empty or non-positive dimension list, fewer than two
    ///   points or queries, or a norm exponent that is not finite and positive.
    public func run() throws -> Result {
        let operation = "DistanceConcentration.run"
        try Check.dimensions(dimensions, in: operation)
        try Check.atLeast(points, 2, "points", in: operation)
        try Check.atLeast(queries, 2, "queries", in: operation)
        guard !norms.isEmpty else {
            throw GeometryError.invalidArgument(operation: operation, parameter: "norms", value: "[]",
                                                requirement: "give at least one exponent p > 0")
        }
        for p in norms { try Check.positive(p, "norm", in: operation) }
        let perDimension = try Sampling.parallelMap(dimensions.count) { index in
            self.rows(dimension: self.dimensions[index], task: index)
        }
        return Result(rows: perDimension.flatMap { $0 }, distribution: distribution)
    }

    private func sample(rows: Int, columns: Int, using generator: inout SeededGenerator) -> Matrix {
        var matrix = Matrix(rows: rows, columns: columns)
        matrix.elements.withUnsafeMutableBufferPointer { buffer in
            switch distribution {
            case .uniformCube: Sampling.fillUniform(buffer, using: &generator)
            case .standardNormal: Sampling.fillNormal(buffer, using: &generator)
            }
        }
        return matrix
    }

    private func rows(dimension d: Int, task: Int) -> [Row] {
        var generator = Sampling.generator(seed: seed, task: task)
        let data = sample(rows: points, columns: d, using: &generator)
        let queryPoints = sample(rows: queries, columns: d, using: &generator)
        return norms.map { p in
            let distances = Self.distances(from: queryPoints, to: data, p: p)  // queries × points, Dᵖ
            var contrasts = [Double](), gaps = [Double](), ratios = [Double]()
            var queryMeans = [Double](repeating: 0, count: queries)
            var pointMeans = [Double](repeating: 0, count: points)
            distances.elements.withUnsafeBufferPointer { powers in
                for q in 0..<queries {
                    var smallest = Double.infinity, largest = 0.0, sum = 0.0
                    for i in 0..<points {
                        let power = powers[q * points + i]
                        smallest = Swift.min(smallest, power)
                        largest = Swift.max(largest, power)
                        sum += power
                        pointMeans[i] += power / Double(d * queries)
                    }
                    queryMeans[q] = sum / Double(d * points)
                    let dMin = Self.root(smallest, p), dMax = Self.root(largest, p)
                    contrasts.append((dMax - dMin) / dMin)
                    gaps.append(dMax - dMin)
                    ratios.append(dMin / dMax)
                }
            }
            // Queries and points are crossed, so the pairs share both: the variance of the grand mean is
            // σ²_query/Q + σ²_point/N + σ²_residual/(QN), which the spreads of the query means and the point
            // means bound from above (each carries part of the residual).
            let byQuery = MonteCarloEstimate(samples: queryMeans), byPoint = MonteCarloEstimate(samples: pointMeans)
            let powerPerCoordinate = MonteCarloEstimate(
                mean: byQuery.mean,
                standardError: (byQuery.standardError * byQuery.standardError
                    + byPoint.standardError * byPoint.standardError).squareRoot(),
                count: queries * points)
            return Row(dimension: d, norm: p, relativeContrast: MonteCarloEstimate(samples: contrasts),
                       gap: MonteCarloEstimate(samples: gaps), nearestToFarthestRatio: MonteCarloEstimate(samples: ratios),
                       powerDistancePerCoordinate: powerPerCoordinate)
        }
    }

    @inline(__always)
    private static func root(_ power: Double, _ p: Double) -> Double {
        p == 1 ? power : p == 2 ? power.squareRoot() : Foundation.pow(power, 1 / p)
    }

    /// `Σⱼ |aᵢⱼ − bₖⱼ|ᵖ` for every row i of `a` and k of `b` (the p-th power of the Lₚ distance).
    static func distances(from a: Matrix, to b: Matrix, p: Double) -> Matrix {
        if p == 2 { return a.pairwiseSquaredDistances(to: b) }
        let (m, n, d) = (a.rows, b.rows, a.columns)
        var result = Matrix(rows: m, columns: n)
        a.elements.withUnsafeBufferPointer { x in
            b.elements.withUnsafeBufferPointer { y in
                result.elements.withUnsafeMutableBufferPointer { out in
                    for i in 0..<m {
                        let row = x.baseAddress! + i * d
                        for k in 0..<n {
                            let other = y.baseAddress! + k * d
                            var sum = 0.0
                            if p == 1 {
                                for j in 0..<d { sum += abs(row[j] - other[j]) }
                            } else if p == 3 {
                                for j in 0..<d { let t = abs(row[j] - other[j]); sum += t * t * t }
                            } else {
                                for j in 0..<d { sum += Foundation.pow(abs(row[j] - other[j]), p) }
                            }
                            out[i * n + k] = sum
                        }
                    }
                }
            }
        }
        return result
    }
}
