import Foundation
import HighDimensionalGeometry
import LinearAlgebra
import TestSupport
import Testing

/// Seeded Monte-Carlo experiments against their closed forms. With fixed seeds the outcomes are fixed; the
/// tolerances are stated in standard errors (|z| ≤ 4 unless said otherwise), so a correct implementation
/// with another seed would fail about once in 16 000 comparisons.
@Suite("Monte-Carlo experiments against closed forms and trends")
struct ExperimentTests {
    static let zLimit = 4.0

    static let distances: DistanceConcentration.Result = {
        // Small sizes keep the debug-build test fast; the trends already show at d = 2 … 1000.
        try! DistanceConcentration(dimensions: [2, 10, 100, 1000], points: 200, queries: 40, seed: 2024).run()
    }()

    @Test func meanPowerDistanceMatchesTheClosedForm() {
        for row in Self.distances.rows {
            let expected = Self.distances.distribution.meanPowerDifference(row.norm)
            let z = row.powerDistancePerCoordinate.zScore(against: expected)
            #expect(abs(z) <= Self.zLimit, "d = \(row.dimension), p = \(row.norm): E Dᵖ/d = \(row.powerDistancePerCoordinate) vs \(expected)")
        }
        // The closed forms themselves: E|U − V| = 1/3, E(U − V)² = 1/6, and for N(0, 1) E(X − Y)² = 2, E|X − Y| = 2/√π.
        assertClose(DistanceConcentration.Distribution.uniformCube.meanPowerDifference(1), 1.0 / 3, relativeTolerance: 1e-15)
        assertClose(DistanceConcentration.Distribution.uniformCube.meanPowerDifference(2), 1.0 / 6, relativeTolerance: 1e-15)
        assertClose(DistanceConcentration.Distribution.standardNormal.meanPowerDifference(2), 2, relativeTolerance: 1e-14)
        assertClose(DistanceConcentration.Distribution.standardNormal.meanPowerDifference(1), 2 / Double.pi.squareRoot(),
                    relativeTolerance: 1e-14)
    }

    @Test func relativeContrastFallsWithDimensionForEveryNorm() {
        for p in [1.0, 2, 3] {
            let contrasts = Self.distances.rows(norm: p).map(\.relativeContrast.mean)
            #expect(contrasts.count == 4)
            #expect(zip(contrasts, contrasts.dropFirst()).allSatisfy { $1 < $0 }, "p = \(p): \(contrasts)")
            // Beyer et al.: the contrast falls like 1/√d; from d = 100 to 1000 that is a factor √10 (25% slack for
            // the finite-d bias of D_min).
            let ratio = contrasts[3] / contrasts[2]
            #expect(abs(ratio * 10.0.squareRoot() - 1) < 0.25, "p = \(p): contrast ratio \(ratio)")
        }
        // Nearest and farthest neighbour become equally far: D_min/D_max → 1.
        let ratios = Self.distances.rows(norm: 2).map(\.nearestToFarthestRatio.mean)
        #expect(ratios.first! < 0.1 && ratios.last! > 0.85, "\(ratios)")
    }

    @Test func gapGrowsLikeDimensionToOneOverPMinusOneHalf() {
        // Aggarwal, Hinneburg and Keim: D_max − D_min ∝ d^(1/p − 1/2). From d = 100 to 1000: ×√10 for L1, ×1 for
        // L2, ×10^(−1/6) for L3 (10% slack: the law is asymptotic and each gap has a 1.5% standard error).
        for p in [1.0, 2, 3] {
            let gaps = Self.distances.rows(norm: p).map(\.gap.mean)
            let predicted = pow(10, 1 / p - 0.5)
            #expect(abs(gaps[3] / gaps[2] / predicted - 1) < 0.1, "p = \(p): gaps \(gaps)")
        }
        let l1 = Self.distances.rows(norm: 1).map(\.gap.mean), l3 = Self.distances.rows(norm: 3).map(\.gap.mean)
        #expect(zip(l1, l1.dropFirst()).allSatisfy { $1 > $0 })
        #expect(l3[3] < l3[2] && l3[2] < l3[1])
    }

    @Test func sameSeedSameNumbers() throws {
        let experiment = DistanceConcentration(dimensions: [3, 30], points: 20, queries: 5, norms: [0.5, 2],
                                               distribution: .standardNormal, seed: 7)
        let first = try experiment.run(), second = try experiment.run()
        #expect(first.rows == second.rows)
        var other = experiment
        other.seed = 8
        #expect(try other.run().rows != first.rows)
        #expect(first.description.contains("(Dmax − Dmin)/Dmin"))
    }

