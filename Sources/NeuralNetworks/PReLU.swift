import Autodiff

/// Parametric ReLU as a layer, `x` for x > 0 and `α x` for x ≤ 0, through Autodiff's `parametricReLU(_:alpha:)`: one
/// learnable slope shared by all units (PyTorch's `nn.PReLU()`, α₀ = 0.25), or one per unit of the last axis.
public final class PReLU<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

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
