/// Global average pooling: each channel's mean over the plane, `[N, C, H, W] → [N, C]`
/// (`nn.AdaptiveAvgPool2d(1)` + `nn.Flatten()`; `globalAveragePool2d`):
///
///     y[n, c] = (1/(H·W)) Σ_{i, j} x[n, c, i, j]
///
/// The classifier after it sees which features are present, not where: a small translation of the input
/// barely changes its output. No parameters.
public final class GlobalAveragePool2D<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// A global average pooling layer.
    public init() {}

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        globalAveragePool2d(input)
    }
}
