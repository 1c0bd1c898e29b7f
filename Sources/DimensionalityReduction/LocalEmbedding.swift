import LinearAlgebra
import Neighbors

/// LLE, modified LLE, Hessian LLE and LTSA: one estimator, generic over the cost matrix each builds from the
/// neighbourhoods (`LocallyLinearEmbedding`, `ModifiedLLE`, `HessianLLE` and `LocalTangentSpaceAlignment` are
/// its four instances). They share the settings, the fit and the model:
///
///     neighbours:  the k nearest neighbours of every point (itself excluded)
///     M = Σᵢ Sᵢ Bᵢ Sᵢᵀ            (the variant's local blocks Bᵢ, scattered to point i's neighbourhood)
///     Y = the eigenvectors of M for its `components` smallest eigenvalues on 𝟙⊥ (M𝟙 = 0)
///     transform(x) = Σⱼ wⱼ y_{nⱼ}  (regularised barycentric weights on x's k nearest training points)
///
/// The embedding's columns are orthonormal with zero mean. Eigenvectors: dense `dsyevr` for small n;
/// otherwise shift-invert on the sparse M (a CHOLMOD factorisation of M + σI and a block Krylov iteration on
/// (M + σI)⁻¹ restricted to 𝟙⊥), which reaches the bottom of the spectrum in a few solves.
///
/// Progress phases: "neighbours", "local fits" (variants with per-point blocks), "eigensolver".
///
/// - Complexity: k-NN as `NearestNeighbors`; the variant's cost matrix; a dense `dsyevr` (n ≤ 600) or one
///   sparse factorisation and a few dozen sparse solves.
public struct LocalEmbedding<Variant: LocalCostMatrix>: EmbeddingEstimator {
    /// How the bottom eigenvectors of M are computed.
    public typealias EigenSolver = BottomEigenSolver
    /// A fitted estimator.
    public typealias Model = LocalEmbeddingModel<Variant>

    /// Neighbours per point k (scikit-learn's `n_neighbors`; default `Variant.defaultNeighbors`).
    public var neighbors: Int
    /// Embedding dimension (default 2).
    public var components: Int
    /// Tikhonov regularisation of the barycentric weights, relative to the local Gram trace (`reg`, default
    /// 1e-3): standard LLE's weights, and for every variant the weights `transform` places new points with.
    public var regularization: Double
    /// Eigen solver for M.
    public var eigenSolver: EigenSolver

    /// The variant with scikit-learn's defaults (2 components, reg = 1e-3; the variant's neighbours).
    public init(neighbors: Int = Variant.defaultNeighbors, components: Int = 2, regularization: Double = 1e-3,
                eigenSolver: EigenSolver = .automatic) {
        self.neighbors = neighbors
        self.components = components
        self.regularization = regularization
        self.eigenSolver = eigenSolver
    }

    /// Fits the variant to `x` (n × D): the checks, the neighbour search, the cost matrix, its bottom
    /// eigenvectors.
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, the variant's limits, `neighbors ≥ n`,
    ///   a negative or non-finite regularisation, a cost matrix that is not positive semidefinite;
    ///   `LinearAlgebraError` if an eigensolver or the sparse factorisation fails.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = Variant.methodName
        try ManifoldLearningError.validate(x, method: method)
        let n = x.rows
        try Variant.validate(self, samples: n, features: x.columns)
        guard neighbors < n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: neighbors + 1, reason: "neighbors = \(neighbors)")
        }
        guard regularization.isFinite && regularization >= 0 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "regularization = \(regularization) must be finite and ≥ 0")
        }
        let (search, list) = try NeighborGraphBuilder.nearestNeighbors(of: x, k: neighbors, progress: progress)
        let (cost, details) = try Variant.costMatrix(self, of: x, neighbors: list, progress: progress)
        let bottom = try BottomEigenvectors(of: cost, count: components, solver: eigenSolver, method: method, progress: progress)
        let map = BarycentricMap(method: method, search: search, embedding: bottom.vectors, neighbors: neighbors,
                                 regularization: regularization, eigenvalues: bottom.values)
        return LocalEmbeddingModel(configuration: self, neighborIndices: list, costMatrix: cost, details: details, map: map)
    }
}

