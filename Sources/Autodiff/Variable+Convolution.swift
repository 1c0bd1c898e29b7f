// 2-D convolution (cross-correlation) by im2col + GEMM, per image and group (the columns are kept for W̄):
//
//     Y_n,g = W_g · cols(X_n)_g + b_g                  W_g: Og × (Cg·kh·kw), cols: (Cg·kh·kw) × (Ho·Wo)
//     W̄_g += Σ_n Ȳ_n,g · cols(X_n)_gᵀ                  b̄ += Σ_n,positions Ȳ
//     X̄_n += col2im(W_gᵀ · Ȳ_n,g)                      (col2im is the adjoint of im2col)
//     Ẏ_n,g = W_g · cols(Ẋ_n)_g + Ẇ_g · cols(X_n)_g + ḃ_g
//
// The columns of all N images sit side by side (C·kh·kw × N·Ho·Wo), so each product is one GEMM per group over
// the batch (per worker: the batch is split across the cores, one OpenBLAS thread each) instead of N small ones.
import Foundation
import LinearAlgebra

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
/// Computed by packing every image's windows into columns side by side (im2col, `C·kh·kw × N·Ho·Wo`) and one
/// GEMM per group; the pullback is a GEMM for the weight (on the columns kept from the forward pass), a GEMM plus
/// col2im for the input, and a sum for the bias. With more than one OpenBLAS thread allowed (`BLAS.threadCount`)
/// and enough work, the batch is split across the cores, each slice's GEMMs running on one OpenBLAS thread
/// (`Graph.convolutionWorkerLimit` caps the split).
///
/// Edge cases: a wrong rank, a channel count that does not match the weight or the groups, a bias that is not
/// `[O]`, a stride or dilation below 1, negative padding, or an empty output are recorded in the graph
/// (`AutodiffError.shapeMismatch` / `.invalidArgument`, naming the shapes) and the result is zeros.
/// - Complexity: `2·N·O·(C/G)·kh·kw·Ho·Wo` flops forward, twice that backward, plus `O(N·C·kh·kw·Ho·Wo)` packing.
///   Memory: `N·C·kh·kw·Ho·Wo` scalars of packed columns, kept by the graph when the weight needs a gradient (in
///   its reusable arena, counted by `retainedScalarCount`), scratch otherwise; `N·O·Ho·Wo` scratch for the product.
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
    if graph.nodes[weight.index].requiresGradient {
        let count = g.columnRows * g.stackedLeadingDimension
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

/// The number of cores (read once).
@usableFromInline let _processorCount = ProcessInfo.processInfo.activeProcessorCount

extension Graph {
    /// How many workers split a convolution's batch: `convolutionWorkerLimit` when set (capped by the batch);
    /// otherwise OpenBLAS's thread count (so `BLAS.withThreads(1)` regions, already parallel, stay serial), capped by
    /// the cores and the batch, and 1 when the GEMMs are too small (under about 10⁵ multiply-adds a worker) to repay
    /// dispatching.
    @inlinable func convolutionWorkers(_ g: ConvolutionGeometry, outputChannels: Int) -> Int {
        if let limit = convolutionWorkerLimit { return Swift.max(1, Swift.min(limit, g.batch)) }
        let work = g.batch * outputChannels * g.columnRows * g.outputPlane
        return Swift.max(1, Swift.min(BLAS.threadCount, _processorCount, g.batch, work / 100_000))
    }

    /// Runs `body(worker, images)` for `workers` contiguous slices of `0..<batch`, on as many threads with one
    /// OpenBLAS thread each (or inline for one worker).
    @inlinable func forEachBatchSlice(_ batch: Int, workers: Int, _ body: (Int, Range<Int>) -> Void) {
        func slice(_ w: Int) -> Range<Int> { (w * batch / workers)..<((w + 1) * batch / workers) }
        if workers == 1 { body(0, 0..<batch); return }
        BLAS.withThreads(1) { DispatchQueue.concurrentPerform(iterations: workers) { body($0, slice($0)) } }
    }

    /// `y (+)= conv(x, w) + b` for the whole batch, with every image's packed windows side by side:
    ///
    ///     cols = [cols(X_0) cols(X_1) … cols(X_N−1)]     C·kh·kw × N·Ho·Wo (in `kept` when given; rows
    ///                                                     `g.stackedLeadingDimension` apart)
    ///     P_g  = W_g · cols_g                             Og × N·Ho·Wo, one GEMM per group (and per worker)
    ///     y[n, o] (+)= P[o, n·Ho·Wo ..< (n+1)·Ho·Wo] + b[o]
    ///
    /// Workers take contiguous slices of the images, i.e. column ranges of the same matrices, so the layout does
    /// not depend on the worker count. With `accumulate`, adds to `y` (the tangent sums two convolutions).
    @inlinable func convolve(_ g: ConvolutionGeometry, outputChannels: Int, groups: Int, input: UnsafePointer<Scalar>,
                             weight: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
                             into y: UnsafeMutablePointer<Scalar>, accumulate: Bool,
                             keepingColumnsIn kept: UnsafeMutablePointer<Scalar>? = nil) {
        let plane = g.outputPlane, rows = g.columnRows, imageSize = g.channels * g.height * g.width
        let groupRows = rows / groups, groupFilters = outputChannels / groups, total = g.stackedLeadingDimension
        // Scratch is taken before the parallel region (the arena is not thread-safe).
        let columns = kept ?? scratchBuffer(rows * total, zeroed: false)
        let product = scratchBuffer(outputChannels * total, zeroed: false)
        forEachBatchSlice(g.batch, workers: convolutionWorkers(g, outputChannels: outputChannels)) { _, images in
            let first = images.lowerBound * plane, width = images.count * plane
            for n in images {
                Scalar._im2col(g, image: input + n * imageSize, columns: columns + n * plane, leadingDimension: total)
            }
            for group in 0..<groups {
                Scalar.gemm(transposeA: false, transposeB: false, m: groupFilters, n: width, k: groupRows, alpha: .one,
                            a: weight + group * groupFilters * groupRows, lda: groupRows,
                            b: columns + group * groupRows * total + first, ldb: total,
                            beta: .zero, c: product + group * groupFilters * total + first, ldc: total)
            }
            for n in images {   // O × N·plane → the image's O × plane block of NCHW, plus the bias
                for o in 0..<outputChannels {
                    let source = product + o * total + n * plane, target = y + (n * outputChannels + o) * plane
                    let b = bias?[o] ?? .zero
                    if accumulate {
                        for p in 0..<plane { target[p] += source[p] + b }
                    } else {
                        for p in 0..<plane { target[p] = source[p] + b }
                    }
                }
            }
        }
    }

    /// The pullback in the same stacked layout: Ȳ is gathered to `O × N·Ho·Wo`, then per group and worker
    ///
    ///     W̄_g (+)= Ȳ_g · cols_gᵀ        (workers after the first into partials, summed at the end)
    ///     X̄_n  += col2im(W_gᵀ · Ȳ_g)     b̄ (+)= Ȳ 1   (Σ over images and positions)
    @inlinable func pullbackConvolution(_ g: ConvolutionGeometry, _ outputChannels: Int, _ groups: Int, _ biasIndex: Int,
                                        _ keptColumns: UnsafeMutableRawPointer?, _ node: Node, _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        let plane = g.outputPlane, rows = g.columnRows, imageSize = g.channels * g.height * g.width
        let groupRows = rows / groups, groupFilters = outputChannels / groups, total = g.stackedLeadingDimension
        let x = UnsafePointer(value(node.first)), w = UnsafePointer(value(node.second))
        let weightAdjoint = adjointForOverwrite(node.second, &adjoints)
        let inputAdjoint = adjoint(node.first, &adjoints)   // accumulated by col2im
        let biasAdjoint = adjointForOverwrite(biasIndex, &adjoints)
        if let (intoBias, fresh) = biasAdjoint, weightAdjoint == nil && inputAdjoint == nil {   // b̄ alone: a plain sum
            for o in 0..<outputChannels {
                var sum = Scalar.zero
                for n in 0..<g.batch {
                    let row = seed + (n * outputChannels + o) * plane
                    for p in 0..<plane { sum += row[p] }
                }
                intoBias[o] = fresh ? sum : intoBias[o] + sum
            }
        }
        guard weightAdjoint != nil || inputAdjoint != nil else { return }
        let workers = convolutionWorkers(g, outputChannels: outputChannels)
        let kept = keptColumns?.assumingMemoryBound(to: Scalar.self)
        let ybar = scratchBuffer(outputChannels * total, zeroed: false)
        // The packed input when the forward pass kept none (the weight did not need a gradient then).
        let packed = weightAdjoint != nil && kept == nil ? scratchBuffer(rows * total, zeroed: false) : nil
        let inputColumns = inputAdjoint != nil ? scratchBuffer(rows * total, zeroed: false) : nil
        let partials = weightAdjoint != nil && workers > 1 ? scratchBuffer((workers - 1) * outputChannels * groupRows, zeroed: false) : nil
        forEachBatchSlice(g.batch, workers: workers) { worker, images in
            let first = images.lowerBound * plane, width = images.count * plane
            for n in images {
                for o in 0..<outputChannels {
                    (ybar + o * total + n * plane).update(from: seed + (n * outputChannels + o) * plane, count: plane)
                }
            }
            if let (intoWeight, fresh) = weightAdjoint {
                if let packed {
                    for n in images {
                        Scalar._im2col(g, image: x + n * imageSize, columns: packed + n * plane, leadingDimension: total)
                    }
                }
                let columns = UnsafePointer(kept ?? packed!)
                let target = worker == 0 ? intoWeight : partials! + (worker - 1) * outputChannels * groupRows
                let beta: Scalar = worker == 0 && !fresh ? .one : .zero
                for group in 0..<groups {
                    Scalar.gemm(transposeA: false, transposeB: true, m: groupFilters, n: groupRows, k: width, alpha: .one,
                                a: ybar + group * groupFilters * total + first, lda: total,
                                b: columns + group * groupRows * total + first, ldb: total,
                                beta: beta, c: target + group * groupFilters * groupRows, ldc: groupRows)
                }
            }
            if let intoInput = inputAdjoint, let inputColumns {
                for group in 0..<groups {
                    Scalar.gemm(transposeA: true, transposeB: false, m: groupRows, n: width, k: groupFilters, alpha: .one,
                                a: w + group * groupFilters * groupRows, lda: groupRows,
                                b: ybar + group * groupFilters * total + first, ldb: total,
                                beta: .zero, c: inputColumns + group * groupRows * total + first, ldc: total)
                }
                for n in images {
                    Scalar._col2im(g, columns: inputColumns + n * plane, leadingDimension: total, into: intoInput + n * imageSize)
                }
            }
        }
        if let (intoBias, fresh) = biasAdjoint {   // b̄ (+)= Ȳ 1 on the gathered Ȳ: one GEMM, not a scalar loop
            let count = g.batch * plane, ones = scratchBuffer(count, zeroed: false)
            ones.initialize(repeating: .one, count: count)
            Scalar.gemm(transposeA: false, transposeB: false, m: outputChannels, n: 1, k: count, alpha: .one,
                        a: ybar, lda: total, b: ones, ldb: 1, beta: fresh ? .zero : .one, c: intoBias, ldc: 1)
        }
        if let (intoWeight, _) = weightAdjoint, let partials {
            for worker in 1..<workers {
                Scalar._add(outputChannels * groupRows, partials + (worker - 1) * outputChannels * groupRows, into: intoWeight)
            }
        }
    }

    @inlinable func tangentConvolution(_ g: ConvolutionGeometry, _ outputChannels: Int, _ groups: Int, _ biasIndex: Int,
                                       _ node: Node, _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: true)
        var bias = biasIndex >= 0 ? tangents[biasIndex].map { UnsafePointer($0) } : nil   // ḃ, added once
        if let inputTangent = tangents[node.first] {
            convolve(g, outputChannels: outputChannels, groups: groups, input: inputTangent,
                     weight: value(node.second), bias: bias, into: out, accumulate: true)
            bias = nil
        }
        if let weightTangent = tangents[node.second] {
            convolve(g, outputChannels: outputChannels, groups: groups, input: value(node.first),
                     weight: weightTangent, bias: bias, into: out, accumulate: true)
            bias = nil
        }
        if let bias {
            for n in 0..<g.batch {
                for o in 0..<outputChannels { (out + (n * outputChannels + o) * g.outputPlane).update(repeating: bias[o], count: g.outputPlane) }
            }
        }
        return out
    }
}
