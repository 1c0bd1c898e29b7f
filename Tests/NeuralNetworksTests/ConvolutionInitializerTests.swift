import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Fans of convolution kernels (PyTorch's _calculate_fan_in_and_fan_out) and He's fan-out mode, checked by the
// empirical variance of ≥ 2·10⁵ seeded draws: the relative standard error of a sample variance is √(2/n) ≈ 0.3 %
// for normal draws (less for uniform ones), so a 2 % tolerance is more than 6 standard errors.
@Suite struct ConvolutionInitializerTests {
    @Test func fansOfDenseWeightsAndKernels() {
        #expect(Initializer.fans(ofWeightShape: [10, 64]) == (64, 10))
        #expect(Initializer.fans(ofWeightShape: [16, 3, 3, 3]) == (27, 144))         // in·kh·kw, out·kh·kw
        #expect(Initializer.fans(ofWeightShape: [32, 8, 5, 3]) == (120, 480))
        #expect(Initializer.fans(ofWeightShape: [7]) == (7, 7))
    }

    static let cases: [(Initializer, Double)] = [
        // Kernel [128, 16, 5, 5]: fan_in = 16·25 = 400, fan_out = 128·25 = 3200.
        (.heNormal(), 2.0 / 400),
        (.heNormal(mode: .fanOut), 2.0 / 3200),
        (.heUniform(mode: .fanOut), 2.0 / 3200),
        (.heUniform(gain: 2, mode: .fanIn), 4 * 2.0 / 400),
        (.glorotUniform(), 2.0 / 3600),
        (.lecunNormal(), 1.0 / 400),
        (.fanInUniform, 1.0 / 1200),
    ]

    @Test(arguments: 0..<cases.count) func kernelVariancesMatchFanFormulas(index: Int) {
        let (initializer, variance) = Self.cases[index]
        var generator = SeededGenerator(seed: UInt64(100 + index))
        let kernel: Tensor<Double> = initializer.tensor(shape: [128, 16, 5, 5], generator: &generator)
        let values = kernel.scalars
        let mean = values.reduce(0, +) / Double(values.count)
        let empirical = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        assertClose(empirical, variance, relativeTolerance: 0.02, "\(initializer)")
        assertClose(initializer.variance(fanIn: 400, fanOut: 3200), variance, relativeTolerance: 1e-12)
    }

    @Test func fanOutModeBoundsUniformDraws() {
        var generator = SeededGenerator(seed: 3)
        // fan_out = 4·3·3 = 36 → bound √(6/36); fan_in = 2·9 = 18 would give √(6/18).
        let draws: Tensor<Double> = Initializer.heUniform(mode: .fanOut).tensor(shape: [4, 2, 3, 3], generator: &generator)
        let bound = (6.0 / 36).squareRoot()
        #expect(draws.scalars.allSatisfy { abs($0) <= bound })
        #expect(draws.scalars.map(abs).max()! > 0.9 * bound)
        #expect(Initializer.heNormal() == Initializer.heNormal(gain: 1, mode: .fanIn))
    }
}
