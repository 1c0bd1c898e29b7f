// Class-target gathering, one-hot encoding, and `where` (selection by a mask) without NaN leaks.
//
//     gather:  yᵣ = x[r, cᵣ]                 x̄[r, cᵣ] += ȳᵣ
//     where:   y = mask ? a : b              ā += mask ? ȳ : 0,  b̄ += mask ? 0 : ȳ

extension Variable {
    /// Picks one entry per row along the last axis: `y[r] = x[r, classes[r]]` for `x` of shape `[..., C]`, giving
    /// shape `[...]` (the cross-entropy's `−log p[target]`). A wrong count or an out-of-range class is recorded
    /// in the graph.
    @inlinable public func gather(classes: [Int]) -> Variable {
        assertCurrent()
        let node = graph.nodes[index]
        guard let width = node.shape.last else {
            return graph.fail(.invalidArgument("gather: a rank-0 variable has no class axis; pass shape [rows, classes]"), shape: [])
        }
        let rows = node.count / Swift.max(width, 1)
        let shape = Array(node.shape.dropLast())
        guard classes.count == rows else {
            return graph.fail(.shapeMismatch("gather: \(classes.count) class indices for \(rows) rows of shape \(node.shape); pass one per row"), shape: shape)
        }
        if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= width }) {
            return graph.fail(.invalidArgument("gather: class index \(classes[bad]) at row \(bad) is out of 0..<\(width); use class indices below the number of classes"), shape: shape)
        }
        let offsets = classes.enumerated().map { $0.offset * width + $0.element }
        let (result, y) = graph.append(.gather(indices: offsets), index, -1, shape: shape, requiresGradient: node.requiresGradient)
        let x = node.value.assumingMemoryBound(to: Scalar.self)
        for (r, offset) in offsets.enumerated() { y[r] = x[offset] }
        return Variable(graph: graph, index: result)
    }

    /// `1` where `self > other` elementwise (broadcast), else `0`; a constant mask (no gradient).
    @inlinable public func isGreater(than other: Variable) -> Variable {
        let difference = (self - other).detached()
        return difference.apply(.step).combined(with: difference.apply(.negate).apply(.step), .subtract)
            .apply(.clamp(lower: 0, upper: 1)).detached()
    }
}

/// Elementwise `mask ≠ 0 ? a : b` with broadcasting of `a`, `b` and `mask`.
///
/// The adjoint of the branch not taken is exactly zero, even where its value is ±∞ or NaN (`log` of a negative
/// number, say), so a masked branch never poisons the gradient: mask first, then the pullbacks of `log`, `sqrt`
/// and division see zero seeds and return zero.
@inlinable public func `where`<Scalar>(_ mask: Variable<Scalar>, _ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> {
    let graph = a.graph
    guard a.sameGraph(b, "where"), a.sameGraph(mask, "where") else { return a }
    guard let ab = StridedLayout.broadcastShape(a.shape, b.shape), let shape = StridedLayout.broadcastShape(ab, mask.shape) else {
        return graph.fail(.shapeMismatch("where: shapes \(mask.shape) (mask), \(a.shape), \(b.shape) do not broadcast together"), shape: a.shape)
    }
    // The mask is materialised at the result's shape (a constant), so the kernels index it by position.
    var maskIndex = mask.index
    if mask.shape != shape {
        let expanded = graph.constant(Tensor<Scalar>(zeros: shape)) + mask.detached()
        maskIndex = expanded.detached().index
    }
    let (result, y) = graph.append(.select(mask: maskIndex), a.index, b.index, shape: shape,
                                   requiresGradient: a.requiresGradient || b.requiresGradient)
    Scalar._select(StridedLayout.broadcasting(shape, a.shape, b.shape), mask: graph.value(maskIndex),
                   graph.value(a.index), graph.value(b.index), y)
    return Variable(graph: graph, index: result)
}

extension Tensor {
    /// One-hot rows: `T[r, c] = 1` if `classes[r] == c`, else 0 (shape `[classes.count, count]`).
    /// - Throws: `AutodiffError.invalidArgument` for a class outside `0..<count`.
    @inlinable public static func oneHot(_ classes: [Int], count: Int) throws -> Tensor {
        if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= count }) {
            throw AutodiffError.invalidArgument("oneHot: class \(classes[bad]) at position \(bad) is out of 0..<\(count); raise count or fix the labels")
        }
        var result = Tensor(zeros: [classes.count, count])
        result.withUnsafeMutableBufferPointer { buffer in
            for (r, c) in classes.enumerated() { buffer[r * count + c] = Scalar.one }
        }
        return result
    }
}

extension Graph {
    @inlinable func pullbackGather(_ offsets: [Int], _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        for (r, offset) in offsets.enumerated() { into[offset] += seed[r] }
    }

    @inlinable func tangentGather(_ offsets: [Int], _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false), tangent = tangents[node.first]!
        for (r, offset) in offsets.enumerated() { out[r] = tangent[offset] }
        return out
    }

    @inlinable func pullbackSelect(_ mask: Int, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let m = value(mask)
        let zero = scratchBuffer(node.count, zeroed: true)
        // ā += Σ select(mask, ȳ, 0), b̄ += Σ select(mask, 0, ȳ): a select into a buffer, then a broadcast-reducing sum.
        let routed = scratchBuffer(node.count, zeroed: false)
        let identity = StridedLayout.broadcasting(node.shape, node.shape, node.shape)
        for (parent, takesMask) in [(node.first, true), (node.second, false)] {
            guard let into = adjoint(parent, &adjoints) else { continue }
            Scalar._select(identity, mask: m, takesMask ? seed : zero, takesMask ? zero : seed, routed)
            let inputs = StridedLayout.broadcastStrides(nodes[parent].shape, to: node.shape)
            Scalar._stridedAccumulate(StridedLayout(shape: node.shape, strides0: inputs,
                                                    strides1: StridedLayout.contiguousStrides(node.shape)),
                                      from: routed, into: into)
        }
    }

    @inlinable func tangentSelect(_ mask: Int, _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        Scalar._select(StridedLayout.broadcasting(node.shape, nodes[node.first].shape, nodes[node.second].shape),
                       mask: value(mask), tangentOrZero(node.first, tangents), tangentOrZero(node.second, tangents), out)
        return out
    }
}
