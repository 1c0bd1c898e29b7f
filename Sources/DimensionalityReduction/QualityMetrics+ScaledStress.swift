import Foundation
import LinearAlgebra

extension QualityMetrics {
    /// Scale-free normalised stress: Kruskal's stress-1 after the embedding's distances are multiplied by the
    /// factor that fits them best, so an embedding is not penalised for its units.
    ///
    ///     σ* = min_α √( Σ_{i<j} (dᵢⱼ − α d̂ᵢⱼ)² / Σ_{i<j} dᵢⱼ² ),   α* = Σ dᵢⱼ d̂ᵢⱼ / Σ d̂ᵢⱼ²
    ///        = √( 1 − (Σ dᵢⱼ d̂ᵢⱼ)² / (Σ dᵢⱼ² · Σ d̂ᵢⱼ²) )
    ///
    /// with `dᵢⱼ` the Euclidean distances between rows of `original` and `d̂ᵢⱼ` those of `embedding`. It lies in
    /// [0, 1]: 0 when the embedding keeps every distance up to one scale factor, 1 when its distances are
    /// uncorrelated with the original ones (or all zero). Use it for methods whose output scale is arbitrary:
    /// LLE and its variants and LTSA return unit-variance coordinates, whose raw stress
    /// (`normalizedStress`) mostly measures that scale.
    ///
    /// The residual is summed in a second pass with α* known, not from the closed form, so a stress near 0
    /// is not lost to cancellation.
    ///
    /// Edge cases: a single row, or an original whose rows all coincide, gives 0 (nothing to misplace).
    /// - Complexity: O(n² (d + q)) time in two passes over the pairs, rows split across cores; O(n / 64)
    ///   extra memory (no n × n matrix).
    /// - Throws: `DimensionalityReductionError` for empty or non-finite input or different row counts.
    public static func scaledStress(original: Matrix, embedding: Matrix) throws -> Double {
        let method = "scaledStress"
        try DimensionalityReductionError.validate(original, method: "\(method) (original)")
        try DimensionalityReductionError.validate(embedding, method: "\(method) (embedding)")
        guard original.rows == embedding.rows else {
            throw DimensionalityReductionError.sampleCountMismatch(method: method, expected: original.rows, got: embedding.rows)
        }
        let sums = pairSums(original, embedding, scale: nil)
        let (originalSquares, embeddedSquares, cross) = (sums[0], sums[1], sums[2])
        guard originalSquares > 0 else { return 0 }
        let alpha = embeddedSquares > 0 ? cross / embeddedSquares : 0
        let residual = pairSums(original, embedding, scale: alpha)[0]
        return Swift.min(1, (residual / originalSquares).squareRoot())
    }

    /// Over all pairs i < j: `[Σ d², Σ d̂², Σ d d̂]`, or with `scale` `[Σ (d − scale · d̂)²]`.
    private static func pairSums(_ x: Matrix, _ y: Matrix, scale: Double?) -> [Double] {
        let n = x.rows, p = x.columns, q = y.columns
        let block = 64
        let blockCount = (n + block - 1) / block
        let width = scale == nil ? 3 : 1
        var partial = [Double](repeating: 0, count: blockCount * width)
        partial.withUnsafeMutableBufferPointer { output in
            let out = output.baseAddress!
            x.elements.withUnsafeBufferPointer { px in
                y.elements.withUnsafeBufferPointer { py in
                    let (a, b) = (px.baseAddress!, py.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: blockCount) { blockIndex in
                        var s0 = 0.0, s1 = 0.0, s2 = 0.0
                        for i in (blockIndex * block)..<Swift.min(n, (blockIndex + 1) * block) {
                            for j in (i + 1)..<Swift.max(n, i + 1) {
                                var dx = 0.0
                                for c in 0..<p {
                                    let t = a[i * p + c] - a[j * p + c]
                                    dx += t * t
                                }
                                var dy = 0.0
                                for c in 0..<q {
                                    let t = b[i * q + c] - b[j * q + c]
                                    dy += t * t
                                }
                                if let scale {
                                    let e = dx.squareRoot() - scale * dy.squareRoot()
                                    s0 += e * e
                                } else {
                                    s0 += dx
                                    s1 += dy
                                    s2 += (dx * dy).squareRoot()
                                }
                            }
                        }
                        out[blockIndex * width] = s0
                        if width == 3 {
                            out[blockIndex * width + 1] = s1
                            out[blockIndex * width + 2] = s2
                        }
                    }
                }
            }
        }
        return (0..<width).map { k in stride(from: k, to: partial.count, by: width).reduce(0) { $0 + partial[$1] } }
    }
}
