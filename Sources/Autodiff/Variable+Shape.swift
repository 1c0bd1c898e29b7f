// Reshape (a view: no copy), slicing along an axis and concatenation. Their pullbacks move adjoint blocks back
// to where the values came from; their tangents move tangent blocks like the values.

extension Variable {
    /// The same scalars under a new shape with the same count; one axis may be −1 (inferred).
    /// A count mismatch is recorded in the graph.
    @inlinable public func reshaped(_ newShape: [Int]) -> Variable {
        assertCurrent()
        let node = graph.nodes[index]
        var shape = newShape
        if let free = shape.firstIndex(of: -1) {
            let known = shape.enumerated().filter { $0.offset != free }.map(\.element).reduce(1, *)
            if known > 0 && node.count % known == 0 { shape[free] = node.count / known }
        }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == node.count else {
            return graph.fail(.invalidArgument("reshaped: shape \(newShape) does not hold the \(node.count) scalars of shape \(node.shape)"), shape: newShape.map { Swift.max($0, 1) })
        }
        graph.nodes.append(Node(operation: .reshape, first: index, second: -1, shape: shape, count: node.count,
                                value: node.value, requiresGradient: node.requiresGradient))
        return Variable(graph: graph, index: graph.nodes.count - 1)
    }

    /// The scalars with indices `range` along `axis` (NumPy `x[..., a:b, ...]`).
    /// An out-of-range axis or range is recorded in the graph.
    @inlinable public func sliced(axis: Int, _ range: Range<Int>) -> Variable {
        assertCurrent()
        let node = graph.nodes[index]
        guard axis >= 0 && axis < node.shape.count else {
            return graph.fail(.invalidArgument("sliced: axis \(axis) is out of 0..<\(node.shape.count) for shape \(node.shape)"), shape: node.shape)
        }
        guard range.lowerBound >= 0 && range.upperBound <= node.shape[axis] else {
            return graph.fail(.invalidArgument("sliced: range \(range) is out of 0..<\(node.shape[axis]) on axis \(axis) of shape \(node.shape)"), shape: node.shape)
        }
        var shape = node.shape
        shape[axis] = range.count
        let (result, y) = graph.append(.slice(axis: axis, start: range.lowerBound), index, -1, shape: shape,
                                       requiresGradient: node.requiresGradient)
        graph.moveBlocks(outer: shape[..<axis].reduce(1, *), inner: shape[(axis + 1)...].reduce(1, *),
                         length: range.count, parentLength: node.shape[axis], start: range.lowerBound) { y, x, n in
            y.update(from: x, count: n)
        } output: { y } parent: { node.value.assumingMemoryBound(to: Scalar.self) }
        return Variable(graph: graph, index: result)
    }
}

/// Joins variables along an existing axis (every other axis must agree). A mismatch is recorded in the graph.
@inlinable public func concatenate<Scalar>(_ parts: [Variable<Scalar>], axis: Int) -> Variable<Scalar> {
    precondition(!parts.isEmpty, "concatenate: pass at least one variable")
    parts.forEach { $0.assertCurrent() }
    let graph = parts[0].graph
    let first = graph.nodes[parts[0].index]
    guard axis >= 0 && axis < first.shape.count else {
        return graph.fail(.invalidArgument("concatenate: axis \(axis) is out of 0..<\(first.shape.count) for shape \(first.shape)"), shape: first.shape)
    }
    var shape = first.shape
    shape[axis] = 0
    for part in parts {
        guard parts[0].sameGraph(part, "concatenate") else { return parts[0] }
        let s = graph.nodes[part.index].shape
        var other = s, reference = first.shape
        if s.count == reference.count { other[axis] = 0; reference[axis] = 0 }
        guard other == reference else {
            return graph.fail(.shapeMismatch("concatenate: shape \(s) differs from \(first.shape) off axis \(axis); all other axes must agree"), shape: first.shape)
        }
        shape[axis] += s[axis]
    }
    let indices = parts.map(\.index)
    let (result, y) = graph.append(.concatenate(axis: axis, parents: indices), -1, -1, shape: shape,
                                   requiresGradient: parts.contains { $0.requiresGradient })
    var start = 0
    for part in indices {
        let node = graph.nodes[part]
        graph.moveBlocks(outer: shape[..<axis].reduce(1, *), inner: shape[(axis + 1)...].reduce(1, *),
                         length: node.shape[axis], parentLength: shape[axis], start: start) { x, y, n in
            y.update(from: x, count: n)
        } output: { node.value.assumingMemoryBound(to: Scalar.self) } parent: { y }
        start += node.shape[axis]
    }
    return Variable(graph: graph, index: result)
}

extension Graph {
    /// For each of `outer` blocks, applies `move(small, large, n)` to the `length · inner` scalars of the small
    /// array and the matching run (from `start` along the axis) of the large array of axis length `parentLength`.
    @inlinable func moveBlocks(outer: Int, inner: Int, length: Int, parentLength: Int, start: Int,
                    _ move: (UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void,
                    output small: () -> UnsafeMutablePointer<Scalar>, parent large: () -> UnsafeMutablePointer<Scalar>) {
        let s = small(), l = large(), run = length * inner
        for o in 0..<outer { move(s + o * run, l + (o * parentLength + start) * inner, run) }
    }

    @inlinable func pullbackSlice(_ axis: Int, _ start: Int, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>,
                       _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        moveBlocks(outer: node.shape[..<axis].reduce(1, *), inner: node.shape[(axis + 1)...].reduce(1, *),
                   length: node.shape[axis], parentLength: nodes[node.first].shape[axis], start: start) { g, x, n in
            Scalar._add(n, g, into: x)
        } output: { seed } parent: { into }
    }

    @inlinable func tangentSlice(_ axis: Int, _ start: Int, _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        moveBlocks(outer: node.shape[..<axis].reduce(1, *), inner: node.shape[(axis + 1)...].reduce(1, *),
                   length: node.shape[axis], parentLength: nodes[node.first].shape[axis], start: start) { y, x, n in
            y.update(from: x, count: n)
        } output: { out } parent: { tangents[node.first]! }
        return out
    }

    @inlinable func pullbackConcatenate(_ axis: Int, _ parents: [Int], _ node: Node, _ seed: UnsafeMutablePointer<Scalar>,
                             _ adjoints: inout SweepBuffers) {
        var start = 0
        for part in parents {
            let length = nodes[part].shape[axis]
            if let into = adjoint(part, &adjoints) {
                moveBlocks(outer: node.shape[..<axis].reduce(1, *), inner: node.shape[(axis + 1)...].reduce(1, *),
                           length: length, parentLength: node.shape[axis], start: start) { x, g, n in
                    Scalar._add(n, g, into: x)
                } output: { into } parent: { seed }
            }
            start += length
        }
    }

    @inlinable func tangentConcatenate(_ axis: Int, _ parents: [Int], _ node: Node,
                            _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: true)
        var start = 0
        for part in parents {
            let length = nodes[part].shape[axis]
            if let tangent = tangents[part] {
                moveBlocks(outer: node.shape[..<axis].reduce(1, *), inner: node.shape[(axis + 1)...].reduce(1, *),
                           length: length, parentLength: node.shape[axis], start: start) { t, y, n in
                    y.update(from: t, count: n)
                } output: { tangent } parent: { out }
            }
            start += length
        }
        return out
    }
}
