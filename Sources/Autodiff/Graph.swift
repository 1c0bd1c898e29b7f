/// The operation that produced a node, with what its pullback and tangent need beyond the parents' values.
@usableFromInline enum Operation {
    case leaf
    case unary(UnaryFunction)
    case binary(BinaryFunction)
    case matmul(transposeA: Bool, transposeB: Bool)
    case reshape
    case permute([Int])
    case slice(axis: Int, start: Int)
    case concatenate(axis: Int, parents: [Int])
    case sum(keptShape: [Int])
    case max(keptShape: [Int], argmax: [Int])
    case softmax(axis: Int, logarithmic: Bool)
    case gather(indices: [Int])
    case select(mask: Int)
    case checkpoint(AnyObject)
    case convolution(ConvolutionGeometry, outputChannels: Int, groups: Int, bias: Int)
    case pool(PoolingKind, ConvolutionGeometry, argmax: [Int])
    case batchedMatmul(transposeA: Bool, transposeB: Bool)
    case solve(LinearSolveKind, factor: UnsafeMutableRawPointer, pivots: [Int32])

    @inlinable var name: String {
        switch self {
        case .leaf: return "leaf"
        case .unary(let f): return "\(f)"
        case .binary(let f): return "\(f)"
        case .matmul(let a, let b): return "matmul" + (a ? " Aᵀ" : "") + (b ? " Bᵀ" : "")
        case .reshape: return "reshape"
        case .permute(let p): return "permute \(p)"
        case .slice(let axis, let start): return "slice axis \(axis) from \(start)"
        case .concatenate(let axis, _): return "concatenate axis \(axis)"
        case .sum: return "sum"
        case .max: return "max"
        case .softmax(let axis, let log): return (log ? "logSoftmax" : "softmax") + " axis \(axis)"
        case .gather: return "gather"
        case .select: return "where"
        case .checkpoint: return "checkpoint"
        case .convolution(let g, _, let groups, _):
            return "conv2d \(g.kernelHeight)×\(g.kernelWidth)" + (groups > 1 ? " groups \(groups)" : "")
        case .pool(let kind, let g, _): return "\(kind)Pool2d \(g.kernelHeight)×\(g.kernelWidth)"
        case .batchedMatmul(let a, let b): return "batchedMatmul" + (a ? " Aᵀ" : "") + (b ? " Bᵀ" : "")
        case .solve(let kind, _, _): return "solve (\(kind))"
        }
    }

    /// Whether the pullback only reads its seed (never writes it): the reverse sweep may then hand it the caller's
    /// seed in place instead of a copy when this node is the sweep's output (a conv2d's output adjoint can be
    /// tens of megabytes). Add an operation here only after checking that its pullback leaves `seed` unchanged.
    @inlinable var pullbackReadsSeedOnly: Bool {
        if case .convolution = self { return true }
        return false
    }
}

/// One recorded operation: its parents (indices of earlier nodes, −1 for none), its value and shape.
@usableFromInline struct Node {
    @usableFromInline var operation: Operation
    @usableFromInline var first: Int
    @usableFromInline var second: Int
    @usableFromInline var shape: [Int]
    @usableFromInline var count: Int
    /// The value's scalars: in the graph's arena, or in a leaf tensor's storage the graph retains.
    @usableFromInline var value: UnsafeMutableRawPointer
    /// Whether some leaf that requires a gradient is an ancestor (else backward skips the node).
    @usableFromInline var requiresGradient: Bool

    @inlinable init(operation: Operation, first: Int, second: Int, shape: [Int], count: Int,
                    value: UnsafeMutableRawPointer, requiresGradient: Bool) {
        self.operation = operation
        self.first = first
        self.second = second
        self.shape = shape
        self.count = count
        self.value = value
        self.requiresGradient = requiresGradient
    }
}

/// A define-by-run computational graph (a tape): every operation on its `Variable`s is evaluated at once and
/// recorded with its parents, so reverse mode can walk the records backwards once.
///
/// Nodes are appended in evaluation order, which is a topological order: parents always precede children.
/// Values live in one arena of contiguous blocks (no allocation per node; leaf tensors are read in place).
/// A graph is not thread-safe, and needs not be: there is no global state, so threads that each build their
/// own graph never interfere. Reuse a graph across training steps with `reset()` to keep its memory.
///
/// A graph holds a reference to each leaf tensor's storage until `reset()` (or its end): call `reset()` after
/// taking gradients and before updating parameters in place, or the update copies the parameter first
/// (copy-on-write keeps the recorded values intact).
///
///     let graph = Graph<Double>()
///     let x = graph.variable(Tensor(2.0)), y = graph.variable(Tensor(3.0))
///     let b = y * log(x)
///     let f = b + sqrt(b)
///     let grads = try f.backward()          // grads[x], grads[y]
///
/// The graph's bookkeeping properties opt out of dynamic exclusivity checks: a graph is confined to one thread
/// and its methods never hold two overlapping accesses to one property.
public final class Graph<Scalar: TensorScalar> {
    @usableFromInline @exclusivity(unchecked) var nodes: [Node] = []
    @usableFromInline @exclusivity(unchecked) var values = Arena()
    @usableFromInline @exclusivity(unchecked) var scratch = Arena()
    @usableFromInline @exclusivity(unchecked) var retained: [AnyObject] = []
    @usableFromInline @exclusivity(unchecked) var names: [Int: String] = [:]
    @usableFromInline @exclusivity(unchecked) var arenaScalars = 0
    /// Counts `reset()` calls, so variables of an earlier program are recognised.
    @usableFromInline @exclusivity(unchecked) var generation = 0
    /// The per-node buffer list of the last sweep, kept for reuse by the next one.
    @usableFromInline @exclusivity(unchecked) var sweepStorage: [UnsafeMutablePointer<Scalar>?] = []
    /// Caller-owned adjoint buffers of the running reverse sweep (see `gradients(of:withRespectTo:into:)`).
    @usableFromInline @exclusivity(unchecked) var presetAdjoints: [(index: Int, buffer: UnsafeMutablePointer<Scalar>)] = []

