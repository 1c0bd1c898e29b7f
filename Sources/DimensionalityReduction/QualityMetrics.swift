import Foundation
import LinearAlgebra

/// Measures of how faithfully an embedding keeps the structure of the original data.
///
/// Distances are Euclidean between rows. Every function validates its input and throws
/// `DimensionalityReductionError` with the offending value.
public enum QualityMetrics {
    /// Trustworthiness, exactly as scikit-learn's `sklearn.manifold.trustworthiness` (Euclidean):
    ///
    ///     T(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nᵢᵏ(embedding)} max(0, r(i, j) − k)
    ///
    /// where `r(i, j)` is the rank (1 = nearest, self excluded) of `j` among `i`'s neighbours in the
    /// original space. 1 means no embedded neighbour is a false one; it penalises points that come close
    /// only in the embedding. Ties in distance are broken by index.
    ///
    /// - Complexity: O(n² (d + q + k)) time, O(n) extra memory per core; rows split across cores.
    /// - Throws: for empty or non-finite input, different row counts, or `neighbors` outside `1..<n/2`.
    ///
    /// Reference: J. Venna, S. Kaski, "Neighborhood preservation in nonlinear projection methods", ICANN 2001.
    public static func trustworthiness(original: Matrix, embedding: Matrix, neighbors k: Int = 5) throws -> Double {
        try rankPenalty(original: original, embedding: embedding, neighbors: k, method: "trustworthiness")
    }

    /// Continuity: trustworthiness with the roles swapped, so it penalises original neighbours that the
    /// embedding pulls apart.
    ///
    ///     C(k) = 1 − 2 / (n k (2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nᵢᵏ(original)} max(0, r̂(i, j) − k)
    ///
    /// - Throws: as `trustworthiness`.
    public static func continuity(original: Matrix, embedding: Matrix, neighbors k: Int = 5) throws -> Double {
        try rankPenalty(original: embedding, embedding: original, neighbors: k, method: "continuity")
    }

    /// Kruskal's normalised stress (stress-1 on raw distances, scikit-learn's `normalized_stress`) of an
    /// embedding of `original`:
    ///
    ///     σ = √( Σ_{i<j} (dᵢⱼ − d̂ᵢⱼ)² / Σ_{i<j} dᵢⱼ² )
    ///
    /// Computed in row blocks with O(block · n) memory (`stress(original:embedding:)`, which also gives the
    /// scale-free stress), never an n × n matrix.
    ///
    /// - Complexity: n² (d + q) flops (BLAS, split across cores), O(cores · 2²² · 8 bytes) scratch memory.
    /// - Throws: for empty or non-finite input or different row counts.
    public static func normalizedStress(original: Matrix, embedding: Matrix) throws -> Double {
        try checkPair(original, embedding, method: "normalizedStress")
        return stressSums(original: .data(original), embedding: embedding).stress.raw
    }

    /// Normalised stress of an embedding against a given `n × n` dissimilarity matrix (the embedded distances
    /// are computed in row blocks, O(block · n) memory beyond the given matrix).
    ///
    /// - Throws: `invalidDissimilarities` for a bad matrix, `sampleCountMismatch` when the embedding does not
    ///   have `n` rows.
    public static func normalizedStress(dissimilarities: Matrix, embedding: Matrix) throws -> Double {
        let method = "normalizedStress"
        try ClassicalMDS.validateDissimilarities(dissimilarities, method: method)
        try DimensionalityReductionError.validate(embedding, method: method)
        let n = dissimilarities.rows
        guard embedding.rows == n else {
            throw DimensionalityReductionError.sampleCountMismatch(method: method, expected: n, got: embedding.rows)
        }
        return stressSums(original: .dissimilarities(dissimilarities), embedding: embedding).stress.raw
    }

    /// The result of a Procrustes analysis: both configurations standardised, the second rotated and
    /// scaled onto the first, and the disparity left.
    public struct ProcrustesResult: Sendable {
        /// The first matrix, centred and scaled to unit Frobenius norm.
        public let standardizedFirst: Matrix
        /// The second matrix, centred, scaled to unit norm, then optimally rotated (or reflected) and scaled.
        public let transformedSecond: Matrix
        /// `Σ (first − transformedSecond)²`, in [0, 1]: 0 for configurations equal up to similarity.
        public let disparity: Double
    }

