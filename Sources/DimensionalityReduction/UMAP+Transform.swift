import Foundation
import LinearAlgebra
import Neighbors

extension UMAP.Model {
    /// Embeds new rows into the training embedding, as umap-learn's `UMAP.transform`:
    ///
    ///     1. the k nearest training points of each new row (k = `neighbors`)
    ///     2. memberships exp(−dᵢⱼ/σᵢ) with local connectivity max(0, localConnectivity − 1) (so ρᵢ = 0) and
    ///        σᵢ from the same bisection as the fit (whose sum leaves out the nearest column, as umap-learn's)
    ///     3. start at the membership-weighted mean of the neighbours' embeddings, or exactly at a training
    ///        point's embedding when the new row coincides with it (membership 1)
    ///     4. SGD with the training embedding fixed: a third of the fit's epochs when they were set, else
    ///        100 for m ≤ 10 000 new rows and 30 above; learning rate `learningRate / 4`; memberships below
    ///        max / epochs dropped
    ///
    /// Negative samples come from the training embedding. The streams are seeded from the fit's seed (42
    /// without one, umap-learn's `transform_seed`), and since only the new rows move, each from its own
    /// stream, the result is reproducible even though rows are optimised in parallel.
    ///
    /// - Complexity: O(m n d) for the search, O(epochs · m k (1 + negativeSampleRate)) for the layout.
    /// - Throws: `DimensionalityReductionError` for empty or non-finite rows or a feature-count mismatch.
    public func transform(_ x: Matrix) throws -> Matrix {
        let method = "UMAP.transform"
        try DimensionalityReductionError.validate(x, method: method)
        guard x.columns == trainingData.columns else {
            throw DimensionalityReductionError.featureMismatch(method: method, expected: trainingData.columns, got: x.columns)
        }
        let m = x.rows, k = configuration.neighbors, dim = embedding.columns
        let list = try DimensionalityReductionError.wrapping(method) { try search.kneighbors(of: x, neighbors: k) }
        let distances = list.distances.map(FuzzySimplicialSet.singlePrecision)
        let (sigmas, rhos) = FuzzySimplicialSet.smoothDistances(
            distances, rows: m, neighbors: k, localConnectivity: max(0, configuration.localConnectivity - 1),
            bandwidth: 1)
        var weights = [Double](repeating: 0, count: m * k)
        for i in 0..<m {
            for p in 0..<k {
                weights[i * k + p] = FuzzySimplicialSet.membership(distances[i * k + p], rho: rhos[i], sigma: sigmas[i])
            }
        }

        // Initial positions: weighted means of the neighbours' embeddings.
        var head = [Float](repeating: 0, count: m * dim)
        for i in 0..<m {
            let row = (i * k)..<((i + 1) * k)
            if let exact = row.first(where: { weights[$0] == 1 }) {
                for c in 0..<dim { head[i * dim + c] = Float(embedding[list.indices[exact], c]) }
                continue
            }
            let total = row.reduce(0) { $0 + weights[$1] }
            for p in row {
                let share = total > 0 ? weights[p] / total : (p == row.lowerBound ? 1 : 0)
                for c in 0..<dim { head[i * dim + c] += Float(share * embedding[list.indices[p], c]) }
            }
        }

        let epochCount = configuration.epochs.map { $0 / 3 } ?? (m <= 10_000 ? 100 : 30)
        guard epochCount > 0 else { return Matrix(rows: m, columns: dim, elements: head.map(Double.init)) }
        let largest = weights.max() ?? 0
        let threshold = largest / Double(epochCount)
        var heads: [Int32] = [], tails: [Int32] = [], perSample: [Double] = []
        for i in 0..<m {
            for p in 0..<k where weights[i * k + p] > 0 && weights[i * k + p] >= threshold {
                heads.append(Int32(i))
                tails.append(Int32(list.indices[i * k + p]))
                perSample.append(largest / weights[i * k + p])
            }
        }
        let optimizer = UMAPLayout(heads: heads, tails: tails, epochsPerSample: perSample, a: a, b: b,
                                   gamma: configuration.repulsionStrength,
                                   initialLearningRate: configuration.learningRate / 4,
                                   negativeSampleRate: configuration.negativeSampleRate, epochs: epochCount)
        let tail = embedding.elements.map(Float.init)
        optimizer.optimize(&head, tail: tail, dimension: dim, seed: configuration.seed ?? 42, parallel: true,
                           progress: .silent)
        return Matrix(rows: m, columns: dim, elements: head.map(Double.init))
    }
}
