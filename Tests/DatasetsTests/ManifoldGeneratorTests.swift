import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("ManifoldGenerator")
struct ManifoldGeneratorTests {
    @Test("noise-free swiss roll lies on (t cos t, h, t sin t) with t in [1.5π, 4.5π], h in [0, 21)")
    func swissRollSurface() throws {
        let sample = try ManifoldGenerator.swissRoll(samples: 500, seed: 3)
        #expect(sample.data.rows == 500 && sample.data.columns == 3 && sample.parameter.count == 500)
        for i in 0..<500 {
            let t = sample.parameter[i]
            #expect(t >= 1.5 * .pi && t <= 4.5 * .pi)
            assertClose(sample.data[i, 0], t * cos(t), absoluteTolerance: 1e-12)
            assertClose(sample.data[i, 2], t * sin(t), absoluteTolerance: 1e-12)
            #expect(sample.data[i, 1] >= 0 && sample.data[i, 1] < 21)
        }
        // Uniform t: its mean is the interval's midpoint 3π (standard error π·√3/√500 ≈ 0.24).
        let mean = sample.parameter.reduce(0, +) / 500
        #expect(abs(mean - 3 * .pi) < 0.75)
    }

    @Test("noise is Gaussian with the requested standard deviation; the same seed gives the same bits")
    func noiseAndSeeds() throws {
        let noisy = try ManifoldGenerator.swissRoll(samples: 20_000, noise: 0.3, seed: 9)
        var residuals: [Double] = []
        for i in 0..<20_000 {
            let t = noisy.parameter[i]
            residuals.append(noisy.data[i, 0] - t * cos(t))
            residuals.append(noisy.data[i, 2] - t * sin(t))
        }
        let variance = residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)
        assertClose(variance.squareRoot(), 0.3, relativeTolerance: 0.02)
        let again = try ManifoldGenerator.swissRoll(samples: 20_000, noise: 0.3, seed: 9)
        #expect(again.data == noisy.data && again.parameter == noisy.parameter)
        let other = try ManifoldGenerator.swissRoll(samples: 20_000, noise: 0.3, seed: 10)
        #expect(other.data != noisy.data)
    }

    @Test("noise-free S-curve lies on (sin t, h, sign(t)(cos t − 1))")
    func sCurveSurface() throws {
        let sample = try ManifoldGenerator.sCurve(samples: 400, seed: 1)
        for i in 0..<400 {
            let t = sample.parameter[i]
            #expect(abs(t) <= 1.5 * .pi)
            assertClose(sample.data[i, 0], sin(t), absoluteTolerance: 1e-12)
            assertClose(sample.data[i, 2], (t < 0 ? -1 : 1) * (cos(t) - 1), absoluteTolerance: 1e-12)
            #expect(sample.data[i, 1] >= 0 && sample.data[i, 1] < 2)
        }
    }

    @Test("bad arguments throw")
    func badArguments() {
        #expect(throws: LinearAlgebraError.self) { try ManifoldGenerator.swissRoll(samples: 0) }
        #expect(throws: LinearAlgebraError.self) { try ManifoldGenerator.sCurve(samples: 10, noise: -1) }
        #expect(throws: LinearAlgebraError.self) { try ManifoldGenerator.swissRoll(samples: 10, noise: .nan) }
    }
}
