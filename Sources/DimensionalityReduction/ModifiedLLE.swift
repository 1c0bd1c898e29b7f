import LinearAlgebra
import Neighbors

/// Modified locally linear embedding (Zhang & Wang 2006), scikit-learn's
/// `LocallyLinearEmbedding(method="modified")`: several weight vectors per point instead of one, which
/// removes standard LLE's sensitivity to the regularisation.
///
///     Cᵢ = Dᵢ Dᵢᵀ,  Dᵢ = (x_{nⱼ} − xᵢ)ⱼ (k × D);  Cᵢ = Vᵢ diag(λ) Vᵢᵀ, λ descending (nev = min(D, k) kept)
///     w_regᵢ ∝ Vᵢ diag(1/(λ + r)) Vᵢᵀ 𝟙,  r = 10⁻³ Σλ        (regularised LLE weights, Σ = 1)
///     ρᵢ = Σ_{j>d} λⱼ / Σ_{j≤d} λⱼ,  η = median ρ;  sᵢ = k − nev + #{m : Σ_{j≥m} λⱼ / Σ_{j<m} λⱼ < η}
///     Uᵢ = the last sᵢ columns of Vᵢ,  αᵢ = ‖Uᵢᵀ𝟙‖/√sᵢ,  Hᵢ the Householder reflection with Hᵢ Uᵢᵀ𝟙 = αᵢ𝟙
///     Wᵢ = Uᵢ Hᵢ + (1 − αᵢ) w_regᵢ 𝟙ᵀ          (k × sᵢ, every column sums to 1)
///     M = Σᵢ Ŵᵢ Ŵᵢᵀ,  Ŵᵢ = Wᵢ scattered to the neighbours, −1 in row i;  Y = bottom of M on 𝟙⊥
///
/// - Complexity: one k × k eigenproblem per point (in parallel), M assembly O(n k² s), the sparse bottom
///   eigenproblem.
/// - Reference: Z. Zhang, J. Wang, "MLLE: modified locally linear embedding using multiple weights",
///   NIPS 19 (2006).
public typealias ModifiedLLE = LocalEmbedding<ModifiedLLECost>

/// The cost matrix of modified LLE (`ModifiedLLE`).
public enum ModifiedLLECost: LocalCostMatrix {
    /// The number of weight vectors sᵢ of each point (`Model.weightCounts`).
    public typealias Details = [Int]

    /// The name in messages.
    public static let methodName = "ModifiedLLE"
    /// scikit-learn's default neighbours.
    public static let defaultNeighbors = 5

    /// Throws for `components` outside `1...min(features, neighbors)`.
    public static func validate(_ settings: ModifiedLLE, samples n: Int, features: Int) throws {
        let (neighbors, components) = (settings.neighbors, settings.components)
        let d = components
        guard d >= 1 && d < min(features, neighbors) + 1 else {
            throw ManifoldLearningError.invalidParameter(method: methodName, message: "components = \(d) must be between 1 and min(features, neighbors) = \(min(features, neighbors))")
        }
    }

    /// The cost matrix of `x`'s neighbourhoods `list` and the details.
    public static func costMatrix(_ settings: ModifiedLLE, of x: Matrix, neighbors list: NeighborList,
                                  progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: [Int]) {
        let method = methodName
        let (n, features, d) = (x.rows, x.columns, settings.components)
        let k = settings.neighbors
        let nev = min(features, k)
        // Local eigendecompositions: V (k × k, descending) per point, and the nev leading eigenvalues.
        var eigenvalues = [Double](repeating: 0, count: n * nev)
        let vectors = try eigenvalues.withUnsafeMutableBufferPointer { values in
            try LocalBlocks.compute(count: n, size: k, method: method, progress: progress) { i, block in
                let neighborhood = list.indices(ofRow: i)
                let differences = x.rows(at: neighborhood).subtractingFromEachRow(x.row(i))
                let decomposition = try differences.rowGram().symmetricEigen(.all)
                try NeighborhoodRank.require(d, eigenvalues: decomposition.eigenvalues, points: x, row: i, rows: neighborhood,
                                             method: method)
                block.update(from: decomposition.eigenvectors.elements, count: k * k)
                for j in 0..<nev { values[i * nev + j] = max(decomposition.eigenvalues[j], 0) }
            }
        }
        // η: the median ratio of the trailing to the leading eigenvalue mass.
        let ratios = (0..<n).map { i -> Double in
            let leading = (0..<d).reduce(0) { $0 + eigenvalues[i * nev + $1] }
            let trailing = (d..<nev).reduce(0) { $0 + eigenvalues[i * nev + $1] }
            return trailing / leading
        }.sorted()
        let eta = n % 2 == 1 ? ratios[n / 2] : 0.5 * (ratios[n / 2 - 1] + ratios[n / 2])
        var counts = [Int](repeating: 0, count: n)
        var indices: [Int] = []
        var values: [Double] = []
        for i in 0..<n {
            let lambda = Array(eigenvalues[(i * nev)..<((i + 1) * nev)])
            let total = lambda.reduce(0, +)
            // sᵢ: the almost-null space size.
            var prefix = 0.0, small = 0
            for m in 1..<max(nev, 1) {
                prefix += lambda[m - 1]
                if total / prefix - 1 < eta { small += 1 }
            }
            let s = small + k - nev
            counts[i] = s
            guard s > 0 else { continue }
            // Regularised weights through the eigenbasis: w ∝ V diag(1/(λ + r)) Vᵀ 𝟙.
            let r = 1e-3 * total
            var projected = [Double](repeating: 0, count: k)   // Vᵀ 𝟙, then scaled
            for c in 0..<k {
                for p in 0..<k { projected[c] += vectors[i * k * k + p * k + c] }
                projected[c] /= c < nev ? lambda[c] + r : r
            }
            var wReg = [Double](repeating: 0, count: k)
            for p in 0..<k { for c in 0..<k { wReg[p] += vectors[i * k * k + p * k + c] * projected[c] } }
            let wSum = wReg.reduce(0, +)
            for p in 0..<k { wReg[p] /= wSum }
            // U = last s columns of V; Householder h with H Uᵀ𝟙 = α𝟙.
            var columnSums = [Double](repeating: 0, count: s)
            for j in 0..<s { for p in 0..<k { columnSums[j] += vectors[i * k * k + p * k + (k - s + j)] } }
            let alpha = columnSums.reduce(0) { $0 + $1 * $1 }.squareRoot() / Double(s).squareRoot()
            var h = columnSums.map { alpha - $0 }
            let hNorm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
            h = hNorm < 1e-12 ? h.map { _ in 0 } : h.map { $0 / hNorm }
            for j in 0..<s {
                // Column j of W = U H + (1 − α) w_reg 𝟙ᵀ, with −1 for the point itself.
                indices.append(i)
                values.append(-1)
                for p in 0..<k {
                    var uh = 0.0
                    for t in 0..<s { uh += vectors[i * k * k + p * k + (k - s + t)] * h[t] }
                    let u = vectors[i * k * k + p * k + (k - s + j)]
                    indices.append(list.indices[i * k + p])
                    values.append(u - 2 * uh * h[j] + (1 - alpha) * wReg[p])
                }
            }
        }
        let cost = SparseSymmetricMatrix(sumOfOuterProductsOf: indices.count / (k + 1), support: k + 1, indices: indices,
                                         values: values, dimension: n)
        return (cost, counts)
    }
}
