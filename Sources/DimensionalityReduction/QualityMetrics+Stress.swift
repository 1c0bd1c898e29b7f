import Dispatch
import Foundation
import LinearAlgebra

extension QualityMetrics {
    /// The stress of an embedding, raw and after the best scaling of the embedding.
    public struct Stress: Sendable, Equatable {
        /// Kruskal's stress-1 on raw distances (scikit-learn's `normalized_stress`):
        /// `√( Σ_{i<j} (dᵢⱼ − d̂ᵢⱼ)² / Σ_{i<j} dᵢⱼ² )`. 0 when every distance is kept.
        public let raw: Double
        /// The same after scaling the embedding by the best factor `c`:
        /// `√( min_c Σ (dᵢⱼ − c d̂ᵢⱼ)² / Σ dᵢⱼ² ) = √(1 − (Σ d d̂)² / (Σ d² Σ d̂²))`, in [0, 1]. The measure for methods
        /// whose embedding has an arbitrary scale (the LLE family, spectral embeddings). Computed from the three
        /// sums, so values below about 1e-8 are rounding.
        public let scaleFree: Double
        /// The best factor `c = Σ d d̂ / Σ d̂²` (0 when every embedded distance is 0).
        public let bestScale: Double
    }

    /// Raw and scale-free stress of an embedding of `original` (distances between rows, Euclidean), computed in
    /// blocks of rows so that memory stays O(block · n) whatever n: each block's distances to the later rows come
    /// from one `dgemm` per space (`‖a‖² + ‖b‖² − 2 a·b`, clamped at 0, as `Matrix.pairwiseDistances`), blocks run
    /// in parallel and their sums are added in block order, so the result does not depend on the thread count.
    ///
    ///     raw = √( Σ_{i<j} (dᵢⱼ − d̂ᵢⱼ)² / Σ_{i<j} dᵢⱼ² ),   scaleFree = √(1 − (Σ d d̂)² / (Σ d² Σ d̂²))
    ///
    /// - Complexity: n² (d + q) flops (BLAS), O(n²) square roots; O(cores · 2²² · 8 bytes) scratch memory.
    /// - Throws: for empty or non-finite input or different row counts.
    public static func stress(original: Matrix, embedding: Matrix) throws -> Stress {
        try checkPair(original, embedding, method: "stress")
        return stressSums(original: .data(original), embedding: embedding).stress
    }

    /// The sums behind `Stress`: Σ d², Σ d̂², Σ d d̂ and Σ (d − d̂)² over pairs i < j.
    struct StressSums {
        var original = 0.0, embedded = 0.0, cross = 0.0, residual = 0.0

        var stress: Stress {
            let raw = original > 0 ? (residual / original).squareRoot() : 0
            guard original > 0, embedded > 0 else { return Stress(raw: raw, scaleFree: original > 0 ? 1 : 0, bestScale: 0) }
            let unexplained = Swift.max(0, 1 - cross * cross / (original * embedded))
            return Stress(raw: raw, scaleFree: unexplained.squareRoot(), bestScale: cross / embedded)
        }

        static func + (a: StressSums, b: StressSums) -> StressSums {
            StressSums(original: a.original + b.original, embedded: a.embedded + b.embedded,
                       cross: a.cross + b.cross, residual: a.residual + b.residual)
        }
    }

    /// Where the original distances come from: the rows of a data matrix, or a given n × n dissimilarity matrix.
    enum OriginalDistances {
        case data(Matrix)
        case dissimilarities(Matrix)
    }

    /// Rows per block: a block's distances to every row of both spaces stay near 2²² doubles (32 MB).
    static func blockRows(samples n: Int) -> Int { Swift.max(1, Swift.min(512, (1 << 21) / Swift.max(n, 1))) }

    /// Accumulates `StressSums` over the pairs i < j in row blocks (see `stress(original:embedding:)`).
    static func stressSums(original: OriginalDistances, embedding y: Matrix) -> StressSums {
        let n = y.rows
        let block = blockRows(samples: n)
        let blockCount = (n + block - 1) / block
        let yNorms = y.rowSquaredNorms
        var x = Matrix(rows: 0, columns: 0), xNorms: [Double] = []
        var given = Matrix(rows: 0, columns: 0)
        switch original {
        case let .data(data): x = data; xNorms = data.rowSquaredNorms
        case let .dissimilarities(matrix): given = matrix
        }
        let fromData = !xNorms.isEmpty
        var sums = [StressSums](repeating: StressSums(), count: blockCount)
        sums.withUnsafeMutableBufferPointer { output in
        x.elements.withUnsafeBufferPointer { px in
        y.elements.withUnsafeBufferPointer { py in
        given.elements.withUnsafeBufferPointer { pd in
            let out = output.baseAddress!
            let work = { (b: Int) in
                let start = b * block, end = Swift.min(n, start + block)
                let (rows, columns) = (end - start, n - start)
                var embedded = [Double](repeating: 0, count: rows * columns)
                var originals = [Double](repeating: 0, count: fromData ? rows * columns : 0)
                embedded.withUnsafeMutableBufferPointer { e in
                    BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: columns, k: y.columns, alpha: -2,
                              a: py.baseAddress! + start * y.columns, lda: y.columns,
                              b: py.baseAddress! + start * y.columns, ldb: y.columns, beta: 0, c: e.baseAddress!, ldc: columns)
                }
                if fromData {
                    originals.withUnsafeMutableBufferPointer { o in
                        BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: columns, k: x.columns, alpha: -2,
                                  a: px.baseAddress! + start * x.columns, lda: x.columns,
                                  b: px.baseAddress! + start * x.columns, ldb: x.columns, beta: 0, c: o.baseAddress!, ldc: columns)
                    }
                }
                var sum = StressSums()
                for r in 0..<rows {
                    let i = start + r
                    var original = 0.0, embeddedSum = 0.0, cross = 0.0, residual = 0.0
                    for c in (r + 1)..<Swift.max(columns, r + 1) {
                        let j = start + c
                        let e = Swift.max(0, embedded[r * columns + c] + yNorms[i] + yNorms[j]).squareRoot()
                        let d = fromData ? Swift.max(0, originals[r * columns + c] + xNorms[i] + xNorms[j]).squareRoot()
                                         : pd[i * n + j]
                        let difference = d - e
                        original += d * d
                        embeddedSum += e * e
                        cross += d * e
                        residual += difference * difference
                    }
                    sum = sum + StressSums(original: original, embedded: embeddedSum, cross: cross, residual: residual)
                }
                out[b] = sum
            }
            if blockCount == 1 {
                work(0)
            } else {
                BLAS.withThreads(1) { concurrentPerformSharing(iterations: blockCount, work) }
            }
        }}}}
        return sums.reduce(StressSums(), +)
    }
}
