// Additions the NeuralNetworks module needs from the core: a reverse pass that hands the adjoints of chosen
// leaves to the caller in place (no fresh tensor per parameter per training step).

extension Graph {
    /// Reverse mode from a one-scalar `output`, handing each input's adjoint to `body` without copying it:
    /// `body(position, adjoint)` is called once per input in order, with nil where no gradient reached the
    /// input (a zero gradient). The buffers are valid only during the call.
    ///
    ///     x̄_t = 1,   x̄_k = Σ_{children c} x̄_c · ∂x_c/∂x_k
    /// Use it to copy gradients into caller-owned storage (a training step's parameter gradients) so a loop that
    /// reuses one graph allocates nothing per step.
    /// - Complexity: one reverse pass.
    /// - Throws: the graph's recorded error; `AutodiffError.invalidArgument` unless the output has one scalar;
    ///   `AutodiffError.foreignVariable` for a variable of another graph.
    @inlinable public func withGradients(of output: Variable<Scalar>, withRespectTo inputs: [Variable<Scalar>],
                              _ body: (Int, UnsafeBufferPointer<Scalar>?) throws -> Void) throws {
        try checkError()
        for variable in [output] + inputs where variable.graph !== self {
            throw AutodiffError.foreignVariable("withGradients: a variable belongs to another graph; build the program on one Graph")
        }
        guard nodes[output.index].count == 1 else {
            throw AutodiffError.invalidArgument("withGradients: the output has shape \(nodes[output.index].shape); reduce it to one scalar (sum, mean)")
        }
        let adjoints = reverseSweep(from: output.index, seed: nil)
        for (position, input) in inputs.enumerated() {
            let adjoint = input.index < adjoints.count ? adjoints[input.index] : nil
            try body(position, adjoint.map { UnsafeBufferPointer(start: $0, count: nodes[input.index].count) })
        }
    }
}

extension Variable {
    /// Calls `body` with the variable's computed scalars in place (no copy); valid only during the call.
    /// - Throws: the graph's recorded error.
    public func withUnsafeScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) throws -> R {
        try graph.checkError()
        return try body(UnsafeBufferPointer(start: graph.value(index), count: scalarCount))
    }
}

extension Graph {
    /// Records `error` (the first recorded error wins, as for the core operations) and returns a constant of zeros of
    /// `shape`, so a layer built on the core can report bad arguments the way core operations do.
    public func recordFailure(_ error: AutodiffError, shape: [Int]) -> Variable<Scalar> {
        fail(error, shape: shape)
    }
}
