// The batched matrix product of rank-3 tensors, one GEMM per batch entry (a rank-2 operand is shared by all):
//
//     C_i = op(A_i) op(B_i)        Ā_i += C̄_i op(B_i)ᵀ (or its transpose)      B̄_i += op(A_i)ᵀ C̄_i (or its transpose)
//     Ċ_i = op(Ȧ_i) op(B_i) + op(A_i) op(Ḃ_i)
// A shared (rank-2) operand's adjoint sums its batch entries' contributions.

/// The batched matrix product `C[i] = op(a[i]) · op(b[i])` (PyTorch's `bmm`, and `matmul` broadcasting a
/// rank-2 operand), `op` transposing the last two axes on request.
///
/// Shapes: `a` is `[batch, m, k]` (`[batch, k, m]` with `transposeA`) or a rank-2 `[m, k]` shared by every
/// batch entry; `b` is `[batch, k, n]` or a shared `[k, n]` (transposed likewise); at least one operand has
/// rank 3, and two rank-3 operands have the same batch size. The result is `[batch, m, n]`.
///
/// One GEMM per batch entry (a single GEMM of `batch·m` rows when only `b` is shared and `a` is not
/// transposed); the pullback is two more per entry, the shared operand's adjoint summing over the batch.
/// A rank, batch or inner-size mismatch is recorded in the graph (`AutodiffError.shapeMismatch`).
/// - Complexity: `2·batch·mnk` flops forward, up to twice that backward.
@inlinable public func batchedMatmul<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>, transposeA: Bool = false,
                                             transposeB: Bool = false) -> Variable<Scalar> {
    let graph = a.graph
    guard a.sameGraph(b, "batchedMatmul") else { return a }
    let left = graph.nodes[a.index], right = graph.nodes[b.index]
    guard (2...3).contains(left.shape.count), (2...3).contains(right.shape.count),
          left.shape.count == 3 || right.shape.count == 3 else {
        return graph.fail(.shapeMismatch("batchedMatmul: operands have shapes \(left.shape) and \(right.shape); one must be rank 3 ([batch, rows, columns]) and the other rank 3 or 2 (use matmul for two matrices)"), shape: [1, 1, 1])
    }
    let batch = left.shape.count == 3 ? left.shape[0] : right.shape[0]
    let (m, k, k2, n) = BatchedProduct.sizes(left.shape, right.shape, transposeA, transposeB)
    guard k == k2, left.shape.count == 2 || right.shape.count == 2 || left.shape[0] == right.shape[0] else {
        return graph.fail(.shapeMismatch("batchedMatmul: op(a) is \(m) × \(k) and op(b) is \(k2) × \(n) per batch entry (shapes \(left.shape), \(right.shape), transposeA \(transposeA), transposeB \(transposeB)); the inner sizes and the batch sizes must agree"), shape: [batch, m, n])
    }
    let (result, c) = graph.append(.batchedMatmul(transposeA: transposeA, transposeB: transposeB), a.index, b.index,
                                   shape: [batch, m, n], requiresGradient: left.requiresGradient || right.requiresGradient)
    let x = UnsafePointer(graph.value(a.index)), y = UnsafePointer(graph.value(b.index))
    let strideA = left.shape.count == 3 ? m * k : 0, strideB = right.shape.count == 3 ? k * n : 0
    let lda = transposeA ? m : k, ldb = transposeB ? k : n
    if strideB == 0 && !transposeA {   // [batch·m, k] · [k, n] in one call
        Scalar.gemm(transposeA: false, transposeB: transposeB, m: batch * m, n: n, k: k, alpha: .one, a: x, lda: lda,
                    b: y, ldb: ldb, beta: .zero, c: c, ldc: n)
    } else {
        for i in 0..<batch {
            Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: .one, a: x + i * strideA,
                        lda: lda, b: y + i * strideB, ldb: ldb, beta: .zero, c: c + i * m * n, ldc: n)
        }
    }
    return Variable(graph: graph, index: result)
}

