import Foundation
import LinearAlgebra
@testable import NeuralNetworks
import Testing

// The vectorised square root of the optimiser kernels against the correctly rounded library root.
@Suite struct KernelTests {
    @Test func laneSquareRootWithinFourUlp() {
        var generator = SeededGenerator(seed: 5)
        var worstFloat: Float = 0, worstDouble = 0.0
        for _ in 0..<20_000 {
            // Normal numbers from 1e-30 to 1e30, log-uniform.
            let x = Double.pow(10, 60 * generator.nextUniform() - 30)
            let f = Float(x)
            let single = laneSquareRoot(SIMD8<Float>(repeating: f))[3]
            worstFloat = Swift.max(worstFloat, abs(single - f.squareRoot()) / f.squareRoot().ulp)
            let double = laneSquareRoot(SIMD8<Double>(repeating: x))[5]
            worstDouble = Swift.max(worstDouble, abs(double - x.squareRoot()) / x.squareRoot().ulp)
        }
        #expect(worstFloat <= 4 && worstDouble <= 4, "worst errors \(worstFloat) and \(worstDouble) ulp")
        #expect(laneSquareRoot(SIMD8<Float>(repeating: 0)) == .zero && laneSquareRoot(SIMD8<Double>(repeating: 0)) == .zero)
    }
}
