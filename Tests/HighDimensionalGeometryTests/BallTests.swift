import Foundation
import HighDimensionalGeometry
import TestSupport
import Testing

@Suite("n-ball volume, sphere area and where they peak")
struct BallTests {
    let pi = Double.pi

    @Test func volumesAgainstElementaryFormulas() throws {
        assertClose(try Ball.volume(dimension: 10), pow(pi, 5) / 120, relativeTolerance: 1e-9)
        assertClose(try Ball.volume(dimension: 5), 8 * pi * pi / 15, relativeTolerance: 1e-9)
        for radius in [0.1, 1, 2.5] {
            assertClose(try Ball.volume(dimension: 0, radius: radius), 1, relativeTolerance: 1e-12)
            assertClose(try Ball.volume(dimension: 1, radius: radius), 2 * radius, relativeTolerance: 1e-12)
            assertClose(try Ball.volume(dimension: 2, radius: radius), pi * radius * radius, relativeTolerance: 1e-12)
            assertClose(try Ball.volume(dimension: 3, radius: radius), 4 * pi * pow(radius, 3) / 3, relativeTolerance: 1e-12)
            assertClose(try Ball.volume(dimension: 4, radius: radius), pi * pi * pow(radius, 4) / 2, relativeTolerance: 1e-12)
        }
    }

    @Test func volumeFollowsTheTwoStepRecurrenceInHighDimension() throws {
        // Vₙ = (2π/n) Vₙ₋₂, summed in logs from V₀ = 1 and V₁ = 2, independent of log Γ.
        var logVolumes = [0.0, log(2.0)]
        for n in 2...1200 { logVolumes.append(log(2 * pi / Double(n)) + logVolumes[n - 2]) }
        for n in [6, 17, 100, 341, 400, 1000, 1200] {
            assertClose(try Ball.logVolume(dimension: Double(n)), logVolumes[n], relativeTolerance: 1e-12, "n = \(n)")
        }
        // Γ(201) overflows a Double, but V₄₀₀(1) ≈ 4e-276 does not: the log-space form still returns it.
        assertClose(try Ball.volume(dimension: 400), exp(logVolumes[400]), relativeTolerance: 1e-9)
        #expect(tgamma(201.0) == .infinity)
        #expect(try Ball.volume(dimension: 1200) == 0)  // below the smallest subnormal; logVolume keeps it
    }

    @Test func surfaceAreaIsTheRadialDerivativeOfVolume() throws {
        assertClose(try Ball.surfaceArea(dimension: 2, radius: 3), 2 * pi * 3, relativeTolerance: 1e-12)
        assertClose(try Ball.surfaceArea(dimension: 3, radius: 3), 4 * pi * 9, relativeTolerance: 1e-12)
        assertClose(try Ball.surfaceArea(dimension: 1), 2, relativeTolerance: 1e-12)  // two points
        for n in stride(from: 0.5, through: 30, by: 0.5) {
            let radius = 1.3, h = 1e-5
            assertClose(try Ball.surfaceArea(dimension: n, radius: radius),
                        n * (try Ball.volume(dimension: n, radius: radius)) / radius, relativeTolerance: 1e-12)
            let derivative = (try Ball.volume(dimension: n, radius: radius + h)
                - (try Ball.volume(dimension: n, radius: radius - h))) / (2 * h)
            assertClose(try Ball.surfaceArea(dimension: n, radius: radius), derivative, relativeTolerance: 1e-8)
        }
    }

    @Test func unitVolumePeaksNearDimensionFivePointTwoFive() throws {
        let peak = try Ball.peakVolumeDimension()
        // SciPy brentq on ½ log π − ½ ψ(n/2 + 1) = 0 gives 5.256946404860578.
        assertClose(peak, 5.256946404860578, relativeTolerance: 1e-12)
        // The derivative of log Vₙ vanishes there (central differences, independent of ψ) …
        let h = 1e-4
        let slope = (try Ball.logVolume(dimension: peak + h) - (try Ball.logVolume(dimension: peak - h))) / (2 * h)
        assertClose(slope, 0, absoluteTolerance: 1e-8)
        // … and among integers V₅ is the largest.
        let integerVolumes = try (0...20).map { try Ball.volume(dimension: Double($0)) }
        #expect(integerVolumes.firstIndex(of: integerVolumes.max()!) == 5)
    }

