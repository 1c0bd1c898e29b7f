/// The reverse sweep (adjoints, from the output back to the leaves) and the forward sweep (tangents, from the
/// leaves to the output). Each operation's own rules live beside its forward computation; this file only walks
/// the nodes and dispatches.
extension Graph {
    /// Buffers of one sweep, indexed by node; nil means "zero" (no contribution reached the node).
    @usableFromInline typealias SweepBuffers = [UnsafeMutablePointer<Scalar>?]

    @inline(__always)
    @inlinable func scratchBuffer(_ count: Int, zeroed: Bool) -> UnsafeMutablePointer<Scalar> {
        scratch.allocate(bytes: count * MemoryLayout<Scalar>.stride, zeroed: zeroed)
            .bindMemory(to: Scalar.self, capacity: count)
    }

    /// A sweep's buffer list of `count` nils, reusing the graph's storage when no earlier result still holds it.
    @inlinable func takeSweepStorage(_ count: Int) -> SweepBuffers {
        var storage = sweepStorage
        sweepStorage = []
        storage.removeAll(keepingCapacity: true)
        storage.append(contentsOf: repeatElement(nil, count: count))
        return storage
    }

    /// Hands a finished sweep's buffer list back for reuse.
    @inlinable func recycle(_ storage: inout SweepBuffers) {
        sweepStorage = storage
        storage = []
    }

