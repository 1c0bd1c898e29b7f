import Autodiff
import LinearAlgebra

/// Maxout as a layer: an affine map to `units · pieces` outputs, then the maximum over each group of `pieces`
/// through Autodiff's `maxout(_:pieces:)` (Goodfellow et al. 2013). Parameters: `linear.weight`, `linear.bias`.
public final class Maxout<Scalar: TensorScalar>: Layer {
    /// True: each sample's output depends on that sample alone, and a pass changes no state.
    public var mapsSamplesIndependently: Bool { true }

    /// The affine map to `units · pieces` outputs.
    public let linear: Dense<Scalar>
    /// Units per group.
    public let pieces: Int

    /// A layer with `units` outputs, each the maximum of `pieces` affine functions.
    public init(_ inputSize: Int, units: Int, pieces: Int, generator: inout SeededGenerator) {
        linear = Dense(inputSize, units * pieces, generator: &generator)
        self.pieces = pieces
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        maxout(linear(input, in: context), pieces: pieces)
    }
}
