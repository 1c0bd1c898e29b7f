// + − × ÷, pow, maximum and minimum with NumPy broadcasting. Forward `y = f(a, b)`; pullback
// `ā += Σ_broadcast ȳ ∂f/∂a` (summed back to each operand's shape); tangent `ẏ = ∂f/∂a ȧ + ∂f/∂b ḃ`.

extension Variable {
    /// `f(self, other)` elementwise with broadcasting.
    ///
    /// Shapes are aligned from the right; an axis of extent 1 (or a missing leading axis) is repeated.
    /// A shape mismatch is recorded in the graph (`AutodiffError.shapeMismatch`).
    @inlinable public func combined(with other: Variable, _ function: BinaryFunction) -> Variable {
        guard sameGraph(other, "\(function)") else { return self }
        let a = graph.nodes[index], b = graph.nodes[other.index]
        let shape: [Int]
        if a.shape == b.shape { shape = a.shape } else {
            guard let broadcast = StridedLayout.broadcastShape(a.shape, b.shape) else {
                return graph.fail(.shapeMismatch("\(function): shapes \(a.shape) and \(b.shape) do not broadcast (each axis pair must be equal or contain a 1); reshape one operand"), shape: a.shape)
            }
            shape = broadcast
        }
        let (result, y) = graph.append(.binary(function), index, other.index, shape: shape,
                                       requiresGradient: a.requiresGradient || b.requiresGradient)
        Scalar._binary(function, StridedLayout.broadcasting(shape, a.shape, b.shape),
                       a.value.assumingMemoryBound(to: Scalar.self), b.value.assumingMemoryBound(to: Scalar.self), y)
        return Variable(graph: graph, index: result)
    }
}

extension Graph {
    @inlinable func pullbackBinary(_ function: BinaryFunction, _ node: Node, _ index: Int, _ seed: UnsafeMutablePointer<Scalar>,
                        _ adjoints: inout SweepBuffers) {
        let a = nodes[node.first], b = nodes[node.second]
        if function == .add && node.first != node.second && (a.shape == node.shape || b.shape == node.shape) {
            // A same-shape operand of a sum takes the seed as it is: copied into a fresh adjoint, else added.
            for (parent, same) in [(node.first, a.shape == node.shape), (node.second, b.shape == node.shape)] {
                if same {
                    guard let (into, fresh) = adjointForOverwrite(parent, &adjoints) else { continue }
                    if fresh { into.update(from: seed, count: node.count) } else { Scalar._add(node.count, seed, into: into) }
                } else if let into = adjoint(parent, &adjoints) {
                    let shape = nodes[parent].shape
                    Scalar._stridedAccumulate(StridedLayout(shape: node.shape, strides0: StridedLayout.broadcastStrides(shape, to: node.shape),
                                                            strides1: StridedLayout.contiguousStrides(node.shape)),
                                              from: seed, into: into)
                }
            }
            return
        }
        let intoA = adjoint(node.first, &adjoints), intoB = adjoint(node.second, &adjoints)
        guard intoA != nil || intoB != nil else { return }
        // The layout walks the output (operand 0) and reads each input with broadcast strides.
        let layout = StridedLayout.broadcasting(node.shape, a.shape, b.shape)
        Scalar._binaryPullback(function, layout, a: value(node.first), b: value(node.second), y: value(index),
                               seed: seed, intoA: intoA, intoB: intoB)
    }

    @inlinable func tangentBinary(_ function: BinaryFunction, _ node: Node, _ index: Int,
                       _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        let layout = StridedLayout.broadcasting(node.shape, nodes[node.first].shape, nodes[node.second].shape)
        Scalar._binaryTangent(function, layout, a: value(node.first), b: value(node.second), y: value(index),
                              tangentA: tangents[node.first].map { UnsafePointer($0) },
                              tangentB: tangents[node.second].map { UnsafePointer($0) }, into: out)
        return out
    }
}

/// `a + b` with broadcasting.
@inlinable public func + <Scalar>(a: Variable<Scalar>, b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .add) }
/// `a − b` with broadcasting.
@inlinable public func - <Scalar>(a: Variable<Scalar>, b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .subtract) }
/// `a · b` elementwise with broadcasting (the matrix product is `matmul`).
@inlinable public func * <Scalar>(a: Variable<Scalar>, b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .multiply) }
/// `a / b` elementwise with broadcasting.
@inlinable public func / <Scalar>(a: Variable<Scalar>, b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .divide) }

/// `a + c` for a constant scalar.
@inlinable public func + <Scalar>(a: Variable<Scalar>, c: Scalar) -> Variable<Scalar> { a + a.graph.constant(c) }
/// `c + a` for a constant scalar.
@inlinable public func + <Scalar>(c: Scalar, a: Variable<Scalar>) -> Variable<Scalar> { a.graph.constant(c) + a }
/// `a − c` for a constant scalar.
@inlinable public func - <Scalar>(a: Variable<Scalar>, c: Scalar) -> Variable<Scalar> { a - a.graph.constant(c) }
/// `c − a` for a constant scalar.
@inlinable public func - <Scalar>(c: Scalar, a: Variable<Scalar>) -> Variable<Scalar> { a.graph.constant(c) - a }
/// `a · c` for a constant scalar.
@inlinable public func * <Scalar>(a: Variable<Scalar>, c: Scalar) -> Variable<Scalar> { a * a.graph.constant(c) }
/// `c · a` for a constant scalar.
@inlinable public func * <Scalar>(c: Scalar, a: Variable<Scalar>) -> Variable<Scalar> { a.graph.constant(c) * a }
/// `a / c` for a constant scalar.
@inlinable public func / <Scalar>(a: Variable<Scalar>, c: Scalar) -> Variable<Scalar> { a / a.graph.constant(c) }
/// `c / a` for a constant scalar.
@inlinable public func / <Scalar>(c: Scalar, a: Variable<Scalar>) -> Variable<Scalar> { a.graph.constant(c) / a }

/// `aᵇ` elementwise with broadcasting; `∂/∂b = aᵇ log a`.
@inlinable public func pow<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .power) }
/// `max(a, b)` elementwise with broadcasting (ties split the adjoint in half).
@inlinable public func maximum<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .maximum) }
/// `min(a, b)` elementwise with broadcasting (ties split the adjoint in half).
@inlinable public func minimum<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> { a.combined(with: b, .minimum) }
