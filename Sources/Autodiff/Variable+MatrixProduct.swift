// The matrix product through s/d GEMM, and axis permutation (transpose).
//
//     C = op(A) op(B)          Ā += C̄ op(B)ᵀ (or its transpose)      B̄ += op(A)ᵀ C̄ (or its transpose)
//     Ċ = op(Ȧ) op(B) + op(A) op(Ḃ)

/// The matrix product `op(a) · op(b)` of rank-2 variables by BLAS GEMM, `op` transposing on request.
///
/// Shapes: `op(a)` is `m × k`, `op(b)` is `k × n`, the result `m × n`. The pullback is two more GEMMs (one per
/// operand that needs a gradient); the transposes are BLAS flags, never copies.
/// A rank or inner-size mismatch is recorded in the graph (`AutodiffError.shapeMismatch`).
/// - Complexity: `2mnk` flops forward, up to `4mnk` backward.
@inlinable public func matmul<Scalar>(_ a: Variable<Scalar>, _ b: Variable<Scalar>, transposeA: Bool = false,
                           transposeB: Bool = false) -> Variable<Scalar> {
    let graph = a.graph
    guard a.sameGraph(b, "matmul") else { return a }
    let left = graph.nodes[a.index], right = graph.nodes[b.index]
    guard left.shape.count == 2, right.shape.count == 2 else {
        return graph.fail(.shapeMismatch("matmul: operands have ranks \(left.shape.count) and \(right.shape.count); both must be rank 2 (reshape vectors to [1, n] or [n, 1])"), shape: [1, 1])
    }
    let m = transposeA ? left.shape[1] : left.shape[0], k = transposeA ? left.shape[0] : left.shape[1]
    let k2 = transposeB ? right.shape[1] : right.shape[0], n = transposeB ? right.shape[0] : right.shape[1]
    guard k == k2 else {
        return graph.fail(.shapeMismatch("matmul: op(a) is \(m) × \(k) but op(b) is \(k2) × \(n); the inner sizes must agree (shapes \(left.shape), \(right.shape), transposeA \(transposeA), transposeB \(transposeB))"), shape: [m, n])
    }
    let (result, c) = graph.append(.matmul(transposeA: transposeA, transposeB: transposeB), a.index, b.index,
                                   shape: [m, n], requiresGradient: left.requiresGradient || right.requiresGradient)
    Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Scalar.one,
                a: left.value.assumingMemoryBound(to: Scalar.self), lda: left.shape[1],
                b: right.value.assumingMemoryBound(to: Scalar.self), ldb: right.shape[1],
                beta: .zero, c: c, ldc: n)
    return Variable(graph: graph, index: result)
}

extension Variable {
    /// The axes reordered: result axis `i` is axis `permutation[i]` of `self` (NumPy `transpose(axes)`).
    /// An invalid permutation is recorded in the graph.
    @inlinable public func permuted(_ permutation: [Int]) -> Variable {
        assertCurrent()
        let node = graph.nodes[index]
        guard permutation.sorted() == Array(0..<node.shape.count) else {
            return graph.fail(.invalidArgument("permuted: \(permutation) is not a permutation of the \(node.shape.count) axes 0..<\(node.shape.count)"), shape: node.shape)
        }
        let shape = permutation.map { node.shape[$0] }
        let (result, y) = graph.append(.permute(permutation), index, -1, shape: shape, requiresGradient: node.requiresGradient)
        Scalar._stridedCopy(graph.permutationLayout(permutation, node.shape, reading: true),
                            from: node.value.assumingMemoryBound(to: Scalar.self), into: y)
        return Variable(graph: graph, index: result)
    }

    /// The matrix transpose: the last two axes swapped (a rank-1 or rank-0 variable is returned unchanged).
    @inlinable public func transposed() -> Variable {
        let rank = shape.count
        guard rank >= 2 else { return self }
        var permutation = Array(0..<rank)
        permutation.swapAt(rank - 1, rank - 2)
        return permuted(permutation)
    }
}

