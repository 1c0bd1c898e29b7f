/// Parametric ReLU with a learnable slope: `x` for `x > 0`, else `α x`, written `relu(x) − α · relu(−x)` so that
/// `∂y/∂α = min(x, 0)`.
public func parametricReLU<Scalar>(_ x: Variable<Scalar>, alpha: Variable<Scalar>) -> Variable<Scalar> {
    relu(x) - alpha * relu(-x)
}

/// Parametric ReLU as a layer: one learnable slope shared by all units (PyTorch's `nn.PReLU()`, α₀ = 0.25), or one
/// per unit of the last axis.
public final class PReLU<Scalar: TensorScalar>: Layer {
    /// The slopes `α`: shape `[1]` (shared) or `[units]`.
    public let alpha: Parameter<Scalar>

    /// A layer with `count` slopes (1 = shared) starting at `initialSlope`.
    public init(count: Int = 1, initialSlope: Double = 0.25) {
        alpha = Parameter(Tensor(repeating: Scalar(initialSlope), shape: [Swift.max(count, 1)]))
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        parametricReLU(input, alpha: context.variable(alpha))
    }
}