    @Test func gaussianNormsConcentrateAsTheClosedFormsSay() throws {
        let result = try GaussianNormConcentration(dimensions: [1, 2, 10, 100, 1000], samples: 2000, seed: 5).run()
        for row in result.rows {
            #expect(abs(row.meanNorm.zScore(against: row.expectedNorm)) <= Self.zLimit, "n = \(row.dimension): \(row.meanNorm)")
            #expect(abs(row.normVariance.zScore(against: row.expectedVariance)) <= Self.zLimit,
                    "n = \(row.dimension): \(row.normVariance) vs \(row.expectedVariance)")
        }
        // The relative spread sd/mean shrinks like 1/√(2n).
        let spreads = result.rows.map { $0.normVariance.mean.squareRoot() / $0.meanNorm.mean }
        #expect(zip(spreads, spreads.dropFirst()).allSatisfy { $1 < $0 })
        assertClose(spreads.last!, 1 / 2000.0.squareRoot(), relativeTolerance: 0.1)
    }

    @Test func randomDirectionsAreNearlyOrthogonal() throws {
        let result = try RandomDirectionAngles(dimensions: [2, 10, 100, 1000], directions: 100, seed: 3).run()
        for row in result.rows {
            let n = Double(row.dimension)
            #expect(abs(row.meanCosine.zScore(against: 0)) <= Self.zLimit, "n = \(row.dimension): \(row.meanCosine)")
            #expect(abs(row.meanSquaredCosine.zScore(against: 1 / n)) <= Self.zLimit,
                    "n = \(row.dimension): \(row.meanSquaredCosine) vs \(1 / n)")
            #expect(row.meanSquaredCosine.count == 100 * 99 / 2)
        }
        // The angle concentrates at 90° with a spread of about (180/π)/√n degrees.
        let last = result.rows.last!
        assertClose(last.meanAngleDegrees, 90, relativeTolerance: 0.001)
        assertClose(last.angleStandardDeviationDegrees, 180 / Double.pi / 1000.0.squareRoot(), relativeTolerance: 0.05)
        #expect(last.angleRangeDegrees.lowerBound > 80 && last.angleRangeDegrees.upperBound < 100)
    }

    @Test func cubePointsInsideTheInscribedBall() throws {
        let samples = 20_000
        let result = try BallInCubeExperiment(dimensions: Array(1...8), samples: samples, seed: 9).run()
        for row in result.rows {
            // n = 1 is exact (every point is inside): the binomial standard error is 0 there.
            let error = Swift.max(row.insideFraction.standardError, 1 / Double(samples))
            #expect(abs(row.insideFraction.mean - row.closedForm) <= Self.zLimit * error,
                    "n = \(row.dimension): \(row.insideFraction) vs \(row.closedForm)")
            // E‖x‖² = n/3 for x uniform in [−1, 1]ⁿ, and E‖x‖ < √(n/3) by Jensen.
            #expect(row.meanDistanceFromCentre.mean < (Double(row.dimension) / 3).squareRoot())
        }
    }

    @Test func nearestOfNUniformPointsHasESLsMedian() throws {
        let result = try NearestNeighborExperiment(dimensions: [1, 2, 5, 10], samples: 100, trials: 400, seed: 4).run()
        for row in result.rows {
            // P(nearest ≤ d(p, N)) = ½ exactly; the share of 400 trials has standard error ¼.
            #expect(abs(row.fractionWithinClosedForm.zScore(against: 0.5)) <= Self.zLimit,
                    "p = \(row.dimension): \(row.fractionWithinClosedForm)")
            // The sample median sits near d(p, N) (its spread is a few percent of it for p ≥ 2).
            assertClose(row.medianNearestDistance, row.closedForm, relativeTolerance: row.dimension == 1 ? 0.2 : 0.1)
        }
        let medians = result.rows.map(\.medianNearestDistance)
        #expect(zip(medians, medians.dropFirst()).allSatisfy { $1 > $0 })
    }

    @Test func monteCarloEstimateOfKnownSamples() {
        // Samples 1, 2, 3, 4: mean 2.5, s² = 5/3, standard error √(5/12).
        let estimate = MonteCarloEstimate(samples: [1.0, 2, 3, 4])
        #expect(estimate.mean == 2.5 && estimate.count == 4)
        assertClose(estimate.standardError, (5.0 / 12).squareRoot(), relativeTolerance: 1e-15)
        assertClose(estimate.zScore(against: 2), 0.5 / (5.0 / 12).squareRoot(), relativeTolerance: 1e-15)
        #expect(MonteCarloEstimate(samples: [7.0]).standardError == 0)
    }

    @Test func badExperimentSettingsThrow() {
        #expect(throws: GeometryError.self) { try DistanceConcentration(dimensions: []).run() }
        #expect(throws: GeometryError.self) { try DistanceConcentration(dimensions: [0, 3]).run() }
        #expect(throws: GeometryError.self) { try DistanceConcentration(dimensions: [3], norms: [0]).run() }
        #expect(throws: GeometryError.self) { try DistanceConcentration(dimensions: [3], points: 1).run() }
        #expect(throws: GeometryError.self) { try GaussianNormConcentration(samples: 1).run() }
        #expect(throws: GeometryError.self) { try RandomDirectionAngles(dimensions: [1]).run() }
        #expect(throws: GeometryError.self) { try BallInCubeExperiment(dimensions: [-2]).run() }
        #expect(throws: GeometryError.self) { try NearestNeighborExperiment(trials: 1).run() }
        do {
            _ = try DistanceConcentration(dimensions: [4], queries: 1).run()
            Issue.record("one query was accepted")
        } catch {
            #expect("\(error)" == "DistanceConcentration.run: queries = 1 is invalid; it must be ≥ 2")
        }
    }
}
