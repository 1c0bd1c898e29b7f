// 2-D convolution (cross-correlation) by im2col + GEMM, per image and group (the pullback packs the columns again):
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
/// Computed by packing each image's windows into columns (im2col) and one GEMM per image and group, written
/// straight into the NCHW result; the pullback packs each image's columns again and makes a GEMM for the weight
/// and a GEMM plus col2im for the input. With one group the bias rides in those GEMMs, as a column `[W | b]`
/// against a row of ones under the columns; with several it is added to each output block, and its gradient
/// summed by one GEMM with a ones vector. A 1×1 kernel with stride 1
/// and no padding multiplies the image directly; a stride-1 convolution whose output is as wide as its input
/// packs each kernel tap of a channel with one copy (`ConvolutionGeometry.packsByShiftingPlanes`), and a "same"
/// convolution (stride 1, output as large as the input) each tap of a whole channel group with one copy
/// (`ConvolutionGeometry.packsWholeGroupsPerTap`; the columns' rows are tap-major, and the weight is reordered to
/// match once per call). When OpenBLAS runs more than one thread, a large enough batch is split over the cores
/// instead, image by image, each core making its GEMMs on one thread (`ConvolutionWorkers`); the weight and bias
/// gradients are then summed per core and added, so their last bits can depend on the thread count.
///
/// Edge cases: a wrong rank, a channel count that does not match the weight or the groups, a bias that is not
/// `[O]`, a stride or dilation below 1, negative padding, or an empty output are recorded in the graph
/// (`AutodiffError.shapeMismatch` / `.invalidArgument`, naming the shapes) and the result is zeros.
/// - Complexity: `2·N·O·(C/G)·kh·kw·Ho·Wo` flops forward, twice that backward, plus `O(N·C·kh·kw·Ho·Wo)` packing
///   (twice when the weight needs a gradient). Memory: scratch for one image's columns, `C·kh·kw·Ho·Wo` scalars
///   (two buffers in the pullback), per core; the graph keeps nothing beyond the output.
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
    let (result, y) = graph.append(.convolution(g, outputChannels: w[0], groups: groups, bias: bias?.index ?? -1),
                                   input.index, weight.index, shape: [g.batch, w[0], g.outputHeight, g.outputWidth],
                                   requiresGradient: requires)
    graph.convolve(g, outputChannels: w[0], groups: groups, input: graph.value(input.index),
                   weight: graph.value(weight.index), bias: bias.map { UnsafePointer(graph.value($0.index)) },
                   into: y, accumulate: false)
    return Variable(graph: graph, index: result)
}

extension Graph {
    /// `y (+)= conv(x, w) + b` for the whole batch, its images split over `ConvolutionWorkers`: im2col of each
    /// image into its worker's reusable buffer (cache-sized: one image's columns), then one GEMM per group written
    /// straight into the image's `[O, Ho·Wo]` block of the NCHW result. With one group the bias is one more column
    /// of the weight against a row of ones under the columns (`foldsBiasIntoColumns`); with several it is added to
    /// the block while the block is in cache. With `accumulate`, adds to `y` (the tangent sums two convolutions).
    @inlinable func convolve(_ g: ConvolutionGeometry, outputChannels: Int, groups: Int, input: UnsafePointer<Scalar>,
                             weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
                             into y: UnsafeMutablePointer<Scalar>, accumulate: Bool) {
        let plane = g.outputPlane, imageSize = g.channels * g.height * g.width
        let groupRows = g.columnRows / groups, groupFilters = outputChannels / groups
        let foldsBias = bias != nil && foldsBiasIntoColumns(g, groups: groups)
        let (weight, leading) = gemmWeights(weight, bias: foldsBias ? bias : nil, g, outputChannels: outputChannels, groups: groups)
        let beta: Scalar = accumulate ? .one : .zero
        let workers = ConvolutionWorkers.count(batch: g.batch, flopsPerImage: 2 * groupFilters * leading * plane * groups)
        let scratch = (0..<workers).map { _ in columnsScratch(g, onesRow: foldsBias) }
        ConvolutionWorkers.run(workers) { worker in
            for n in ConvolutionWorkers.images(of: worker, workers: workers, batch: g.batch) {
                let image = input + n * imageSize, out = y + n * outputChannels * plane
                let packed = Scalar._columns(g, groups: groups, image: image, scratch: scratch[worker])
                for group in 0..<groups {
                    Scalar.gemm(transposeA: false, transposeB: false, m: groupFilters, n: plane, k: leading, alpha: .one,
                                a: weight + group * groupFilters * leading, lda: leading,
                                b: packed + group * groupRows * plane, ldb: plane,
                                beta: beta, c: out + group * groupFilters * plane, ldc: plane)
                }
                if let bias, !foldsBias {   // Y_n += b 1ᵀ
                    for o in 0..<outputChannels { Scalar._add(bias[o], toEach: out + o * plane, count: plane) }
                }
            }
        }
    }

