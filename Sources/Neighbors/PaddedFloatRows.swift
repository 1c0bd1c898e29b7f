import LinearAlgebra

/// A data set in single precision for fast approximate distance work: rows centred on the column means, each
/// padded with zeros to a multiple of eight columns and stored as `SIMD8<Float>` lanes, so a squared distance
/// is a short loop of vector subtractions and multiply-adds.
///
/// Centring keeps the values small relative to their differences (a constant offset cancels exactly in
/// `xᵢ − xⱼ` but not in its single-precision rounding); the ranking this gives is approximate, so callers that
/// report distances recompute them in double precision from the original rows.
///
/// Memory: n · ⌈d / 8⌉ · 32 bytes (200 MB for 10⁶ × 50). Frees itself with `deallocate()`.
struct PaddedFloatRows {
    let count: Int
    /// `SIMD8<Float>` lanes per row, ⌈d / 8⌉.
    let lanes: Int
    let storage: UnsafeMutablePointer<SIMD8<Float>>

    /// The rows of `x` (n × d), centred and padded.
    init(_ x: Matrix) {
        let n = x.rows, d = x.columns
        count = n
        lanes = (d + 7) / 8
        storage = .allocate(capacity: max(n * lanes, 1))
        storage.initialize(repeating: SIMD8<Float>(), count: max(n * lanes, 1))
        var mean = [Double](repeating: 0, count: d)
        x.elements.withUnsafeBufferPointer { e in
            for i in 0..<n { for c in 0..<d { mean[c] += e[i * d + c] } }
            for c in 0..<d { mean[c] /= Double(max(n, 1)) }
            let floats = UnsafeMutableRawPointer(storage).assumingMemoryBound(to: Float.self)
            for i in 0..<n {
                let row = floats + i * lanes * 8
                for c in 0..<d { row[c] = Float(e[i * d + c] - mean[c]) }
            }
        }
    }

    func deallocate() { storage.deallocate() }

    /// Row `i` as lanes.
    @inline(__always)
    func row(_ i: Int) -> UnsafeMutablePointer<SIMD8<Float>> { storage + i * lanes }

    /// `‖xᵢ − xⱼ‖²` in single precision.
    @inline(__always)
    func squaredDistance(_ i: Int, _ j: Int) -> Float {
        Self.squaredDistance(storage + i * lanes, storage + j * lanes, lanes: lanes)
    }

    /// `‖a − b‖²` over `lanes` lanes, two accumulators for the pipeline. Separate multiplies and adds: on the
    /// generic x86-64 target `SIMD8.addingProduct` becomes eight calls of the software `fmaf`, ten times slower.
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, lanes: Int) -> Float {
        var even = SIMD8<Float>(), odd = SIMD8<Float>()
        var t = 0
        while t + 1 < lanes {
            let u = a[t] - b[t], v = a[t + 1] - b[t + 1]
            even += u * u
            odd += v * v
            t += 2
        }
        if t < lanes { let u = a[t] - b[t]; even += u * u }
        return (even + odd).sum()
    }

    /// `a · b` over `lanes` lanes.
    @inline(__always)
    static func dot(_ a: UnsafePointer<SIMD8<Float>>, _ b: UnsafePointer<SIMD8<Float>>, lanes: Int) -> Float {
        var sum = SIMD8<Float>()
        for t in 0..<lanes { sum += a[t] * b[t] }
        return sum.sum()
    }
}