    /// Procrustes analysis as SciPy's `scipy.spatial.procrustes`: centre both `n × m` configurations, scale
    /// each to `‖·‖_F = 1`, then rotate/reflect and scale the second to fit the first in least squares.
    ///
    ///     Aᵀ B = U Σ Vᵀ,   R = U Vᵀ,   B̂ = B Rᵀ · tr Σ,   disparity = ‖A − B̂‖²_F = 1 − (tr Σ)²
    ///
    /// - Throws: for empty or non-finite input, different shapes, or a configuration whose points all
    ///   coincide.
    ///
    /// Reference: J. C. Gower, "Generalized Procrustes analysis", Psychometrika 40 (1975).
    public static func procrustes(_ first: Matrix, _ second: Matrix) throws -> ProcrustesResult {
        let method = "procrustes"
        try checkPair(first, second, method: method)
        guard first.columns == second.columns else {
            throw DimensionalityReductionError.featureMismatch(method: method, expected: first.columns, got: second.columns)
        }
        func standardize(_ m: Matrix, _ name: String) throws -> Matrix {
            let centered = m.centeringColumns().centered
            let norm = centered.frobeniusNorm
            guard norm > 0 else {
                throw DimensionalityReductionError.invalidParameter(
                    method: method, name: name, message: "has all its points equal; give at least 2 distinct points")
            }
            return centered / norm
        }
        let a = try standardize(first, "the first configuration")
        let b = try standardize(second, "the second configuration")
        let svd = try DimensionalityReductionError.wrapping(method) { try Matrix.product(a, b, transposingA: true).svd() }
        let rotation = svd.u * svd.vt
        let scale = svd.singularValues.reduce(0, +)
        let fitted = Matrix.product(b, rotation, transposingB: true) * scale
        let difference = (a - fitted).frobeniusNorm
        return ProcrustesResult(standardizedFirst: a, transformedSecond: fitted, disparity: difference * difference)
    }

    /// Spearman's rank correlation between the `n(n − 1)/2` pairwise distances of `original` and of
    /// `embedding` (average ranks for ties): 1 when the embedding keeps the order of every distance.
    ///
    ///     ρ = Pearson(rank(dᵢⱼ), rank(d̂ᵢⱼ)),  i < j
    ///
    /// - Complexity: O(n² (d + q) + n² log n) time and O(n²) memory: about 40 bytes per pair (both distance lists,
    ///   a sort order and both rank lists), refused before allocating when that exceeds the memory available.
    /// - Throws: for empty or non-finite input, different row counts, fewer than 3 points, or more pairs than
    ///   memory can hold (the message gives the bytes needed and available).
    public static func distanceSpearmanCorrelation(original: Matrix, embedding: Matrix) throws -> Double {
        let method = "distanceSpearmanCorrelation"
        try checkPair(original, embedding, method: method)
        let n = original.rows
        guard n >= 3 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 3) }
        try requireMemory(bytesPerPair: 40, samples: n, method: method,
                          purpose: "all pairwise distances of both spaces and their ranks")
        func upperTriangle(_ m: Matrix) -> [Double] {
            let d = m.pairwiseSquaredDistances()
            var values = [Double]()
            values.reserveCapacity(n * (n - 1) / 2)
            for i in 0..<n { values.append(contentsOf: d.elements[(i * n + i + 1)..<((i + 1) * n)]) }
            return values
        }
        // Squared distances have the same ranks as distances.
        return spearmanCorrelation(upperTriangle(original), upperTriangle(embedding))
    }

    /// Spearman's rank correlation of two samples of equal length (average ranks for ties).
    public static func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearmanCorrelation: lengths \(x.count) and \(y.count) differ")
        return pearsonCorrelation(averageRanks(x), averageRanks(y))
    }

    /// Ranks 1…m with tied values sharing the mean of their ranks.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2  // mean of (start+1)…end
            for position in start..<end { ranks[order[position]] = rank }
            start = end
        }
        return ranks
    }

    /// Pearson's correlation coefficient (0 when either sample is constant).
    static func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        let m = Double(x.count)
        let meanX = x.reduce(0, +) / m, meanY = y.reduce(0, +) / m
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - meanX) * (b - meanY)
            sxx += (a - meanX) * (a - meanX)
            syy += (b - meanY) * (b - meanY)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }

    /// Throws `invalidParameter` naming the bytes needed and available when `bytesPerPair` bytes for each of the
    /// n (n − 1) / 2 pairs (plus an n × n matrix of doubles) exceed the memory available
    /// (`availableMemory()`), before anything is allocated.
    static func requireMemory(bytesPerPair: Int, samples n: Int, method: String, purpose: String,
                              available: UInt64 = availableMemory()) throws {
        let pairs = Double(n) * Double(n - 1) / 2
        let needed = pairs * Double(bytesPerPair) + Double(n) * Double(n) * 8
        guard needed <= Double(available) else {
            throw DimensionalityReductionError.invalidParameter(
                method: method, name: "samples",
                message: "= \(n) needs \(gigabytes(needed)) for \(purpose) but \(gigabytes(Double(available))) of memory are available; use fewer samples (a random subset) or a machine with more memory")
        }
    }

    /// Bytes as "12.3 GB".
    static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }

    /// The memory this process may still use: Linux's `MemAvailable` (free memory plus reclaimable caches), or
    /// the physical memory where `/proc/meminfo` is not readable.
    static func availableMemory() -> UInt64 {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = UInt64(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes * 1024
        }
        return ProcessInfo.processInfo.physicalMemory
    }

    static func checkPair(_ a: Matrix, _ b: Matrix, method: String) throws {
        try DimensionalityReductionError.validate(a, method: "\(method) (original)")
        try DimensionalityReductionError.validate(b, method: "\(method) (embedding)")
        guard a.rows == b.rows else {
            throw DimensionalityReductionError.sampleCountMismatch(method: method, expected: a.rows, got: b.rows)
        }
    }
}