    /// Whether the bias can ride in the GEMMs as one more column of the weight, `[W | b]`, against a row of ones
    /// under the columns, `Y = [W | b] · [cols; 1ᵀ]` and `[W̄ | b̄] += Ȳ · [cols; 1ᵀ]ᵀ`: one group, and a packing
    /// scratch to hold the ones row. It replaces a pass over the output (forward) and one over the seed
    /// (pullback), which on a one-channel 28 × 28 image cost about as much as its K = 9 GEMMs.
    @inlinable func foldsBiasIntoColumns(_ g: ConvolutionGeometry, groups: Int) -> Bool {
        groups == 1 && !g.packingIsIdentity
    }

    /// Scratch for one image's columns (nil when packing is the identity), with, when `onesRow`, a row of ones
    /// after the last one, written here once: im2col writes only the rows above it.
    @inlinable func columnsScratch(_ g: ConvolutionGeometry, onesRow: Bool) -> UnsafeMutablePointer<Scalar>? {
        guard !g.packingIsIdentity else { return nil }
        let rows = g.columnRows, plane = g.outputPlane
        let buffer = scratchBuffer((rows + (onesRow ? 1 : 0)) * plane, zeroed: false)
        if onesRow { (buffer + rows * plane).initialize(repeating: .one, count: plane) }
        return buffer
    }

    /// Whether the columns' tap-major rows differ from the weight's channel-major order (not for one tap or one
    /// channel per group, where the two orders coincide).
    @inlinable func weightNeedsReordering(_ g: ConvolutionGeometry, groups: Int) -> Bool {
        g.kernelHeight * g.kernelWidth > 1 && g.channels / groups > 1
    }

    /// The weight as the GEMMs read it, `O × leadingDimension`: in the columns' tap-major order
    /// (`Scalar._tapMajorWeights`), followed by the bias column when `bias` is given (`leadingDimension` =
    /// `C·kh·kw / groups + 1`). `weight` itself when neither changes anything.
    @inlinable func gemmWeights(_ weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?, _ g: ConvolutionGeometry,
                                outputChannels: Int, groups: Int) -> (matrix: UnsafePointer<Scalar>, leadingDimension: Int) {
        let groupRows = g.columnRows / groups
        guard bias != nil || weightNeedsReordering(g, groups: groups) else { return (weight, groupRows) }
        let leading = groupRows + (bias == nil ? 0 : 1)
        let matrix = scratchBuffer(outputChannels * leading, zeroed: false)
        Scalar._tapMajorWeights(weight, filters: outputChannels, groupChannels: g.channels / groups,
                                taps: g.kernelHeight * g.kernelWidth, into: matrix, leadingDimension: leading)
        if let bias { for o in 0..<outputChannels { matrix[o * leading + groupRows] = bias[o] } }
        return (UnsafePointer(matrix), leading)
    }

