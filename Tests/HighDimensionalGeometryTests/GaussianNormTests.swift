import Foundation
import HighDimensionalGeometry
import TestSupport
import Testing

@Suite("Norms of standard Gaussian vectors: mean and variance of the chi distribution")
struct GaussianNormTests {
    let pi = Double.pi

    @Test func lowDimensionsInClosedForm() throws {
        // n = 1: E|Z| = √(2/π); n = 2: Rayleigh, √(π/2); n = 3: Maxwell, 2√(2/π).
        assertClose(try GaussianNorm.expectedNorm(dimension: 1), (2 / pi).squareRoot(), relativeTolerance: 1e-14)
        assertClose(try GaussianNorm.expectedNorm(dimension: 2), (pi / 2).squareRoot(), relativeTolerance: 1e-14)
        assertClose(try GaussianNorm.expectedNorm(dimension: 3), 2 * (2 / pi).squareRoot(), relativeTolerance: 1e-14)
        assertClose(try GaussianNorm.normVariance(dimension: 1), 1 - 2 / pi, relativeTolerance: 1e-13)
        assertClose(try GaussianNorm.normVariance(dimension: 2), 2 - pi / 2, relativeTolerance: 1e-13)
        assertClose(try GaussianNorm.normVariance(dimension: 3), 3 - 8 / pi, relativeTolerance: 1e-13)
    }

    @Test func meanFollowsTheGammaRecurrence() throws {
        // Γ(x + 1) = x Γ(x) gives E‖X‖ₙ₊₂ = E‖X‖ₙ · (n + 1)/n, exactly, in every dimension.
        for n in [1, 4, 17, 18, 19, 20, 21, 100, 999, 1000, 123_456, 1_000_000, 100_000_000] {
            let ratio = try GaussianNorm.expectedNorm(dimension: n + 2) / GaussianNorm.expectedNorm(dimension: n)
            assertClose(ratio, Double(n + 1) / Double(n), relativeTolerance: 1e-13, "n = \(n)")
            let logRatio = try GaussianNorm.logExpectedNorm(dimension: n + 2) - GaussianNorm.logExpectedNorm(dimension: n)
            // A difference of two logarithms near log √n: only an absolute tolerance of a few ulps is fair.
            assertClose(logRatio, log1p(1 / Double(n)), relativeTolerance: 0, absoluteTolerance: 1e-14, "n = \(n)")
        }
    }

    @Test func varianceAgainstAProductFormula() throws {
        // Γ(m + ½)/Γ(m) and Γ(m + 1)/Γ(m + ½) as running products from Γ(½) = √π, independent of log Γ.
        var evenRatio = pi.squareRoot() / 2  // Γ(3/2)/Γ(1): n = 2
        var oddRatio = 2 / pi.squareRoot()   // Γ(2)/Γ(3/2): n = 3
        for m in 1...150 {
            let even = 2 * m, odd = 2 * m + 1
            assertClose(try GaussianNorm.expectedNorm(dimension: even), 2.0.squareRoot() * evenRatio, relativeTolerance: 1e-12)
            assertClose(try GaussianNorm.expectedNorm(dimension: odd), 2.0.squareRoot() * oddRatio, relativeTolerance: 1e-12)
            assertClose(try GaussianNorm.normVariance(dimension: even), Double(even) - 2 * evenRatio * evenRatio,
                        relativeTolerance: 1e-9, "n = \(even)")
            assertClose(try GaussianNorm.normVariance(dimension: odd), Double(odd) - 2 * oddRatio * oddRatio,
                        relativeTolerance: 1e-9, "n = \(odd)")
            evenRatio *= (Double(m) + 0.5) / Double(m)
            oddRatio *= Double(m + 1) / (Double(m) + 0.5)
        }
    }

    @Test func varianceTendsToOneHalf() throws {
        // Var ‖X‖ = ½ − 1/(8n) − 1/(16n²) + O(n⁻³) (from the series of log Γ(x + ½) − log Γ(x)); the naive
        // n − (E‖X‖)² has lost every digit by n = 10¹⁶.
        for n in [10_000, 1_000_000, 100_000_000, 10_000_000_000_000_000] {
            assertClose(try GaussianNorm.normVariance(dimension: n), 0.5 - 1 / (8 * Double(n)) - 1 / (16 * Double(n) * Double(n)),
                        relativeTolerance: 1e-9, "n = \(n)")
        }
        let variances = try [1, 2, 5, 10, 100, 1000].map { try GaussianNorm.normVariance(dimension: $0) }
        #expect(zip(variances, variances.dropFirst()).allSatisfy { $1 > $0 && $1 < 0.5 })
    }

    @Test func badDimensionThrows() {
        #expect(throws: GeometryError.invalidArgument(operation: "GaussianNorm.expectedNorm", parameter: "dimension",
                                                      value: "0", requirement: "it must be ≥ 1")) {
            try GaussianNorm.expectedNorm(dimension: 0)
        }
    }
}