    @Test func surfacePeaksTwoDimensionsLater() throws {
        let peak = try Ball.peakSurfaceDimension()
        assertClose(peak, 7.256946404860576, relativeTolerance: 1e-12)
        assertClose(peak - (try Ball.peakVolumeDimension()), 2, relativeTolerance: 1e-12)
        let h = 1e-4
        let slope = (try Ball.logSurfaceArea(dimension: peak + h) - (try Ball.logSurfaceArea(dimension: peak - h))) / (2 * h)
        assertClose(slope, 0, absoluteTolerance: 1e-8)
        let areas = try (1...20).map { try Ball.surfaceArea(dimension: Double($0)) }
        #expect(areas.firstIndex(of: areas.max()!)! + 1 == 7)
    }

    @Test func peakMovesWithTheRadius() throws {
        for radius in [0.7, 2, 5] {
            let peak = try Ball.peakVolumeDimension(radius: radius)
            let h = 1e-4
            let slope = (try Ball.logVolume(dimension: peak + h, radius: radius)
                - (try Ball.logVolume(dimension: peak - h, radius: radius))) / (2 * h)
            assertClose(slope, 0, absoluteTolerance: 1e-8, "R = \(radius)")
        }
        // When π R² ≤ e^(−γ) the volume only decreases with n: the peak is at n = 0.
        let small = (exp(-SpecialFunctions.eulerGamma) / pi).squareRoot() * 0.99
        #expect(try Ball.peakVolumeDimension(radius: small) == 0)
        #expect(try Ball.logVolume(dimension: 0.1, radius: small) < 0)
    }

    @Test func ballFillsAVanishingShareOfTheCube() throws {
        assertClose(try Ball.cubeFractionInInscribedBall(dimension: 1), 1, relativeTolerance: 1e-12)
        assertClose(try Ball.cubeFractionInInscribedBall(dimension: 2), pi / 4, relativeTolerance: 1e-12)
        assertClose(try Ball.cubeFractionInInscribedBall(dimension: 3), pi / 6, relativeTolerance: 1e-12)
        assertClose(try Ball.cubeFractionInInscribedBall(dimension: 10), pow(pi, 5) / 120 / 1024, relativeTolerance: 1e-9)
        let shares = try (1...30).map { try Ball.cubeFractionInInscribedBall(dimension: Double($0)) }
        #expect(zip(shares, shares.dropFirst()).allSatisfy { $1 < $0 })
    }

    @Test func shellHoldsAlmostAllTheVolume() throws {
        assertClose(try Ball.shellVolumeFraction(dimension: 500, thickness: 0.01), 1 - pow(0.99, 500), relativeTolerance: 1e-9)
        assertClose(try Ball.shellVolumeFraction(dimension: 500, thickness: 0.01), 0.9934295169575854, relativeTolerance: 1e-9)
        assertClose(try Ball.shellVolumeFraction(dimension: 2, thickness: 0.5), 0.75, relativeTolerance: 1e-14)
        // A thin shell in low dimension: 1 − (1 − ε)³ = 3ε − 3ε² + ε³ exactly; the naive form loses six digits.
        let epsilon = 1e-10
        assertClose(try Ball.shellVolumeFraction(dimension: 3, thickness: epsilon),
                    3 * epsilon - 3 * epsilon * epsilon + pow(epsilon, 3), relativeTolerance: 1e-14)
        #expect(!isClose(1 - pow(1 - epsilon, 3), 3 * epsilon, relativeTolerance: 1e-9))
        #expect(try Ball.shellVolumeFraction(dimension: 0, thickness: 0.5) == 0)
        #expect(try Ball.shellVolumeFraction(dimension: 7, thickness: 1) == 1)
        #expect(try Ball.shellVolumeFraction(dimension: 7, thickness: 0) == 0)
    }

    @Test func badArgumentsThrowWithTheValueAndTheLimit() {
        #expect(throws: GeometryError.self) { try Ball.volume(dimension: -1) }
        #expect(throws: GeometryError.self) { try Ball.volume(dimension: 3, radius: 0) }
        #expect(throws: GeometryError.self) { try Ball.surfaceArea(dimension: 0) }
        do {
            _ = try Ball.shellVolumeFraction(dimension: 3, thickness: 1.5)
            Issue.record("thickness 1.5 was accepted")
        } catch {
            #expect("\(error)" == "Ball.shellVolumeFraction: thickness = 1.5 is invalid; it must lie in [0.0, 1.0]")
        }
        do {
            _ = try Ball.logVolume(dimension: .nan)
            Issue.record("NaN dimension was accepted")
        } catch {
            #expect("\(error)" == "Ball.logVolume: dimension = nan is invalid; give a finite number ≥ 0")
        }
    }
}