extension Graph {
    /// Walks the permuted output contiguously; reads (or, for the pullback, writes) the input through permuted
    /// strides. `reading: true` puts the output as operand 0 (destination) and the input as operand 1.
    @inlinable func permutationLayout(_ permutation: [Int], _ inputShape: [Int], reading: Bool) -> StridedLayout {
        let inputStrides = StridedLayout.contiguousStrides(inputShape)
        let shape = permutation.map { inputShape[$0] }
        let permutedStrides = permutation.map { inputStrides[$0] }
        let outputStrides = StridedLayout.contiguousStrides(shape)
        return reading ? StridedLayout(shape: shape, strides0: outputStrides, strides1: permutedStrides)
                       : StridedLayout(shape: shape, strides0: permutedStrides, strides1: outputStrides)
    }

    @inlinable func pullbackMatmul(_ transposeA: Bool, _ transposeB: Bool, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>,
                        _ adjoints: inout SweepBuffers) {
        let left = nodes[node.first], right = nodes[node.second]
        let m = node.shape[0], n = node.shape[1], k = transposeA ? left.shape[0] : left.shape[1]
        let a = value(node.first), b = value(node.second)
        let lda = left.shape[1], ldb = right.shape[1]
        let one = Scalar.one
        if let (intoA, fresh) = adjointForOverwrite(node.first, &adjoints) {
            let beta = fresh ? Scalar.zero : one
            if !transposeA {   // Ā (m × k) += C̄ op(B)ᵀ
                Scalar.gemm(transposeA: false, transposeB: !transposeB, m: m, n: k, k: n, alpha: one, a: seed, lda: n,
                            b: b, ldb: ldb, beta: beta, c: intoA, ldc: lda)
            } else {           // Ā (k × m) += op(B) C̄ᵀ
                Scalar.gemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n, alpha: one, a: b, lda: ldb,
                            b: seed, ldb: n, beta: beta, c: intoA, ldc: lda)
            }
        }
        if let (intoB, fresh) = adjointForOverwrite(node.second, &adjoints) {
            let beta = fresh ? Scalar.zero : one
            if !transposeB {   // B̄ (k × n) += op(A)ᵀ C̄
                Scalar.gemm(transposeA: !transposeA, transposeB: false, m: k, n: n, k: m, alpha: one, a: a, lda: lda,
                            b: seed, ldb: n, beta: beta, c: intoB, ldc: ldb)
            } else {           // B̄ (n × k) += C̄ᵀ op(A)
                Scalar.gemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m, alpha: one, a: seed, lda: n,
                            b: a, ldb: lda, beta: beta, c: intoB, ldc: ldb)
            }
        }
    }

    @inlinable func tangentMatmul(_ transposeA: Bool, _ transposeB: Bool, _ node: Node,
                       _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let left = nodes[node.first], right = nodes[node.second]
        let m = node.shape[0], n = node.shape[1], k = transposeA ? left.shape[0] : left.shape[1]
        let out = scratchBuffer(node.count, zeroed: true)
        let one = Scalar.one
        if let tangentA = tangents[node.first] {
            Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: one, a: tangentA,
                        lda: left.shape[1], b: value(node.second), ldb: right.shape[1], beta: one, c: out, ldc: n)
        }
        if let tangentB = tangents[node.second] {
            Scalar.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: one, a: value(node.first),
                        lda: left.shape[1], b: tangentB, ldb: right.shape[1], beta: one, c: out, ldc: n)
        }
        return out
    }

    @inlinable func pullbackPermute(_ permutation: [Int], _ node: Node, _ seed: UnsafeMutablePointer<Scalar>,
                         _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        Scalar._stridedAccumulate(permutationLayout(permutation, nodes[node.first].shape, reading: false),
                                  from: seed, into: into)
    }

    @inlinable func tangentPermute(_ permutation: [Int], _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false)
        Scalar._stridedCopy(permutationLayout(permutation, nodes[node.first].shape, reading: true),
                            from: tangents[node.first]!, into: out)
        return out
    }
}
