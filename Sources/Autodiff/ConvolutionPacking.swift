// The packing kernels that turn a convolution into one matrix product: im2col (window → column) and its adjoint
// col2im (column → window, summed).
//
//     column row   r = g · kh·kw·Cg + (i · kw + j) · Cg + c   (group g, kernel tap (i, j), channel c of the group)
//     column col   q = oy · Wo + ox                            (output position)
//     columns[r, q] = x[g·Cg + c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]   (0 outside the image: zero padding)
//
// The rows are tap-major within each group: one tap's rows for all the group's channels are one contiguous
// block, so a "same" convolution packs a whole group with one copy per tap. The weight `[O, Cg, kh, kw]` is
// channel-major; `_tapMajorWeights` reorders it to match (the GEMMs are the same size either way).
//
// Three paths, fastest first:
// - shifted planes (stride 1 and Wo = W): a row of the columns is the channel plane shifted by dy·W + dx, so one
//   contiguous copy (im2col) or one vector add (col2im) per kernel tap covers the whole band of valid output
//   rows; the few entries that wrapped around a row edge are zeroed afterwards (im2col) or beforehand in the
//   columns (col2im, so they add exact zeros). When also Ho = H (a "same" convolution), the planes of the group's
//   channels follow each other at the same stride in the image and in the columns, so that copy or add spans
//   every channel of the group at once: one call per tap instead of one per channel and tap, which is what small
//   images (8 × 8: 64 positions per tap) spend their packing time on;
// - unit column stride (stride 1 along the width, any Wo): one contiguous copy or add per output row;
// - any stride: an element loop per output row.
// Rows and columns whose tap falls in the padding are zero-filled (memset for runs, bare stores for the short
// ones of small images), never visited element by element.

extension ConvolutionGeometry {
    /// Whether a row of the packed columns is a shifted copy of a whole input plane (stride 1 on both axes and
    /// `Wo = W`): output position `q` reads input position `q + dy·W + dx`, so im2col and col2im need one copy or
    /// one add per kernel tap.
    @inlinable public var packsByShiftingPlanes: Bool {
        strideHeight == 1 && strideWidth == 1 && outputWidth == width
    }

