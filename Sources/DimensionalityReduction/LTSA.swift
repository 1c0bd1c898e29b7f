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
public struct LocalTangentSpaceAlignment: Sendable {
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

    /// A fitted LTSA.
    public struct Model: Sendable {
        /// The configuration that was fitted.
        public let configuration: LocalTangentSpaceAlignment
        /// The embedding, n × components, orthonormal zero-mean columns.
        public let embedding: Matrix
        /// The eigenvalues of M for the embedding's columns, ascending.
        public let eigenvalues: [Double]
        /// The sum of `eigenvalues` (scikit-learn's `reconstruction_error_`).
        public let reconstructionError: Double
        /// Each point's neighbours (n × k indices).
        public let neighborIndices: NeighborList
        /// The alignment matrix `M`.
        public let alignmentMatrix: SparseSymmetricMatrix
        let search: NearestNeighbors.Model

        /// Embeds new points as the barycentric combination of their training neighbours' embeddings (as
        /// scikit-learn does for every LLE variant).
        ///
        /// - Throws: `ManifoldLearningError` for empty, non-finite or mis-shaped points.
        public func transform(_ x: Matrix) throws -> Matrix {
            try BarycentricWeights.transform(x, search: search, embedding: embedding, neighbors: configuration.neighbors,
                                             regularization: configuration.regularization, method: "LocalTangentSpaceAlignment.transform")
        }
    }

    /// Fits LTSA to `x` (n × D).
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, `neighbors` outside
    ///   `components + 2 ..< n`, `components` above the feature count, a negative regularisation;
    ///   `LinearAlgebraError` if an eigensolver or the sparse factorisation fails.
    public func fit(_ x: Matrix) throws -> Model {
        let method = "LocalTangentSpaceAlignment"
        try ManifoldLearningError.validate(x, method: method)
        let (n, features) = (x.rows, x.columns)
        guard components >= 1 && components <= features else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "components = \(components) must be between 1 and the number of features, \(features)")
        }
        guard neighbors >= components + 2 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "neighbors = \(neighbors) must be at least components + 2 = \(components + 2), or the local tangent spaces fill the neighbourhoods")
        }
        guard neighbors < n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: neighbors + 1, reason: "neighbors = \(neighbors)")
        }
        guard regularization.isFinite && regularization >= 0 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "regularization = \(regularization) must be finite and ≥ 0")
        }
        let k = neighbors, d = components
        let search = try NearestNeighbors(neighbors: k).fit(x)
        let list = try search.kneighbors()
        let blocks = try LocalBlocks.compute(count: n, size: k, method: method) { i, block in
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
        let bottom = try BottomEigenvectors(of: alignment, count: d, solver: eigenSolver, method: method)
        return Model(configuration: self, embedding: bottom.vectors, eigenvalues: bottom.values,
                     reconstructionError: bottom.values.reduce(0, +), neighborIndices: list,
                     alignmentMatrix: alignment, search: search)
    }

    /// The embedding, `fit(x).embedding`.
    public func fitTransform(_ x: Matrix) throws -> Matrix { try fit(x).embedding }
}
