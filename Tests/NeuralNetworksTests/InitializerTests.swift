import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Empirical mean and variance of 10⁶ draws against each scheme's formula (fan_in = 300, fan_out = 100).
@Suite struct InitializerTests {
    static let cases: [(Initializer, Double)] = [
        (.uniform(bound: 0.5), 0.25 / 3),
        (.normal(standardDeviation: 0.2), 0.04),
        (.lecunNormal(), 1.0 / 300),
        (.lecunUniform(), 1.0 / 300),
        (.glorotNormal(), 2.0 / 400),
        (.glorotUniform(), 2.0 / 400),
        (.heNormal(), 2.0 / 300),
        (.heUniform(), 2.0 / 300),
        (.heNormal(gain: 0.5), 0.25 * 2.0 / 300),
        (.glorotUniform(gain: 3), 9 * 2.0 / 400),
        (.fanInUniform, 1.0 / 900),
    ]

    @Test(arguments: 0..<cases.count) func momentsMatchFormula(index: Int) {
        let (initializer, variance) = Self.cases[index]
        var generator = SeededGenerator(seed: UInt64(index + 1))
        let draws: Tensor<Double> = initializer.tensor(shape: [1000, 1000], fanIn: 300, fanOut: 100, generator: &generator)
        let values = draws.scalars
        let mean = values.reduce(0, +) / Double(values.count)
        let empirical = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        assertClose(empirical, variance, relativeTolerance: 0.01, "\(initializer)")
        assertClose(initializer.variance(fanIn: 300, fanOut: 100), variance, relativeTolerance: 1e-12)
        // The mean is 0: within 1 % of the standard deviation.
        assertClose(mean, 0, absoluteTolerance: 0.01 * variance.squareRoot(), "\(initializer)")
    }

    @Test func uniformBoundsAndBiasesZero() {
        var generator = SeededGenerator(seed: 9)
        let draws: Tensor<Double> = Initializer.heUniform().tensor(shape: [10_000], fanIn: 6, fanOut: 1, generator: &generator)
        #expect(draws.scalars.allSatisfy { abs($0) <= 1 })   // √(6/6) = 1
        let dense = Dense<Double>(3, 4, weightInitializer: .heNormal(), biasInitializer: .zeros, seed: 1)
        #expect(dense.bias!.value.scalars == [0, 0, 0, 0])
    }
}
