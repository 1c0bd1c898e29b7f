// 2-D convolution (cross-correlation) by im2col + GEMM, per image and group (the columns are kept for W̄):
//
//     Y_n,g = W_g · cols(X_n)_g + b_g                  W_g: Og × (Cg·kh·kw), cols: (Cg·kh·kw) × (Ho·Wo)
//     W̄_g += Σ_n Ȳ_n,g · cols(X_n)_gᵀ                  b̄ += Σ_n,positions Ȳ
//     X̄_n += col2im(W_gᵀ · Ȳ_n,g)                      (col2im is the adjoint of im2col)
//     Ẏ_n,g = W_g · cols(Ẋ_n)_g + Ẇ_g · cols(X_n)_g + ḃ_g

/// The 2-D convolution of PyTorch's `conv2d`, which is a cross-correlation: the kernel is *not* flipped.
///
///     y[n, o, i, j] = b[o] + Σ_{c ∈ group(o)} Σ_{u < kh} Σ_{v < kw}
///                     w[o, c − c₀(o), u, v] · x[n, c, i·sh − ph + u·dh, j·sw − pw + v·dw]
///
/// (x is 0 outside the image: zero padding). The course's convolution `(f ∗ g)(i, j) = Σ_u Σ_v f(u, v)
/// g(i − u, j − v)` flips the kernel; the two agree after rotating the kernel by 180° (`w[..., kh−1−u, kw−1−v]`),
/// and a learned kernel absorbs the flip, which is why deep-learning libraries compute the cross-correlation.
///
/// Shapes: `input` `[N, C, H, W]`, `weight` `[O, C / groups, kh, kw]`, `bias` `[O]` (optional), result
/// `[N, O, Ho, Wo]` with `Ho = ⌊(H + 2·ph − dh·(kh − 1) − 1) / sh⌋ + 1` (`Wo` likewise). With `groups = G`
/// the input channels and the filters split into `G` equal groups, filter group `g` seeing channel group `g`
/// only (`groups = C = O`: a depthwise convolution).
///
/// Computed by packing each image's windows into columns (im2col) and one GEMM per image and group; the
/// pullback is a GEMM for the weight (on the columns kept from the forward pass), a GEMM plus col2im for the
/// input, and two GEMMs with a ones vector for the bias. A 1×1 kernel with stride 1 and no padding multiplies
/// the image directly.
///
/// Edge cases: a wrong rank, a channel count that does not match the weight or the groups, a bias that is not
/// `[O]`, a stride or dilation below 1, negative padding, or an empty output are recorded in the graph
/// (`AutodiffError.shapeMismatch` / `.invalidArgument`, naming the shapes) and the result is zeros.
/// - Complexity: `2·N·O·(C/G)·kh·kw·Ho·Wo` flops forward, twice that backward, plus `O(N·C·kh·kw·Ho·Wo)` packing.
///   Memory: when the weight needs a gradient the graph keeps the packed columns, `N·C·kh·kw·Ho·Wo` scalars
///   (in its reusable arena, counted by `retainedScalarCount`); otherwise one image's columns.
@inlinable public func conv2d<Scalar>(_ input: Variable<Scalar>, weight: Variable<Scalar>, bias: Variable<Scalar>? = nil,
                                      stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
                                      dilation: (Int, Int) = (1, 1), groups: Int = 1) -> Variable<Scalar> {
    let graph = input.graph
    guard input.sameGraph(weight, "conv2d") else { return input }
    if let bias { guard input.sameGraph(bias, "conv2d") else { return input } }
    let x = graph.nodes[input.index].shape, w = graph.nodes[weight.index].shape
    guard x.count == 4, w.count == 4 else {
        return graph.fail(.shapeMismatch("conv2d: input \(x) and weight \(w) must both have rank 4 (input [N, C, H, W], weight [O, C/groups, kh, kw])"),
                          shape: [x.first ?? 1, w.first ?? 1, 1, 1])
    }
    let failureShape = [x[0], w[0], 1, 1]
    guard stride.0 >= 1, stride.1 >= 1, dilation.0 >= 1, dilation.1 >= 1, padding.0 >= 0, padding.1 >= 0, groups >= 1 else {
        return graph.fail(.invalidArgument("conv2d: stride \(stride) and dilation \(dilation) must be ≥ 1, padding \(padding) ≥ 0 and groups \(groups) ≥ 1"),
                          shape: failureShape)
    }
    guard x[1] % groups == 0, w[0] % groups == 0, w[1] * groups == x[1] else {
        return graph.fail(.shapeMismatch("conv2d: input \(x) has \(x[1]) channels and weight \(w) expects \(w[1]) per group with groups = \(groups) and \(w[0]) filters; need channels = weight[1] · groups and filters divisible by groups"),
                          shape: failureShape)
    }
    if let bias, graph.nodes[bias.index].shape != [w[0]] {
        return graph.fail(.shapeMismatch("conv2d: bias has shape \(graph.nodes[bias.index].shape); it must be [\(w[0])], one per filter of weight \(w)"),
                          shape: failureShape)
    }
    let g = ConvolutionGeometry(inputShape: x, kernel: (w[2], w[3]), stride: stride, padding: padding, dilation: dilation)
    guard g.outputHeight >= 1, g.outputWidth >= 1 else {
        return graph.fail(.invalidArgument("conv2d: a \(w[2])×\(w[3]) kernel with dilation \(dilation) does not fit in input \(x) padded by \(padding); the output would be \(g.outputHeight)×\(g.outputWidth)"),
                          shape: failureShape)
    }
    let requires = graph.nodes[input.index].requiresGradient || graph.nodes[weight.index].requiresGradient
        || (bias.map { graph.nodes[$0.index].requiresGradient } ?? false)
    // The weight's gradient reads the packed columns again: keep them (in the graph's reusable arena).
    var columns: UnsafeMutablePointer<Scalar>? = nil
    if graph.nodes[weight.index].requiresGradient && !g.packingIsIdentity {
        let count = g.batch * g.columnRows * g.outputPlane
        columns = graph.values.allocate(bytes: count * MemoryLayout<Scalar>.stride, zeroed: false)
            .bindMemory(to: Scalar.self, capacity: count)
        graph.arenaScalars += count
    }
    let (result, y) = graph.append(.convolution(g, outputChannels: w[0], groups: groups, bias: bias?.index ?? -1,
                                                columns: columns.map { UnsafeMutableRawPointer($0) }),
                                   input.index, weight.index, shape: [g.batch, w[0], g.outputHeight, g.outputWidth],
                                   requiresGradient: requires)
    graph.convolve(g, outputChannels: w[0], groups: groups, input: graph.value(input.index),
                   weight: graph.value(weight.index), bias: bias.map { UnsafePointer(graph.value($0.index)) },
                   into: y, accumulate: false, keepingColumnsIn: columns)
    return Variable(graph: graph, index: result)
}

