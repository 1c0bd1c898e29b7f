import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

@Suite struct LayerTests {
    @Test func denseComputesAffineMapWithNamedParameters() throws {
        let weight = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, -1, 0.5, 0])
        let layer = try Dense(weight: weight, bias: Tensor([0.5, -1]), activation: .relu)
        let x = try Tensor<Double>(shape: [2, 3], scalars: [1, 1, 1, 2, -1, 0.5])
        // Rows: [6.5, −1.5 → 0] and [1.5 + 0.5, −2.5 − 1 → 0]
        #expect(try layer.predict(x).scalars == [6.5, 0, 2, 0])
        var generator = SeededGenerator(seed: 1)
        let model = Sequential<Double>([Dense(3, 4, generator: &generator), ActivationLayer(.tanh), Dense(4, 2, generator: &generator)])
        #expect(model.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"])
        #expect(model.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
    }

    @Test func backwardFillsParameterGradients() throws {
        var generator = SeededGenerator(seed: 2)
        let model = Sequential<Double>([Dense(3, 5, activation: .tanh, generator: &generator), Dense(5, 2, generator: &generator)])
        let x = Tensor<Double>.randomNormal(shape: [4, 3], seed: 3)
        func loss() throws -> Double {
            let context = ForwardContext<Double>(mode: .evaluation)
            return try crossEntropy(logits: model(context.constant(x), in: context), classes: [0, 1, 1, 0]).scalarValue()
        }
        let context = ForwardContext<Double>(mode: .training)
        try context.backward(from: crossEntropy(logits: model(context.constant(x), in: context), classes: [0, 1, 1, 0]))
        // Central differences on every scalar of every parameter.
        for (name, parameter) in model.namedParameters {
            for i in 0..<parameter.scalarCount {
                let original = parameter.value.scalars[i], h = 1e-6
                parameter.value.withUnsafeMutableBufferPointer { $0[i] = original + h }
                let plus = try loss()
                parameter.value.withUnsafeMutableBufferPointer { $0[i] = original - h }
                let minus = try loss()
                parameter.value.withUnsafeMutableBufferPointer { $0[i] = original }
                assertClose(parameter.gradient.scalars[i], (plus - minus) / (2 * h), relativeTolerance: 1e-6,
                            absoluteTolerance: 1e-9, "\(name)[\(i)]")
            }
        }
    }

    @Test func dropoutIsIdentityInEvaluationAndPreservesMeanInTraining() throws {
        let layer = try Dropout<Double>(probability: 0.3, seed: 4)
        let x = Tensor<Double>(repeating: 1, shape: [200_000])
        let evaluation = ForwardContext<Double>(mode: .evaluation)
        #expect(try layer(evaluation.constant(x), in: evaluation).value() == x)
        let training = ForwardContext<Double>(mode: .training)
        let y = try layer(training.constant(x), in: training).value().scalars
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-15 })
        // E[y] = 1; the standard error of the mean is √(p/(1 − p)/n) ≈ 0.0015.
        assertClose(y.reduce(0, +) / Double(y.count), 1, relativeTolerance: 0.008)
        assertClose(Double(y.filter { $0 == 0 }.count) / Double(y.count), 0.3, relativeTolerance: 0.01)
        #expect(throws: NeuralNetworkError.self) { try Dropout<Double>(probability: 1.5, seed: 0) }
    }

    @Test func batchNormNormalisesInTrainingAndUsesRunningStatisticsInEvaluation() throws {
        let layer = BatchNorm<Double>(featureCount: 3)
        let x = try Tensor<Double>(shape: [4, 3], scalars: [1, 10, -3, 2, 20, -1, 3, 30, 0, 6, 40, 4])
        let training = ForwardContext<Double>(mode: .training)
        let y = try layer(training.constant(x), in: training).value()
        let columns = (0..<3).map { j in (0..<4).map { x[$0, j] } }
        for j in 0..<3 {
            let column = (0..<4).map { y[$0, j] }
            let mean = column.reduce(0, +) / 4, variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 4
            assertClose(mean, 0, absoluteTolerance: 1e-12)
            // Biased batch variance v: the output variance is v/(v + ε).
            let xs = columns[j], m = xs.reduce(0, +) / 4, v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 4
            assertClose(variance, v / (v + 1e-5), relativeTolerance: 1e-12)
            // Running statistics after one batch: 0.9 · initial + 0.1 · batch (unbiased variance).
            assertClose(layer.runningMean.value.scalars[j], 0.1 * m, relativeTolerance: 1e-12)
            assertClose(layer.runningVariance.value.scalars[j], 0.9 + 0.1 * v * 4 / 3, relativeTolerance: 1e-12)
        }
        let evaluation = ForwardContext<Double>(mode: .evaluation)
        let z = try layer(evaluation.constant(x), in: evaluation).value()
        for i in 0..<4 {
            for j in 0..<3 {
                let expected = (x[i, j] - layer.runningMean.value.scalars[j]) / (layer.runningVariance.value.scalars[j] + 1e-5).squareRoot()
                assertClose(z[i, j], expected, relativeTolerance: 1e-12)
            }
        }
        #expect(layer.parameters.count == 2)            // γ and β; running statistics are buffers
        #expect(layer.namedParameters.count == 4)
    }

    @Test func batchNormGradientMatchesCentralDifferences() throws {
        let x = try Tensor<Double>(shape: [5, 2], scalars: [0.3, -1, 1.2, 0.4, -0.5, 2, 0.9, -0.3, 1.7, 0.8])
        let weights = try Tensor<Double>(shape: [5, 2], scalars: [1, -2, 0.5, 3, -1, 0.2, 2, 1, -0.7, 0.4])
        let report = try checkGradients(at: [x]) { v in
            let layer = BatchNorm<Double>(featureCount: 2)
            let context = ForwardContext<Double>(graph: v[0].graph, mode: .training, resetting: false)
            return (layer(v[0], in: context) * v[0].graph.constant(weights)).sum()
        }
        #expect(report.passes(tolerance: 1e-6), "\(report)")
    }

    @Test func residualAddsSkipConnection() throws {
        let body = try Dense<Double>(weight: Tensor(shape: [2, 2], scalars: [1, 0, 0, 2]), bias: Tensor([1, 1]))
        let block = Residual<Double>(body, activation: .relu)
        let x = try Tensor<Double>(shape: [1, 2], scalars: [1, -3])
        // x + (x W + b) = [1 + 2, −3 + (−6 + 1)] → relu → [3, 0]
        #expect(try block.predict(x).scalars == [3, 0])
        #expect(block.namedParameters.map(\.name) == ["body.weight", "body.bias"])
        // With a projection shortcut P(x) = x Pᵀ (no bias): y = P(x) + F(x).
        let projection = try Dense<Double>(weight: Tensor(shape: [2, 2], scalars: [0, 1, 1, 0]), bias: nil)
        let projected = Residual<Double>(body, projection: projection)
        #expect(try projected.predict(x).scalars == [-3 + 2, 1 - 5])
        #expect(projected.namedParameters.map(\.name) == ["body.weight", "body.bias", "projection.weight"])
    }

    @Test func radialBasisLayerValuesAndGradients() throws {
        let centres = try Tensor<Double>(shape: [2, 2], scalars: [0, 0, 1, 2])
        let layer = try RadialBasisLayer(centres: centres, widths: Tensor([1, 0.5]))
        let x = try Tensor<Double>(shape: [1, 2], scalars: [1, 1])
        // ‖x − c₀‖² = 2, ‖x − c₁‖² = 1:  e^(−2/2), e^(−1/(2·0.25))
        assertClose(try layer.predict(x).scalars, [exp(-1), exp(-2)], relativeTolerance: 1e-14)
        let context = ForwardContext<Double>(mode: .training)
        try context.backward(from: layer(context.constant(x), in: context).sum())
        // ∂φ/∂σ = φ ‖x − c‖²/σ³;  ∂φ/∂c = φ (x − c)/σ²
        assertClose(layer.widths.gradient.scalars, [exp(-1) * 2, exp(-2) * 1 / 0.125], relativeTolerance: 1e-12)
        assertClose(layer.centres.gradient.scalars, [exp(-1), exp(-1), 0, exp(-2) * -1 / 0.25], relativeTolerance: 1e-12,
                    absoluteTolerance: 1e-15)
    }

    @Test func modelFileRoundTripAndErrors() throws {
        var generator = SeededGenerator(seed: 5)
        let model = Sequential<Float>([Dense(4, 3, generator: &generator), BatchNorm(featureCount: 3), Dense(3, 2, generator: &generator)])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-\(UUID().uuidString).mfnn")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelFile.save(model, to: url)
        var other = SeededGenerator(seed: 6)
        let copy = Sequential<Float>([Dense(4, 3, generator: &other), BatchNorm(featureCount: 3), Dense(3, 2, generator: &other)])
        #expect(copy.namedParameters[0].parameter.value != model.namedParameters[0].parameter.value)
        try ModelFile.load(copy, from: url)
        for (a, b) in zip(model.namedParameters, copy.namedParameters) { #expect(a.parameter.value == b.parameter.value) }
        // Float file into a Double model converts; a different architecture is refused by name and shape.
        let wide = Sequential<Double>([Dense(4, 3, seed: 1), BatchNorm(featureCount: 3), Dense(3, 2, seed: 2)])
        try ModelFile.load(wide, from: url)
        #expect(wide.namedParameters[0].parameter.value.scalars.map { Float($0) } == model.namedParameters[0].parameter.value.scalars)
        let wrong = Sequential<Float>([Dense(4, 5, seed: 1)])
        #expect(throws: NeuralNetworkError.fileFormat("ModelFile: parameter layers.0.weight has shape [3, 4] in the file but [5, 4] in the model")) {
            try ModelFile.load(wrong, from: url)
        }
        #expect(throws: NeuralNetworkError.self) { try ModelFile.decode(Data("not a model".utf8), into: copy) }
        var truncated = ModelFile.encode(model)
        truncated.removeLast(3)
        #expect(throws: NeuralNetworkError.self) { try ModelFile.decode(truncated, into: copy) }
    }
}
