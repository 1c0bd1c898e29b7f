/// Flattens every axis after the batch axis: `[N, d₁, d₂, …] → [N, d₁·d₂·…]` (PyTorch's `nn.Flatten()` with
/// `start_dim = 1`; `flatten`), row-major, so a `[N, C, H, W]` map becomes `[N, C·H·W]` with index
/// `c·H·W + h·W + w`. A view of the same scalars (no copy); the adjoint flows back unchanged. No parameters.
public final class Flatten<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// A flattening layer.
    public init() {}

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        flatten(input)
    }
}