extension Graph {
    /// `y (+)= conv(x, w) + b` for the whole batch: im2col of each image into one reusable buffer (or into its
    /// block of `kept`, `N × C·kh·kw × Ho·Wo`), then one GEMM per group. With `accumulate`, adds to `y` (the
    /// tangent sums two convolutions).
    @inlinable func convolve(_ g: ConvolutionGeometry, outputChannels: Int, groups: Int, input: UnsafePointer<Scalar>,
                             weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
                             into y: UnsafeMutablePointer<Scalar>, accumulate: Bool,
                             keepingColumnsIn kept: UnsafeMutablePointer<Scalar>? = nil) {
        let plane = g.outputPlane, rows = g.columnRows, imageSize = g.channels * g.height * g.width
        let groupRows = rows / groups, groupFilters = outputChannels / groups
        let reusable = g.packingIsIdentity || kept != nil ? nil : scratchBuffer(rows * plane, zeroed: false)
        let biasPlanes = bias.map { expandedBias($0, outputChannels: outputChannels, plane: plane) }
        for n in 0..<g.batch {
            let image = input + n * imageSize, out = y + n * outputChannels * plane
            var beta = accumulate ? Scalar.one : .zero
            if let biasPlanes {   // Y_n (+)= b 1ᵀ, then the GEMM accumulates
                if accumulate { Scalar._add(outputChannels * plane, biasPlanes, into: out) }
                else { out.update(from: biasPlanes, count: outputChannels * plane) }
                beta = .one
            }
            let packed: UnsafePointer<Scalar>
            if let columns = kept.map({ $0 + n * rows * plane }) ?? reusable {
                Scalar._im2col(g, image: image, columns: columns)
                packed = UnsafePointer(columns)
            } else {
                packed = image
            }
            for group in 0..<groups {
                Scalar.gemm(transposeA: false, transposeB: false, m: groupFilters, n: plane, k: groupRows, alpha: .one,
                            a: weight + group * groupFilters * groupRows, lda: groupRows,
                            b: packed + group * groupRows * plane, ldb: plane,
                            beta: beta, c: out + group * groupFilters * plane, ldc: plane)
            }
        }
    }