    /// The pullback, image by image so that every operand stays in cache: the columns of `X_n` are packed again
    /// (cheaper than keeping `N·C·kh·kw·Ho·Wo` scalars and reading them back from memory), then
    ///
    ///     W̄_g += Ȳ_n,g · cols(X_n)_gᵀ                       (one GEMM per group)
    ///     X̄_n (+)= col2im(W_gᵀ · Ȳ_n,g)                     (one GEMM per group into scratch, then col2im)
    ///     b̄ += Ȳ_n · 1                                      (a column of the W̄ GEMM, against a ones row under
    ///                                                         the columns; else s += Ȳ_n per image, b̄ = s · 1)
    ///
    /// The images are split over `ConvolutionWorkers`, each with its own scratch and its own sums of W̄ and b̄,
    /// added together at the end. The weight and its gradient are tap-major, like the columns' rows, while the
    /// GEMMs run; the gradient is reordered back once at the end. A 1×1 unit-stride kernel has no packing: its
    /// GEMMs read and write the images directly.
    @inlinable func pullbackConvolution(_ g: ConvolutionGeometry, _ outputChannels: Int, _ groups: Int, _ biasIndex: Int,
                                        _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let plane = g.outputPlane, rows = g.columnRows, imageSize = g.channels * g.height * g.width
        let groupRows = rows / groups, groupFilters = outputChannels / groups, outputSize = outputChannels * plane
        let x = UnsafePointer(value(node.first))
        let biasAdjoint = adjointForOverwrite(biasIndex, &adjoints)
        let weightAdjoint = adjointForOverwrite(node.second, &adjoints)
        let inputAdjoint = adjointForOverwrite(node.first, &adjoints)
        guard biasAdjoint != nil || weightAdjoint != nil || inputAdjoint != nil else { return }
        let foldsBias = biasAdjoint != nil && weightAdjoint != nil && foldsBiasIntoColumns(g, groups: groups)
        let w = inputAdjoint == nil ? UnsafePointer(value(node.second))
            : gemmWeights(value(node.second), bias: nil, g, outputChannels: outputChannels, groups: groups).matrix
        let workers = ConvolutionWorkers.count(batch: g.batch, flopsPerImage: 6 * outputChannels * groupRows * plane)
        // Each worker's scratch: its columns, its input columns, its sum of Ȳ over the positions (when the bias is
        // not folded) and, with several workers or a reordered or folded gradient, its weight gradient in the
        // GEMMs' layout (tap-major, then the bias column); the workers' sums are added once all have finished.
        let gradientColumns = groupRows + (foldsBias ? 1 : 0)
        let gradientInScratch = weightAdjoint != nil && (workers > 1 || foldsBias || weightNeedsReordering(g, groups: groups))
        let workerColumns = (0..<workers).map { _ in weightAdjoint == nil ? nil : columnsScratch(g, onesRow: foldsBias) }
        let workerInputColumns = (0..<workers).map { _ in
            inputAdjoint == nil || g.packingIsIdentity ? nil : scratchBuffer(rows * plane, zeroed: false)
        }
        let workerPositionSums = (0..<workers).map { _ in
            biasAdjoint == nil || foldsBias ? nil : scratchBuffer(outputSize, zeroed: g.batch == 0)
        }
        let workerGradients = (0..<workers).map { _ in
            gradientInScratch ? scratchBuffer(outputChannels * gradientColumns, zeroed: g.batch == 0) : nil
        }
        if let (intoWeight, fresh) = weightAdjoint, fresh, !gradientInScratch, g.batch == 0 {
            Scalar._zero(intoWeight, outputChannels * groupRows)
        }
        ConvolutionWorkers.run(workers) { worker in
            let images = ConvolutionWorkers.images(of: worker, workers: workers, batch: g.batch)
            let gemmWeightGradient = workerGradients[worker], positionSums = workerPositionSums[worker]
            for n in images {
                let image = x + n * imageSize, ybar = UnsafePointer(seed + n * outputSize)
                if let (intoWeight, fresh) = weightAdjoint {   // W̄_g (and b̄) += Ȳ_n,g · cols(X_n)_gᵀ
                    let columns = Scalar._columns(g, groups: groups, image: image, scratch: workerColumns[worker])
                    let beta: Scalar = (fresh || gemmWeightGradient != nil) && n == images.lowerBound ? .zero : .one
                    for group in 0..<groups {
                        Scalar.gemm(transposeA: false, transposeB: true, m: groupFilters, n: gradientColumns, k: plane, alpha: .one,
                                    a: ybar + group * groupFilters * plane, lda: plane,
                                    b: columns + group * groupRows * plane, ldb: plane, beta: beta,
                                    c: (gemmWeightGradient ?? intoWeight) + group * groupFilters * gradientColumns, ldc: gradientColumns)
                    }
                }
                if let (intoInput, fresh) = inputAdjoint {     // X̄_n (+)= col2im(W_gᵀ · Ȳ_n,g)
                    let target = intoInput + n * imageSize, inputColumns = workerInputColumns[worker]
                    let beta: Scalar = inputColumns == nil && !fresh ? .one : .zero
                    for group in 0..<groups {
                        Scalar.gemm(transposeA: true, transposeB: false, m: groupRows, n: plane, k: groupFilters, alpha: .one,
                                    a: w + group * groupFilters * groupRows, lda: groupRows,
                                    b: ybar + group * groupFilters * plane, ldb: plane,
                                    beta: beta, c: (inputColumns ?? target) + group * groupRows * plane, ldc: plane)
                    }
                    if let inputColumns { Scalar._col2im(g, groups: groups, columns: inputColumns, into: target, overwriting: fresh) }
                }
                if let positionSums {   // after the GEMMs, which brought Ȳ_n into cache
                    if n == images.lowerBound {
                        positionSums.update(from: ybar, count: outputSize)
                    } else {
                        Scalar._add(outputSize, ybar, into: positionSums)
                    }
                }
            }
        }
        for worker in 1..<workers {
            if let total = workerGradients[0], let part = workerGradients[worker] {
                Scalar._add(outputChannels * gradientColumns, part, into: total)
            }
            if let total = workerPositionSums[0], let part = workerPositionSums[worker] { Scalar._add(outputSize, part, into: total) }
        }
        let gemmWeightGradient = workerGradients[0], positionSums = workerPositionSums[0]
        if let (intoWeight, fresh) = weightAdjoint, let gemmWeightGradient {
            Scalar._addChannelMajor(gemmWeightGradient, filters: outputChannels, groupChannels: g.channels / groups,
                                    taps: g.kernelHeight * g.kernelWidth, leadingDimension: gradientColumns,
                                    into: intoWeight, overwriting: fresh)
            if foldsBias, let (intoBias, fresh) = biasAdjoint {
                for o in 0..<outputChannels {
                    let sum = gemmWeightGradient[o * gradientColumns + groupRows]
                    if fresh { intoBias[o] = sum } else { intoBias[o] += sum }
                }
            }
        }
        if let (intoBias, fresh) = biasAdjoint, let positionSums {   // b̄ (+)= s · 1
            Scalar.gemm(transposeA: false, transposeB: false, m: outputChannels, n: 1, k: plane, alpha: .one,
                        a: positionSums, lda: plane, b: onesBuffer(plane), ldb: 1, beta: fresh ? .zero : .one, c: intoBias, ldc: 1)
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
            let plane = g.outputPlane
            for row in 0..<(g.batch * outputChannels) { Scalar._add(bias[row % outputChannels], toEach: out + row * plane, count: plane) }
        }
        return out
    }

    /// A scratch vector of `count` ones (bias broadcasts and sums as rank-1 GEMMs, dispatched to s/d BLAS).
    @inlinable func onesBuffer(_ count: Int) -> UnsafePointer<Scalar> {
        let ones = scratchBuffer(count, zeroed: false)
        ones.initialize(repeating: .one, count: count)
        return UnsafePointer(ones)
    }
}
