import LinearAlgebra
import Neighbors

/// The shape LLE, modified LLE, Hessian LLE and LTSA share: settings (neighbours, components, the
/// regularisation of the out-of-sample weights, the eigensolver), a sparse n × n cost matrix M built from each
/// point's k nearest neighbours, and the embedding by the bottom of M,
///
///     neighbours:  the k nearest neighbours of every point (itself excluded)
///     M = Σᵢ Sᵢ Bᵢ Sᵢᵀ            (the method's local blocks Bᵢ, scattered to point i's neighbourhood)
///     Y = the eigenvectors of M for its `components` smallest eigenvalues on 𝟙⊥ (M𝟙 = 0)
///     transform(x) = Σⱼ wⱼ y_{nⱼ}  (regularised barycentric weights on x's k nearest training points)
///
/// A conforming method supplies its checks (`validate(samples:features:)`) and its cost matrix
/// (`costMatrix(of:neighbors:progress:)`); the fit, the model (`LocalEmbeddingModel`), the neighbour
/// search, the eigensolver, the out-of-sample map and the common parameter checks (`neighbors < n`, a finite
/// non-negative regularisation) come with the protocol.
///
/// Progress phases: "neighbours", "local fits" (where the method has per-point blocks), "eigensolver".
public protocol LocalEmbeddingMethod: EmbeddingEstimator where Model == LocalEmbeddingModel<Self> {
    /// What the method learns beside the shared model (LLE's weights, modified LLE's weight counts).
    associatedtype Details: Sendable = Void

    /// The name in messages ("LocallyLinearEmbedding").
    static var methodName: String { get }
    /// Neighbours per point k.
    var neighbors: Int { get }
    /// Embedding dimension.
    var components: Int { get }
    /// Tikhonov regularisation of the barycentric weights, relative to the local Gram trace.
    var regularization: Double { get }
    /// The eigensolver for the bottom of M.
    var eigenSolver: LocallyLinearEmbedding.EigenSolver { get }

    /// Throws `ManifoldLearningError` when the settings do not suit `n` rows of `features` columns (the
    /// method's own limits; `neighbors < n` and the regularisation are checked after it).
    func validate(samples n: Int, features: Int) throws

    /// The cost matrix M of `x` (n × D) whose rows' k nearest neighbours are `list`, and the method's details.
    func costMatrix(of x: Matrix, neighbors list: NeighborList,
                    progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: Details)
}

extension LocalEmbeddingMethod {
    /// Fits the method to `x` (n × D): the checks, the neighbour search, the cost matrix, its bottom
    /// eigenvectors.
    ///
    /// - Complexity: k-NN as `NearestNeighbors`; the method's cost matrix; a dense `dsyevr` (n ≤ 600) or
    ///   one sparse factorisation and a few dozen sparse solves (shift-invert).
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, the method's limits, `neighbors ≥ n`,
    ///   a negative or non-finite regularisation, a cost matrix that is not positive semidefinite;
    ///   `LinearAlgebraError` if an eigensolver or the sparse factorisation fails.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = Self.methodName
        try ManifoldLearningError.validate(x, method: method)
        let n = x.rows
        try validate(samples: n, features: x.columns)
        guard neighbors < n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: neighbors + 1, reason: "neighbors = \(neighbors)")
        }
        guard regularization.isFinite && regularization >= 0 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "regularization = \(regularization) must be finite and ≥ 0")
        }
        let (search, list) = try NeighborGraphBuilder.nearestNeighbors(of: x, k: neighbors, progress: progress)
        let (cost, details) = try costMatrix(of: x, neighbors: list, progress: progress)
        let bottom = try BottomEigenvectors(of: cost, count: components, solver: eigenSolver, method: method, progress: progress)
        let map = BarycentricMap(method: method, search: search, embedding: bottom.vectors, neighbors: neighbors,
                                 regularization: regularization, eigenvalues: bottom.values)
        return LocalEmbeddingModel(configuration: self, neighborIndices: list, costMatrix: cost, details: details, map: map)
    }
}

/// A fitted `LocalEmbeddingMethod` (LLE, modified LLE, Hessian LLE, LTSA): the embedding, the cost matrix and
/// what `transform` needs.
public struct LocalEmbeddingModel<Method: LocalEmbeddingMethod>: EmbeddingModel {
    /// The configuration that was fitted.
    public let configuration: Method
    /// Each point's neighbours (n × k indices into the training data).
    public let neighborIndices: NeighborList
    /// The cost matrix M whose bottom eigenvectors are the embedding (LLE's `(I − W)ᵀ(I − W)`, Hessian LLE's
    /// Hessian functional, LTSA's alignment matrix).
    public let costMatrix: SparseSymmetricMatrix
    /// What the method learns beside (LLE's weights, modified LLE's weight counts).
    public let details: Method.Details
    /// The barycentric out-of-sample map (training rows, embedding, search).
    let map: BarycentricMap

    /// The embedding, n × components, orthonormal zero-mean columns (scikit-learn's `embedding_`).
    public var embedding: Matrix { map.embedding }
    /// The eigenvalues of M for the embedding's columns, ascending.
    public var eigenvalues: [Double] { map.eigenvalues }
    /// scikit-learn's `reconstruction_error_`: the sum of `eigenvalues`, i.e. `tr(Yᵀ M Y)`.
    public var reconstructionError: Double { map.eigenvalues.reduce(0, +) }

    /// Embeds new points as the same barycentric combination of their training neighbours' embeddings:
    /// `yₓ = Σⱼ wⱼ y_{nⱼ}` (scikit-learn's `transform` for every LLE variant).
    ///
    /// - Complexity: O(m n d) for the search, O(m k² d) for the weights.
    /// - Throws: `ManifoldLearningError` for empty, non-finite or mis-shaped points.
    public func transform(_ x: Matrix) throws -> Matrix { try map.transform(x) }
}

extension LocalEmbeddingModel where Method == LocallyLinearEmbedding {
    /// Each point's weights on its neighbours, row-major n × k; every row sums to 1.
    public var weights: [Double] { details }
}

extension LocalEmbeddingModel where Method == ModifiedLLE {
    /// The number of weight vectors sᵢ of each point.
    public var weightCounts: [Int] { details }
}

extension LocalEmbeddingModel where Method == HessianLLE {
    /// The Hessian functional `H` (the cost matrix).
    public var hessianMatrix: SparseSymmetricMatrix { costMatrix }
}

extension LocalEmbeddingModel where Method == LocalTangentSpaceAlignment {
    /// The alignment matrix `M` (the cost matrix).
    public var alignmentMatrix: SparseSymmetricMatrix { costMatrix }
}
