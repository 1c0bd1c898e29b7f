/// How up to three operands are walked together over one iteration shape: the element offset of each operand
/// is the dot product of the multi-index with that operand's strides (a stride of 0 repeats the operand along
/// that axis, which is NumPy broadcasting; a permuted stride list is a transpose).
///
/// Adjacent axes that are contiguous for every operand are merged, so a same-shape elementwise operation is a
/// single flat loop.
public struct StridedLayout {
    /// The iteration shape after merging axes.
    @usableFromInline var shape: [Int]
    @usableFromInline var strides0: [Int]
    @usableFromInline var strides1: [Int]
    @usableFromInline var strides2: [Int]
    /// The number of positions visited (the product of the iteration shape).
    @usableFromInline let count: Int
    /// Every operand is contiguous with the iteration shape: one flat loop, no index arithmetic.
    @usableFromInline let isFlat: Bool

    /// The layout of same-shape contiguous operands of `count` scalars (allocates nothing).
    @inlinable init(flat count: Int) {
        self.count = count
        isFlat = true
        shape = []; strides0 = []; strides1 = []; strides2 = []
    }

    @inlinable init(shape: [Int], strides0: [Int], strides1: [Int], strides2: [Int]? = nil) {
        let third = strides2 ?? [Int](repeating: 0, count: shape.count)
        count = shape.reduce(1, *)
        isFlat = false
        var mergedShape: [Int] = [], merged0: [Int] = [], merged1: [Int] = [], merged2: [Int] = []
        for axis in shape.indices where shape[axis] != 1 {
            if let last = mergedShape.indices.last,
               merged0[last] == strides0[axis] * shape[axis], merged1[last] == strides1[axis] * shape[axis],
               merged2[last] == third[axis] * shape[axis] {
                mergedShape[last] *= shape[axis]
                merged0[last] = strides0[axis]; merged1[last] = strides1[axis]; merged2[last] = third[axis]
            } else {
                mergedShape.append(shape[axis])
                merged0.append(strides0[axis]); merged1.append(strides1[axis]); merged2.append(third[axis])
            }
        }
        self.shape = mergedShape
        self.strides0 = merged0
        self.strides1 = merged1
        self.strides2 = merged2
    }

    /// Row-major strides of a contiguous array of `shape`.
    @inlinable static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The strides that read an array of `shape` broadcast to `target` (stride 0 on stretched or missing axes).
    @inlinable static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = contiguousStrides(shape)
        let offset = target.count - shape.count
        return target.indices.map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }

    /// The NumPy broadcast of two shapes, or nil when an axis pair differs and neither is 1.
    @inlinable static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis - (rank - a.count) >= 0 ? a[axis - (rank - a.count)] : 1
            let y = axis - (rank - b.count) >= 0 ? b[axis - (rank - b.count)] : 1
            guard x == y || x == 1 || y == 1 else { return nil }
            result[axis] = x == 1 ? y : x
        }
        return result
    }

    /// A layout where operand 0 is the contiguous output of shape `shape` and operands 1 and 2 are broadcast
    /// inputs of the given shapes.
    @inlinable static func broadcasting(_ shape: [Int], _ first: [Int], _ second: [Int]? = nil) -> StridedLayout {
        if first == shape && (second == nil || second! == shape) { return StridedLayout(flat: shape.reduce(1, *)) }
        return StridedLayout(shape: shape, strides0: contiguousStrides(shape), strides1: broadcastStrides(first, to: shape),
                      strides2: second.map { broadcastStrides($0, to: shape) })
    }

    /// Calls `body(position, offset0, offset1, offset2)` for every position in row-major order.
    @inline(__always)
    @inlinable func forEach(_ body: (Int, Int, Int, Int) -> Void) {
        guard count > 0 else { return }
        if isFlat {
            for i in 0..<count { body(i, i, i, i) }
            return
        }
        let rank = shape.count
        if rank == 0 { body(0, 0, 0, 0); return }
        let n = shape[rank - 1], a = strides0[rank - 1], b = strides1[rank - 1], c = strides2[rank - 1]
        if rank == 1 {
            for i in 0..<n { body(i, i &* a, i &* b, i &* c) }
            return
        }
        var index = [Int](repeating: 0, count: rank - 1)
        var o0 = 0, o1 = 0, o2 = 0, position = 0
        let unitStrides = a == 1 && b == 1
        while true {
            if unitStrides {
                // The common case (a row of an output and a broadcast row): unit strides the compiler can vectorise.
                for i in 0..<n { body(position &+ i, o0 &+ i, o1 &+ i, o2 &+ i &* c) }
            } else {
                for i in 0..<n { body(position &+ i, o0 &+ i &* a, o1 &+ i &* b, o2 &+ i &* c) }
            }
            position += n
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                o0 += strides0[axis]; o1 += strides1[axis]; o2 += strides2[axis]
                if index[axis] < shape[axis] { break }
                o0 -= strides0[axis] * shape[axis]; o1 -= strides1[axis] * shape[axis]; o2 -= strides2[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}

/// A tensor seen as `outer × length × inner` around one axis (for softmax along that axis).
public struct AxisLayout {
    @usableFromInline let outer: Int
    @usableFromInline let length: Int
    @usableFromInline let inner: Int

    @inlinable init(shape: [Int], axis: Int) {
        outer = shape[..<axis].reduce(1, *)
        length = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
    }
}
