import LinearAlgebra

/// Maxout: the last axis of size `k · pieces` split into `k` groups of `pieces` consecutive units, each group
/// replaced by its maximum (Goodfellow et al. 2013). The gradient flows to the winning unit of each group.
/// A last axis not divisible by `pieces` is recorded in the graph as an error.
public func maxout<Scalar>(_ x: Variable<Scalar>, pieces: Int) -> Variable<Scalar> {
    let shape = x.shape
    guard let last = shape.last, pieces > 0, last % pieces == 0 else {
        return x.graph.recordFailure(.invalidArgument("maxout: last axis of shape \(shape) must be a positive multiple of pieces = \(pieces); choose pieces dividing it"), shape: shape)
    }
    return x.reshaped(Array(shape.dropLast()) + [last / pieces, pieces]).max(alongAxes: [-1])
}

/// Maxout as a layer: an affine map to `units · pieces` outputs, then the maximum over each group of `pieces`
/// (Goodfellow et al. 2013). Parameters: `linear.weight`, `linear.bias`.
public final class Maxout<Scalar: TensorScalar>: Layer {
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