    /// Whether one kernel tap packs all the channels of a group with one copy (im2col) or one add (col2im): the
    /// shifted-planes case with `Ho = H` too, so that the output plane and the input plane have the same size and
    /// the channels' planes follow each other at the same stride in the image and in the columns.
    @inlinable public var packsWholeGroupsPerTap: Bool {
        packsByShiftingPlanes && outputHeight == height
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

    /// Sets `count` scalars at `start` to zero (all-zero bits are +0 for IEEE floats): memset for long runs, and
    /// for the short ones of small images (a padded row edge, one 8-wide row) two to four overlapping stores of
    /// at most 16 bytes, written without a loop so that the compiler cannot turn them back into a memset call,
    /// which costs more than the stores on runs this short.
    @inline(__always) @inlinable static func _zero(_ start: UnsafeMutablePointer<Self>, _ count: Int) {
        let bytes = count &* MemoryLayout<Self>.stride, raw = UnsafeMutableRawPointer(start)
        if bytes > 64 {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        } else if bytes >= 16 {
            let zero = SIMD16<UInt8>()
            raw.storeBytes(of: zero, as: SIMD16<UInt8>.self)
            raw.storeBytes(of: zero, toByteOffset: bytes &- 16, as: SIMD16<UInt8>.self)
            if bytes > 32 {
                raw.storeBytes(of: zero, toByteOffset: 16, as: SIMD16<UInt8>.self)
                raw.storeBytes(of: zero, toByteOffset: bytes &- 32, as: SIMD16<UInt8>.self)
            }
        } else if bytes >= 8 {
            raw.storeBytes(of: UInt64(0), as: UInt64.self)
            raw.storeBytes(of: UInt64(0), toByteOffset: bytes &- 8, as: UInt64.self)
        } else if bytes >= 4 {
            raw.storeBytes(of: UInt32(0), as: UInt32.self)
            raw.storeBytes(of: UInt32(0), toByteOffset: bytes &- 4, as: UInt32.self)
        } else if bytes > 0 {
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
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
    /// for a small padding).
    @inline(__always) @inlinable static func _zeroRowEdges(_ plane: UnsafeMutablePointer<Self>, rows: Range<Int>, width: Int,
                                                           keeping cols: Range<Int>) {
        let left = cols.lowerBound, right = width &- cols.upperBound
        if left > 0 { _zeroColumns(plane + rows.lowerBound &* width, count: left, rows: rows.count, rowLength: width) }
        if right > 0 { _zeroColumns(plane + (rows.lowerBound &* width &+ cols.upperBound), count: right, rows: rows.count, rowLength: width) }
    }

    /// Zeroes, in each of `planes` consecutive output planes of one kernel tap (`height` rows of `width` scalars),
    /// every entry whose input position falls in the padding: the rows outside `rows` (one strided pass above the
    /// band and one below) and, in every row, the columns outside `cols` (what a shifted copy wrapped around a
    /// row edge).
    @inline(__always) @inlinable static func _zeroPadding(_ start: UnsafeMutablePointer<Self>, planes: Int, height: Int, width: Int,
                                                          keeping rows: Range<Int>, _ cols: Range<Int>) {
        let plane = height &* width
        if rows.lowerBound > 0 { _zeroColumns(start, count: rows.lowerBound &* width, rows: planes, rowLength: plane) }
        if rows.upperBound < height {
            _zeroColumns(start + rows.upperBound &* width, count: (height &- rows.upperBound) &* width, rows: planes, rowLength: plane)
        }
        if cols.count < width { _zeroRowEdges(start, rows: 0..<(planes &* height), width: width, keeping: cols) }
    }

    /// Zeroes `count` scalars at the start of each of `rows` rows `rowLength` apart. A one-scalar edge (padding 1,
    /// the usual case) is a bare strided store per row for Float and Double: a "same" convolution of a whole
    /// channel group zeroes one per row of every channel and tap, hundreds per 8 × 8 image.
    @inline(__always) @inlinable static func _zeroColumns(_ start: UnsafeMutablePointer<Self>, count: Int, rows: Int, rowLength: Int) {
        let size = MemoryLayout<Self>.stride
        guard count == 1, size == 4 || size == 8 else {
            var entry = start
            for _ in 0..<rows { _zero(entry, count); entry += rowLength }
            return
        }
        var entry = UnsafeMutableRawPointer(start)
        let step = rowLength &* size
        if size == 4 {
            for _ in 0..<rows { entry.storeBytes(of: UInt32(0), as: UInt32.self); entry += step }
        } else {
            for _ in 0..<rows { entry.storeBytes(of: UInt64(0), as: UInt64.self); entry += step }
        }
    }

    /// Copies `count` scalars (memcpy).
    @inline(__always) @inlinable static func _copy(_ count: Int, from source: UnsafePointer<Self>, to target: UnsafeMutablePointer<Self>) {
        if count > 0 { UnsafeMutableRawPointer(target).copyMemory(from: source, byteCount: count * MemoryLayout<Self>.stride) }
    }

    /// The columns `[C·kh·kw, Ho·Wo]` of one image: the image itself when packing is the identity (`scratch` nil,
    /// see `ConvolutionGeometry.packingIsIdentity`), else its im2col written into `scratch`.
    @inline(__always) @inlinable static func _columns(_ g: ConvolutionGeometry, groups: Int, image: UnsafePointer<Self>,
                                                      scratch: UnsafeMutablePointer<Self>?) -> UnsafePointer<Self> {
        guard let scratch else { return image }
        _im2col(g, groups: groups, image: image, columns: scratch)
        return UnsafePointer(scratch)
    }

    /// The weight `[O, Cg, kh, kw]` with each filter's entries reordered tap-major, `[O, kh·kw, Cg]`, to match the
    /// rows of the columns: `tapMajor[o, t·Cg + c] = weight[o, c·kh·kw + t]`, filter `o` starting at
    /// `o · leadingDimension` (≥ `Cg·kh·kw`; room for a bias column).
    @inlinable public static func _tapMajorWeights(_ weight: UnsafePointer<Self>, filters: Int, groupChannels: Int, taps: Int,
                                                   into tapMajor: UnsafeMutablePointer<Self>, leadingDimension: Int) {
        let size = groupChannels * taps
        for o in 0..<filters {
            let source = weight + o * size, target = tapMajor + o * leadingDimension
            for c in 0..<groupChannels {
                for t in 0..<taps { target[t * groupChannels + c] = source[c * taps + t] }
            }
        }
    }

    /// The inverse reordering, added to (or, with `overwriting`, written into) a channel-major weight gradient:
    /// `weight[o, c·kh·kw + t] (+)= tapMajor[o · leadingDimension + t·Cg + c]`.
    @inlinable public static func _addChannelMajor(_ tapMajor: UnsafePointer<Self>, filters: Int, groupChannels: Int, taps: Int,
                                                   leadingDimension: Int, into weight: UnsafeMutablePointer<Self>, overwriting: Bool) {
        let size = groupChannels * taps
        for o in 0..<filters {
            let source = tapMajor + o * leadingDimension, target = weight + o * size
            for c in 0..<groupChannels {
                for t in 0..<taps {
                    if overwriting { target[c * taps + t] = source[t * groupChannels + c] } else { target[c * taps + t] += source[t * groupChannels + c] }
                }
            }
        }
    }

    /// How many channel planes of `plane` scalars one copy or add of a "same" convolution's tap covers: about
    /// 4 096 scalars, so that the run is still in L1 when its edges are zeroed (a 28 × 28 plane: 5 channels; an
    /// 8 × 8 one: 64, so a whole group of up to 64 channels at once).
    @inline(__always) @inlinable static func _channelsPerRun(_ plane: Int) -> Int {
        Swift.max(1, 4096 / Swift.max(plane, 1))
    }

    /// im2col of one image `[C, H, W]` into `columns` `[C·kh·kw, Ho·Wo]`, rows tap-major within each of `groups`
    /// channel groups (every entry written; see the header).
    @inlinable public static func _im2col(_ g: ConvolutionGeometry, groups: Int = 1, image: UnsafePointer<Self>,
                                          columns: UnsafeMutablePointer<Self>) {
        let ho = g.outputHeight, wo = g.outputWidth, outputPlane = ho * wo, plane = g.height * g.width
        let shifted = g.packsByShiftingPlanes, wholeGroups = g.packsWholeGroupsPerTap, groupChannels = g.channels / groups
        let runChannels = Self._channelsPerRun(outputPlane)
        g.withValidRanges { validRows, validColumns in
            for group in 0..<groups {
                let groupImage = image + group * groupChannels * plane
                var tapColumns = columns + group * groupChannels * g.kernelHeight * g.kernelWidth * outputPlane
                for i in 0..<g.kernelHeight {
                    let dy = i * g.dilationHeight - g.paddingHeight, rows = validRows[i]
                    for j in 0..<g.kernelWidth {
                        let dx = j * g.dilationWidth - g.paddingWidth, cols = validColumns[j]
                        defer { tapColumns += groupChannels * outputPlane }
                        if rows.isEmpty || cols.isEmpty { _zero(tapColumns, groupChannels * outputPlane); continue }
                        let start = rows.lowerBound * wo + cols.lowerBound, end = (rows.upperBound - 1) * wo + cols.upperBound
                        if wholeGroups {   // one copy per run of channels, then zeros where it crossed a plane or row edge
                            var first = 0
                            while first < groupChannels {
                                let last = Swift.min(first + runChannels, groupChannels) - 1
                                let from = first * outputPlane + start, to = last * outputPlane + end
                                _copy(to - from, from: groupImage + (from + dy * g.width + dx), to: tapColumns + from)
                                _zeroPadding(tapColumns + first * outputPlane, planes: last + 1 - first, height: ho, width: wo,
                                             keeping: rows, cols)
                                first = last + 1
                            }
                            continue
                        }
                        for c in 0..<groupChannels {
                            let channel = groupImage + c * plane, out = tapColumns + c * outputPlane
                            if shifted {   // one copy of the band, then zeros where it wrapped around a row edge
                                _copy(end - start, from: channel + (start + dy * g.width + dx), to: out + start)
                                _zeroPadding(out, planes: 1, height: ho, width: wo, keeping: rows, cols)
                                continue
                            }
                            _zero(out, rows.lowerBound * wo)
                            _zero(out + rows.upperBound * wo, (ho - rows.upperBound) * wo)
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
    }

    /// col2im: `image[C, H, W] (+)= fold(columns)`, the adjoint of `_im2col` with the same `groups` (each column
    /// entry added to the pixel it was copied from; entries that fell in the padding are dropped). With
    /// `overwriting`, `image` is written, not added to: a "same" convolution copies its centre tap (which covers
    /// every pixel) and adds the others; any other geometry zeroes the image first. On the shifted-planes paths
    /// the entries that fall in the padding are set to zero in `columns` first, so `columns` is scratch afterwards.
    @inlinable public static func _col2im(_ g: ConvolutionGeometry, groups: Int = 1, columns: UnsafeMutablePointer<Self>,
                                          into image: UnsafeMutablePointer<Self>, overwriting: Bool = false) {
        let ho = g.outputHeight, wo = g.outputWidth, outputPlane = ho * wo, plane = g.height * g.width
        let shifted = g.packsByShiftingPlanes, wholeGroups = g.packsWholeGroupsPerTap, groupChannels = g.channels / groups
        let runChannels = Self._channelsPerRun(outputPlane)
        // The tap with dy = dx = 0, if it exists and covers the whole plane: it is copied, the others added.
        var centre = -1
        if overwriting, wholeGroups, g.paddingHeight % g.dilationHeight == 0, g.paddingWidth % g.dilationWidth == 0 {
            let i = g.paddingHeight / g.dilationHeight, j = g.paddingWidth / g.dilationWidth
            if i < g.kernelHeight, j < g.kernelWidth { centre = i * g.kernelWidth + j }
        }
        if overwriting && centre < 0 { _zero(image, g.channels * plane) }
        g.withValidRanges { validRows, validColumns in
            for group in 0..<groups {
                let groupImage = image + group * groupChannels * plane
                let groupColumns = columns + group * groupChannels * g.kernelHeight * g.kernelWidth * outputPlane
                if centre >= 0 { _copy(groupChannels * plane, from: groupColumns + centre * groupChannels * outputPlane, to: groupImage) }
                var tapColumns = groupColumns, tap = 0
                for i in 0..<g.kernelHeight {
                    let dy = i * g.dilationHeight - g.paddingHeight, rows = validRows[i]
                    for j in 0..<g.kernelWidth {
                        let dx = j * g.dilationWidth - g.paddingWidth, cols = validColumns[j]
                        defer { tapColumns += groupChannels * outputPlane; tap += 1 }
                        if rows.isEmpty || cols.isEmpty || tap == centre { continue }
                        let start = rows.lowerBound * wo + cols.lowerBound, end = (rows.upperBound - 1) * wo + cols.upperBound
                        if wholeGroups {   // per run of channels: zero every entry outside their bands, then one add
                            var first = 0
                            while first < groupChannels {
                                let last = Swift.min(first + runChannels, groupChannels) - 1
                                _zeroPadding(tapColumns + first * outputPlane, planes: last + 1 - first, height: ho, width: wo,
                                             keeping: rows, cols)
                                let from = first * outputPlane + start, to = last * outputPlane + end
                                _add(to - from, tapColumns + from, into: groupImage + (from + dy * g.width + dx))
                                first = last + 1
                            }
                            continue
                        }
                        for c in 0..<groupChannels {
                            let channel = groupImage + c * plane, source = tapColumns + c * outputPlane
                            if shifted {   // zero the wrapped entries, then one vector add of the band
                                if cols.count < wo { _zeroRowEdges(source, rows: rows, width: wo, keeping: cols) }
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
}
