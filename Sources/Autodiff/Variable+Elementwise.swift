// Elementwise functions of one variable: forward `y = f(x)`, pullback `x̄ += ȳ f′(x)`, tangent `ẏ = f′(x) ẋ`
// (the formulas are in `UnaryFunction`).

extension Variable {
    /// Applies an elementwise function (see `UnaryFunction` for the formulas and derivatives).
    @inlinable public func apply(_ function: UnaryFunction) -> Variable {
        assertCurrent()
        let node = graph.nodes[index]
        let (result, y) = graph.append(.unary(function), index, -1, shape: node.shape,
                                       requiresGradient: node.requiresGradient)
        Scalar._unary(function, node.value.assumingMemoryBound(to: Scalar.self), y, node.count)
        return Variable(graph: graph, index: result)
    }

    /// `min(max(x, lower), upper)`; the gradient passes where `lower ≤ x ≤ upper`.
    @inlinable public func clamped(lower: Double, upper: Double) -> Variable { apply(.clamp(lower: lower, upper: upper)) }
    /// `x²`.
    @inlinable public func squared() -> Variable { apply(.square) }
}

extension Graph {
    @inlinable func pullbackUnary(_ function: UnaryFunction, _ node: Node, _ index: Int, _ seed: UnsafeMutablePointer<Scalar>,
                       _ adjoints: inout SweepBuffers) {
        guard let (into, fresh) = adjointForOverwrite(node.first, &adjoints) else { return }
        Scalar._unaryDerivative(function, x: value(node.first), y: value(index), seed: seed, into: into,
                                count: node.count, accumulate: !fresh)
    }

    @inlinable func tangentUnary(_ function: UnaryFunction, _ node: Node, _ index: Int,
                      _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        Scalar._unaryDerivative(function, x: value(node.first), y: value(index), seed: tangents[node.first]!,
                                into: out, count: node.count, accumulate: false)
        return out
    }
}

/// `−x`.
@inlinable public prefix func - <Scalar>(x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.negate) }
/// `eˣ` elementwise.
@inlinable public func exp<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.exp) }
/// The natural logarithm elementwise; at 0 the value is −∞ and the derivative +∞ (a zero seed gives 0).
@inlinable public func log<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.log) }
/// `√x` elementwise; at 0 the derivative is +∞ (a zero seed gives 0).
@inlinable public func sqrt<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.sqrt) }
/// `|x|` elementwise (derivative 0 at 0).
@inlinable public func abs<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.abs) }
/// `sin x` elementwise.
@inlinable public func sin<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.sin) }
/// `cos x` elementwise.
@inlinable public func cos<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.cos) }
/// `tanh x` elementwise.
@inlinable public func tanh<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.tanh) }
/// `xᵖ` elementwise for a constant exponent.
@inlinable public func pow<Scalar>(_ x: Variable<Scalar>, _ exponent: Double) -> Variable<Scalar> { x.apply(.power(exponent)) }
/// The logistic sigmoid `1/(1 + e^(−x))`, without overflow for large `|x|`.
@inlinable public func sigmoid<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.sigmoid) }
/// `max(x, 0)`.
@inlinable public func relu<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.relu) }
/// `x` for `x > 0`, else `negativeSlope · x` (PyTorch's default slope 0.01).
@inlinable public func leakyReLU<Scalar>(_ x: Variable<Scalar>, negativeSlope: Double = 0.01) -> Variable<Scalar> {
    x.apply(.leakyReLU(slope: negativeSlope))
}
/// `x` for `x > 0`, else `alpha (eˣ − 1)`.
@inlinable public func elu<Scalar>(_ x: Variable<Scalar>, alpha: Double = 1) -> Variable<Scalar> { x.apply(.elu(alpha: alpha)) }
/// SELU: `λ x` for `x > 0`, else `λ α (eˣ − 1)`, `α = 1.67326`, `λ = 1.0507`.
@inlinable public func selu<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.selu) }
/// GELU `x Φ(x)`; `approximate: true` uses the tanh form `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
@inlinable public func gelu<Scalar>(_ x: Variable<Scalar>, approximate: Bool = false) -> Variable<Scalar> {
    x.apply(approximate ? .geluTanh : .gelu)
}
/// SiLU (swish) `x σ(x)`.
@inlinable public func silu<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.silu) }
/// Softplus `log(1 + eˣ)`, stable for large `|x|`.
@inlinable public func softplus<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.softplus) }
/// Binary step: 1 for `x ≥ 0`, else 0 (zero gradient).
@inlinable public func binaryStep<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.step) }
/// Gaussian `e^(−x²)`.
@inlinable public func gaussian<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> { x.apply(.gaussian) }
