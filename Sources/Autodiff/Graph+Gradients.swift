// The reverse-mode and forward-mode entry points: backward from a node, gradients with respect to chosen
// variables, Jacobian-vector products, and the `valueWithGradient` / `valueWithTangent` closures.

extension Graph {
    @inlinable func backward(from output: Variable<Scalar>) throws -> Gradients<Scalar> {
        try checkError()
        guard output.graph === self else {
            throw AutodiffError.foreignVariable("backward: the output belongs to another graph")
        }
        guard nodes[output.index].count == 1 else {
            throw AutodiffError.invalidArgument("backward: the output has shape \(nodes[output.index].shape); reduce it to one scalar (sum, mean) or call gradients(of:withRespectTo:seed:) with a seed")
        }
        let adjoints = reverseSweep(from: output.index, seed: nil)
        var indices: [Int] = [], tensors: [Tensor<Scalar>] = []
        for (index, node) in nodes.enumerated() where node.requiresGradient {
            guard case .leaf = node.operation else { continue }
            indices.append(index)
            tensors.append(tensor(index < adjoints.count ? adjoints[index] : nil, shape: node.shape))
        }
        return Gradients(indices: indices, tensors: tensors, graph: self)
    }

    /// The vector-Jacobian product `seedᵀ · ∂output/∂inputᵢ` for each input, as fresh tensors of the inputs'
    /// shapes (zeros where the output does not depend on an input, or the input is a constant).
    ///
    ///     x̄ᵢ = (∂output/∂xᵢ)ᵀ seed,  seed = 1 for a one-scalar output
    /// - Parameters:
    ///   - output: the variable differentiated.
    ///   - inputs: the variables to differentiate with respect to, of this graph.
    ///   - seed: the output's adjoint (its shape); nil means 1 and needs a one-scalar output.
    /// - Complexity: one reverse pass.
    /// - Throws: the graph's error; `AutodiffError` for a missing or mis-shaped seed or a foreign variable.
    @inlinable public func gradients(of output: Variable<Scalar>, withRespectTo inputs: [Variable<Scalar>],
                          seed: Tensor<Scalar>? = nil) throws -> [Tensor<Scalar>] {
        try checkError()
        if output.graph !== self || inputs.contains(where: { $0.graph !== self }) {
            throw AutodiffError.foreignVariable("gradients: a variable belongs to another graph; build the program on one Graph")
        }
        output.assertCurrent()
        inputs.forEach { $0.assertCurrent() }
        let outputNode = nodes[output.index]
        if let seed, seed.shape != outputNode.shape && !(seed.scalarCount == 1 && outputNode.count == 1) {
            throw AutodiffError.shapeMismatch("gradients: seed shape \(seed.shape) differs from the output's \(outputNode.shape); pass a seed of the output's shape")
        }
        if seed == nil && outputNode.count != 1 {
            throw AutodiffError.invalidArgument("gradients: the output has shape \(outputNode.shape); pass seed: (the output's adjoint) or reduce it to one scalar")
        }
        var adjoints = withExtendedLifetime(seed) {
            reverseSweep(from: output.index, seed: seed.map { UnsafePointer($0.buffer.pointer) })
        }
        defer { recycle(&adjoints) }
        return inputs.map { tensor($0.index < adjoints.count ? adjoints[$0.index] : nil, shape: nodes[$0.index].shape) }
    }

    /// `gradients(of:withRespectTo:seed:)` written over caller-owned tensors, the reverse pass accumulating
    /// straight into their storage: a training loop keeps one gradient tensor per parameter and pays neither an
    /// allocation nor a copy per step. Each tensor is overwritten (not accumulated into); one of the wrong shape,
    /// or a missing one, is replaced by a new tensor; storage shared with another tensor is copied first.
    /// - Throws: as `gradients(of:withRespectTo:seed:)`.
    @inlinable public func gradients(of output: Variable<Scalar>, withRespectTo inputs: [Variable<Scalar>],
                                     into gradients: inout [Tensor<Scalar>], seed: Tensor<Scalar>? = nil) throws {
        try checkError()
        if output.graph !== self || inputs.contains(where: { $0.graph !== self }) {
            throw AutodiffError.foreignVariable("gradients: a variable belongs to another graph; build the program on one Graph")
        }
        output.assertCurrent()
        inputs.forEach { $0.assertCurrent() }
        let outputNode = nodes[output.index]
        if let seed, seed.shape != outputNode.shape && !(seed.scalarCount == 1 && outputNode.count == 1) {
            throw AutodiffError.shapeMismatch("gradients: seed shape \(seed.shape) differs from the output's \(outputNode.shape); pass a seed of the output's shape")
        }
        if seed == nil && outputNode.count != 1 {
            throw AutodiffError.invalidArgument("gradients: the output has shape \(outputNode.shape); pass seed: (the output's adjoint) or reduce it to one scalar")
        }
        if gradients.count > inputs.count { gradients.removeLast(gradients.count - inputs.count) }
        var preset: [(index: Int, buffer: UnsafeMutablePointer<Scalar>)] = []
        var slots: [UnsafeMutablePointer<Scalar>] = []
        for (position, input) in inputs.enumerated() {
            let shape = nodes[input.index].shape
            if position == gradients.count { gradients.append(Tensor(zeros: shape)) }
            if gradients[position].shape != shape { gradients[position] = Tensor(zeros: shape) }
            let buffer = gradients[position].withUnsafeMutableBufferPointer { $0.baseAddress! }
            slots.append(buffer)
            if !preset.contains(where: { $0.index == input.index }) { preset.append((input.index, buffer)) }
        }
        var adjoints = withExtendedLifetime(seed) {
            reverseSweep(from: output.index, seed: seed.map { UnsafePointer($0.buffer.pointer) }, preset: preset)
        }
        defer { recycle(&adjoints) }
        // Slots of nodes the sweep never reached are zeroed; a variable listed twice has its later slots copied.
        for (position, input) in inputs.enumerated() {
            let count = nodes[input.index].count
            guard input.index < adjoints.count, let adjoint = adjoints[input.index] else {
                slots[position].update(repeating: .zero, count: count)
                continue
            }
            if adjoint != slots[position] { slots[position].update(from: adjoint, count: count) }
        }
    }

