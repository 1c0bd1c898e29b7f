// Gradient checkpointing: a segment of the program keeps only its output in the forward pass and is
// re-evaluated in the backward pass (the course's trade of time for memory).

/// The recipe to re-run a checkpointed segment: its inputs (node indices of the outer graph) and its body.
@usableFromInline final class CheckpointRecord<Scalar: TensorScalar> {
    @usableFromInline let inputs: [Int]
    @usableFromInline let segment: ([Variable<Scalar>]) -> Variable<Scalar>

    @inlinable init(inputs: [Int], segment: @escaping ([Variable<Scalar>]) -> Variable<Scalar>) {
        self.inputs = inputs
        self.segment = segment
    }
}

extension Graph {
    /// Evaluates `segment` on `inputs` without keeping its intermediate values: only the output is stored, and
    /// the backward pass (or a forward-mode pass) re-runs the segment on a scratch graph to get the adjoints of
    /// the inputs.
    ///
    /// Memory: the graph retains `output` scalars instead of every intermediate of the segment
    /// (`retainedScalarCount` shows it); time: the segment is evaluated twice.
    /// - Parameters:
    ///   - inputs: the variables the segment reads, of this graph.
    ///   - segment: a pure function of its inputs (it runs again in the backward pass). It runs on a
    ///     graph of its own, so it must use only the variables it is given: a captured outer variable is recorded
    ///     as `AutodiffError.foreignVariable`.
    @inlinable public func checkpoint(_ inputs: [Variable<Scalar>],
                           _ segment: @escaping ([Variable<Scalar>]) -> Variable<Scalar>) -> Variable<Scalar> {
        for input in inputs where input.graph !== self {
            return fail(.foreignVariable("checkpoint: an input belongs to another graph"), shape: [])
        }
        inputs.forEach { $0.assertCurrent() }
        let record = CheckpointRecord(inputs: inputs.map(\.index), segment: segment)
        let (child, _, output) = replay(record)
        if let error = child.error { return fail(error, shape: child.nodes[output.index].shape) }
        let outputNode = child.nodes[output.index]
        let (result, y) = append(.checkpoint(record), -1, -1, shape: outputNode.shape,
                                 requiresGradient: inputs.contains { $0.requiresGradient })
        y.update(from: child.value(output.index), count: outputNode.count)
        return Variable(graph: self, index: result)
    }

    /// Runs a segment on a fresh graph whose leaves copy the current values of its inputs.
    @inlinable func replay(_ record: CheckpointRecord<Scalar>) -> (Graph, [Variable<Scalar>], Variable<Scalar>) {
        let child = Graph()
        let inputs = record.inputs.map { index in
            nodes[index].requiresGradient ? child.variable(tensor(index)) : child.constant(tensor(index))
        }
        return (child, inputs, record.segment(inputs))
    }

    @inlinable func pullbackCheckpoint(_ record: AnyObject, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>,
                            _ adjoints: inout SweepBuffers) {
        let record = record as! CheckpointRecord<Scalar>
        let (child, inputs, output) = replay(record)
        // The replay succeeded in the forward pass, so it cannot fail now.
        let gradients = try! child.gradients(of: output, withRespectTo: inputs, seed: tensor(seed, shape: node.shape))
        for (index, gradient) in zip(record.inputs, gradients) {
            guard let into = adjoint(index, &adjoints) else { continue }
            Scalar._add(nodes[index].count, gradient.buffer.pointer, into: into)
        }
    }

    @inlinable func tangentCheckpoint(_ record: AnyObject, _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let record = record as! CheckpointRecord<Scalar>
        let (child, inputs, output) = replay(record)
        let directions = zip(record.inputs, inputs).compactMap { index, variable in
            tangents[index].map { (variable, tensor($0, shape: nodes[index].shape)) }
        }
        let tangent = try! child.tangent(of: output, along: directions)
        let out = scratchBuffer(node.count, zeroed: false)
        out.update(from: tangent.buffer.pointer, count: node.count)
        return out
    }
}
