import LinearAlgebra

/// The reference-counted contiguous storage of a `Tensor` (one allocation: header and elements together).
@usableFromInline final class TensorBuffer<Scalar: TensorScalar>: ManagedBuffer<Int, Scalar> {
    @inlinable static func make(count: Int, zeroed: Bool = true) -> TensorBuffer {
        let buffer = unsafeDowncast(TensorBuffer.create(minimumCapacity: count) { _ in count }, to: TensorBuffer.self)
        if zeroed { _ = buffer.withUnsafeMutablePointerToElements { elements in
            UnsafeMutableRawPointer(elements).initializeMemory(as: UInt8.self, repeating: 0,
                                                               count: count * MemoryLayout<Scalar>.stride)
        } }
        return buffer
    }

    @inlinable var pointer: UnsafeMutablePointer<Scalar> { withUnsafeMutablePointerToElements { $0 } }

    @inlinable func copy() -> TensorBuffer {
        let result = TensorBuffer.make(count: header, zeroed: false)
        result.pointer.update(from: pointer, count: header)
        return result
    }
}

/// An n-dimensional array of `Float`, `Double` (or dual numbers): a shape and its row-major contiguous scalars,
/// with value semantics (copies share storage until one is mutated).
///
/// Rank 0 is a scalar (shape `[]`). A `Tensor` holds numbers only; differentiation happens on `Variable`s of a
/// `Graph`, which read tensors without copying them. Parameters are `Tensor`s that an optimiser updates in place
/// between steps (`withUnsafeMutableBufferPointer`, `add(_:scaledBy:)`).
// @unchecked: copy-on-write like Array (every mutation goes through `makeUnique`), so a copy sent to another task is never written through.
public struct Tensor<Scalar: TensorScalar>: CustomStringConvertible, @unchecked Sendable {
    /// The extent of each axis, outermost first.
    public let shape: [Int]
    @usableFromInline var buffer: TensorBuffer<Scalar>

    @inlinable init(shape: [Int], buffer: TensorBuffer<Scalar>) {
        self.shape = shape
        self.buffer = buffer
    }

