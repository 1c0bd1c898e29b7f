import Foundation

/// Two-dimensional discrete Fourier transforms of an M × M complex field (M a power of two) in split storage
/// (separate real and imaginary row-major arrays), for the kernel convolutions of FFT-accelerated t-SNE.
///
///     X̂[u, v] = Σ_{r, c} X[r, c] · exp(∓2πi (u r + v c) / M)        (− forward, + inverse, no 1/M² scaling)
///
/// Rows and columns are transformed by an iterative radix-2 decimation-in-time FFT (stages fused in pairs)
/// run on a strip of B rows or columns at once: the strip is gathered into a scratch block in bit-reversed element order with
/// the B lanes contiguous, so every butterfly is a loop over B adjacent values that the compiler vectorises,
/// and the block (M · B values) stays in cache through all log₂ M stages.
///
/// Both passes can skip work a zero-padded convolution never needs: `forward(nonzeroRows:)` transforms only
/// the rows that hold data before the column pass, and `inverse(neededRows:)` transforms only the rows that
/// will be read after it.
///
/// - Complexity: O(M² log M) flops; scratch of 2 · M · B doubles per call.
/// - Reference: J. W. Cooley, J. W. Tukey, "An algorithm for the machine calculation of complex Fourier
///   series", Math. Comp. 19 (1965).
struct FourierTransform2D: Sendable {
    /// The side M (a power of two, at least 2).
    let size: Int
    /// Lanes per strip.
    static let lanes = 16
    /// cos(2πk/M) and sin(2πk/M) for k < M/2.
    private let cosines: [Double]
    private let sines: [Double]
    /// The bit reversal of each index in 0..<M.
    private let bitReversed: [Int]