    /// The adjoint buffer of `parent`, created zeroed on first use; nil when no gradient should flow there.
    @inline(__always)
    @inlinable func adjoint(_ parent: Int, _ adjoints: inout SweepBuffers) -> UnsafeMutablePointer<Scalar>? {
        guard parent >= 0, nodes[parent].requiresGradient else { return nil }
        if let buffer = adjoints[parent] { return buffer }
        let count = nodes[parent].count
        let buffer: UnsafeMutablePointer<Scalar>
        if let preset = presetAdjoint(parent) {
            UnsafeMutableRawPointer(preset).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Scalar>.stride)
            buffer = preset
        } else {
            buffer = scratchBuffer(count, zeroed: true)
        }
        adjoints[parent] = buffer
        return buffer
    }

    /// Like `adjoint(_:_:)`, but a buffer created now is not zeroed: `fresh` tells the caller to overwrite it
    /// (GEMM with β = 0, a pullback kernel with `accumulate: false`) instead of adding to it.
    @inlinable func adjointForOverwrite(_ parent: Int, _ adjoints: inout SweepBuffers)
        -> (buffer: UnsafeMutablePointer<Scalar>, fresh: Bool)? {
        guard parent >= 0, nodes[parent].requiresGradient else { return nil }
        if let buffer = adjoints[parent] { return (buffer, false) }
        let buffer = presetAdjoint(parent) ?? scratchBuffer(nodes[parent].count, zeroed: false)
        adjoints[parent] = buffer
        return (buffer, true)
    }

    /// The caller-owned buffer `gradients(of:withRespectTo:into:)` supplied for node `index`, if any.
    @inlinable func presetAdjoint(_ index: Int) -> UnsafeMutablePointer<Scalar>? {
        guard !presetAdjoints.isEmpty else { return nil }
        for (node, buffer) in presetAdjoints where node == index { return buffer }
        return nil
    }

    /// Reverse mode: walks the nodes from `output` down to the first, each node handing its complete adjoint to
    /// its parents through its pullback. The buffers stay valid until the next sweep.
    /// `preset` supplies caller-owned adjoint buffers for some nodes (gradients written in place); they are
    /// written only if a contribution reaches their node.
    @inlinable func reverseSweep(from output: Int, seed: UnsafePointer<Scalar>?,
                                 preset: [(index: Int, buffer: UnsafeMutablePointer<Scalar>)] = []) -> SweepBuffers {
        scratch.reset()
        var adjoints = takeSweepStorage(output + 1)
        presetAdjoints = preset
        defer { presetAdjoints = [] }
        let count = nodes[output].count
        let start: UnsafeMutablePointer<Scalar>
        if let seed, presetAdjoint(output) == nil, nodes[output].operation.pullbackReadsSeedOnly {
            start = UnsafeMutablePointer(mutating: seed)   // read in place: the output's pullback never writes it
        } else {
            start = presetAdjoint(output) ?? scratchBuffer(count, zeroed: false)
            if let seed { start.update(from: seed, count: count) } else { start.initialize(repeating: Scalar.one, count: count) }
        }
        adjoints[output] = start
        var index = output
        while index >= 0 {
            defer { index -= 1 }
            guard let seed = adjoints[index], nodes[index].requiresGradient else { continue }
            pullback(index, seed: seed, adjoints: &adjoints)
        }
        return adjoints
    }

    @inlinable func pullback(_ index: Int, seed: UnsafeMutablePointer<Scalar>, adjoints: inout SweepBuffers) {
        let node = nodes[index]
        switch node.operation {
        case .leaf: return
        case .unary(let function): pullbackUnary(function, node, index, seed, &adjoints)
        case .binary(let function): pullbackBinary(function, node, index, seed, &adjoints)
        case .matmul(let transposeA, let transposeB): pullbackMatmul(transposeA, transposeB, node, seed, &adjoints)
        case .reshape: if let into = adjoint(node.first, &adjoints) { Scalar._add(node.count, seed, into: into) }
        case .permute(let permutation): pullbackPermute(permutation, node, seed, &adjoints)
        case .slice(let axis, let start): pullbackSlice(axis, start, node, seed, &adjoints)
        case .concatenate(let axis, let parents): pullbackConcatenate(axis, parents, node, seed, &adjoints)
        case .sum(let keptShape): pullbackSum(keptShape, node, seed, &adjoints)
        case .max(_, let argmax): pullbackMax(argmax, node, seed, &adjoints)
        case .softmax(let axis, let logarithmic): pullbackSoftmax(axis, logarithmic, node, index, seed, &adjoints)
        case .gather(let indices): pullbackGather(indices, node, seed, &adjoints)
        case .select(let mask): pullbackSelect(mask, node, seed, &adjoints)
        case .checkpoint(let record): pullbackCheckpoint(record, node, seed, &adjoints)
        case .convolution(let g, let outputChannels, let groups, let bias):
            pullbackConvolution(g, outputChannels, groups, bias, node, seed, &adjoints)
        case .pool(let kind, let g, let argmax): pullbackPool(kind, g, argmax, node, seed, &adjoints)
        case .batchedMatmul(let transposeA, let transposeB): pullbackBatchedMatmul(transposeA, transposeB, node, seed, &adjoints)
        case .solve(let kind, let factor, let pivots): pullbackSolve(kind, factor, pivots, node, index, seed, &adjoints)
        }
    }

    /// Forward mode: walks the nodes from the first to `output`, computing each node's tangent from its
    /// parents' tangents (`ẋ_k = Σ_parents ∂x_k/∂x_p · ẋ_p`). Nodes no seeded leaf reaches keep a nil tangent.
    @inlinable func forwardSweep(through output: Int, seeds: [(index: Int, tangent: UnsafePointer<Scalar>)]) -> SweepBuffers {
        scratch.reset()
        var tangents = takeSweepStorage(output + 1)
        for (index, tangent) in seeds where index <= output {
            let count = nodes[index].count
            if let existing = tangents[index] { Scalar._add(count, tangent, into: existing) }
            else { let buffer = scratchBuffer(count, zeroed: false); buffer.update(from: tangent, count: count); tangents[index] = buffer }
        }
        for index in 0...output {
            let node = nodes[index]
            if case .leaf = node.operation { continue }
            let parents: [Int]
            switch node.operation {
            case .concatenate(_, let list): parents = list
            case .checkpoint(let record): parents = (record as! CheckpointRecord<Scalar>).inputs
            case .convolution(_, _, _, let bias): parents = [node.first, node.second, bias]
            default: parents = [node.first, node.second]
            }
            guard parents.contains(where: { $0 >= 0 && tangents[$0] != nil }) else { continue }
            tangents[index] = tangent(index, node, tangents)
        }
        return tangents
    }

    @inlinable func tangent(_ index: Int, _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        switch node.operation {
        case .leaf: preconditionFailure("leaves have no tangent rule")
        case .unary(let function): return tangentUnary(function, node, index, tangents)
        case .binary(let function): return tangentBinary(function, node, index, tangents)
        case .matmul(let transposeA, let transposeB): return tangentMatmul(transposeA, transposeB, node, tangents)
        case .reshape: return tangents[node.first]!
        case .permute(let permutation): return tangentPermute(permutation, node, tangents)
        case .slice(let axis, let start): return tangentSlice(axis, start, node, tangents)
        case .concatenate(let axis, let parents): return tangentConcatenate(axis, parents, node, tangents)
        case .sum(let keptShape): return tangentSum(keptShape, node, tangents)
        case .max(_, let argmax): return tangentMax(argmax, node, tangents)
        case .softmax(let axis, let logarithmic): return tangentSoftmax(axis, logarithmic, node, index, tangents)
        case .gather(let indices): return tangentGather(indices, node, tangents)
        case .select(let mask): return tangentSelect(mask, node, tangents)
        case .checkpoint(let record): return tangentCheckpoint(record, node, tangents)
        case .convolution(let g, let outputChannels, let groups, let bias):
            return tangentConvolution(g, outputChannels, groups, bias, node, tangents)
        case .pool(let kind, let g, let argmax): return tangentPool(kind, g, argmax, node, tangents)
        case .batchedMatmul(let transposeA, let transposeB): return tangentBatchedMatmul(transposeA, transposeB, node, tangents)
        case .solve(let kind, let factor, let pivots): return tangentSolve(kind, factor, pivots, node, index, tangents)
        }
    }

    /// A parent's tangent, or a zeroed buffer when it has none.
    @inlinable func tangentOrZero(_ parent: Int, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        tangents[parent] ?? scratchBuffer(nodes[parent].count, zeroed: true)
    }
}
