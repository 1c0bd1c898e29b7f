import LinearAlgebra
import Neighbors

/// Standard locally linear embedding (Roweis & Saul 2000) with scikit-learn's semantics and defaults
/// (`LocallyLinearEmbedding(method="standard")`).
///
///     W: each point's barycentric weights on its k neighbours (regularised by reg · trace, Σⱼ wᵢⱼ = 1)
///     M = (I − W)ᵀ(I − W)                  (sparse, about (2k)² entries per row)
///     Y = the eigenvectors of M for its d smallest eigenvalues on 𝟙⊥ (scikit-learn: the d + 1 smallest
///         without the first, the constant vector M𝟙 = 0 — the same when that null space is one-dimensional)
///
/// The embedding's columns are orthonormal (YᵀY = I) and have zero mean (they are orthogonal to 𝟙, since
/// M𝟙 = 0). Eigenvectors: dense `dsyevr` for small n; otherwise shift-invert on the sparse M — a CHOLMOD
/// factorisation of M + σI and a block Krylov iteration on (M + σI)⁻¹ restricted to 𝟙⊥ — which reaches the
/// bottom of the spectrum in a few solves.
///
/// - Complexity: k-NN O(n² d); weights O(n k² d); M O(n k²); shift-invert one sparse factorisation (about
///   O(n^1.5) for a 2-D manifold) plus a few dozen sparse solves.
/// - Reference: S. T. Roweis, L. K. Saul, "Nonlinear dimensionality reduction by locally linear
///   embedding", Science 290 (2000). doi:10.1126/science.290.5500.2323
public typealias LocallyLinearEmbedding = LocalEmbedding<StandardLLECost>

/// The cost matrix of standard LLE (`LocallyLinearEmbedding`).
public enum StandardLLECost: LocalCostMatrix {
    /// Each point's barycentric weights on its neighbours, row-major n × k (`Model.weights`).
    public typealias Details = [Double]

    /// The name in messages.
    public static let methodName = "LocallyLinearEmbedding"
    /// scikit-learn's default neighbours.
    public static let defaultNeighbors = 5

    /// Throws for `neighbors < 1` or `components` outside `1..<n`.
    public static func validate(_ settings: LocallyLinearEmbedding, samples n: Int, features: Int) throws {
        let (neighbors, components) = (settings.neighbors, settings.components)
        let method = methodName
        guard neighbors >= 1 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "neighbors = \(neighbors) must be at least 1")
        }
        guard components >= 1 && components + 1 <= n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: components + 1,
                                                      reason: "components = \(components) (plus the constant eigenvector)")
        }
    }

    /// `M = (I − W)ᵀ(I − W)` from the barycentric weights W, which are the details.
    public static func costMatrix(_ settings: LocallyLinearEmbedding, of x: Matrix, neighbors list: NeighborList,
                                  progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: [Double]) {
        let (n, k, regularization) = (x.rows, settings.neighbors, settings.regularization)
        let weights = try BarycentricWeights.compute(points: x, reference: x, neighbors: list.indices, k: k,
                                                     regularization: regularization, method: methodName)
        // Rows of I − W: +1 at i, −wᵢⱼ at each neighbour.
        var indices = [Int](repeating: 0, count: n * (k + 1))
        var values = [Double](repeating: 0, count: n * (k + 1))
        for i in 0..<n {
            indices[i * (k + 1)] = i
            values[i * (k + 1)] = 1
            for a in 0..<k {
                indices[i * (k + 1) + 1 + a] = list.indices[i * k + a]
                values[i * (k + 1) + 1 + a] = -weights[i * k + a]
            }
        }
        let cost = SparseSymmetricMatrix(sumOfOuterProductsOf: n, support: k + 1, indices: indices, values: values,
                                         dimension: n)
        return (cost, weights)
    }
}

/// scikit-learn's name for the same method.
public typealias LLE = LocallyLinearEmbedding
