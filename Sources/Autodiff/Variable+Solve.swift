// The differentiable linear solve x = A⁻¹ b and its adjoint method: the factor of A is kept from the forward
// pass, so the pullback costs one more (transposed) triangular solve, whatever the number of parameters.
//
//     A x = b          Aᵀ λ = x̄          b̄ += λ          Ā += −λ xᵀ
//     ẋ = A⁻¹ (ḃ − Ȧ x)

/// The solution `x` of the square linear system `A x = b`, by LU with partial pivoting (LAPACK `getrf` +
/// `getrs`, single or double precision), differentiable in both `A` and `b` by the adjoint method.
///
/// For a scalar loss `F(x)` with `x̄ = ∂F/∂x`, the pullback solves the adjoint system once, reusing the LU
/// factors of the forward pass, and reads both gradients off its solution `λ` — the course's adjoint equation:
///
///     Aᵀ λ = x̄,      ∂F/∂b = λ,      ∂F/∂A = −λ xᵀ
///
/// (from `A dx = db − dA x`: `dF = x̄ᵀ dx = λᵀ (db − dA x)`). Computing `∂x/∂p` for `M` parameters `p` instead
/// takes `M` forward solves `A ∂x/∂pᵢ = ∂b/∂pᵢ − (∂A/∂pᵢ) x`, which is what forward mode (`tangent`) does.
///
/// Shapes: `a` `[n, n]`; `b` `[n]` or `[n, k]` (`k` right-hand sides); the result has `b`'s shape.
///
/// Edge cases: a matrix whose LU factorisation meets an exactly zero pivot is singular, which is recorded in
/// the graph (`AutodiffError.invalidArgument`, naming the pivot) and gives zeros. A nearly singular matrix is
/// solved; its solution carries the rounding of `κ(A) · ε`. NaN or ∞ entries propagate.
/// - Complexity: `⅔ n³ + 2 n² k` flops forward, `2 n² k` (plus `2 n² k` for `Ā`) backward; `n²` scalars kept.
@inlinable public func solve<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> {
    linearSolve(.lu, a, b, "solve")
}

/// The solution `x` of `A x = b` for a symmetric positive definite `A`, by Cholesky `A = L Lᵀ` (LAPACK `potrf`
/// + `potrs`), at half the cost of `solve`; differentiable by the adjoint method.
///
/// The adjoint system is the forward one (`Aᵀ = A`), solved with the same factor:
///
///     A λ = x̄,      ∂F/∂b = λ,      ∂F/∂A = −½ (λ xᵀ + x λᵀ)
///
/// `A` is read from its lower triangle only, so its gradient is given for symmetric perturbations: the
/// symmetric part of the adjoint equation's `−λ xᵀ`, which changes `F` by the same first-order amount for any
/// symmetric `dA`.
///
/// Shapes as `solve`. A matrix that is not positive definite (a leading minor ≤ 0) is recorded in the graph.
/// - Complexity: `⅓ n³ + 2 n² k` flops forward, `2 n² k` (plus `4 n² k` for `Ā`) backward.
@inlinable public func solvePositiveDefinite<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>) -> Variable<Scalar> {
    linearSolve(.cholesky, a, b, "solvePositiveDefinite")
}

@inlinable func linearSolve<Scalar>(_ kind: LinearSolveKind, _ a: Variable<Scalar>, _ b: Variable<Scalar>,
                                    _ name: String) -> Variable<Scalar> {
    let graph = a.graph
    guard a.sameGraph(b, name) else { return b }
    let matrix = graph.nodes[a.index], rhs = graph.nodes[b.index]
    guard matrix.shape.count == 2, matrix.shape[0] == matrix.shape[1], matrix.shape[0] >= 1 else {
        return graph.fail(.shapeMismatch("\(name): the matrix has shape \(matrix.shape); it must be square [n, n] with n ≥ 1"), shape: rhs.shape)
    }
    let n = matrix.shape[0]
    guard (1...2).contains(rhs.shape.count), rhs.shape[0] == n else {
        return graph.fail(.shapeMismatch("\(name): the right-hand side has shape \(rhs.shape); for a matrix of shape \(matrix.shape) it must be [\(n)] or [\(n), k]"), shape: rhs.shape)
    }
    let k = rhs.shape.count == 2 ? rhs.shape[1] : 1
    let factor = graph.values.allocate(bytes: n * n * MemoryLayout<Scalar>.stride, zeroed: false)
    graph.arenaScalars += n * n
    let f = factor.bindMemory(to: Scalar.self, capacity: n * n)
    f.update(from: graph.value(a.index), count: n * n)
    var pivots = [Int32](repeating: 0, count: n)   // unused by Cholesky
    let info = pivots.withUnsafeMutableBufferPointer { Scalar._factor(kind, n: n, f, pivots: $0.baseAddress!) }
    if info > 0 {
        let message = kind == .lu
            ? "\(name): the \(n) × \(n) matrix is singular (pivot \(info) of its LU factorisation is exactly 0); no unique solution exists"
            : "\(name): the \(n) × \(n) matrix is not positive definite (its leading minor of order \(info) is not positive); use solve for a general matrix"
        return graph.fail(.invalidArgument(message), shape: rhs.shape)
    }
    let (result, x) = graph.append(.solve(kind, factor: factor, pivots: pivots), a.index, b.index, shape: rhs.shape,
                                   requiresGradient: matrix.requiresGradient || rhs.requiresGradient)
    x.update(from: graph.value(b.index), count: n * k)
    pivots.withUnsafeBufferPointer { Scalar._solveFactored(kind, n: n, rightHandSides: k, transposed: false, f, pivots: $0.baseAddress!, x) }
    return Variable(graph: graph, index: result)
}