    /// Plans transforms of side `size`.
    ///
    /// - Precondition: `size` is a power of two, at least 2.
    init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FourierTransform2D: size \(size) is not a power of two ≥ 2")
        self.size = size
        let half = size / 2
        cosines = (0..<half).map { cos(2 * Double.pi * Double($0) / Double(size)) }
        sines = (0..<half).map { sin(2 * Double.pi * Double($0) / Double(size)) }
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { index in
            var reversed = 0, value = index
            for _ in 0..<bits { reversed = (reversed << 1) | (value & 1); value >>= 1 }
            return reversed
        }
    }

    /// The doubles of scratch one call needs.
    var scratchCount: Int { 2 * size * Self.lanes }

    /// Forward transform in place of a field that is zero in the rows at and beyond `nonzeroRows` (those rows
    /// are not read, so they may hold anything on entry).
    func forward(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>, nonzeroRows: Int,
                 scratch: UnsafeMutablePointer<Double>) {
        rowPass(real, imaginary, rows: min(nonzeroRows, size), sign: -1, scratch: scratch)
        columnPass(real, imaginary, validRows: min(nonzeroRows, size), sign: -1, scratch: scratch)
    }

    /// Inverse transform (without the 1/M² factor) in place; only rows below `neededRows` are correct on exit.
    func inverse(real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>, neededRows: Int,
                 scratch: UnsafeMutablePointer<Double>) {
        columnPass(real, imaginary, validRows: size, sign: 1, scratch: scratch)
        rowPass(real, imaginary, rows: min(neededRows, size), sign: 1, scratch: scratch)
    }

    /// Transforms each of the first `rows` rows along its length.
    private func rowPass(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, rows: Int, sign: Double,
                         scratch: UnsafeMutablePointer<Double>) {
        let m = size
        let sr = scratch, si = scratch + m * Self.lanes
        var start = 0
        bitReversed.withUnsafeBufferPointer { reversal in
            while start < rows {
                let b = min(Self.lanes, rows - start)
                for l in 0..<b {
                    let rowRe = re + (start + l) * m, rowIm = im + (start + l) * m
                    for e in 0..<m {
                        let target = reversal[e] * Self.lanes + l
                        sr[target] = rowRe[e]
                        si[target] = rowIm[e]
                    }
                }
                butterflies(sr, si, sign: sign)
                for l in 0..<b {
                    let rowRe = re + (start + l) * m, rowIm = im + (start + l) * m
                    for e in 0..<m {
                        rowRe[e] = sr[e * Self.lanes + l]
                        rowIm[e] = si[e * Self.lanes + l]
                    }
                }
                start += b
            }
        }
    }

    /// Transforms every column along its length, taking rows at and beyond `validRows` as zero.
    private func columnPass(_ re: UnsafeMutablePointer<Double>, _ im: UnsafeMutablePointer<Double>, validRows: Int, sign: Double,
                            scratch: UnsafeMutablePointer<Double>) {
        let m = size
        let sr = scratch, si = scratch + m * Self.lanes
        var start = 0
        bitReversed.withUnsafeBufferPointer { reversal in
            while start < m {
                let b = min(Self.lanes, m - start)
                for r in 0..<m {
                    let source = r * m + start, target = reversal[r] * Self.lanes
                    if r < validRows {
                        for l in 0..<b {
                            sr[target + l] = re[source + l]
                            si[target + l] = im[source + l]
                        }
                    } else {
                        for l in 0..<b { sr[target + l] = 0; si[target + l] = 0 }
                    }
                }
                butterflies(sr, si, sign: sign)
                for r in 0..<m {
                    let target = r * m + start, source = r * Self.lanes
                    for l in 0..<b {
                        re[target + l] = sr[source + l]
                        im[target + l] = si[source + l]
                    }
                }
                start += b
            }
        }
    }

    /// Radix-2 butterflies over M elements of `lanes` (16) contiguous values each, already in bit-reversed
    /// order: after the stage of half-length h, every run of 2h elements holds its DFT; the twiddle of offset j
    /// is exp(sign · 2πi j / (2h)). Stages are fused in pairs (h and 2h over 4h elements, a radix-4 pass), so
    /// the block is swept ⌈log₂ M / 2⌉ times; the lanes go four at a time as SIMD vectors. Lanes a strip does
    /// not fill are transformed too and ignored.
    @inline(__always)
    private func butterflies(_ xr: UnsafeMutablePointer<Double>, _ xi: UnsafeMutablePointer<Double>, sign: Double) {
        typealias V = SIMD4<Double>
        @inline(__always) func load(_ p: UnsafeMutablePointer<Double>, _ i: Int) -> V {
            UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
        }
        @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
            UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V.self)
        }
        let m = size, lanes = Self.lanes
        cosines.withUnsafeBufferPointer { cosine in
            sines.withUnsafeBufferPointer { sine in
                var half = 1
                if m.trailingZeroBitCount % 2 == 1 {
                    // One plain radix-2 stage (twiddle 1) when log₂ M is odd.
                    var start = 0
                    while start < m {
                        let a = start * lanes, b = a + lanes
                        for l in stride(from: 0, to: lanes, by: 4) {
                            let br = load(xr, b + l), bi = load(xi, b + l), ar = load(xr, a + l), ai = load(xi, a + l)
                            store(ar - br, xr, b + l); store(ai - bi, xi, b + l)
                            store(ar + br, xr, a + l); store(ai + bi, xi, a + l)
                        }
                        start += 2
                    }
                    half = 2
                }
                while half < m {
                    let strideA = m / (2 * half), strideB = m / (4 * half)
                    var start = 0
                    while start < m {
                        for j in 0..<half {
                            let ar = V(repeating: cosine[j * strideA]), ai = V(repeating: sign * sine[j * strideA])
                            let b1r = V(repeating: cosine[j * strideB]), b1i = V(repeating: sign * sine[j * strideB])
                            let b2r = V(repeating: cosine[(j + half) * strideB]), b2i = V(repeating: sign * sine[(j + half) * strideB])
                            let i0 = (start + j) * lanes, i1 = i0 + half * lanes, i2 = i1 + half * lanes, i3 = i2 + half * lanes
                            for l in stride(from: 0, to: lanes, by: 4) {
                                // Stage h: (x0, x1) and (x2, x3) with twiddle a.
                                let x1r = load(xr, i1 + l), x1i = load(xi, i1 + l), x3r = load(xr, i3 + l), x3i = load(xi, i3 + l)
                                let t1r = ar * x1r - ai * x1i, t1i = ar * x1i + ai * x1r
                                let t3r = ar * x3r - ai * x3i, t3i = ar * x3i + ai * x3r
                                let x0r = load(xr, i0 + l), x0i = load(xi, i0 + l), x2r = load(xr, i2 + l), x2i = load(xi, i2 + l)
                                let a0r = x0r + t1r, a0i = x0i + t1i, a1r = x0r - t1r, a1i = x0i - t1i
                                let a2r = x2r + t3r, a2i = x2i + t3i, a3r = x2r - t3r, a3i = x2i - t3i
                                // Stage 2h: (a0, a2) with twiddle b1, (a1, a3) with twiddle b2.
                                let u2r = b1r * a2r - b1i * a2i, u2i = b1r * a2i + b1i * a2r
                                let u3r = b2r * a3r - b2i * a3i, u3i = b2r * a3i + b2i * a3r
                                store(a0r + u2r, xr, i0 + l); store(a0i + u2i, xi, i0 + l)
                                store(a0r - u2r, xr, i2 + l); store(a0i - u2i, xi, i2 + l)
                                store(a1r + u3r, xr, i1 + l); store(a1i + u3i, xi, i1 + l)
                                store(a1r - u3r, xr, i3 + l); store(a1i - u3i, xi, i3 + l)
                            }
                        }
                        start += 4 * half
                    }
                    half *= 4
                }
            }
        }
    }
}
