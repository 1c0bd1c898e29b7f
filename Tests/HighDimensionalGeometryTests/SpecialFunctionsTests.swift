import Foundation
import HighDimensionalGeometry
import LinearAlgebra
import TestSupport
import Testing

@Suite("Special functions: digamma, trigamma and the inverse of digamma")
struct SpecialFunctionsTests {
    let gamma = 0.577_215_664_901_532_860_6
    let pi = Double.pi

    @Test func digammaAtClosedFormPoints() {
        // Gauss's digamma theorem (Abramowitz & Stegun 6.3.2, 6.3.3, and the values at 1/3 and 1/4).
        assertClose(SpecialFunctions.digamma(1), -gamma, relativeTolerance: 1e-15)
        assertClose(SpecialFunctions.digamma(0.5), -gamma - 2 * log(2.0), relativeTolerance: 1e-15)
        assertClose(SpecialFunctions.digamma(0.25), -gamma - pi / 2 - 3 * log(2.0), relativeTolerance: 1e-14)
        assertClose(SpecialFunctions.digamma(1.0 / 3), -gamma - pi / (2 * 3.0.squareRoot()) - 1.5 * log(3.0),
                    relativeTolerance: 1e-14)
        // ψ(−½) = ψ(½) + 2 by the recurrence.
        assertClose(SpecialFunctions.digamma(-0.5), -gamma - 2 * log(2.0) + 2, absoluteTolerance: 2e-15)  // ≈ 0.0365: cancels
    }

    @Test func digammaAtIntegersIsHarmonicMinusGamma() {
        // ψ(n) = H(n−1) − γ (A&S 6.3.2).
        var harmonic = 0.0
        for n in 1...60 {
            assertClose(SpecialFunctions.digamma(Double(n)), harmonic - gamma, relativeTolerance: 1e-14, "n = \(n)")
            harmonic += 1 / Double(n)
        }
        let h999 = (1...999).reduce(0.0) { $0 + 1 / Double($1) }
        assertClose(SpecialFunctions.digamma(1000), h999 - gamma, relativeTolerance: 1e-14)
    }

    @Test func digammaAgainstReferenceImplementation() {
        // Values from SciPy 1.17 `scipy.special.psi` (Cephes), including the reflection branch and the root.
        let reference: [(Double, Double)] = [
            (-2.5, 1.1031566406452433), (-0.3, 2.1133097796353972), (0.001, -1000.5755719318103),
            (7.25, 1.9104535268837362), (123.456, 4.811829323828985), (1e6, 13.81551005796419),
        ]
        for (x, value) in reference {
            assertClose(SpecialFunctions.digamma(x), value, relativeTolerance: 1e-14, "ψ(\(x))")
        }
        // The positive root x₀ = 1.4616321449683622…: only an absolute tolerance is meaningful there.
        assertClose(SpecialFunctions.digamma(1.4616321449683622), 0, absoluteTolerance: 1e-15)
    }

    @Test func digammaRecurrenceAndReflection() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let x = -20 + 40 * generator.nextUniform()
            // ψ(x + 1) − ψ(x) = 1/x and ψ(1 − x) − ψ(x) = π cot(πx).
            assertClose(SpecialFunctions.digamma(x + 1) - SpecialFunctions.digamma(x), 1 / x,
                        relativeTolerance: 1e-9, absoluteTolerance: 1e-12, "x = \(x)")
            assertClose(SpecialFunctions.digamma(1 - x) - SpecialFunctions.digamma(x), pi / tan(pi * x),
                        relativeTolerance: 1e-9, absoluteTolerance: 1e-12, "x = \(x)")
        }
    }

    @Test func digammaIsTheDerivativeOfLogGamma() {
        for x in [0.3, 1.7, 4.2, 9.9, 10.1, 55.5] {
            let h = 1e-5 * x
            let difference = (lgamma(x + h) - lgamma(x - h)) / (2 * h)
            assertClose(SpecialFunctions.digamma(x), difference, relativeTolerance: 1e-8, absoluteTolerance: 1e-9)
        }
    }

    @Test func specialValues() {
        #expect(SpecialFunctions.digamma(0).isNaN)
        #expect(SpecialFunctions.digamma(-3).isNaN)
        #expect(SpecialFunctions.digamma(.nan).isNaN)
        #expect(SpecialFunctions.digamma(.infinity) == .infinity)
        #expect(SpecialFunctions.trigamma(-2).isNaN)
        #expect(SpecialFunctions.trigamma(.infinity) == 0)
        #expect(SpecialFunctions.inverseDigamma(-.infinity) == 0)
        #expect(SpecialFunctions.inverseDigamma(.infinity) == .infinity)
    }

    @Test func trigammaAtClosedFormPoints() {
        // ψ′(1) = π²/6, ψ′(½) = π²/2, ψ′(n + 1) = π²/6 − Σₖ₌₁ⁿ 1/k² (A&S 6.4.2, 6.4.4).
        assertClose(SpecialFunctions.trigamma(1), pi * pi / 6, relativeTolerance: 1e-15)
        assertClose(SpecialFunctions.trigamma(0.5), pi * pi / 2, relativeTolerance: 1e-15)
        var partial = 0.0
        for n in 1...40 {
            partial += 1 / Double(n * n)
            assertClose(SpecialFunctions.trigamma(Double(n + 1)), pi * pi / 6 - partial, relativeTolerance: 1e-13)
        }
        // SciPy `polygamma(1, x)` at a negative and a tiny argument.
        assertClose(SpecialFunctions.trigamma(-2.5), 9.539246644989124, relativeTolerance: 1e-13)
        assertClose(SpecialFunctions.trigamma(0.001), 1000001.6425331959, relativeTolerance: 1e-14)
    }

    @Test func inverseDigammaRoundTrips() {
        for y in stride(from: -40.0, through: 40.0, by: 0.37) {
            let x = SpecialFunctions.inverseDigamma(y)
            #expect(x > 0)
            assertClose(SpecialFunctions.digamma(x), y, relativeTolerance: 1e-13, absoluteTolerance: 1e-14, "y = \(y)")
        }
        for x in [1e-4, 0.05, 0.5, 1, 1.4616321449683622, 2, 3.628, 17, 1e3, 1e7] {
            assertClose(SpecialFunctions.inverseDigamma(SpecialFunctions.digamma(x)), x, relativeTolerance: 1e-12,
                        "x = \(x)")
        }
    }
}
