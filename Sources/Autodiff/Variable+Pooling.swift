// Max and average pooling over kh × kw windows of NCHW tensors, global average pooling and flattening.
//
//     max:      y = x[argmax over the window]     x̄[argmax] += ȳ            ẏ = ẋ[argmax]
//     average:  y = (1 / kh·kw) Σ_window x        x̄[window] += ȳ / kh·kw    ẏ = average(ẋ)

/// The reduction a pooling window applies.
public enum PoolingKind: Equatable, Sendable, CustomStringConvertible {
    /// The largest entry of the window.
    case max
    /// The mean of the window.
    case average

    @inlinable public var description: String { self == .max ? "max" : "average" }
}

/// Max pooling, as PyTorch's `max_pool2d` (`dilation = 1`, `ceil_mode = False`): each output is the largest
/// entry of its `kh × kw` window.
///
///     y[n, c, i, j] = max_{u < kh, v < kw} x[n, c, i·sh − ph + u, j·sw − pw + v]
///
/// Shapes: `[N, C, H, W]` → `[N, C, Ho, Wo]`, `Ho = ⌊(H + 2·ph − kh) / sh⌋ + 1`. The stride defaults to the
/// kernel (non-overlapping windows). Padding positions never win (they count as −∞), as in PyTorch.
///
/// Edge cases: on a tie the first maximal entry of the window in row-major order takes the adjoint (as the
/// project's `max`); a NaN in the window is the maximum. A wrong rank, a kernel or stride below 1, padding
/// above half the kernel (PyTorch's limit) or an empty output is recorded in the graph.
/// - Complexity: `O(N·C·Ho·Wo·kh·kw)`; the pullback is `O(N·C·Ho·Wo)`.
@inlinable public func maxPool2d<Scalar>(_ input: Variable<Scalar>, kernel: (Int, Int), stride: (Int, Int)? = nil,
                                         padding: (Int, Int) = (0, 0)) -> Variable<Scalar> {
    pool2d(.max, input, kernel: kernel, stride: stride ?? kernel, padding: padding, "maxPool2d")
}

/// Average pooling, as PyTorch's `avg_pool2d` with its defaults (`count_include_pad = True`,
/// `ceil_mode = False`): each output is the sum of its window divided by `kh · kw`, zero padding included in the
/// count.
///
///     y[n, c, i, j] = (1 / kh·kw) Σ_{u < kh, v < kw} x[n, c, i·sh − ph + u, j·sw − pw + v]   (x = 0 outside)
///
/// Shapes, stride default and edge cases as `maxPool2d`.
/// - Complexity: `O(N·C·Ho·Wo·kh·kw)` forward and backward.
@inlinable public func avgPool2d<Scalar>(_ input: Variable<Scalar>, kernel: (Int, Int), stride: (Int, Int)? = nil,
                                         padding: (Int, Int) = (0, 0)) -> Variable<Scalar> {
    pool2d(.average, input, kernel: kernel, stride: stride ?? kernel, padding: padding, "avgPool2d")
}

/// Global average pooling: the mean of each channel's `H × W` plane, `[N, C, H, W]` → `[N, C]` (PyTorch's
/// `adaptive_avg_pool2d(x, 1)` followed by `flatten(x, 1)`).
///
///     y[n, c] = (1 / H·W) Σ_{i, j} x[n, c, i, j]
/// A rank other than 4 is recorded in the graph.
@inlinable public func globalAveragePool2d<Scalar>(_ input: Variable<Scalar>) -> Variable<Scalar> {
    let shape = input.shape
    guard shape.count == 4 else {
        return input.graph.fail(.shapeMismatch("globalAveragePool2d: input has shape \(shape); it must be [N, C, H, W]"),
                                shape: [shape.first ?? 1, 1])
    }
    return input.mean(alongAxes: [2, 3])
}

