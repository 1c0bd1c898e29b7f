// The packing kernels that turn a convolution into one matrix product: im2col (window → column) and its adjoint
// col2im (column → window, summed).
//
//     column row   r = (c · kh + i) · kw + j        (channel c, kernel tap (i, j))
//     column col   q = oy · Wo + ox                  (output position)
//     columns[r, q] = x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]   (0 outside the image: zero padding)
//
// Three paths, fastest first:
// - shifted planes (stride 1 and Wo = W, as in a "same" convolution): a row of the columns is the channel plane
//   shifted by dy·W + dx, so one contiguous copy (im2col) or one vector add (col2im) per kernel tap covers the
//   whole band of valid output rows; the few entries that wrapped around a row edge are zeroed afterwards
//   (im2col) or beforehand in the columns (col2im, so they add exact zeros);
// - unit column stride (stride 1 along the width, any Wo): one contiguous copy or add per output row;
// - any stride: an element loop per output row.
// Rows and columns whose tap falls in the padding are zero-filled by memset, never visited element by element.

extension ConvolutionGeometry {
    /// Whether a row of the packed columns is a shifted copy of a whole input plane (stride 1 on both axes and
    /// `Wo = W`): output position `q` reads input position `q + dy·W + dx`, so im2col and col2im need one copy or
    /// one add per kernel tap.
    @inlinable public var packsByShiftingPlanes: Bool {
        strideHeight == 1 && strideWidth == 1 && outputWidth == width
    }

    /// Calls `body` with the valid output rows of each kernel row `i` and the valid output columns of each kernel
    /// column `j` (`validRange`, whose divisions would otherwise run once per channel and tap), on the stack.
    @inline(__always) @inlinable func withValidRanges<R>(_ body: (UnsafePointer<Range<Int>>, UnsafePointer<Range<Int>>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: kernelHeight + kernelWidth) { buffer in
            let ranges = buffer.baseAddress!
            for i in 0..<kernelHeight {
                (ranges + i).initialize(to: Self.validRange(offset: i * dilationHeight - paddingHeight, stride: strideHeight,
                                                            size: height, outputs: outputHeight))
            }
            for j in 0..<kernelWidth {
                (ranges + kernelHeight + j).initialize(to: Self.validRange(offset: j * dilationWidth - paddingWidth, stride: strideWidth,
                                                                           size: width, outputs: outputWidth))
            }
            return body(UnsafePointer(ranges), UnsafePointer(ranges + kernelHeight))
        }
    }
}

extension TensorScalar {
    // The short loops below go through Float or Double pointers: in this generic code (also specialised for
    // `Dual`) the compiler otherwise calls `+=` and `.zero` through their protocol witnesses, one call per
    // element, and nothing is vectorised. The type tests fold away once the function is specialised.

