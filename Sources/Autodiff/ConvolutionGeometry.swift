// The index arithmetic of sliding windows over NCHW tensors (convolution and pooling). The packing kernels that
// turn a convolution into one matrix product (im2col and col2im) are in ConvolutionPacking.swift.

/// The shapes and window parameters of a 2-D convolution or pooling over an `[N, C, H, W]` tensor.
///
/// The output size along each spatial axis is the closed form PyTorch documents for `Conv2d` and `MaxPool2d`
/// (`ceil_mode = False`):
///
///     Ho = ⌊(H + 2·ph − dh·(kh − 1) − 1) / sh⌋ + 1,   Wo likewise
public struct ConvolutionGeometry: Equatable, Sendable {
    /// Batch size `N`, channels `C`, height `H` and width `W` of the input.
    public let batch, channels, height, width: Int
    /// The window (kernel) size `kh × kw`.
    public let kernelHeight, kernelWidth: Int
    /// The step between windows.
    public let strideHeight, strideWidth: Int
    /// Zeros added on each side of the image.
    public let paddingHeight, paddingWidth: Int
    /// The spacing between kernel taps (1: contiguous windows).
    public let dilationHeight, dilationWidth: Int
    /// The output size `Ho × Wo` (the closed form above; may be ≤ 0 for a window larger than the padded input).
    public let outputHeight, outputWidth: Int

    /// The geometry of windows `kernel` moving by `stride` over an input of `shape` `[N, C, H, W]`.
    /// - Precondition: `shape` has four entries (the operations check ranks and record a graph error first).
    @inlinable public init(inputShape shape: [Int], kernel: (Int, Int), stride: (Int, Int), padding: (Int, Int),
                           dilation: (Int, Int) = (1, 1)) {
        precondition(shape.count == 4, "ConvolutionGeometry: the input shape \(shape) must be [N, C, H, W]")
        batch = shape[0]; channels = shape[1]; height = shape[2]; width = shape[3]
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (paddingHeight, paddingWidth) = padding
        (dilationHeight, dilationWidth) = dilation
        outputHeight = Self.outputSize(input: height, kernel: kernel.0, stride: stride.0, padding: padding.0, dilation: dilation.0)
        outputWidth = Self.outputSize(input: width, kernel: kernel.1, stride: stride.1, padding: padding.1, dilation: dilation.1)
    }

    /// `⌊(size + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1`, or 0 when the dilated kernel does not fit
    /// in the padded input.
    @inlinable public static func outputSize(input size: Int, kernel: Int, stride: Int, padding: Int, dilation: Int = 1) -> Int {
        let span = size + 2 * padding - dilation * (kernel - 1) - 1
        return span < 0 ? 0 : span / stride + 1
    }

    /// `C · kh · kw`: the rows of the packed columns of one image.
    @inlinable public var columnRows: Int { channels * kernelHeight * kernelWidth }
    /// `Ho · Wo`: the columns of the packed columns of one image.
    @inlinable public var outputPlane: Int { outputHeight * outputWidth }
    /// Whether im2col is the identity (a 1×1 kernel with stride 1 and no padding): the image is its own columns.
    @inlinable public var packingIsIdentity: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1 && paddingHeight == 0 && paddingWidth == 0
    }

    /// The range of output indices `o` whose tap `o·stride + offset` lands inside `0..<size`.
    @inline(__always) @inlinable static func validRange(offset: Int, stride: Int, size: Int, outputs: Int) -> Range<Int> {
        // o ≥ ⌈−offset / stride⌉ and o ≤ ⌊(size − 1 − offset) / stride⌋.
        let lower = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let last = size - 1 - offset
        let upper = last < 0 ? 0 : last / stride + 1
        let lo = Swift.min(lower, outputs), hi = Swift.min(Swift.max(upper, lo), outputs)
        return lo..<hi
    }
}