    @inlinable func pullbackConvolution(_ g: ConvolutionGeometry, _ outputChannels: Int, _ groups: Int, _ biasIndex: Int,
                                        _ keptColumns: UnsafeMutableRawPointer?, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let plane = g.outputPlane, rows = g.columnRows, imageSize = g.channels * g.height * g.width
        let groupRows = rows / groups, groupFilters = outputChannels / groups
        let x = UnsafePointer(value(node.first)), w = UnsafePointer(value(node.second))
        if let (intoBias, fresh) = adjointForOverwrite(biasIndex, &adjoints) {   // b̄ += (1ᵀ Ȳ) 1: two GEMMs
            let ones = onesBuffer(Swift.max(g.batch, plane)), perPosition = scratchBuffer(outputChannels * plane, zeroed: false)
            Scalar.gemm(transposeA: false, transposeB: false, m: 1, n: outputChannels * plane, k: g.batch, alpha: .one,
                        a: ones, lda: g.batch, b: seed, ldb: outputChannels * plane, beta: .zero, c: perPosition,
                        ldc: outputChannels * plane)
            Scalar.gemm(transposeA: false, transposeB: false, m: outputChannels, n: 1, k: plane, alpha: .one,
                        a: perPosition, lda: plane, b: ones, ldb: 1, beta: fresh ? .zero : .one, c: intoBias, ldc: 1)
        }
        let weightAdjoint = adjointForOverwrite(node.second, &adjoints)
        // The input's adjoint is accumulated by col2im (zeroed first); a 1×1 unit-stride kernel writes it by GEMM.
        let inputAdjoint: (buffer: UnsafeMutablePointer<Scalar>, fresh: Bool)? = g.packingIsIdentity
            ? adjointForOverwrite(node.first, &adjoints) : adjoint(node.first, &adjoints).map { ($0, false) }
        guard weightAdjoint != nil || inputAdjoint != nil else { return }
        // Columns of the input's adjoint, one image at a time (col2im folds them back).
        let columns = g.packingIsIdentity || inputAdjoint == nil ? nil : scratchBuffer(rows * plane, zeroed: false)
        let kept = keptColumns?.assumingMemoryBound(to: Scalar.self)
        for n in 0..<g.batch {
            let image = x + n * imageSize, ybar = UnsafePointer(seed + n * outputChannels * plane)
            if let (intoWeight, fresh) = weightAdjoint {   // W̄_g += Ȳ_n,g · cols_gᵀ, with the columns kept by the forward pass
                let packed = kept.map { UnsafePointer($0 + n * rows * plane) } ?? image
                let beta: Scalar = fresh && n == 0 ? .zero : .one
                for group in 0..<groups {
                    Scalar.gemm(transposeA: false, transposeB: true, m: groupFilters, n: groupRows, k: plane, alpha: .one,
                                a: ybar + group * groupFilters * plane, lda: plane,
                                b: packed + group * groupRows * plane, ldb: plane,
                                beta: beta, c: intoWeight + group * groupFilters * groupRows, ldc: groupRows)
                }
            }
            if let (intoInput, fresh) = inputAdjoint {      // X̄_n += col2im(W_gᵀ · Ȳ_n,g)
                let target = columns ?? intoInput + n * imageSize
                let beta: Scalar = columns == nil && !fresh ? .one : .zero
                for group in 0..<groups {
                    Scalar.gemm(transposeA: true, transposeB: false, m: groupRows, n: plane, k: groupFilters, alpha: .one,
                                a: w + group * groupFilters * groupRows, lda: groupRows,
                                b: ybar + group * groupFilters * plane, ldb: plane,
                                beta: beta, c: target + group * groupRows * plane, ldc: plane)
                }
                if let columns { Scalar._col2im(g, columns: columns, into: intoInput + n * imageSize) }
            }
        }
    }

    @inlinable func tangentConvolution(_ g: ConvolutionGeometry, _ outputChannels: Int, _ groups: Int, _ biasIndex: Int,
                                       _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: true)
        let bias = biasIndex >= 0 ? tangents[biasIndex].map { UnsafePointer($0) } : nil
        if let inputTangent = tangents[node.first] {
            convolve(g, outputChannels: outputChannels, groups: groups, input: inputTangent,
                     weight: value(node.second), bias: nil, into: out, accumulate: true)
        }
        if let weightTangent = tangents[node.second] {
            convolve(g, outputChannels: outputChannels, groups: groups, input: value(node.first),
                     weight: weightTangent, bias: nil, into: out, accumulate: true)
        }
        if let bias {
            let plane = g.outputPlane, biasPlanes = expandedBias(bias, outputChannels: outputChannels, plane: plane)
            for n in 0..<g.batch { Scalar._add(outputChannels * plane, biasPlanes, into: out + n * outputChannels * plane) }
        }
        return out
    }

    /// The bias broadcast over one image's output planes, `b 1ᵀ` (`O × plane`), built once per call.
    @inlinable func expandedBias(_ bias: UnsafePointer<Scalar>, outputChannels: Int, plane: Int) -> UnsafePointer<Scalar> {
        let planes = scratchBuffer(outputChannels * plane, zeroed: false)
        for o in 0..<outputChannels { (planes + o * plane).initialize(repeating: bias[o], count: plane) }
        return UnsafePointer(planes)
    }

    /// A scratch vector of `count` ones (bias broadcasts and sums as rank-1 GEMMs, dispatched to s/d BLAS).
    @inlinable func onesBuffer(_ count: Int) -> UnsafePointer<Scalar> {
        let ones = scratchBuffer(count, zeroed: false)
        ones.initialize(repeating: .one, count: count)
        return UnsafePointer(ones)
    }
}
