// Activations of the network issue that are compositions of the primitive operations (their gradients follow
// from the primitives' rules).

/// The logistic sigmoid with slope `a`: `σ(a x) = 1/(1 + e^(−a x))`.
@inlinable public func sigmoid<Scalar>(_ x: Variable<Scalar>, slope: Double) -> Variable<Scalar> {
    sigmoid(x.apply(.scale(slope)))
}

/// LeCun's scaled hyperbolic tangent `1.7159 · tanh(2x/3)` (LeCun et al., "Efficient BackProp", 1998).
@inlinable public func lecunTanh<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> {
    tanh(x.apply(.scale(2.0 / 3.0))).apply(.scale(1.7159))
}

/// Parametric ReLU with a learnable `α` (broadcast against `x`, e.g. one per channel), PyTorch's `prelu`:
///
///     y = x for x > 0, α x for x ≤ 0          ∂y/∂x = 1 for x > 0, α for x ≤ 0        ∂y/∂α = min(x, 0)
///
/// Edge cases: at exactly x = 0 the input derivative is α (the left derivative, as `leakyReLU` and PyTorch take it),
/// a value inside [α, 1]; the sum of two ReLUs would give 0 there.
@inlinable public func parametricReLU<Scalar>(_ x: Variable<Scalar>, alpha: Variable<Scalar>) -> Variable<Scalar> {
    `where`(x.detached().apply(.negate).apply(.step), alpha * x, x)
}

/// Maxout: the last axis split into groups of `pieces` consecutive units, the maximum of each group
/// (Goodfellow et al. 2013). Shape `[..., k · pieces]` → `[..., k]`; a last axis not divisible by `pieces` is
/// recorded in the graph.
@inlinable public func maxout<Scalar>(_ x: Variable<Scalar>, pieces: Int) -> Variable<Scalar> {
    let shape = x.shape
    guard let last = shape.last, pieces > 0, last % pieces == 0 else {
        return x.graph.fail(.invalidArgument("maxout: the last axis of shape \(shape) must be a positive multiple of pieces = \(pieces)"), shape: shape)
    }
    return x.reshaped(Array(shape.dropLast()) + [last / pieces, pieces]).max(alongAxes: [-1])
}

/// ReLU computed over its input's own value buffer, `x ← max(x, 0)`, recorded as the usual ReLU node: a layer whose
/// operation has just produced `x` (a convolution's output, which nothing else reads) saves a second buffer of the
/// same size and a pass over memory. The pullback is unchanged, since `max(x, 0) > 0` exactly where `x > 0`.
/// Falls back to `relu(x)` when `x` is a leaf or a view (its scalars belong to a tensor or another node).
/// - Precondition (not checked): no other operation reads `x` after this call; `x`'s value becomes `max(x, 0)`.
@inlinable package func reluOverwritingInput<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> {
    x.assertCurrent()
    let graph = x.graph, node = graph.nodes[x.index]
    switch node.operation {
    case .leaf, .reshape: return relu(x)
    default: break
    }
    let values = node.value.assumingMemoryBound(to: Scalar.self)
    Scalar._unary(.relu, values, values, node.count)
    graph.nodes.append(Node(operation: .unary(.relu), first: x.index, second: -1, shape: node.shape, count: node.count,
                            value: node.value, requiresGradient: node.requiresGradient))
    return Variable(graph: graph, index: graph.nodes.count - 1)
}
