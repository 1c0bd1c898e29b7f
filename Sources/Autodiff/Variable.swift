/// A node of a `Graph`: the handle every differentiable operation takes and returns.
///
/// Operations evaluate at once (define-by-run) and never throw; the first failure is kept by the graph and
/// thrown by `value()`, `backward()` or `Graph.gradients(of:withRespectTo:)`.
public struct Variable<Scalar: TensorScalar> {
    /// The graph that recorded this node.
    public let graph: Graph<Scalar>
    @usableFromInline let index: Int
    /// The graph's `generation` when the node was recorded (a `reset()` makes older variables stale).
    @usableFromInline let generation: Int

    @inlinable init(graph: Graph<Scalar>, index: Int) {
        self.graph = graph
        self.index = index
        self.generation = graph.generation
    }

    /// Traps on a variable recorded before the graph's last `reset()` (API misuse: its node is gone).
    @inlinable func assertCurrent() {
        precondition(generation == graph.generation,
                     "Variable: node \(index) was recorded before the graph's reset(); record the program again")
    }

    /// The node's shape.
    @inlinable public var shape: [Int] { assertCurrent(); return graph.nodes[index].shape }
    /// The number of scalars.
    @inlinable public var scalarCount: Int { graph.nodes[index].count }
    /// Whether a gradient flows into this node from some leaf created by `Graph.variable`.
    @inlinable public var requiresGradient: Bool { graph.nodes[index].requiresGradient }

    /// The computed value (a copy).
    /// - Throws: the graph's recorded error, if any operation failed.
    @inlinable public func value() throws -> Tensor<Scalar> {
        assertCurrent()
        try graph.checkError()
        return graph.tensor(index)
    }

    /// The value of a one-scalar variable.
    /// - Throws: the graph's error; `AutodiffError.invalidArgument` when the variable has more than one scalar.
    @inlinable public func scalarValue() throws -> Scalar {
        assertCurrent()
        try graph.checkError()
        guard scalarCount == 1 else {
            throw AutodiffError.invalidArgument("scalarValue: the variable has shape \(shape); reduce it to one scalar first")
        }
        return graph.value(index)[0]
    }

    /// Gives the node a name for Graphviz export.
    @discardableResult
    @inlinable public func named(_ name: String) -> Variable {
        graph.names[index] = name
        return self
    }

    /// The same value as a constant: no gradient flows back through it (`stop_gradient`, `detach`).
    @inlinable public func detached() -> Variable {
        assertCurrent()
        return graph.leaf(graph.tensor(index), requiresGradient: false, name: nil)
    }

    /// Reverse mode from this one-scalar output: the gradients of every leaf variable, fresh for this call.
    ///
    ///     x̄_t = 1,   x̄_k = Σ_{children c} x̄_c · ∂x_c/∂x_k   (children before parents)
    /// - Complexity: one pass over the recorded nodes, about the cost of the forward evaluation.
    /// - Throws: the graph's error; `AutodiffError.invalidArgument` for an output with more than one scalar
    ///   (sum it, or pass `seed:` to `Graph.gradients(of:withRespectTo:seed:)`).
    @inlinable public func backward() throws -> Gradients<Scalar> {
        assertCurrent()
        return try graph.backward(from: self)
    }

    /// A variable of the same graph built from another graph's node is a programming error; this checks the two
    /// variables share a graph and records the failure if not.
    @inline(__always)
    @inlinable func sameGraph(_ other: Variable, _ operation: @autoclosure () -> String) -> Bool {
        assertCurrent()
        other.assertCurrent()
        if graph === other.graph { return true }
        _ = graph.fail(.foreignVariable("\(operation()): the operands belong to two different graphs; build both from one Graph"), shape: [])
        return false
    }
}

/// The gradients one reverse pass produced: one fresh tensor per leaf variable of the graph (zeros where the
/// output does not depend on the leaf). Nothing accumulates between passes; to accumulate, add explicitly
/// (`parameter.add(gradient, scaledBy: …)`, or `Tensor.add`).
public struct Gradients<Scalar: TensorScalar> {
    @usableFromInline let indices: [Int]
    @usableFromInline let graph: Graph<Scalar>
    @usableFromInline let generation: Int

    @inlinable init(indices: [Int], tensors: [Tensor<Scalar>], graph: Graph<Scalar>) {
        self.indices = indices
        self.tensors = tensors
        self.graph = graph
        self.generation = graph.generation
    }
    /// The gradients, in the order the leaf variables were created.
    public let tensors: [Tensor<Scalar>]

    /// The gradient with respect to `variable` (a leaf created by `Graph.variable`, or a variable named in
    /// `keeping:`).
    /// - Precondition: the variable's adjoint was kept by this pass.
    @inlinable public subscript(_ variable: Variable<Scalar>) -> Tensor<Scalar> {
        precondition(variable.graph === graph && variable.generation == generation,
                     "Gradients: the variable is not from the program this pass differentiated")
        guard let position = indices.firstIndex(of: variable.index) else {
            preconditionFailure("Gradients: node \(variable.index) is not a leaf variable of this pass; pass it in keeping:")
        }
        return tensors[position]
    }
}