extension Graph {
    @inlinable func pullbackSolve(_ kind: LinearSolveKind, _ factor: UnsafeMutableRawPointer, _ pivots: [Int32], _ node: Node,
                                  _ index: Int, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let n = nodes[node.first].shape[0], k = node.count / n
        // Aᵀ λ = x̄, one solve with the kept factor.
        let lambda = scratchBuffer(node.count, zeroed: false)
        lambda.update(from: seed, count: node.count)
        pivots.withUnsafeBufferPointer {
            Scalar._solveFactored(kind, n: n, rightHandSides: k, transposed: true, factor.assumingMemoryBound(to: Scalar.self),
                                  pivots: $0.baseAddress!, lambda)
        }
        if let intoB = adjoint(node.second, &adjoints) { Scalar._add(node.count, lambda, into: intoB) }
        guard let (intoA, fresh) = adjointForOverwrite(node.first, &adjoints) else { return }
        let x = value(index)
        if kind == .lu {   // Ā += −λ xᵀ
            Scalar.gemm(transposeA: false, transposeB: true, m: n, n: n, k: k, alpha: -.one, a: lambda, lda: k,
                        b: x, ldb: k, beta: fresh ? .zero : .one, c: intoA, ldc: n)
        } else {           // Ā += −½ (λ xᵀ + x λᵀ)
            let half = -Scalar(0.5)
            Scalar.gemm(transposeA: false, transposeB: true, m: n, n: n, k: k, alpha: half, a: lambda, lda: k,
                        b: x, ldb: k, beta: fresh ? .zero : .one, c: intoA, ldc: n)
            Scalar.gemm(transposeA: false, transposeB: true, m: n, n: n, k: k, alpha: half, a: x, lda: k,
                        b: lambda, ldb: k, beta: .one, c: intoA, ldc: n)
        }
    }

    @inlinable func tangentSolve(_ kind: LinearSolveKind, _ factor: UnsafeMutableRawPointer, _ pivots: [Int32], _ node: Node,
                                 _ index: Int, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let n = nodes[node.first].shape[0], k = node.count / n
        let out = scratchBuffer(node.count, zeroed: true)   // ẋ = A⁻¹ (ḃ − Ȧ x)
        if let tangentB = tangents[node.second] { out.update(from: tangentB, count: node.count) }
        if let tangentA = tangents[node.first] {
            let x = value(index)
            if kind == .lu {
                Scalar.gemm(transposeA: false, transposeB: false, m: n, n: k, k: n, alpha: -.one, a: tangentA, lda: n,
                            b: x, ldb: k, beta: .one, c: out, ldc: k)
            } else {   // the symmetric part ½ (Ȧ + Ȧᵀ), as the pullback
                let half = -Scalar(0.5)
                Scalar.gemm(transposeA: false, transposeB: false, m: n, n: k, k: n, alpha: half, a: tangentA, lda: n,
                            b: x, ldb: k, beta: .one, c: out, ldc: k)
                Scalar.gemm(transposeA: true, transposeB: false, m: n, n: k, k: n, alpha: half, a: tangentA, lda: n,
                            b: x, ldb: k, beta: .one, c: out, ldc: k)
            }
        }
        pivots.withUnsafeBufferPointer {
            Scalar._solveFactored(kind, n: n, rightHandSides: k, transposed: false, factor.assumingMemoryBound(to: Scalar.self),
                                  pivots: $0.baseAddress!, out)
        }
        return out
    }
}
