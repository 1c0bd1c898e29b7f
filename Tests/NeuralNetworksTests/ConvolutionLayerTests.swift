import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Conv2D, pooling and flattening layers against loop references written here, their parameters (names, fans,
// model files), and their gradients where a layer adds to the operation (bias and activation).
@Suite struct ConvolutionLayerTests {
    static func tensor(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: shape) { _ in generator.nextNormal() }
    }

    /// y[n, o, i, j] = φ(b[o] + Σ_c Σ_u Σ_v w[o, c − c₀, u, v] x[n, c, i·s − p + u·d, j·s − p + v·d]), by loops.
    static func reference(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>?, stride: Int, padding: Int,
                          dilation: Int, groups: Int, relu: Bool) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let ho = (h + 2 * padding - dilation * (kh - 1) - 1) / stride + 1, wo = (wd + 2 * padding - dilation * (kw - 1) - 1) / stride + 1
        var y: [Double] = []
        for s in 0..<n { for f in 0..<o { for i in 0..<ho { for j in 0..<wo {
            var sum = b.map { $0[f] } ?? 0
            let group = f / (o / groups)
            for ci in 0..<cg { for u in 0..<kh { for v in 0..<kw {
                let (r, q) = (i * stride - padding + u * dilation, j * stride - padding + v * dilation)
                if r >= 0 && r < h && q >= 0 && q < wd { sum += w[f, ci, u, v] * x[s, group * cg + ci, r, q] }
            } } }
            y.append(relu ? Swift.max(sum, 0) : sum)
        } } } }
        _ = c
        return y
    }

    @Test func conv2DMatchesLoopReference() throws {
        for (stride, padding, dilation, groups) in [(1, 0, 1, 1), (2, 1, 1, 2), (1, 2, 2, 1), (2, 0, 1, 4)] {
            let x = Self.tensor([2, 4, 7, 6], seed: 1)
            let w = Self.tensor([4, 4 / groups, 3, 3], seed: 2), b = Self.tensor([4], seed: 3)
            let layer = try Conv2D(weight: w, bias: b, stride: (stride, stride), padding: (padding, padding),
                                   dilation: (dilation, dilation), groups: groups, activation: .relu)
            let y = try layer.predict(x)
            let expected = Self.reference(x, w, b, stride: stride, padding: padding, dilation: dilation, groups: groups, relu: true)
            #expect(y.scalarCount == expected.count)
            assertClose(y.scalars, expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-12,
                        "stride \(stride), padding \(padding), dilation \(dilation), groups \(groups)")
        }
        let layer = Conv2D<Double>(3, 8, kernelSize: 3, padding: 1, seed: 1)
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(layer.weight.shape == [8, 3, 3, 3] && layer.parameterCount == 8 * 27 + 8)
        #expect(layer.inChannels == 3 && layer.outChannels == 8 && layer.kernelSize == (3, 3))
    }

    @Test func conv2DGradientsMatchCentralDifferences() throws {
        // The layer's map, tanh(conv2d(x, W, b)) with stride (2, 1) and padding 1, differentiated in x, W and b
        // against central differences; then the layer's parameter gradients against that checked gradient.
        let x = Self.tensor([2, 2, 5, 4], seed: 4), w = Self.tensor([3, 2, 2, 3], seed: 5), b = Self.tensor([3], seed: 6)
        let outputWeights = Self.tensor([2, 3, 3, 4], seed: 7)
        func loss(_ v: [Variable<Double>]) -> Variable<Double> {
            (tanh(conv2d(v[0], weight: v[1], bias: v[2], stride: (2, 1), padding: (1, 1))) * v[0].graph.constant(outputWeights)).sum()
        }
        let report = try checkGradients(at: [x, w, b], of: loss)
        #expect(report.passes(tolerance: 1e-6), "\(report)")
        let functional = try valueWithGradient(at: [x, w, b], in: loss)
        let layer = try Conv2D(weight: w, bias: b, stride: (2, 1), padding: (1, 1), activation: .tanh)
        let context = ForwardContext<Double>(mode: .training)
        let y = layer(context.constant(x), in: context)
        #expect(y.shape == [2, 3, 3, 4])
        let value = try context.backward(from: (y * context.constant(outputWeights)).sum())
        assertClose(value, functional.value.scalars[0], relativeTolerance: 1e-12)
        assertClose(layer.weight.gradient.scalars, functional.gradients[1].scalars, relativeTolerance: 1e-12)
        assertClose(layer.bias!.gradient.scalars, functional.gradients[2].scalars, relativeTolerance: 1e-12)
    }

    @Test func conv2DInitialisesWithKernelFans() {
        // [128, 32, 3, 3]: fan_in = 32·9 = 288, fan_out = 128·9 = 1152; 36 864 normal draws, standard error of
        // the sample variance √(2/n) ≈ 0.7 %, tolerance 4 %.
        for (initializer, variance) in [(Initializer.heNormal(), 2.0 / 288), (.heNormal(mode: .fanOut), 2.0 / 1152), (.glorotNormal(), 2.0 / 1440)] {
            var generator = SeededGenerator(seed: 21)
            let layer = Conv2D<Double>(32, 128, kernelSize: 3, weightInitializer: initializer, generator: &generator)
            let values = layer.weight.value.scalars
            let empirical = values.reduce(0) { $0 + $1 * $1 } / Double(values.count)
            assertClose(empirical, variance, relativeTolerance: 0.04, "\(initializer)")
        }
        // PyTorch's default: U(−1/√fan_in, 1/√fan_in) for weight and bias, fan_in = in/groups·kh·kw = 2·25.
        let grouped = Conv2D<Double>(4, 6, kernelSize: 5, groups: 2, seed: 3)
        let bound = 1 / 50.0.squareRoot()
        #expect((grouped.weight.value.scalars + grouped.bias!.value.scalars).allSatisfy { abs($0) <= bound })
        #expect(grouped.weight.value.scalars.map(abs).max()! > 0.9 * bound)
    }

    @Test func poolingLayersMatchWindowLoops() throws {
        let x = Self.tensor([2, 3, 6, 5], seed: 8)
        let maxPooled = try MaxPool2D<Double>(kernelSize: 2).predict(x)
        let averaged = try AvgPool2D<Double>(kernelSize: (3, 2), stride: (1, 2), padding: (1, 1)).predict(x)
        #expect(maxPooled.shape == [2, 3, 3, 2])
        #expect(averaged.shape == [2, 3, 6, 3])           // ⌊(6 + 2 − 3)/1⌋ + 1, ⌊(5 + 2 − 2)/2⌋ + 1
        for n in 0..<2 { for c in 0..<3 {
            for i in 0..<3 { for j in 0..<2 {
                let window = [x[n, c, 2 * i, 2 * j], x[n, c, 2 * i + 1, 2 * j], x[n, c, 2 * i, 2 * j + 1], x[n, c, 2 * i + 1, 2 * j + 1]]
                #expect(maxPooled[n, c, i, j] == window.max()!)
            } }
            for i in 0..<6 { for j in 0..<3 {
                var sum = 0.0
                for u in 0..<3 { for v in 0..<2 {
                    let (r, q) = (i - 1 + u, 2 * j - 1 + v)
                    if r >= 0 && r < 6 && q >= 0 && q < 5 { sum += x[n, c, r, q] }
                } }
                assertClose(averaged[n, c, i, j], sum / 6, relativeTolerance: 1e-12, absoluteTolerance: 1e-15)
            } }
        } }
        let global = try GlobalAveragePool2D<Double>().predict(x)
        #expect(global.shape == [2, 3])
        for n in 0..<2 { for c in 0..<3 {
            var sum = 0.0
            for i in 0..<6 { for j in 0..<5 { sum += x[n, c, i, j] } }
            assertClose(global[n, c], sum / 30, relativeTolerance: 1e-12)
        } }
        let flat = try Flatten<Double>().predict(x)
        #expect(flat.shape == [2, 90] && flat.scalars == x.scalars)
        #expect(MaxPool2D<Double>(kernelSize: 2).namedParameters.isEmpty && GlobalAveragePool2D<Double>().namedParameters.isEmpty)
    }

    @Test func convolutionalModelSavesAndLoadsByName() throws {
        func model(_ seed: UInt64) -> Sequential<Float> {
            var generator = SeededGenerator(seed: seed)
            return Sequential<Float>([Conv2D(1, 4, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
                                      BatchNorm2D(channelCount: 4), MaxPool2D(kernelSize: 2), LayerNorm(normalizedShape: [4, 2, 2]),
                                      Flatten(), Dense(16, 3, generator: &generator)])
        }
        let original = model(1)
        #expect(original.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.scale", "layers.1.offset",
                                                         "layers.1.runningMean", "layers.1.runningVariance", "layers.3.weight",
                                                         "layers.3.bias", "layers.5.weight", "layers.5.bias"])
        let context = ForwardContext<Float>(mode: .training)   // moves the running statistics off their start
        _ = original(context.constant(Tensor(converting: Self.tensor([3, 1, 4, 4], seed: 9))), in: context)
        let copy = model(2)
        try ModelFile.decode(ModelFile.encode(original), into: copy)
        for (a, b) in zip(original.namedParameters, copy.namedParameters) { #expect(a.parameter.value == b.parameter.value, "\(a.name)") }
        let x = Tensor<Float>(converting: Self.tensor([2, 1, 4, 4], seed: 10))
        #expect(try copy.predict(x) == original.predict(x))
    }

    /// Sequential pools a ReLU convolution's output before the ReLU: the same outputs and parameter gradients as the
    /// layers applied one by one in their written order (ReLU, then pooling), by a loop over the layers here.
    @Test func sequentialPoolsBeforeAConvolutionsReLUWithTheSameResults() throws {
        var generator = SeededGenerator(seed: 51)
        let model = Sequential<Double>([
            Conv2D(2, 3, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            MaxPool2D(kernelSize: 2),
            Conv2D(3, 4, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            MaxPool2D(kernelSize: 3, stride: 2, padding: 1),
            Flatten(),
        ])
        let x = Self.tensor([3, 2, 8, 7], seed: 52), w = Self.tensor([3, 4 * 2 * 2], seed: 53)
        func run(_ forward: (Variable<Double>, ForwardContext<Double>) -> Variable<Double>) throws -> ([Double], [[Double]]) {
            let context = ForwardContext<Double>(mode: .training)
            let y = forward(context.constant(x), context)
            let values = try y.value().scalars
            try context.backward(from: (y * context.constant(w)).sum())
            return (values, model.parameters.map(\.gradient.scalars))
        }
        let fused = try run { x, context in model(x, in: context) }
        let written = try run { x, context in model.layers.reduce(x) { y, layer in layer(y, in: context) } }
        #expect(fused.0 == written.0)
        #expect(fused.0.contains(0) && fused.0.contains { $0 > 0 })
        for (p, gradient) in written.1.enumerated() {
            assertClose(fused.1[p], gradient, relativeTolerance: 1e-14, absoluteTolerance: 1e-15, "parameter \(p)")
        }
    }
}

