/// Max pooling over `kh × kw` windows of `[N, C, H, W]` maps (PyTorch's `nn.MaxPool2d`; `maxPool2d`):
///
///     y[n, c, i, j] = max_{u < kh, v < kw} x[n, c, i·sh − ph + u, j·sw − pw + v],   Ho = ⌊(H + 2·ph − kh)/sh⌋ + 1
///
/// The stride defaults to the kernel (non-overlapping windows); padding never wins; on a tie the first maximal
/// entry takes the gradient. No parameters.
public final class MaxPool2D<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// The window's (height, width).
    public let kernelSize: (Int, Int)
    /// The window's steps (the kernel by default).
    public let stride: (Int, Int)
    /// Padding on each side.
    public let padding: (Int, Int)

    /// Pooling over `kernelSize` windows moved by `stride` (default: the kernel).
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    /// Pooling over square windows.
    public convenience init(kernelSize: Int, stride: Int? = nil, padding: Int = 0) {
        self.init(kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        maxPool2d(input, kernel: kernelSize, stride: stride, padding: padding)
    }
}
