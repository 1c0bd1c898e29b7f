// Softmax and log-softmax along one axis, each a single stable node.
//
//     s = softmax(x):     sᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)        x̄ += s ⊙ (ȳ − ⟨s, ȳ⟩)
//     ℓ = logSoftmax(x):  ℓᵢ = (xᵢ − m) − log Σⱼ e^(xⱼ − m)    x̄ += ȳ − s Σⱼ ȳⱼ

extension Variable {
    /// The softmax along `axis` (default: the last), stable for inputs of any magnitude.
    @inlinable public func softmax(axis: Int = -1) -> Variable { softmaxNode(axis: axis, logarithmic: false) }

    /// The log-softmax along `axis` (default: the last): finite even at ±1000, unlike `log(softmax(x))`.
    @inlinable public func logSoftmax(axis: Int = -1) -> Variable { softmaxNode(axis: axis, logarithmic: true) }

    @inlinable func softmaxNode(axis: Int, logarithmic: Bool) -> Variable {
        guard let axes = normalizedAxes([axis], logarithmic ? "logSoftmax" : "softmax"), let a = axes.first else { return self }
        let node = graph.nodes[index]
        let (result, y) = graph.append(.softmax(axis: a, logarithmic: logarithmic), index, -1, shape: node.shape,
                                       requiresGradient: node.requiresGradient)
        Scalar._softmax(logarithmic: logarithmic, AxisLayout(shape: node.shape, axis: a),
                        node.value.assumingMemoryBound(to: Scalar.self), y)
        return Variable(graph: graph, index: result)
    }
}

extension Graph {
    @inlinable func pullbackSoftmax(_ axis: Int, _ logarithmic: Bool, _ node: Node, _ index: Int,
                         _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        guard let (into, fresh) = adjointForOverwrite(node.first, &adjoints) else { return }
        Scalar._softmaxDerivative(logarithmic: logarithmic, transposed: true, AxisLayout(shape: node.shape, axis: axis),
                                  y: value(index), seed: seed, into: into, accumulate: !fresh)
    }

    @inlinable func tangentSoftmax(_ axis: Int, _ logarithmic: Bool, _ node: Node, _ index: Int,
                        _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        Scalar._softmaxDerivative(logarithmic: logarithmic, transposed: false, AxisLayout(shape: node.shape, axis: axis),
                                  y: value(index), seed: tangents[node.first]!, into: out, accumulate: false)
        return out
    }
}
