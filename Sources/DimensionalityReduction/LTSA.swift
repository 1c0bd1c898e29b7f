import LinearAlgebra
import Neighbors

/// Local tangent space alignment (Zhang & Zha 2004), scikit-learn's `LocallyLinearEmbedding(method="ltsa")`.
///
///     Xᵢ: the k neighbours of point i (not i itself), centred;  Vᵢ: top d eigenvectors of Xᵢ Xᵢᵀ (k × k)
///     Gᵢ = [𝟙/√k, Vᵢ],   M = Σᵢ Sᵢ (I − Gᵢ Gᵢᵀ) Sᵢᵀ          (Sᵢ scatters to the neighbours' indices)
///     Y = the eigenvectors of M for its d smallest eigenvalues on 𝟙⊥ (scikit-learn: the d + 1 smallest
///         without the first, the constant vector M𝟙 = 0 — the same when that null space is one-dimensional)
///
/// Each block `I − Gᵢ Gᵢᵀ` projects out the local tangent coordinates, so M's null space holds the global
/// coordinates that are affine in every neighbourhood: points on a flat d-dimensional patch are recovered
/// up to an affine map. Columns of Y are orthonormal with zero mean. Eigenvectors as in
/// `LocallyLinearEmbedding` (dense for small n, CHOLMOD shift-invert otherwise).
///
/// - Complexity: k-NN as `NearestNeighbors`; one k × k eigenproblem per point (in parallel); M assembly
///   O(n k²); the sparse bottom eigenproblem.
/// - Reference: Z. Zhang, H. Zha, "Principal manifolds and nonlinear dimensionality reduction via tangent
///   space alignment", SIAM J. Sci. Comput. 26 (2004). doi:10.1137/S1064827502419154
public struct LocalTangentSpaceAlignment: LocalEmbeddingMethod {
    /// Neighbours per point (default 5; at least `components + 2`).
    public var neighbors: Int
    /// Embedding dimension (default 2).
    public var components: Int
    /// Regularisation of the barycentric weights that `transform` uses for new points (default 1e-3).
    public var regularization: Double
    /// Eigen solver for M.
    public var eigenSolver: LocallyLinearEmbedding.EigenSolver

    /// LTSA with scikit-learn's defaults (5 neighbours, 2 components).
    public init(neighbors: Int = 5, components: Int = 2, regularization: Double = 1e-3,
                eigenSolver: LocallyLinearEmbedding.EigenSolver = .automatic) {
        self.neighbors = neighbors
        self.components = components
        self.regularization = regularization
        self.eigenSolver = eigenSolver
    }

    /// A fitted LTSA: the embedding, the alignment matrix (`alignmentMatrix`) and the barycentric `transform`
    /// (as scikit-learn does for every LLE variant).
    public typealias Model = LocalEmbeddingModel<LocalTangentSpaceAlignment>

    /// The name in messages.
    public static let methodName = "LocalTangentSpaceAlignment"

    /// Throws for `components` above the feature count or `neighbors < components + 2`.
    public func validate(samples n: Int, features: Int) throws {
        let method = Self.methodName
        guard components >= 1 && components <= features else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "components = \(components) must be between 1 and the number of features, \(features)")
        }
        guard neighbors >= components + 2 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "neighbors = \(neighbors) must be at least components + 2 = \(components + 2), or the local tangent spaces fill the neighbourhoods")
        }
    }

    /// The cost matrix of `x`'s neighbourhoods `list`.
    public func costMatrix(of x: Matrix, neighbors list: NeighborList,
                           progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: Void) {
        let method = Self.methodName
        let n = x.rows
        let k = neighbors, d = components
        let blocks = try LocalBlocks.compute(count: n, size: k, method: method, progress: progress) { i, block in
            let neighborhood = list.indices(ofRow: i)
            let local = x.rows(at: neighborhood).centeringColumns().centered
            let spectrum = try local.rowGram().symmetricEigen(.largest(d))
            try NeighborhoodRank.require(d, eigenvalues: spectrum.eigenvalues, points: x, row: i, rows: neighborhood, method: method)
            let tangent = spectrum.eigenvectors  // k × d
            for p in 0..<k {
                for q in 0..<k {
                    var projection = 1 / Double(k)
                    for j in 0..<d { projection += tangent.elements[p * d + j] * tangent.elements[q * d + j] }
                    block[p * k + q] = (p == q ? 1 : 0) - projection
                }
            }
        }
        let alignment = SparseSymmetricMatrix(sumOfBlocksOf: n, size: k, indices: list.indices, blocks: blocks, dimension: n)
        return (alignment, ())
    }
}