    /// The first failure recorded by an operation (shape mismatch, bad axis, …); thrown by `value()`,
    /// `backward()` and the other calls that return numbers.
    public var error: AutodiffError? { recordedError }
    @usableFromInline @exclusivity(unchecked) var recordedError: AutodiffError?

    /// An empty graph.
    @inlinable public init() {
        nodes.reserveCapacity(16)
    }

    deinit {
        values.release()
        scratch.release()
    }

    /// Forgets every node (and any recorded error), keeping the allocated memory for the next program.
    /// Variables recorded before the reset must not be used afterwards.
    @inlinable public func reset() {
        nodes.removeAll(keepingCapacity: true)
        retained.removeAll(keepingCapacity: true)
        names.removeAll()
        values.reset()
        scratch.reset()
        arenaScalars = 0
        generation += 1
        recordedError = nil
    }

    /// The number of recorded nodes.
    @inlinable public var nodeCount: Int { nodes.count }

    /// The number of intermediate scalars the graph holds for the backward pass (leaf tensors excluded).
    /// Checkpointed segments keep only their outputs.
    @inlinable public var retainedScalarCount: Int { arenaScalars }

    // MARK: Leaves

    /// A leaf that gradients are taken with respect to. The tensor is read in place, not copied.
    @inlinable public func variable(_ tensor: Tensor<Scalar>, name: String? = nil) -> Variable<Scalar> {
        leaf(tensor, requiresGradient: true, name: name)
    }

    /// A leaf that is held fixed (data, targets, masks): no gradient flows into it.
    @inlinable public func constant(_ tensor: Tensor<Scalar>, name: String? = nil) -> Variable<Scalar> {
        leaf(tensor, requiresGradient: false, name: name)
    }

    /// A rank-0 constant.
    @inlinable public func constant(_ scalar: Scalar) -> Variable<Scalar> {
        let (index, pointer) = append(.leaf, -1, -1, shape: [], requiresGradient: false)
        pointer[0] = scalar
        return Variable(graph: self, index: index)
    }

    @inlinable func leaf(_ tensor: Tensor<Scalar>, requiresGradient: Bool, name: String?) -> Variable<Scalar> {
        retained.append(tensor.buffer)
        nodes.append(Node(operation: .leaf, first: -1, second: -1, shape: tensor.shape, count: tensor.scalarCount,
                          value: UnsafeMutableRawPointer(tensor.buffer.pointer), requiresGradient: requiresGradient))
        if let name { names[nodes.count - 1] = name }
        return Variable(graph: self, index: nodes.count - 1)
    }

    // MARK: Recording

    /// Appends a node with a fresh, uninitialised value buffer of `shape` in the arena.
    @inline(__always)
    @inlinable func append(_ operation: Operation, _ first: Int, _ second: Int, shape: [Int],
                requiresGradient: Bool) -> (Int, UnsafeMutablePointer<Scalar>) {
        let count = shape.isEmpty ? 1 : shape.reduce(1, *)
        let raw = values.allocate(bytes: count * MemoryLayout<Scalar>.stride, zeroed: false)
        arenaScalars += count
        nodes.append(Node(operation: operation, first: first, second: second, shape: shape, count: count,
                          value: raw, requiresGradient: requiresGradient))
        return (nodes.count - 1, raw.bindMemory(to: Scalar.self, capacity: count))
    }

    /// The value buffer of node `index`.
    @inline(__always)
    @inlinable func value(_ index: Int) -> UnsafeMutablePointer<Scalar> {
        nodes[index].value.assumingMemoryBound(to: Scalar.self)
    }

    /// Records `error` (the first one wins) and returns a constant of zeros of `shape`, so the program can go on.
    @usableFromInline func fail(_ error: AutodiffError, shape: [Int]) -> Variable<Scalar> {
        if recordedError == nil { recordedError = error }
        let (index, pointer) = append(.leaf, -1, -1, shape: shape, requiresGradient: false)
        UnsafeMutableRawPointer(pointer).initializeMemory(as: UInt8.self, repeating: 0,
                                                          count: nodes[index].count * MemoryLayout<Scalar>.stride)
        return Variable(graph: self, index: index)
    }

    /// Throws the recorded error, if any.
    public func checkError() throws {
        if let error { throw error }
    }

    /// A copy of node `index`'s value as a tensor.
    @inlinable func tensor(_ index: Int) -> Tensor<Scalar> {
        let node = nodes[index]
        let result = Tensor<Scalar>(shape: node.shape, buffer: .make(count: node.count, zeroed: false))
        result.buffer.pointer.update(from: node.value.assumingMemoryBound(to: Scalar.self), count: node.count)
        return result
    }

    /// A copy of `count` scalars at `pointer` as a tensor of `shape`.
    @inlinable func tensor(_ pointer: UnsafePointer<Scalar>?, shape: [Int]) -> Tensor<Scalar> {
        guard let pointer else { return Tensor<Scalar>(zeros: shape) }
        let result = Tensor<Scalar>(shape: shape, buffer: .make(count: shape.reduce(1, *), zeroed: false))
        result.buffer.pointer.update(from: pointer, count: result.scalarCount)
        return result
    }
}
