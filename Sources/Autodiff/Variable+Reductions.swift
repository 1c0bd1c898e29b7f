// Sums, means, maxima and log-sum-exp along axes.
//
//     sum:  y = Σ_axes x          x̄ += broadcast(ȳ)          ẏ = Σ_axes ẋ
//     max:  y = max_axes x        x̄[argmax] += ȳ             ẏ = ẋ[argmax]

extension Variable {
    /// Validated, sorted, de-duplicated axes (nil = all axes); negative axes count from the end.
    @inlinable func normalizedAxes(_ axes: [Int]?, _ operation: String) -> [Int]? {
        assertCurrent()
        let rank = shape.count
        guard let axes else { return Array(0..<rank) }
        var result: [Int] = []
        for axis in axes {
            let a = axis < 0 ? axis + rank : axis
            guard a >= 0 && a < rank else {
                _ = graph.fail(.invalidArgument("\(operation): axis \(axis) is out of range for rank \(rank) (shape \(shape)); use −\(rank)..<\(rank)"), shape: [])
                return nil
            }
            if !result.contains(a) { result.append(a) }
        }
        return result.sorted()
    }

    /// The kept shape (1 on reduced axes) and the result shape.
    @inlinable func reducedShapes(_ axes: [Int], keepingDimensions: Bool) -> (kept: [Int], result: [Int]) {
        var kept = shape
        for axis in axes { kept[axis] = 1 }
        let result = keepingDimensions ? kept : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return (kept, result)
    }

    /// The sum over `axes` (all axes when nil), dropping them unless `keepingDimensions`.
    @inlinable public func sum(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        guard let axes = normalizedAxes(axes, "sum") else { return self }
        let node = graph.nodes[index]
        let (kept, shape) = reducedShapes(axes, keepingDimensions: keepingDimensions)
        let (result, y) = graph.append(.sum(keptShape: kept), index, -1, shape: shape, requiresGradient: node.requiresGradient)
        let count = kept.reduce(1, *)
        UnsafeMutableRawPointer(y).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Scalar>.stride)
        Scalar._stridedAccumulate(graph.reductionLayout(node.shape, kept, towardsOutput: true),
                                  from: node.value.assumingMemoryBound(to: Scalar.self), into: y)
        return Variable(graph: graph, index: result)
    }

    /// The arithmetic mean over `axes` (all axes when nil).
    @inlinable public func mean(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        guard let normalized = normalizedAxes(axes, "mean") else { return self }
        let n = normalized.map { shape[$0] }.reduce(1, *)
        return sum(alongAxes: normalized, keepingDimensions: keepingDimensions).apply(.scale(1 / Double(Swift.max(n, 1))))
    }

    /// The maximum over `axes` (all axes when nil); the adjoint goes to the first maximal entry.
    @inlinable public func max(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        guard let axes = normalizedAxes(axes, "max") else { return self }
        let node = graph.nodes[index]
        guard node.count > 0 else {
            return graph.fail(.invalidArgument("max: the variable of shape \(node.shape) is empty; a maximum needs at least one scalar"), shape: [])
        }
        let (kept, shape) = reducedShapes(axes, keepingDimensions: keepingDimensions)
        let (result, y) = graph.append(.max(keptShape: kept, argmax: []), index, -1, shape: shape,
                                       requiresGradient: node.requiresGradient)
        var argmax = [Int](repeating: -1, count: kept.reduce(1, *))
        argmax.withUnsafeMutableBufferPointer { arg in
            Scalar._reduceMax(graph.reductionLayout(node.shape, kept, towardsOutput: true),
                              node.value.assumingMemoryBound(to: Scalar.self), into: y, argmax: arg.baseAddress!)
        }
        graph.nodes[result].operation = .max(keptShape: kept, argmax: argmax)
        return Variable(graph: graph, index: result)
    }

    /// `log Σ_axes eˣ`, computed stably as `m + log Σ e^(x − m)` with `m` the (detached) maximum.
    ///
    /// Its gradient is the softmax over the same axes. Edge cases: finite for inputs of any magnitude.
    @inlinable public func logSumExp(alongAxes axes: [Int]? = nil, keepingDimensions: Bool = false) -> Variable {
        guard let normalized = normalizedAxes(axes, "logSumExp") else { return self }
        let m = max(alongAxes: normalized, keepingDimensions: true).detached()
        let result = log(exp(self - m).sum(alongAxes: normalized, keepingDimensions: true)) + m
        if keepingDimensions { return result }
        return result.reshaped(shape.enumerated().filter { !normalized.contains($0.offset) }.map(\.element))
    }
}

extension Graph {
    /// Walks the input contiguously; `towardsOutput` puts the reduced output (broadcast strides) as operand 0 and
    /// the input as operand 1, else the other way round (for the pullback).
    @inlinable func reductionLayout(_ inputShape: [Int], _ kept: [Int], towardsOutput: Bool) -> StridedLayout {
        let input = StridedLayout.contiguousStrides(inputShape)
        let output = StridedLayout.broadcastStrides(kept, to: inputShape)
        return towardsOutput ? StridedLayout(shape: inputShape, strides0: output, strides1: input)
                             : StridedLayout(shape: inputShape, strides0: input, strides1: output)
    }

    @inlinable func pullbackSum(_ kept: [Int], _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        Scalar._stridedAccumulate(reductionLayout(nodes[node.first].shape, kept, towardsOutput: false), from: seed, into: into)
    }

    @inlinable func tangentSum(_ kept: [Int], _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: true)
        Scalar._stridedAccumulate(reductionLayout(nodes[node.first].shape, kept, towardsOutput: true),
                                  from: tangents[node.first]!, into: out)
        return out
    }

    @inlinable func pullbackMax(_ argmax: [Int], _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        for (o, i) in argmax.enumerated() { into[i] += seed[o] }
    }

    @inlinable func tangentMax(_ argmax: [Int], _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false), tangent = tangents[node.first]!
        for (o, i) in argmax.enumerated() { out[o] = tangent[i] }
        return out
    }
}