/// Every axis after the first merged into one, `[N, d₁, …, d_k]` → `[N, d₁·…·d_k]` (PyTorch's
/// `torch.flatten(x, 1)`): the batch axis is kept; a rank-1 `[N]` becomes `[N, 1]`. A view (no copy); a rank-0
/// variable is recorded in the graph.
@inlinable public func flatten<Scalar>(_ input: Variable<Scalar>) -> Variable<Scalar> {
    let shape = input.shape
    guard let batch = shape.first else {
        return input.graph.fail(.shapeMismatch("flatten: a rank-0 variable has no batch axis to keep"), shape: [1, 1])
    }
    return input.reshaped([batch, shape.dropFirst().reduce(1, *)])
}

@inlinable func pool2d<Scalar>(_ kind: PoolingKind, _ input: Variable<Scalar>, kernel: (Int, Int), stride: (Int, Int),
                               padding: (Int, Int), _ name: String) -> Variable<Scalar> {
    input.assertCurrent()
    let graph = input.graph, node = graph.nodes[input.index], x = node.shape
    guard x.count == 4 else {
        return graph.fail(.shapeMismatch("\(name): input has shape \(x); it must be [N, C, H, W]"), shape: [x.first ?? 1, 1, 1, 1])
    }
    let failureShape = [x[0], x[1], 1, 1]
    guard kernel.0 >= 1, kernel.1 >= 1, stride.0 >= 1, stride.1 >= 1 else {
        return graph.fail(.invalidArgument("\(name): kernel \(kernel) and stride \(stride) must be ≥ 1"), shape: failureShape)
    }
    guard padding.0 >= 0, padding.1 >= 0, 2 * padding.0 <= kernel.0, 2 * padding.1 <= kernel.1 else {
        return graph.fail(.invalidArgument("\(name): padding \(padding) must be between 0 and half the kernel \(kernel)"), shape: failureShape)
    }
    let g = ConvolutionGeometry(inputShape: x, kernel: kernel, stride: stride, padding: padding)
    guard g.outputHeight >= 1, g.outputWidth >= 1 else {
        return graph.fail(.invalidArgument("\(name): a \(kernel.0)×\(kernel.1) window does not fit in input \(x) padded by \(padding)"),
                          shape: failureShape)
    }
    let shape = [x[0], x[1], g.outputHeight, g.outputWidth]
    let (result, y) = graph.append(.pool(kind, g, argmax: []), input.index, -1, shape: shape,
                                   requiresGradient: node.requiresGradient)
    let source = UnsafePointer(graph.value(input.index))
    if kind == .max {
        let argmax = [Int](unsafeUninitializedCapacity: graph.nodes[result].count) { buffer, count in
            Scalar._pool2d(.max, g, source, y, argmax: buffer.baseAddress!)
            count = buffer.count
        }
        graph.nodes[result].operation = .pool(.max, g, argmax: argmax)
    } else {
        Scalar._pool2d(.average, g, source, y, argmax: nil)
    }
    return Variable(graph: graph, index: result)
}

extension Graph {
    @inlinable func pullbackPool(_ kind: PoolingKind, _ g: ConvolutionGeometry, _ argmax: [Int], _ node: Node,
                                 _ seed: UnsafeMutablePointer<Scalar>, _ adjoints: inout SweepBuffers) {
        guard let into = adjoint(node.first, &adjoints) else { return }
        if kind == .max {
            for (o, i) in argmax.enumerated() { into[i] += seed[o] }
        } else {
            Scalar._averagePool2dPullback(g, seed: seed, into: into)
        }
    }

    @inlinable func tangentPool(_ kind: PoolingKind, _ g: ConvolutionGeometry, _ argmax: [Int], _ node: Node,
                                _ tangents: SweepBuffers) -> UnsafeMutablePointer<Scalar> {
        let out = scratchBuffer(node.count, zeroed: false), tangent = tangents[node.first]!
        if kind == .max {
            for (o, i) in argmax.enumerated() { out[o] = tangent[i] }
        } else {
            Scalar._pool2d(.average, g, tangent, out, argmax: nil)
        }
        return out
    }
}

extension TensorScalar {
    /// Pools `x` into `y` (and, for max, the flat input index of each output's winner into `argmax`); the
    /// common 2 × 2 stride-2 unpadded max pool takes `_maxPool2x2`, every other setting `_pool2dWindows`.
    @inlinable public static func _pool2d(_ kind: PoolingKind, _ g: ConvolutionGeometry, _ x: UnsafePointer<Self>,
                                          _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int>?) {
        if kind == .max, g.kernelHeight == 2, g.kernelWidth == 2, g.strideHeight == 2, g.strideWidth == 2,
           g.paddingHeight == 0, g.paddingWidth == 0 {
            _maxPool2x2(g, x, y, argmax: argmax!)
        } else {
            _pool2dWindows(kind, g, x, y, argmax: argmax)
        }
    }