    /// The Jacobian-vector product `∂output/∂x · ẋ` by forward mode: each input `x` seeded with its tangent `ẋ`
    /// (other leaves held constant), tangents carried forward node by node.
    ///
    ///     ẋ_k = Σ_{parents p} ∂x_k/∂x_p · ẋ_p
    /// - Complexity: one forward pass over the recorded nodes.
    /// - Throws: the graph's error; `AutodiffError.shapeMismatch` for a tangent of the wrong shape.
    @inlinable public func tangent(of output: Variable<Scalar>, along directions: [(Variable<Scalar>, Tensor<Scalar>)]) throws -> Tensor<Scalar> {
        try checkError()
        output.assertCurrent()
        for (variable, direction) in directions where variable.shape != direction.shape {
            throw AutodiffError.shapeMismatch("tangent: direction shape \(direction.shape) differs from its variable's \(variable.shape)")
        }
        let tangents = withExtendedLifetime(directions) {
            forwardSweep(through: output.index, seeds: directions.map { ($0.0.index, UnsafePointer($0.1.buffer.pointer)) })
        }
        return tensor(tangents[output.index], shape: nodes[output.index].shape)
    }
}

/// The value of `body` at `inputs` and its gradient with respect to each input, by one reverse pass.
///
///     let (value, grads) = try valueWithGradient(at: [x, y]) { v in
///         let b = v[1] * log(v[0])
///         return b + sqrt(b)
///     }
/// Every call records a fresh graph; gradients are fresh tensors (nothing accumulates between calls).
/// - Throws: the first error an operation recorded; `AutodiffError.invalidArgument` unless `body` returns one
///   scalar.
@inlinable public func valueWithGradient<Scalar>(at inputs: [Tensor<Scalar>],
                                      in body: ([Variable<Scalar>]) throws -> Variable<Scalar>) throws
    -> (value: Tensor<Scalar>, gradients: [Tensor<Scalar>]) {
    try valueWithGradient(at: inputs, graph: Graph<Scalar>(), in: body)
}

/// `valueWithGradient(at:in:)` on a caller-owned graph, which is `reset()` first: a training loop or a benchmark
/// reuses one graph's memory across steps.
@inlinable public func valueWithGradient<Scalar>(at inputs: [Tensor<Scalar>], graph: Graph<Scalar>,
                                      in body: ([Variable<Scalar>]) throws -> Variable<Scalar>) throws
    -> (value: Tensor<Scalar>, gradients: [Tensor<Scalar>]) {
    graph.reset()
    let variables = inputs.map { graph.variable($0) }
    let output = try body(variables)
    let gradients = try graph.gradients(of: output, withRespectTo: variables)
    return (graph.tensor(output.index), gradients)
}

/// The gradient of a one-scalar function of one tensor.
@inlinable public func gradient<Scalar>(at x: Tensor<Scalar>, in body: (Variable<Scalar>) throws -> Variable<Scalar>) throws -> Tensor<Scalar> {
    try valueWithGradient(at: [x]) { try body($0[0]) }.gradients[0]
}

/// The value of `body` at `inputs` and its directional derivative along `directions` by forward mode (a JVP).
///
///     ẏ = Σᵢ ∂y/∂xᵢ · ẋᵢ
/// - Throws: the first error an operation recorded; `AutodiffError.shapeMismatch` for mis-shaped directions.
@inlinable public func valueWithTangent<Scalar>(at inputs: [Tensor<Scalar>], along directions: [Tensor<Scalar>],
                                     in body: ([Variable<Scalar>]) throws -> Variable<Scalar>) throws
    -> (value: Tensor<Scalar>, tangent: Tensor<Scalar>) {
    guard inputs.count == directions.count else {
        throw AutodiffError.invalidArgument("valueWithTangent: \(directions.count) directions for \(inputs.count) inputs; pass one per input")
    }
    let graph = Graph<Scalar>()
    let variables = inputs.map { graph.variable($0) }
    let output = try body(variables)
    let tangent = try graph.tangent(of: output, along: Array(zip(variables, directions)))
    return (graph.tensor(output.index), tangent)
}
