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
///     y[n, c] = (1 / H·W) Σ_{i, j} x[n, c, i, j]          x̄[n, c, i, j] = ȳ[n, c] / H·W
///
/// Recorded as one `H × W` average-pooling window per plane (a contiguous sum per plane; the pullback writes each
/// plane's share once) followed by a view as `[N, C]`.
/// A rank other than 4, or an empty plane, is recorded in the graph.
/// - Complexity: `O(N·C·H·W)` forward and backward.
@inlinable public func globalAveragePool2d<Scalar>(_ input: Variable<Scalar>) -> Variable<Scalar> {
    let shape = input.shape
    guard shape.count == 4 else {
        return input.graph.fail(.shapeMismatch("globalAveragePool2d: input has shape \(shape); it must be [N, C, H, W]"),
                                shape: [shape.first ?? 1, 1])
    }
    guard shape[2] >= 1, shape[3] >= 1 else {
        return input.graph.fail(.invalidArgument("globalAveragePool2d: input \(shape) has an empty \(shape[2])×\(shape[3]) plane; it needs at least one pixel per channel"),
                                shape: [shape[0], shape[1]])
    }
    let plane = (shape[2], shape[3])
    return pool2d(.average, input, kernel: plane, stride: plane, padding: (0, 0), "globalAveragePool2d")
        .reshaped([shape[0], shape[1]])
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
        if kind == .max, g.kernelHeight == 2, g.kernelWidth == 2, g.strideHeight == 2, g.strideWidth == 2,
           g.paddingHeight == 0, g.paddingWidth == 0, g.height == 2 * g.outputHeight, g.width == 2 * g.outputWidth {
            // Disjoint windows that tile the input: a fresh adjoint is written row pair by row pair (zeros, then
            // each window's seed at its winner) instead of being zero-filled whole and scattered into.
            guard let (into, fresh) = adjointForOverwrite(node.first, &adjoints) else { return }
            argmax.withUnsafeBufferPointer { argmax in
                if fresh {
                    Scalar._maxPool2x2Pullback(g, argmax: argmax.baseAddress!, seed: seed, into: into)
                } else {
                    for o in argmax.indices { into[argmax[o]] += seed[o] }
                }
            }
            return
        }
        if kind == .average, g.outputHeight == 1, g.outputWidth == 1, g.kernelHeight == g.height,
           g.kernelWidth == g.width, g.paddingHeight == 0, g.paddingWidth == 0 {
            // One window per plane (global average pooling): each plane's share is written, or added, in one pass.
            guard let (into, fresh) = adjointForOverwrite(node.first, &adjoints) else { return }
            Scalar._planeMeanPullback(planes: g.batch * g.channels, plane: g.height * g.width, seed: seed, into: into,
                                      accumulate: !fresh)
            return
        }
        guard let into = adjoint(node.first, &adjoints) else { return }
        if kind == .max {
            argmax.withUnsafeBufferPointer { argmax in
                for o in argmax.indices { into[argmax[o]] += seed[o] }
            }
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
        } else if kind == .average, g.outputHeight == 1, g.outputWidth == 1, g.kernelHeight == g.height,
                  g.kernelWidth == g.width, g.paddingHeight == 0, g.paddingWidth == 0 {
            _planeMean(planes: g.batch * g.channels, plane: g.height * g.width, x, y)
        } else {
            _pool2dWindows(kind, g, x, y, argmax: argmax)
        }
    }

    /// Max pooling over 2 × 2 windows with stride 2 and no padding: the four candidates in row-major order
    /// (top-left, top-right, bottom-left, bottom-right), a later one winning only when strictly larger or a NaN
    /// over a number, so ties go to the first as in `_pool2dWindows`. An odd last row or column is dropped.
    /// Float takes eight windows at a time with lane-wise selects (`_maxPool2x2Lanes`): on random data a branch per
    /// comparison mispredicts about half the time, which cost more than the loads.
    @inlinable public static func _maxPool2x2(_ g: ConvolutionGeometry, _ x: UnsafePointer<Self>,
                                              _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int>) {
        if Self.self == Float.self {
            _maxPool2x2Lanes(g, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                             UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), argmax: argmax)
        } else {
            let ho = g.outputHeight, wo = g.outputWidth
            for plane in 0..<(g.batch * g.channels) {
                for oy in 0..<ho {
                    _maxPool2x2Row(g, x, y, argmax: argmax, plane: plane, oy: oy, columns: 0..<wo)
                }
            }
        }
    }

    /// The windows `columns` of output row `oy` of `plane`, one at a time (the definition's order of comparisons).
    @inlinable @inline(__always)
    static func _maxPool2x2Row(_ g: ConvolutionGeometry, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>,
                               argmax: UnsafeMutablePointer<Int>, plane: Int, oy: Int, columns: Range<Int>) {
        let w = g.width, top = plane * g.height * w + 2 * oy * w
        var o = (plane * g.outputHeight + oy) * g.outputWidth + columns.lowerBound
        @inline(__always) func better(_ v: Self, than best: Self) -> Bool { v > best || (v != v && best == best) }
        for ox in columns {
            var index = top + 2 * ox, best = x[index]
            if better(x[top + 2 * ox + 1], than: best) { index = top + 2 * ox + 1; best = x[index] }
            if better(x[top + w + 2 * ox], than: best) { index = top + w + 2 * ox; best = x[index] }
            if better(x[top + w + 2 * ox + 1], than: best) { index = top + w + 2 * ox + 1; best = x[index] }
            y[o] = best
            argmax[o] = index
            o += 1
        }
    }

    /// `y[p] = (1/plane) Σ_k x[p·plane + k]` for each of `planes` contiguous planes (global average pooling), summed
    /// in eight interleaved partial sums so the loop vectorises (the order of the additions differs from the
    /// window-by-window definition by rounding only).
    @inlinable public static func _planeMean(planes: Int, plane: Int, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>) {
        let scale = Self.one / Self(Double(plane)), blocks = plane / 8
        for p in 0..<planes {
            let row = x + p * plane
            var s0 = Self.zero, s1 = Self.zero, s2 = Self.zero, s3 = Self.zero
            var s4 = Self.zero, s5 = Self.zero, s6 = Self.zero, s7 = Self.zero
            for b in 0..<blocks {
                let r = row + 8 * b
                s0 += r[0]; s1 += r[1]; s2 += r[2]; s3 += r[3]; s4 += r[4]; s5 += r[5]; s6 += r[6]; s7 += r[7]
            }
            var sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
            for k in (8 * blocks)..<plane { sum += row[k] }
            y[p] = sum * scale
        }
    }

    /// The pullback of `_planeMean`: `x̄[p·plane + k] (+)= ȳ[p] / plane`.
    @inlinable public static func _planeMeanPullback(planes: Int, plane: Int, seed: UnsafePointer<Self>,
                                                     into out: UnsafeMutablePointer<Self>, accumulate: Bool) {
        let scale = Self.one / Self(Double(plane))
        for p in 0..<planes {
            let share = seed[p] * scale, row = out + p * plane
            if accumulate {
                for k in 0..<plane { row[k] += share }
            } else {
                for k in 0..<plane { row[k] = share }
            }
        }
    }

    /// The adjoint of `_maxPool2x2` when its windows tile the input exactly (`H = 2·Ho`, `W = 2·Wo`), written
    /// rather than accumulated: `x̄ = 0` except `x̄[argmax[o]] = ȳ[o]`, two input rows at a time (cache-resident).
    @inlinable public static func _maxPool2x2Pullback(_ g: ConvolutionGeometry, argmax: UnsafePointer<Int>,
                                                      seed: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>) {
        let ho = g.outputHeight, wo = g.outputWidth, w = g.width
        var o = 0
        for plane in 0..<(g.batch * g.channels) {
            for oy in 0..<ho {
                let rows = out + (plane * ho + oy) * 2 * w
                for i in 0..<(2 * w) { rows[i] = .zero }
                for _ in 0..<wo {
                    out[argmax[o]] = seed[o]
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

/// `_maxPool2x2` for Float, eight windows of a row at a time: the even and odd entries of 16 consecutive scalars of
/// the top and of the bottom row are the four candidates of eight windows; a tournament of lane-wise selects (left
/// against right in each row, then top winner against bottom winner, a later candidate winning only when strictly
/// larger or a NaN over a number) picks the same winner as the row-major scan, without branches. The winner's offset
/// in its window (0, 1, W, W + 1) rides along as a Float (exact for W < 2²⁴). Concrete `SIMD8<Float>` on purpose:
/// the standard library's generic SIMD operations run lane by lane.
@inlinable func _maxPool2x2Lanes(_ g: ConvolutionGeometry, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                 argmax: UnsafeMutablePointer<Int>) {
    typealias V = SIMD8<Float>
    let ho = g.outputHeight, wo = g.outputWidth, w = g.width
    let vectorColumns = w < (1 << 24) && wo >= 8 ? wo : 0
    let right = V(repeating: 1), below = V(repeating: Float(w)), belowRight = V(repeating: Float(w + 1))
    // A select as bit operations on the lanes' patterns (all ones where `take`): `replacing(with:where:)` is
    // compiled lane by lane with a branch each.
    @inline(__always) func pick(_ a: V, _ ia: V, _ b: V, _ ib: V) -> (V, V) {
        let take = unsafeBitCast((b .> a) .| ((b .!= b) .& (a .== a)), to: SIMD8<UInt32>.self)
        @inline(__always) func select(_ x: V, _ y: V) -> V {
            let xb = unsafeBitCast(x, to: SIMD8<UInt32>.self), yb = unsafeBitCast(y, to: SIMD8<UInt32>.self)
            return unsafeBitCast(xb ^ ((xb ^ yb) & take), to: V.self)
        }
        return (select(a, b), select(ia, ib))
    }
    for plane in 0..<(g.batch * g.channels) {
        for oy in 0..<ho {
            let top = plane * g.height * w + 2 * oy * w
            // Blocks of eight windows; the last block is moved back to end at the row's end (it recomputes a few
            // windows, writing the same values), so rows of 8 windows or more take no scalar tail.
            var ox = 0
            while ox < vectorColumns {
                if ox + 8 > wo { ox = wo - 8 }
                let o = (plane * ho + oy) * wo + ox
                let upper = UnsafeRawPointer(x + top + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                let lower = UnsafeRawPointer(x + top + w + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                let (ab, iab) = pick(upper.evenHalf, V(), upper.oddHalf, right)
                let (cd, icd) = pick(lower.evenHalf, below, lower.oddHalf, belowRight)
                let (best, offset) = pick(ab, iab, cd, icd)
                UnsafeMutableRawPointer(y + o).storeBytes(of: best, as: V.self)
                let first = top + 2 * ox
                argmax[o] = first + Int(offset[0]); argmax[o + 1] = first + 2 + Int(offset[1])
                argmax[o + 2] = first + 4 + Int(offset[2]); argmax[o + 3] = first + 6 + Int(offset[3])
                argmax[o + 4] = first + 8 + Int(offset[4]); argmax[o + 5] = first + 10 + Int(offset[5])
                argmax[o + 6] = first + 12 + Int(offset[6]); argmax[o + 7] = first + 14 + Int(offset[7])
                ox += 8
            }
            if vectorColumns == 0 { Float._maxPool2x2Row(g, x, y, argmax: argmax, plane: plane, oy: oy, columns: 0..<wo) }
        }
    }
}
