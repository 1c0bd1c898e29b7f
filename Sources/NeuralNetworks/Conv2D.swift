import LinearAlgebra

/// A 2-D convolution layer over `[N, C, H, W]` maps (PyTorch's `nn.Conv2d`), optionally followed by an activation:
///
///     y[n, o, i, j] = φ(b[o] + Σ_{c ∈ group(o)} Σ_{u, v} W[o, c − c₀(o), u, v] · x[n, c, i·sh − ph + u·dh, j·sw − pw + v·dw])
///
///     x: [N, inChannels, H, W],  W: [outChannels, inChannels/groups, kh, kw],  b: [outChannels],
///     y: [N, outChannels, Ho, Wo],  Ho = ⌊(H + 2·ph − dh·(kh − 1) − 1)/sh⌋ + 1  (Wo likewise)
///
/// A cross-correlation, as every deep-learning library computes it (`conv2d`'s doc relates it to the course's
/// flipped-kernel f ∗ g); zero padding. One kernel slides over the whole image, so the layer has
/// `outChannels · (inChannels/groups · kh · kw + 1)` parameters whatever the image size.
///
/// Initialisation defaults to PyTorch's `nn.Conv2d` (`fanInUniform`, i.e. U(−1/√fan_in, 1/√fan_in) for weight and
/// bias) with a kernel's fans `fan_in = inChannels/groups · kh · kw`, `fan_out = outChannels · kh · kw`
/// (`Initializer.fans(ofWeightShape:)`); the course's He form is `weightInitializer: .heNormal(), biasInitializer: .zeros`.
/// - Complexity: `2·N·outChannels·(inChannels/groups)·kh·kw·Ho·Wo` flops forward (im2col + GEMM), twice that backward.
public final class Conv2D<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// `[outChannels, inChannels/groups, kh, kw]`.
    public let weight: Parameter<Scalar>
    /// `[outChannels]`, or nil for a layer without bias.
    public let bias: Parameter<Scalar>?
    /// Steps of the window along (height, width).
    public let stride: (Int, Int)
    /// Zeros added on each side along (height, width).
    public let padding: (Int, Int)
    /// Spacing of the kernel taps along (height, width).
    public let dilation: (Int, Int)
    /// The number of channel groups.
    public let groups: Int
    /// Applied after the convolution.
    public let activation: Activation

    /// A layer of `outChannels` filters of size `kernelSize` over `inChannels` channels, weights from
    /// `weightInitializer` and bias from `biasInitializer` (fans of the kernel shape).
    /// - Precondition: positive sizes, strides and dilations, non-negative padding, and channel counts divisible
    ///   by `groups` (programming errors).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), dilation: (Int, Int) = (1, 1), groups: Int = 1,
                activation: Activation = .identity, useBias: Bool = true,
                weightInitializer: Initializer = .fanInUniform, biasInitializer: Initializer = .fanInUniform,
                generator: inout SeededGenerator) {
        precondition(inChannels > 0 && outChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0,
                     "Conv2D: channels \(inChannels) → \(outChannels) and kernel \(kernelSize) must be positive")
        precondition(groups > 0 && inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv2D: groups = \(groups) must divide inChannels = \(inChannels) and outChannels = \(outChannels)")
        precondition(stride.0 > 0 && stride.1 > 0 && dilation.0 > 0 && dilation.1 > 0 && padding.0 >= 0 && padding.1 >= 0,
                     "Conv2D: stride \(stride) and dilation \(dilation) must be ≥ 1 and padding \(padding) ≥ 0")
        let shape = [outChannels, inChannels / groups, kernelSize.0, kernelSize.1]
        let (fanIn, fanOut) = Initializer.fans(ofWeightShape: shape)
        weight = Parameter(weightInitializer.tensor(shape: shape, fanIn: fanIn, fanOut: fanOut, generator: &generator))
        bias = useBias ? Parameter(biasInitializer.tensor(shape: [outChannels], fanIn: fanIn, fanOut: fanOut,
                                                          generator: &generator)) : nil
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.activation = activation
    }

    /// A layer with square kernels, strides, padding and dilation.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            dilation: Int = 1, groups: Int = 1, activation: Activation = .identity, useBias: Bool = true,
                            weightInitializer: Initializer = .fanInUniform, biasInitializer: Initializer = .fanInUniform,
                            generator: inout SeededGenerator) {
        self.init(inChannels, outChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: (padding, padding), dilation: (dilation, dilation), groups: groups, activation: activation,
                  useBias: useBias, weightInitializer: weightInitializer, biasInitializer: biasInitializer,
                  generator: &generator)
    }

    /// A layer with square kernels and a seeded generator of its own.
    public convenience init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                            groups: Int = 1, activation: Activation = .identity, useBias: Bool = true,
                            weightInitializer: Initializer = .fanInUniform, biasInitializer: Initializer = .fanInUniform,
                            seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.init(inChannels, outChannels, kernelSize: kernelSize, stride: stride, padding: padding, groups: groups,
                  activation: activation, useBias: useBias, weightInitializer: weightInitializer,
                  biasInitializer: biasInitializer, generator: &generator)
    }

    /// A layer holding the given kernel `[out, in/groups, kh, kw]` and bias `[out]`.
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the kernel has rank 4, its filters divide into `groups`
    ///   and the bias has one entry per filter; `.invalidArgument` for a stride or dilation below 1, negative
    ///   padding or groups below 1.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                dilation: (Int, Int) = (1, 1), groups: Int = 1, activation: Activation = .identity) throws {
        guard weight.rank == 4 else {
            throw NeuralNetworkError.shapeMismatch("Conv2D: weight shape \(weight.shape) must be [outChannels, inChannels/groups, kh, kw]")
        }
        guard groups >= 1, stride.0 >= 1, stride.1 >= 1, dilation.0 >= 1, dilation.1 >= 1, padding.0 >= 0, padding.1 >= 0 else {
            throw NeuralNetworkError.invalidArgument("Conv2D: stride \(stride), dilation \(dilation) and groups \(groups) must be ≥ 1 and padding \(padding) ≥ 0")
        }
        guard weight.shape[0] % groups == 0 else {
            throw NeuralNetworkError.shapeMismatch("Conv2D: \(weight.shape[0]) filters do not split into groups = \(groups)")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw NeuralNetworkError.shapeMismatch("Conv2D: bias shape \(bias.shape) must be [\(weight.shape[0])] for weight \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
        self.activation = activation
    }

    /// The number of input channels.
    public var inChannels: Int { weight.shape[1] * groups }
    /// The number of filters (output channels).
    public var outChannels: Int { weight.shape[0] }
    /// The kernel's (height, width).
    public var kernelSize: (Int, Int) { (weight.shape[2], weight.shape[3]) }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let y = convolution(input, in: context)
        // The convolution's output is read by nothing but the activation: ReLU overwrites it instead of copying.
        if activation == .relu { return reluOverwritingInput(y) }
        return activation(y, in: context)
    }

    /// The layer's convolution before its activation, `b + W ⋆ x`.
    func convolution(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        conv2d(input, weight: context.variable(weight), bias: bias.map { context.variable($0) }, stride: stride,
               padding: padding, dilation: dilation, groups: groups)
    }
}
