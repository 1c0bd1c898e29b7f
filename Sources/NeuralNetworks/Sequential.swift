/// Layers applied one after the other: `y = f_L(… f_2(f_1(x)))`. Parameters are named `layers.i.<name>`.
///
/// One reordering, exact in values and gradients (for maps without NaN, which ReLU sends to 0): a `Conv2D` with
/// ReLU followed by a `MaxPool2D` pools the
/// convolution's output first and applies the ReLU to the pooled map, `maxPool(relu(z)) = relu(maxPool(z))` (ReLU is
/// non-decreasing, so it keeps the window's first maximal entry the winner, or sends a zero gradient in both orders
/// when the window's maximum is ≤ 0). The ReLU then runs over a map `kh·kw` times smaller, forward and backward.
public final class Sequential<Scalar: TensorScalar>: Layer {
    /// True when every layer maps samples independently.
    public var mapsSamplesIndependently: Bool { layers.allSatisfy(\.mapsSamplesIndependently) }

    /// The layers, first applied first.
    public let layers: [any Layer<Scalar>]

    /// A model of `layers`.
    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        var x = input, i = 0
        while i < layers.count {
            if i + 1 < layers.count, let convolution = layers[i] as? Conv2D<Scalar>, convolution.activation == .relu,
               let pool = layers[i + 1] as? MaxPool2D<Scalar> {
                // relu(maxPool(z)) instead of maxPool(relu(z)): equal values and gradients (see the type's comment).
                x = reluOverwritingInput(pool(convolution.convolution(x, in: context), in: context))
                i += 2
            } else {
                x = layers[i](x, in: context)
                i += 1
            }
        }
        return x
    }
}
