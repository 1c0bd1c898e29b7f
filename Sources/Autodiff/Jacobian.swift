/// Which way derivatives are propagated.
public enum DifferentiationMode: Equatable, Sendable {
    /// Tangents from the inputs forward: one pass per input scalar.
    case forward
    /// Adjoints from the output backward: one pass per output scalar.
    case reverse
}

/// A Jacobian matrix with the value it was taken at and how it was computed.
public struct Jacobian<Scalar: TensorScalar> {
    /// `f(x)`.
    public let value: Tensor<Scalar>
    /// `J[i, j] = ∂fᵢ/∂xⱼ` over the row-major scalars of `f(x)` and `x`: shape `[f(x).count, x.count]`.
    public let matrix: Tensor<Scalar>
    /// The mode used.
    public let mode: DifferentiationMode

    @inlinable init(value: Tensor<Scalar>, matrix: Tensor<Scalar>, mode: DifferentiationMode) {
        self.value = value
        self.matrix = matrix
        self.mode = mode
    }
}

/// The Jacobian of `f` at `x`, by forward mode when `x` has no more scalars than `f(x)`, else by reverse mode.
///
/// The course's cost argument: forward mode builds `J` one column per pass (`n₀` passes for `n₀` inputs),
/// reverse mode one row per pass (`n_t` passes for `n_t` outputs); the program is recorded once either way.
/// - Parameters:
///   - x: the point, `n₀` scalars of any shape.
///   - mode: force a mode (nil chooses by shape).
///   - f: the function, recorded on a graph, returning `n_t` scalars.
/// - Complexity: `min(n₀, n_t)` sweeps over the recorded graph.
/// - Throws: the first error an operation of `f` recorded.
@inlinable public func jacobian<Scalar>(at x: Tensor<Scalar>, mode: DifferentiationMode? = nil,
                             of f: (Variable<Scalar>) throws -> Variable<Scalar>) throws -> Jacobian<Scalar> {
    let graph = Graph<Scalar>()
    let input = graph.variable(x)
    let output = try f(input)
    try graph.checkError()
    let n = x.scalarCount, m = output.scalarCount
    let chosen = mode ?? (n <= m ? .forward : .reverse)
    var matrix = Tensor<Scalar>(zeros: [m, n])
    try matrix.withUnsafeMutableBufferPointer { J in
        switch chosen {
        case .forward:
            for j in 0..<n {
                var direction = Tensor<Scalar>(zeros: x.shape)
                direction.withUnsafeMutableBufferPointer { $0[j] = Scalar.one }
                let column = try graph.tangent(of: output, along: [(input, direction)])
                column.withUnsafeBufferPointer { c in for i in 0..<m { J[i * n + j] = c[i] } }
            }
        case .reverse:
            for i in 0..<m {
                var seed = Tensor<Scalar>(zeros: output.shape)
                seed.withUnsafeMutableBufferPointer { $0[i] = Scalar.one }
                let row = try graph.gradients(of: output, withRespectTo: [input], seed: seed)[0]
                row.withUnsafeBufferPointer { r in for j in 0..<n { J[i * n + j] = r[j] } }
            }
        }
    }
    return Jacobian(value: try output.value(), matrix: matrix, mode: chosen)
}

/// The Hessian-vector product `∇²f(x) · v` of a one-scalar function, exactly, by forward-over-reverse mode:
/// reverse mode run on dual numbers `x + v ε` gives `∇f(x + vε) = ∇f(x) + (∇²f(x) v) ε`.
///
/// Write `f` generically (`func f<T: TensorScalar>(_ x: Variable<T>) -> Variable<T>`) and pass it here; it runs
/// at `Scalar = Dual<…>`.
/// - Complexity: about one gradient evaluation on dual numbers (three to four times the scalar cost); no
///   Hessian is formed.
/// - Throws: the first error `f` recorded; `AutodiffError.shapeMismatch` unless `v` has `x`'s shape.
@inlinable public func hessianVectorProduct<Scalar>(at x: Tensor<Scalar>, along v: Tensor<Scalar>,
                                         of f: (Variable<Dual<Scalar>>) throws -> Variable<Dual<Scalar>>) throws -> Tensor<Scalar> {
    guard x.shape == v.shape else {
        throw AutodiffError.shapeMismatch("hessianVectorProduct: direction shape \(v.shape) differs from the point's \(x.shape)")
    }
    let dualPoint = Tensor<Dual<Scalar>>(shape: x.shape) { i in
        Dual(x.buffer.pointer[i], derivative: v.buffer.pointer[i])
    }
    let gradient = try valueWithGradient(at: [dualPoint]) { try f($0[0]) }.gradients[0]
    return Tensor(shape: x.shape) { i in gradient.buffer.pointer[i].derivative }
}