    /// Sets `count` scalars at `start` to zero: plain stores for the one or two entries at a padded row edge (a
    /// loop would become a memset call), memset (all-zero bits are +0 for IEEE floats) for runs.
    @inline(__always) @inlinable static func _zero(_ start: UnsafeMutablePointer<Self>, _ count: Int) {
        if count > 2 {
            UnsafeMutableRawPointer(start).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<Self>.stride)
        } else if count > 0 {
            if Self.self == Float.self {
                let p = UnsafeMutableRawPointer(start).assumingMemoryBound(to: Float.self)
                p[0] = 0
                if count == 2 { p[1] = 0 }
            } else if Self.self == Double.self {
                let p = UnsafeMutableRawPointer(start).assumingMemoryBound(to: Double.self)
                p[0] = 0
                if count == 2 { p[1] = 0 }
            } else {
                start[0] = .zero
                if count == 2 { start[1] = .zero }
            }
        }
    }

    /// `y[0..<count] += x[0..<count]`: an inline (vectorised) loop for Float and Double, which beats a BLAS call
    /// on the short runs of small images and matches it on long ones; axpy for other scalar types.
    @inline(__always) @inlinable static func _accumulate(_ count: Int, _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>) {
        if Self.self == Float.self {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), y = UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self)
            var k = 0
            while k < count { y[k] += x[k]; k += 1 }
        } else if Self.self == Double.self {
            let x = UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), y = UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self)
            var k = 0
            while k < count { y[k] += x[k]; k += 1 }
        } else {
            _add(count, x, into: y)
        }
    }

    /// `start[0..<count] += value` (a vectorised loop for Float and Double): the bias of one output plane.
    @inline(__always) @inlinable static func _add(_ value: Self, toEach start: UnsafeMutablePointer<Self>, count: Int) {
        if Self.self == Float.self {
            let p = UnsafeMutableRawPointer(start).assumingMemoryBound(to: Float.self)
            let v = withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: Float.self) }
            var k = 0
            while k < count { p[k] += v; k += 1 }
        } else if Self.self == Double.self {
            let p = UnsafeMutableRawPointer(start).assumingMemoryBound(to: Double.self)
            let v = withUnsafePointer(to: value) { UnsafeRawPointer($0).load(as: Double.self) }
            var k = 0
            while k < count { p[k] += v; k += 1 }
        } else {
            var k = 0
            while k < count { start[k] += value; k += 1 }
        }
    }

    /// Zeroes the entries that a shifted band copy wrapped around the row edges: in each of `rows` output rows
    /// of `width` scalars, the `cols.lowerBound` first and the `width − cols.upperBound` last (one or two per row
    /// for a small padding, so plain strided stores).
    @inline(__always) @inlinable static func _zeroRowEdges(_ plane: UnsafeMutablePointer<Self>, rows: Range<Int>, width: Int,
                                                           keeping cols: Range<Int>) {
        let left = cols.lowerBound, right = width &- cols.upperBound
        if left > 0 {
            var entry = plane + rows.lowerBound &* width
            for _ in rows { _zero(entry, left); entry += width }
        }
        if right > 0 {
            var entry = plane + (rows.lowerBound &* width &+ cols.upperBound)
            for _ in rows { _zero(entry, right); entry += width }
        }
    }

    /// Copies `count` scalars (memcpy).
    @inline(__always) @inlinable static func _copy(_ count: Int, from source: UnsafePointer<Self>, to target: UnsafeMutablePointer<Self>) {
        if count > 0 { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * MemoryLayout<Self>.stride) }
    }

    /// The columns `[C·kh·kw, Ho·Wo]` of one image: the image itself when packing is the identity (`scratch` nil,
    /// see `ConvolutionGeometry.packingIsIdentity`), else its im2col written into `scratch`.
    @inline(__always) @inlinable static func _columns(_ g: ConvolutionGeometry, image: UnsafePointer<Self>,
                                                      scratch: UnsafeMutablePointer<Self>?) -> UnsafePointer<Self> {
        guard let scratch else { return image }
        _im2col(g, image: image, columns: scratch)
        return UnsafePointer(scratch)
    }

    /// im2col of one image `[C, H, W]` into `columns` `[C·kh·kw, Ho·Wo]` (every entry written; see the header).
    @inlinable public static func _im2col(_ g: ConvolutionGeometry, image: UnsafePointer<Self>,
                                          columns: UnsafeMutablePointer<Self>) {
        let ho = g.outputHeight, wo = g.outputWidth, plane = g.height * g.width, shifted = g.packsByShiftingPlanes
        g.withValidRanges { validRows, validColumns in
            var row = 0
            for c in 0..<g.channels {
                let channel = image + c * plane
                for i in 0..<g.kernelHeight {
                    let dy = i * g.dilationHeight - g.paddingHeight, rows = validRows[i]
                    for j in 0..<g.kernelWidth {
                        let dx = j * g.dilationWidth - g.paddingWidth, cols = validColumns[j]
                        let out = columns + row * ho * wo
                        row += 1
                        if rows.isEmpty || cols.isEmpty { _zero(out, ho * wo); continue }
                        _zero(out, rows.lowerBound * wo)
                        _zero(out + rows.upperBound * wo, (ho - rows.upperBound) * wo)
                        if shifted {   // one copy of the band, then zeros where it wrapped around a row edge
                            let start = rows.lowerBound * wo + cols.lowerBound, end = (rows.upperBound - 1) * wo + cols.upperBound
                            _copy(end - start, from: channel + (start + dy * g.width + dx), to: out + start)
                            if cols.count < wo { _zeroRowEdges(out, rows: rows, width: wo, keeping: cols) }
                            continue
                        }
                        for oy in rows {
                            let o = out + oy * wo
                            let source = channel + (oy * g.strideHeight + dy) * g.width + dx
                            _zero(o, cols.lowerBound)
                            _zero(o + cols.upperBound, wo - cols.upperBound)
                            if g.strideWidth == 1 {
                                _copy(cols.count, from: source + cols.lowerBound, to: o + cols.lowerBound)
                            } else {
                                var ox = cols.lowerBound, s = source + ox * g.strideWidth
                                while ox < cols.upperBound { o[ox] = s.pointee; ox += 1; s += g.strideWidth }
                            }
                        }
                    }
                }
            }
        }
    }

    /// col2im: `image[C, H, W] (+)= fold(columns)`, the adjoint of `_im2col` (each column entry added to the pixel it
    /// was copied from; entries that fell in the padding are dropped). With `overwriting`, `image` is written, not
    /// added to: a shifted-planes convolution whose output is as large as its input copies its centre tap (which
    /// covers every pixel) and adds the others; any other geometry zeroes the image first. On the shifted-planes
    /// path the entries that fall in the padding columns are set to zero in `columns` first, so `columns` is
    /// scratch afterwards.
    @inlinable public static func _col2im(_ g: ConvolutionGeometry, columns: UnsafeMutablePointer<Self>,
                                          into image: UnsafeMutablePointer<Self>, overwriting: Bool = false) {
        let ho = g.outputHeight, wo = g.outputWidth, plane = g.height * g.width, shifted = g.packsByShiftingPlanes
        let taps = g.kernelHeight * g.kernelWidth
        // The tap with dy = dx = 0, if it exists and covers the whole plane: it is copied, the others added.
        var centre = -1
        if overwriting, shifted, ho == g.height, g.paddingHeight % g.dilationHeight == 0, g.paddingWidth % g.dilationWidth == 0 {
            let i = g.paddingHeight / g.dilationHeight, j = g.paddingWidth / g.dilationWidth
            if i < g.kernelHeight, j < g.kernelWidth { centre = i * g.kernelWidth + j }
        }
        if overwriting && centre < 0 { _zero(image, g.channels * plane) }
        g.withValidRanges { validRows, validColumns in
            var row = 0
            for c in 0..<g.channels {
                let channel = image + c * plane
                if centre >= 0 { _copy(plane, from: columns + (c * taps + centre) * plane, to: channel) }
                for i in 0..<g.kernelHeight {
                    let dy = i * g.dilationHeight - g.paddingHeight, rows = validRows[i]
                    for j in 0..<g.kernelWidth {
                        let dx = j * g.dilationWidth - g.paddingWidth, cols = validColumns[j]
                        let source = columns + row * ho * wo
                        row += 1
                        if rows.isEmpty || cols.isEmpty || i * g.kernelWidth + j == centre { continue }
                        if shifted {   // zero the wrapped entries, then one vector add of the band
                            if cols.count < wo { _zeroRowEdges(source, rows: rows, width: wo, keeping: cols) }
                            let start = rows.lowerBound * wo + cols.lowerBound, end = (rows.upperBound - 1) * wo + cols.upperBound
                            _accumulate(end - start, source + start, into: channel + (start + dy * g.width + dx))
                            continue
                        }
                        for oy in rows {
                            let o = source + oy * wo
                            let target = channel + (oy * g.strideHeight + dy) * g.width + dx
                            if g.strideWidth == 1 {
                                _accumulate(cols.count, o + cols.lowerBound, into: target + cols.lowerBound)
                            } else {
                                var ox = cols.lowerBound, t = target + ox * g.strideWidth
                                while ox < cols.upperBound { t.pointee += o[ox]; ox += 1; t += g.strideWidth }
                            }
                        }
                    }
                }
            }
        }
    }
}
