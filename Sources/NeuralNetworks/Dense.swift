import LinearAlgebra

/// A fully connected (affine) layer, optionally followed by an activation:
///
///     y = φ(x Wᵀ + b),   x: [batch, inputSize],  W: [outputSize, inputSize],  b: [outputSize]
///
/// The weight has PyTorch's `[out, in]` layout; the product is one GEMM with B transposed by a BLAS flag (no
/// copy), the bias a broadcast add. Initialisation defaults to PyTorch's `nn.Linear` (`fanInUniform` for weight
/// and bias); the course's form is e.g. `weightInitializer: .heNormal(), biasInitializer: .zeros`.
/// - Complexity: `2 · batch · in · out` flops forward, twice that backward.
public final class Dense<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// `[outputSize, inputSize]`.
    public let weight: Parameter<Scalar>
    /// `[outputSize]`, or nil for a layer without bias.
    public let bias: Parameter<Scalar>?
    /// Applied after the affine map.
    public let activation: Activation

    /// A layer with weights drawn from `weightInitializer` and the bias from `biasInitializer`.
    /// - Precondition: positive sizes (a programming error).
    public init(_ inputSize: Int, _ outputSize: Int, activation: Activation = .identity, useBias: Bool = true,
                weightInitializer: Initializer = .fanInUniform, biasInitializer: Initializer = .fanInUniform,
                generator: inout SeededGenerator) {
        precondition(inputSize > 0 && outputSize > 0, "Dense: sizes \(inputSize) → \(outputSize) must be positive")
        weight = Parameter(weightInitializer.tensor(shape: [outputSize, inputSize], fanIn: inputSize,
                                                    fanOut: outputSize, generator: &generator))
        bias = useBias ? Parameter(biasInitializer.tensor(shape: [outputSize], fanIn: inputSize, fanOut: outputSize,
                                                          generator: &generator)) : nil
        self.activation = activation
    }

    /// A layer with a seeded generator of its own.
    public convenience init(_ inputSize: Int, _ outputSize: Int, activation: Activation = .identity,
                            useBias: Bool = true, weightInitializer: Initializer = .fanInUniform,
                            biasInitializer: Initializer = .fanInUniform, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        self.init(inputSize, outputSize, activation: activation, useBias: useBias,
                  weightInitializer: weightInitializer, biasInitializer: biasInitializer, generator: &generator)
    }

    /// A layer holding the given weight `[out, in]` and bias `[out]`.
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the shapes agree.
    public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>?, activation: Activation = .identity) throws {
        guard weight.rank == 2 else {
            throw NeuralNetworkError.shapeMismatch("Dense: weight shape \(weight.shape) must be [outputSize, inputSize]")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw NeuralNetworkError.shapeMismatch("Dense: bias shape \(bias.shape) must be [\(weight.shape[0])] for weight \(weight.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
        self.activation = activation
    }

    /// The number of inputs.
    public var inputSize: Int { weight.shape[1] }
    /// The number of outputs.
    public var outputSize: Int { weight.shape[0] }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        var y = matmul(input, context.variable(weight), transposeB: true)
        if let bias { y = y + context.variable(bias) }
        return activation(y, in: context)
    }
}
