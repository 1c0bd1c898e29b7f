/// Layer normalisation (Ba, Kiros & Hinton 2016, arXiv:1607.06450) over the trailing axes `normalizedShape` of
/// each sample, with an elementwise affine map:
///
///     μ = mean of x over the trailing axes,  σ² = mean of (x − μ)²   (biased; one μ, σ² per leading index)
///     y = (x − μ)/√(σ² + ε) · weight + bias,   weight, bias: normalizedShape
///
/// As PyTorch's `LayerNorm(normalized_shape)`: ε = 1e-5, weight = 1 and bias = 0 initially, the same computation
/// in training and evaluation (no running statistics). For `[N, C, H, W]` maps, `normalizedShape: [C, H, W]`
/// normalises each sample as a whole; for `[batch, features]`, `[features]` normalises each row.
/// - Complexity: O(count) per pass.
public final class LayerNorm<Scalar: TensorScalar>: Layer {
    /// The trailing axes normalised over.
    public let normalizedShape: [Int]
    /// The elementwise scale (`normalizedShape`), or nil without an affine map.
    public let weight: Parameter<Scalar>?
    /// The elementwise shift (`normalizedShape`), or nil without an affine map.
    public let bias: Parameter<Scalar>?
    /// Added to the variance.
    public let epsilon: Double

    /// A layer normalising over trailing axes of extents `normalizedShape`, with a learned affine map unless
    /// `elementwiseAffine` is false.
    /// - Precondition: a non-empty shape of positive extents (a programming error).
    public init(normalizedShape: [Int], epsilon: Double = 1e-5, elementwiseAffine: Bool = true) {
        precondition(!normalizedShape.isEmpty && normalizedShape.allSatisfy { $0 > 0 },
                     "LayerNorm: normalizedShape \(normalizedShape) must be non-empty with positive extents")
        self.normalizedShape = normalizedShape
        weight = elementwiseAffine ? Parameter(Tensor(repeating: Scalar.one, shape: normalizedShape)) : nil
        bias = elementwiseAffine ? Parameter(Tensor(zeros: normalizedShape)) : nil
        self.epsilon = epsilon
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let k = normalizedShape.count, shape = input.shape
        guard shape.count >= k, Array(shape.suffix(k)) == normalizedShape else {
            return context.graph.recordFailure(.shapeMismatch("LayerNorm: input shape \(shape) must end in normalizedShape \(normalizedShape)"), shape: shape)
        }
        let axes = Array((shape.count - k)..<shape.count)
        let mean = input.mean(alongAxes: axes, keepingDimensions: true)
        let centred = input - mean
        let variance = centred.squared().mean(alongAxes: axes, keepingDimensions: true)
        var output = centred / sqrt(variance + Scalar(epsilon))
        if let weight { output = output * context.variable(weight) }
        if let bias { output = output + context.variable(bias) }
        return output
    }
}
