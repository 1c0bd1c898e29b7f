import Foundation
import HighDimensionalGeometry
import TestSupport
import Testing

@Suite("Sampling density: ESL's nearest-neighbour distance, sub-cube edges and sample sizes")
struct SamplingDensityTests {
    @Test func medianNearestDistanceMatchesTheDirectFormulaAndESL() throws {
        let direct = pow(1 - pow(0.5, 1.0 / 500), 1.0 / 10)
        assertClose(try SamplingDensity.medianNearestDistance(dimension: 10, samples: 500), direct, relativeTolerance: 1e-9)
        // ESL §2.5: "more than half way to the boundary", d(10, 500) ≈ 0.52.
        assertClose(try SamplingDensity.medianNearestDistance(dimension: 10, samples: 500), 0.52, relativeTolerance: 0.01)
        for p in [1, 2, 3, 20] {
            // One point: the median of U^(1/p) is ½^(1/p).
            assertClose(try SamplingDensity.medianNearestDistance(dimension: p, samples: 1), pow(0.5, 1 / Double(p)),
                        relativeTolerance: 1e-12)
        }
        // The distance shrinks with N and grows with p.
        let grid = try [1, 2, 5, 10, 50].map { p in
            try [1, 10, 100, 1000].map { try SamplingDensity.medianNearestDistance(dimension: p, samples: $0) }
        }
        for row in grid { #expect(zip(row, row.dropFirst()).allSatisfy { $1 < $0 }) }
        for column in 0..<4 { #expect(zip(grid, grid.dropFirst()).allSatisfy { $1[column] > $0[column] }) }
    }

    @Test func medianNearestDistanceKeepsDigitsForHugeSamples() throws {
        // 1 − 2^(−1/N) = ln2/N − (ln2)²/(2N²) + …: with N = 10¹² the naive 1 − pow(½, 1/N) keeps four digits.
        let n = 1_000_000_000_000.0
        let ln2 = log(2.0)
        let series = ln2 / n - ln2 * ln2 / (2 * n * n)
        assertClose(try SamplingDensity.medianNearestDistance(dimension: 1, samples: Int(n)), series, relativeTolerance: 1e-12)
        #expect(!isClose(1 - pow(0.5, 1 / n), series, relativeTolerance: 1e-9))
    }

    @Test func subcubeEdges() throws {
        // ESL §2.5: in ten dimensions 1% of the data needs 63% of each range, 10% needs 80%.
        assertClose(try SamplingDensity.subcubeEdge(fraction: 0.01, dimension: 10), pow(0.01, 0.1), relativeTolerance: 1e-12)
        assertClose(try SamplingDensity.subcubeEdge(fraction: 0.01, dimension: 10), 0.63, relativeTolerance: 0.01)
        assertClose(try SamplingDensity.subcubeEdge(fraction: 0.1, dimension: 10), 0.80, relativeTolerance: 0.01)
        assertClose(try SamplingDensity.subcubeEdge(fraction: 0.25, dimension: 2), 0.5, relativeTolerance: 1e-14)
        #expect(try SamplingDensity.subcubeEdge(fraction: 1, dimension: 7) == 1)
    }

    @Test func samplesForFixedDensity() throws {
        // ESL: 100 points on a line are as dense as 100¹⁰ points in ten dimensions.
        assertClose(try SamplingDensity.samplesForFixedDensity(referenceSamples: 100, dimension: 10), 1e20, relativeTolerance: 1e-12)
        assertClose(try SamplingDensity.samplesForFixedDensity(referenceSamples: 1000, referenceDimension: 3, dimension: 6),
                    1e6, relativeTolerance: 1e-12)
        assertClose(try SamplingDensity.logSamplesForFixedDensity(referenceSamples: 100, dimension: 500), 500 * log(100.0),
                    relativeTolerance: 1e-14)
        #expect(try SamplingDensity.samplesForFixedDensity(referenceSamples: 100, dimension: 500) == .infinity)
    }

    @Test func samplesForMedianNearestDistanceInvertsESL() throws {
        for p in [1, 2, 5, 10] {
            for distance in [0.05, 0.2, 0.5, 0.9] {
                let n = try SamplingDensity.samplesForMedianNearestDistance(distance, dimension: p)
                guard n < 1e9 else { continue }
                // The smallest N that reaches the distance: N does, N − 1 does not.
                #expect(try SamplingDensity.medianNearestDistance(dimension: p, samples: Int(n)) <= distance)
                if n > 1 {
                    #expect(try SamplingDensity.medianNearestDistance(dimension: p, samples: Int(n) - 1) > distance)
                }
            }
        }
        // Keeping the median nearest neighbour within 0.1 of the origin needs about ln 2 · 10ᵖ points.
        assertClose(try SamplingDensity.samplesForMedianNearestDistance(0.1, dimension: 10), (log(2.0) * 1e10).rounded(.up),
                    relativeTolerance: 1e-9)
    }

    @Test func badArgumentsThrow() {
        #expect(throws: GeometryError.self) { try SamplingDensity.medianNearestDistance(dimension: 0, samples: 10) }
        #expect(throws: GeometryError.self) { try SamplingDensity.medianNearestDistance(dimension: 3, samples: 0) }
        #expect(throws: GeometryError.self) { try SamplingDensity.subcubeEdge(fraction: 0, dimension: 3) }
        #expect(throws: GeometryError.self) { try SamplingDensity.samplesForFixedDensity(referenceSamples: 0.5, dimension: 3) }
        #expect(throws: GeometryError.self) { try SamplingDensity.samplesForMedianNearestDistance(1, dimension: 3) }
        do {
            _ = try SamplingDensity.subcubeEdge(fraction: 1.5, dimension: 4)
            Issue.record("fraction 1.5 was accepted")
        } catch {
            #expect("\(error)" == "SamplingDensity.subcubeEdge: fraction = 1.5 is invalid; it must lie in (0, 1]")
        }
    }
}