    /// A tensor of the given shape filled with zeros.
    /// - Precondition: no axis is negative (a programming error).
    @inlinable public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative axis in shape \(shape)")
        self.init(shape: shape, buffer: .make(count: shape.reduce(1, *)))
    }

    /// A tensor of the given shape with every scalar equal to `value`.
    @inlinable public init(repeating value: Scalar, shape: [Int]) {
        self.init(zeros: shape)
        let pointer = buffer.pointer
        for i in 0..<scalarCount { pointer[i] = value }
    }

    /// A tensor from row-major scalars.
    /// - Throws: `AutodiffError.invalidArgument` when `scalars.count` differs from the product of `shape`.
    @inlinable public init(shape: [Int], scalars: [Scalar]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw AutodiffError.invalidArgument("Tensor: shape \(shape) has a negative axis; use extents ≥ 0")
        }
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            throw AutodiffError.invalidArgument(
                "Tensor: \(scalars.count) scalars do not fill shape \(shape) (\(count) needed); pass exactly \(count)")
        }
        self.init(zeros: shape)
        scalars.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// A rank-0 tensor (shape `[]`).
    @inlinable public init(_ scalar: Scalar) {
        self.init(zeros: [])
        buffer.pointer[0] = scalar
    }

    /// A rank-1 tensor (shape `[scalars.count]`).
    @inlinable public init(_ scalars: [Scalar]) {
        try! self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A tensor whose scalar at row-major position `i` is `scalar(i)`.
    @inlinable public init(shape: [Int], scalar: (Int) throws -> Scalar) rethrows {
        self.init(zeros: shape)
        let pointer = buffer.pointer
        for i in 0..<scalarCount { pointer[i] = try scalar(i) }
    }

    /// The same values in another scalar type (`Float` ↔ `Double`; a dual number's primal part).
    @inlinable public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        self.init(shape: other.shape, buffer: .make(count: other.scalarCount, zeroed: false))
        let source = other.buffer.pointer, destination = buffer.pointer
        for i in 0..<other.scalarCount { destination[i] = Scalar(source[i].doubleValue) }
    }

    /// Independent normal draws `N(mean, standardDeviation²)` from a seeded generator.
    @inlinable public static func randomNormal(shape: [Int], mean: Double = 0, standardDeviation: Double = 1,
                                    seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: shape) { _ in Scalar(mean + standardDeviation * generator.nextNormal()) }
    }

    /// Independent uniform draws from `[lower, upper)` from a seeded generator.
    @inlinable public static func randomUniform(shape: [Int], lower: Double = 0, upper: Double = 1, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: shape) { _ in Scalar(lower + (upper - lower) * generator.nextUniform()) }
    }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The number of scalars (the product of the shape; 1 for rank 0).
    @inlinable public var scalarCount: Int { buffer.header }

    /// The scalars in row-major order.
    @inlinable public var scalars: [Scalar] { Array(UnsafeBufferPointer(start: buffer.pointer, count: scalarCount)) }

    /// The only scalar of a one-element tensor, else nil.
    @inlinable public var scalar: Scalar? { scalarCount == 1 ? buffer.pointer[0] : nil }

    /// The scalar at a multi-index (one index per axis).
    /// - Precondition: one in-range index per axis.
    @inlinable public subscript(_ indices: Int...) -> Scalar {
        get { buffer.pointer[offset(indices)] }
        set { makeUnique(); buffer.pointer[offset(indices)] = newValue }
    }

    @inlinable func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == rank, "Tensor: \(indices.count) indices for rank \(rank)")
        var offset = 0
        for (axis, index) in indices.enumerated() {
            precondition(index >= 0 && index < shape[axis], "Tensor: index \(index) out of 0..<\(shape[axis]) on axis \(axis)")
            offset = offset * shape[axis] + index
        }
        return offset
    }

    @inlinable mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy() }
    }

    /// Calls `body` with the row-major scalars.
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try withExtendedLifetime(buffer) { try body(UnsafeBufferPointer(start: buffer.pointer, count: scalarCount)) }
    }

    /// Calls `body` with the row-major scalars for in-place update (copying first if the storage is shared).
    @inlinable public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R) rethrows -> R {
        makeUnique()
        return try withExtendedLifetime(buffer) {
            try body(UnsafeMutableBufferPointer(start: buffer.pointer, count: scalarCount))
        }
    }

    /// `self ← self + scale · other` in place (an axpy; the optimiser's update step).
    /// - Throws: `AutodiffError.shapeMismatch` unless the shapes are equal.
    @inlinable public mutating func add(_ other: Tensor, scaledBy scale: Scalar = Scalar.one) throws {
        guard other.shape == shape else {
            throw AutodiffError.shapeMismatch("Tensor.add: shape \(other.shape) differs from \(shape); pass a tensor of shape \(shape)")
        }
        makeUnique()
        let x = other.buffer.pointer, y = buffer.pointer
        if scale == Scalar.one { Scalar._add(scalarCount, x, into: y) }
        else { for i in 0..<scalarCount { y[i] += scale * x[i] } }
    }

    /// The same scalars under a new shape with the same count.
    /// - Throws: `AutodiffError.invalidArgument` when the counts differ.
    @inlinable public func reshaped(to newShape: [Int]) throws -> Tensor {
        guard newShape.allSatisfy({ $0 >= 0 }), newShape.reduce(1, *) == scalarCount else {
            throw AutodiffError.invalidArgument("Tensor.reshaped: shape \(newShape) does not hold \(scalarCount) scalars of shape \(shape)")
        }
        return Tensor(shape: newShape, buffer: buffer)
    }

    /// The shape and the first 16 scalars.
    @inlinable public var description: String {
        let shown = UnsafeBufferPointer(start: buffer.pointer, count: Swift.min(scalarCount, 16)).map(\.description)
        return "Tensor\(shape)(\(shown.joined(separator: ", "))\(scalarCount > 16 ? ", …" : ""))"
    }
}

extension Tensor where Scalar == Double {
    /// A rank-2 tensor holding a matrix's entries.
    @inlinable public init(_ matrix: Matrix) {
        try! self.init(shape: [matrix.rows, matrix.columns], scalars: matrix.elements)
    }

    /// The tensor as a matrix (rank 2), else nil.
    @inlinable public var matrix: Matrix? {
        rank == 2 ? Matrix(rows: shape[0], columns: shape[1], elements: scalars) : nil
    }
}

extension Tensor: Equatable {
    /// Same shape and same scalars.
    @inlinable public static func == (lhs: Tensor, rhs: Tensor) -> Bool { lhs.shape == rhs.shape && lhs.scalars == rhs.scalars }
}