/// What makes one `LocalEmbedding` variant: its checks and the cost matrix it builds from the neighbourhoods.
/// A new variant is a type conforming to this and a `typealias` of `LocalEmbedding<ItsType>`.
public protocol LocalCostMatrix: Sendable {
    /// What the variant learns beside the shared model (LLE's weights, modified LLE's weight counts).
    associatedtype Details: Sendable = Void

    /// The name in messages ("LocallyLinearEmbedding").
    static var methodName: String { get }
    /// The default neighbours per point.
    static var defaultNeighbors: Int { get }

    /// Throws `ManifoldLearningError` when `settings` do not suit `n` rows of `features` columns (the
    /// variant's own limits; `neighbors < n` and the regularisation are checked after it).
    static func validate(_ settings: LocalEmbedding<Self>, samples n: Int, features: Int) throws

    /// The cost matrix M of `x` (n × D) whose rows' k nearest neighbours are `list`, and the details.
    static func costMatrix(_ settings: LocalEmbedding<Self>, of x: Matrix, neighbors list: NeighborList,
                           progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: Details)
}

extension LocalCostMatrix {
    /// Throws unless `1 ≤ components ≤ features` (a tangent space of the data has at most that many dimensions).
    public static func requireComponents(_ components: Int, atMost features: Int) throws {
        guard components >= 1 && components <= features else {
            throw ManifoldLearningError.invalidParameter(
                method: methodName, message: "components = \(components) must be between 1 and the number of features, \(features)")
        }
    }
}

/// How the bottom eigenvectors of a `LocalEmbedding` cost matrix are computed.
public enum BottomEigenSolver: Sendable, Equatable {
    /// Dense for n ≤ 600, sparse shift-invert above.
    case automatic
    /// LAPACK `dsyevr` on the dense n × n M: O(n³) time, O(n²) memory.
    case dense
    /// Shift-invert with a sparse Cholesky factorisation and block Krylov iteration to this tolerance.
    case sparse(tolerance: Double)
}

/// A fitted `LocalEmbedding` (LLE, modified LLE, Hessian LLE, LTSA): the embedding, the cost matrix and what
/// `transform` needs.
public struct LocalEmbeddingModel<Variant: LocalCostMatrix>: EmbeddingModel {
    /// The configuration that was fitted.
    public let configuration: LocalEmbedding<Variant>
    /// Each point's neighbours (n × k indices into the training data).
    public let neighborIndices: NeighborList
    /// The cost matrix M whose bottom eigenvectors are the embedding (LLE's `(I − W)ᵀ(I − W)`, Hessian LLE's
    /// Hessian functional, LTSA's alignment matrix).
    public let costMatrix: SparseSymmetricMatrix
    /// What the variant learns beside (LLE's weights, modified LLE's weight counts).
    public let details: Variant.Details
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

extension LocalEmbeddingModel where Variant == StandardLLECost {
    /// Each point's weights on its neighbours, row-major n × k; every row sums to 1.
    public var weights: [Double] { details }
}

extension LocalEmbeddingModel where Variant == ModifiedLLECost {
    /// The number of weight vectors sᵢ of each point.
    public var weightCounts: [Int] { details }
}

extension LocalEmbeddingModel where Variant == HessianLLECost {
    /// The Hessian functional `H` (the cost matrix).
    public var hessianMatrix: SparseSymmetricMatrix { costMatrix }
}

extension LocalEmbeddingModel where Variant == TangentSpaceAlignmentCost {
    /// The alignment matrix `M` (the cost matrix).
    public var alignmentMatrix: SparseSymmetricMatrix { costMatrix }
}