/// Size bookkeeping shared by the batched product's forward, pullback and tangent.
@usableFromInline enum BatchedProduct {
    /// `(m, k)` of `op(a)` and `(k, n)` of `op(b)`, read from the last two axes.
    @inlinable static func sizes(_ a: [Int], _ b: [Int], _ transposeA: Bool, _ transposeB: Bool) -> (Int, Int, Int, Int) {
        let ar = a.count, br = b.count
        let m = transposeA ? a[ar - 1] : a[ar - 2], k = transposeA ? a[ar - 2] : a[ar - 1]
        let k2 = transposeB ? b[br - 1] : b[br - 2], n = transposeB ? b[br - 2] : b[br - 1]
        return (m, k, k2, n)
    }
}

extension Graph {
    @inlinable func pullbackBatchedMatmul(_ transposeA: Bool, _ transposeB: Bool, _ node: Node,
                                          _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let left = nodes[node.first], right = nodes[node.second]
        let (m, k, _, n) = BatchedProduct.sizes(left.shape, right.shape, transposeA, transposeB)
        let batch = node.shape[0]
        let sharedA = left.shape.count == 2, sharedB = right.shape.count == 2
        let a = UnsafePointer(value(node.first)), b = UnsafePointer(value(node.second))
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let one = Scalar.one
        if let (intoA, fresh) = adjointForOverwrite(node.first, &adjoints) {
            for i in 0..<batch {
                let beta: Scalar = fresh && (i == 0 || !sharedA) ? .zero : one
                let target = intoA + (sharedA ? 0 : i * m * k), g = seed + i * m * n, bi = b + (sharedB ? 0 : i * k * n)
                if !transposeA {   // Ā_i (m × k) += C̄_i op(B_i)ᵀ
                    Scalar.gemm(transposeA: false, transposeB: !transposeB, m: m, n: k, k: n, alpha: one, a: g, lda: n,
                                b: bi, ldb: ldb, beta: beta, c: target, ldc: lda)
                } else {           // Ā_i (k × m) += op(B_i) C̄_iᵀ
                    Scalar.gemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n, alpha: one, a: bi, lda: ldb,
                                b: g, ldb: n, beta: beta, c: target, ldc: lda)
                }
            }
        }
        if let (intoB, fresh) = adjointForOverwrite(node.second, &adjoints) {
            for i in 0..<batch {
                let beta: Scalar = fresh && (i == 0 || !sharedB) ? .zero : one
                let target = intoB + (sharedB ? 0 : i * k * n), g = seed + i * m * n, ai = a + (sharedA ? 0 : i * m * k)
                if !transposeB {   // B̄_i (k × n) += op(A_i)ᵀ C̄_i
                    Scalar.gemm(transposeA: !transposeA, transposeB: false, m: k, n: n, k: m, alpha: one, a: ai, lda: lda,
                                b: g, ldb: n, beta: beta, c: target, ldc: ldb)
                } else {           // B̄_i (n × k) += C̄_iᵀ op(A_i)
                    Scalar.gemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m, alpha: one, a: g, lda: n,
                                b: ai, ldb: lda, beta: beta, c: target, ldc: ldb)
                }
            }
        }
    }

    @inlinable func tangentBatchedMatmul(_ transposeA: Bool, _ transposeB: Bool, _ node: Node,
                                         _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let left = nodes[node.first], right = nodes[node.second]
        let (m, k, _, n) = BatchedProduct.sizes(left.shape, right.shape, transposeA, transposeB)
        let strideA = left.shape.count == 3 ? m * k : 0, strideB = right.shape.count == 3 ? k * n : 0
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        let out = scratchBuffer(node.count, zeroed: true)
        let pairs: [(UnsafePointer<Scalar>, UnsafePointer<Scalar>)] = [
            tangents[node.first].map { (UnsafePointer($0), UnsafePointer(value(node.second))) },
            tangents[node.second].map { (UnsafePointer(value(node.first)), UnsafePointer($0)) },
        ].compactMap { $0 }
        for (a, b) in pairs {
            for i in 0..<node.shape[0] {
                Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: .one, a: a + i * strideA,
                            lda: lda, b: b + i * strideB, ldb: ldb, beta: .one, c: out + i * m * n, ldc: n)
            }
        }
        return out
    }
}
