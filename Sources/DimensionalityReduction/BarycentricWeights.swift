import Dispatch
import Foundation
import LinearAlgebra
import Neighbors

/// LLE's reconstruction weights: each point as an affine combination of its neighbours.
///
///     Cᵢ = (x_{n₁} − xᵢ, …, x_{n_k} − xᵢ)ᵀ   (k × d),   Gᵢ = Cᵢ Cᵢᵀ + r I,  r = reg · tr(Gᵢ) (reg if tr = 0)
///     Gᵢ w = 𝟙,   wᵢ = w / Σ w          (so Σⱼ wᵢⱼ = 1)
///
/// minimises ‖xᵢ − Σⱼ wᵢⱼ x_{nⱼ}‖² + r‖w‖² under Σ w = 1 (scikit-learn's `barycenter_weights`). The
/// k × k systems are solved by a Cholesky factorisation per point, points in parallel.
enum BarycentricWeights {
    /// Row-major `m × k` weights of each row of `points` on its neighbours `neighbors` (m × k indices into
    /// `reference`).
    ///
    /// - Throws: `ManifoldLearningError.invalidParameter` when a regularised Gram matrix is still not
    ///   positive definite (only with `regularization = 0`).
    static func compute(points: Matrix, reference: Matrix, neighbors: [Int], k: Int, regularization: Double,
                        method: String) throws -> [Double] {
        let m = points.rows, d = points.columns
        var weights = [Double](repeating: 0, count: m * k)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let chunks = m < 256 ? 1 : workers * 4
        let chunkSize = (m + chunks - 1) / chunks
        var failures = [Int](repeating: -1, count: chunks)
        points.elements.withUnsafeBufferPointer { x in
            reference.elements.withUnsafeBufferPointer { y in
                neighbors.withUnsafeBufferPointer { index in
                    weights.withUnsafeMutableBufferPointer { out in
                        failures.withUnsafeMutableBufferPointer { failed in
                            // Chunk `chunk` writes only its own rows of `out` and `failed[chunk]`.
                            let shared = UncheckedSendable((x, y, index, out, failed))
                            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                                let (x, y, index, out, failed) = shared.value
                                var c = [Double](repeating: 0, count: k * d)
                                var g = [Double](repeating: 0, count: k * k)
                                var w = [Double](repeating: 0, count: k)
                                for i in (chunk * chunkSize)..<min(m, (chunk + 1) * chunkSize) {
                                    for a in 0..<k {
                                        let neighbor = index[i * k + a]
                                        for t in 0..<d { c[a * d + t] = y[neighbor * d + t] - x[i * d + t] }
                                    }
                                    var trace = 0.0
                                    for a in 0..<k {
                                        for b in 0...a {
                                            var s = 0.0
                                            for t in 0..<d { s += c[a * d + t] * c[b * d + t] }
                                            g[a * k + b] = s
                                        }
                                        trace += g[a * k + a]
                                    }
                                    let r = trace > 0 ? regularization * trace : regularization
                                    for a in 0..<k { g[a * k + a] += r }
                                    guard solveOnes(&g, &w, k) else { failed[chunk] = i; break }
                                    let total = w.reduce(0, +)
                                    for a in 0..<k { out[i * k + a] = w[a] / total }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let point = failures.first(where: { $0 >= 0 }) {
            throw ManifoldLearningError.invalidParameter(
                method: method,
                message: "the local Gram matrix of point \(point) is singular with regularization = \(regularization); use a positive regularization (default 1e-3)")
        }
        return weights
    }

    /// Embeds new points as the barycentric combination of their training neighbours' embeddings,
    /// `yₓ = Σⱼ wⱼ y_{nⱼ}` (scikit-learn's `transform` for every LLE variant).
    ///
    /// - Throws: `ManifoldLearningError` for empty, non-finite or mis-shaped points.
    static func transform(_ x: Matrix, search: NearestNeighbors.Model, embedding: Matrix, neighbors k: Int,
                          regularization: Double, method: String) throws -> Matrix {
        try ManifoldLearningError.validate(x, method: method)
        guard x.columns == search.data.columns else {
            throw ManifoldLearningError.featureMismatch(method: method, fitted: search.data.columns, given: x.columns)
        }
        let list = try search.kneighbors(of: x, neighbors: k)
        let w = try compute(points: x, reference: search.data, neighbors: list.indices, k: k,
                            regularization: regularization, method: method)
        let c = embedding.columns
        var result = Matrix(rows: x.rows, columns: c)
        for i in 0..<x.rows {
            for a in 0..<k {
                let neighbor = list.indices[i * k + a]
                for j in 0..<c { result.elements[i * c + j] += w[i * k + a] * embedding.elements[neighbor * c + j] }
            }
        }
        return result
    }

    /// Solves `G w = 𝟙` in place by Cholesky on the lower triangle of the k × k row-major `g`; false when `G`
    /// is not positive definite.
    private static func solveOnes(_ g: inout [Double], _ w: inout [Double], _ k: Int) -> Bool {
        for j in 0..<k {
            var diagonal = g[j * k + j]
            for p in 0..<j { diagonal -= g[j * k + p] * g[j * k + p] }
            guard diagonal > 0 else { return false }
            let l = diagonal.squareRoot()
            g[j * k + j] = l
            for i in (j + 1)..<max(j + 1, k) {
                var s = g[i * k + j]
                for p in 0..<j { s -= g[i * k + p] * g[j * k + p] }
                g[i * k + j] = s / l
            }
        }
        for i in 0..<k {   // L z = 𝟙
            var s = 1.0
            for p in 0..<i { s -= g[i * k + p] * w[p] }
            w[i] = s / g[i * k + i]
        }
        for i in stride(from: k - 1, through: 0, by: -1) {   // Lᵀ w = z
            var s = w[i]
            for p in (i + 1)..<max(i + 1, k) { s -= g[p * k + i] * w[p] }
            w[i] = s / g[i * k + i]
        }
        return true
    }
}
