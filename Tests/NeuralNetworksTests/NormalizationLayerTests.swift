import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// BatchNorm2D and LayerNorm against loop references written here (per-channel / per-sample statistics), their
// running statistics and modes, and their gradients against central differences.
@Suite struct NormalizationLayerTests {
    /// A seeded `[n, c, h, w]` tensor with an offset and a scale per channel, so channels differ.
    static func maps(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var generator = SeededGenerator(seed: seed)
        let plane = shape[2] * shape[3]
        return Tensor(shape: shape) { i in
            let channel = (i / plane) % shape[1]
            return Double(channel + 1) * generator.nextNormal() + 3 * Double(channel)
        }
    }

    @Test func batchNorm2DUsesPerChannelStatisticsOverBatchAndPlane() throws {
        let (n, c, h, w) = (3, 2, 4, 5)
        let x = Self.maps([n, c, h, w], seed: 1)
        let layer = BatchNorm2D<Double>(channelCount: c)
        layer.scale.value = Tensor([2, -0.5])
        layer.offset.value = Tensor([1, 3])
        let training = ForwardContext<Double>(mode: .training)
        let y = try layer(training.constant(x), in: training).value()
        let m = Double(n * h * w)
        for channel in 0..<c {
            var values: [Double] = []
            for i in 0..<n { for r in 0..<h { for s in 0..<w { values.append(x[i, channel, r, s]) } } }
            let mean = values.reduce(0, +) / m
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / m
            let (gamma, beta) = (layer.scale.value.scalars[channel], layer.offset.value.scalars[channel])
            for i in 0..<n { for r in 0..<h { for s in 0..<w {
                let expected = gamma * (x[i, channel, r, s] - mean) / (variance + 1e-5).squareRoot() + beta
                assertClose(y[i, channel, r, s], expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
            } } }
            // PyTorch's update: momentum 0.1 on the batch mean and the unbiased (m − 1) batch variance.
            assertClose(layer.runningMean.value.scalars[channel], 0.1 * mean, relativeTolerance: 1e-12)
            assertClose(layer.runningVariance.value.scalars[channel], 0.9 + 0.1 * variance * m / (m - 1), relativeTolerance: 1e-12)
        }
        // Evaluation: the running statistics, not the batch's; no update.
        let runningMean = layer.runningMean.value, runningVariance = layer.runningVariance.value
        let evaluation = ForwardContext<Double>(mode: .evaluation)
        let z = try layer(evaluation.constant(x), in: evaluation).value()
        for channel in 0..<c {
            let (mu, v) = (runningMean.scalars[channel], runningVariance.scalars[channel])
            let (gamma, beta) = (layer.scale.value.scalars[channel], layer.offset.value.scalars[channel])
            assertClose(z[1, channel, 2, 3], gamma * (x[1, channel, 2, 3] - mu) / (v + 1e-5).squareRoot() + beta, relativeTolerance: 1e-12)
        }
        #expect(layer.runningMean.value == runningMean && layer.runningVariance.value == runningVariance)
        #expect(layer.namedParameters.map(\.name) == ["scale", "offset", "runningMean", "runningVariance"])
        #expect(layer.parameters.count == 2)
    }

    @Test func batchNorm2DRunningStatisticsConvergeToTheData() throws {
        // Many training passes over the same batch: running mean → batch mean, running var → unbiased variance.
        let x = Self.maps([4, 3, 3, 3], seed: 2)
        let layer = BatchNorm2D<Double>(channelCount: 3, momentum: 0.5)
        for _ in 0..<60 {
            let context = ForwardContext<Double>(mode: .training)
            _ = layer(context.constant(x), in: context)
        }
        for channel in 0..<3 {
            var values: [Double] = []
            for i in 0..<4 { for r in 0..<3 { for s in 0..<3 { values.append(x[i, channel, r, s]) } } }
            let mean = values.reduce(0, +) / 36, unbiased = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 35
            assertClose(layer.runningMean.value.scalars[channel], mean, relativeTolerance: 1e-10)
            assertClose(layer.runningVariance.value.scalars[channel], unbiased, relativeTolerance: 1e-10)
        }
    }

    @Test func batchNorm2DGradientMatchesCentralDifferences() throws {
        let x = Self.maps([2, 2, 3, 2], seed: 3)
        let weights = Self.maps([2, 2, 3, 2], seed: 4)
        let report = try checkGradients(at: [x]) { v in
            let layer = BatchNorm2D<Double>(channelCount: 2)
            layer.scale.value = Tensor([1.5, -0.7])
            let context = ForwardContext<Double>(graph: v[0].graph, mode: .training, resetting: false)
            return (layer(v[0], in: context) * v[0].graph.constant(weights)).sum()
        }
        #expect(report.passes(tolerance: 1e-6), "\(report)")
        // γ and β: ∂/∂β_c = Σ weights over the channel, ∂/∂γ_c = Σ weights · x̂.
        let layer = BatchNorm2D<Double>(channelCount: 2)
        let context = ForwardContext<Double>(mode: .training)
        let y = layer(context.constant(x), in: context)
        let normalized = try y.value()
        try context.backward(from: (y * context.constant(weights)).sum())
        for channel in 0..<2 {
            var dBeta = 0.0, dGamma = 0.0
            for i in 0..<2 { for r in 0..<3 { for s in 0..<2 {
                dBeta += weights[i, channel, r, s]
                dGamma += weights[i, channel, r, s] * normalized[i, channel, r, s]
            } } }
            assertClose(layer.offset.gradient.scalars[channel], dBeta, relativeTolerance: 1e-12)
            assertClose(layer.scale.gradient.scalars[channel], dGamma, relativeTolerance: 1e-10)
        }
    }

    @Test func batchNorm2DRejectsWrongShapesAndSingleValues() {
        let layer = BatchNorm2D<Double>(channelCount: 3)
        #expect(throws: AutodiffError.shapeMismatch("BatchNorm2D: input shape [2, 4, 3, 3] must be [batch, 3, height, width]")) {
            try layer.predict(Tensor(zeros: [2, 4, 3, 3]))
        }
        let context = ForwardContext<Double>(mode: .training)
        #expect(throws: AutodiffError.invalidArgument("BatchNorm2D: a training batch with N·H·W = 1 value per channel has no variance; use more samples or larger maps")) {
            try layer(context.constant(Tensor(zeros: [1, 3, 1, 1])), in: context).value()
        }
    }

    @Test func layerNormNormalisesEachSampleOverTrailingAxes() throws {
        let x = Self.maps([2, 3, 2, 2], seed: 5)
        let layer = LayerNorm<Double>(normalizedShape: [3, 2, 2])
        var generator = SeededGenerator(seed: 6)
        layer.weight!.value = Tensor(shape: [3, 2, 2]) { _ in generator.nextNormal() }
        layer.bias!.value = Tensor(shape: [3, 2, 2]) { _ in generator.nextNormal() }
        // Training and evaluation agree (no running statistics).
        let training = ForwardContext<Double>(mode: .training)
        let y = try layer(training.constant(x), in: training).value()
        #expect(try layer.predict(x) == y)
        for sample in 0..<2 {
            let values = (0..<12).map { x.scalars[sample * 12 + $0] }
            let mean = values.reduce(0, +) / 12, variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 12
            for k in 0..<12 {
                let expected = (values[k] - mean) / (variance + 1e-5).squareRoot() * layer.weight!.value.scalars[k] + layer.bias!.value.scalars[k]
                assertClose(y.scalars[sample * 12 + k], expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
            }
        }
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
        // Over the last axis only: each row of [batch, features] separately; without the affine map, no parameters.
        let rows = LayerNorm<Double>(normalizedShape: [4], elementwiseAffine: false)
        #expect(rows.namedParameters.isEmpty)
        let r = try rows.predict(Tensor(shape: [2, 4], scalars: [1, 2, 3, 4, -2, 0, 2, 4]))
        let s1 = 1 / (1.25 + 1e-5).squareRoot(), s2 = 1 / (5 + 1e-5).squareRoot()
        assertClose(r.scalars, [-1.5 * s1, -0.5 * s1, 0.5 * s1, 1.5 * s1, -3 * s2, -1 * s2, 1 * s2, 3 * s2], relativeTolerance: 1e-12)
    }

    @Test func layerNormGradientMatchesCentralDifferences() throws {
        let x = Self.maps([2, 2, 2, 3], seed: 7)
        let weights = Self.maps([2, 2, 2, 3], seed: 8)
        var generator = SeededGenerator(seed: 9)
        let gamma = Tensor<Double>(shape: [2, 3]) { _ in generator.nextNormal() }
        let report = try checkGradients(at: [x, gamma]) { v in
            let layer = LayerNorm<Double>(normalizedShape: [2, 3], elementwiseAffine: false)
            let context = ForwardContext<Double>(graph: v[0].graph, mode: .training, resetting: false)
            return (layer(v[0], in: context) * v[1] * v[0].graph.constant(weights)).sum()
        }
        #expect(report.passes(tolerance: 1e-6), "\(report)")
    }

    @Test func layerNormRejectsMismatchedTrailingShape() {
        let layer = LayerNorm<Double>(normalizedShape: [3, 4])
        #expect(throws: AutodiffError.shapeMismatch("LayerNorm: input shape [2, 4, 3] must end in normalizedShape [3, 4]")) {
            try layer.predict(Tensor(zeros: [2, 4, 3]))
        }
    }
}