    /// Max pooling over 2 × 2 windows with stride 2 and no padding: the four candidates in row-major order
    /// (top-left, top-right, bottom-left, bottom-right), a later one winning only when strictly larger or a NaN
    /// over a number, so ties go to the first as in `_pool2dWindows`. An odd last row or column is dropped.
    @inlinable public static func _maxPool2x2(_ g: ConvolutionGeometry, _ x: UnsafePointer<Self>,
                                              _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int>) {
        let ho = g.outputHeight, wo = g.outputWidth, h = g.height, w = g.width
        @inline(__always) func better(_ v: Self, than best: Self) -> Bool { v > best || (v != v && best == best) }
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * h * w
            var o = plane * ho * wo
            for oy in 0..<ho {
                let top = base + 2 * oy * w
                for ox in 0..<wo {
                    var index = top + 2 * ox, best = x[index]
                    if better(x[top + 2 * ox + 1], than: best) { index = top + 2 * ox + 1; best = x[index] }
                    if better(x[top + w + 2 * ox], than: best) { index = top + w + 2 * ox; best = x[index] }
                    if better(x[top + w + 2 * ox + 1], than: best) { index = top + w + 2 * ox + 1; best = x[index] }
                    y[o] = best
                    argmax[o] = index
                    o += 1
                }
            }
        }
    }

    /// Pooling by the definition, one window at a time: any kernel, stride and padding.
    @inlinable public static func _pool2dWindows(_ kind: PoolingKind, _ g: ConvolutionGeometry, _ x: UnsafePointer<Self>,
                                                 _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int>?) {
        let ho = g.outputHeight, wo = g.outputWidth, h = g.height, w = g.width
        let scale = Self.one / Self(Double(g.kernelHeight * g.kernelWidth))
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * h * w
            for oy in 0..<ho {
                let y0 = oy * g.strideHeight - g.paddingHeight
                let rows = Swift.max(y0, 0)..<Swift.min(y0 + g.kernelHeight, h)
                for ox in 0..<wo {
                    let x0 = ox * g.strideWidth - g.paddingWidth
                    let cols = Swift.max(x0, 0)..<Swift.min(x0 + g.kernelWidth, w)
                    let o = (plane * ho + oy) * wo + ox
                    if kind == .max {
                        var best = Self.zero, bestIndex = -1
                        for iy in rows {
                            for ix in cols {
                                let i = base + iy * w + ix, v = x[i]
                                if bestIndex < 0 || v > best || (v != v && best == best) { best = v; bestIndex = i }
                            }
                        }
                        y[o] = best
                        argmax![o] = bestIndex
                    } else {
                        var sum = Self.zero
                        for iy in rows { for ix in cols { sum += x[base + iy * w + ix] } }
                        y[o] = sum * scale
                    }
                }
            }
        }
    }

    @inlinable public static func _averagePool2dPullback(_ g: ConvolutionGeometry, seed: UnsafePointer<Self>,
                                                         into out: UnsafeMutablePointer<Self>) {
        let ho = g.outputHeight, wo = g.outputWidth, h = g.height, w = g.width
        let scale = Self.one / Self(Double(g.kernelHeight * g.kernelWidth))
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * h * w
            for oy in 0..<ho {
                let y0 = oy * g.strideHeight - g.paddingHeight
                let rows = Swift.max(y0, 0)..<Swift.min(y0 + g.kernelHeight, h)
                for ox in 0..<wo {
                    let x0 = ox * g.strideWidth - g.paddingWidth
                    let cols = Swift.max(x0, 0)..<Swift.min(x0 + g.kernelWidth, w)
                    let share = seed[(plane * ho + oy) * wo + ox] * scale
                    for iy in rows { for ix in cols { out[base + iy * w + ix] += share } }
                }
            }
        }
    }
}
