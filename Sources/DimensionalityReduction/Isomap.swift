import LinearAlgebra
import Neighbors

/// Isomap (Tenenbaum, de Silva & Langford 2000): classical scaling of geodesic distances along the
/// neighbour graph, with scikit-learn's semantics and defaults.
///
///     G = shortest paths in the undirected k-NN (or radius) graph, edge length ‖xᵢ − xⱼ‖
///     K = −½ J G⁽²⁾ J,   K vⱼ = λⱼ vⱼ (top `components`),   embedding = [v₁ √λ₁, …]
///
/// Shortest paths run one Dijkstra per source, in parallel, into a dense n × n matrix. A disconnected
/// graph throws (`ManifoldLearningError.disconnectedGraph`) unless `connectComponents` is set, which links
/// every pair of components by their closest pair of points (as scikit-learn does) and reports it in
/// `Model.linkedComponents`.
///
/// - Complexity: k-NN O(n² d); shortest paths O(n (n + nk) log n) over the cores; O(n²) memory (two n × n
///   matrices during the fit, one kept for `transform`). For n beyond ~20 000 use `LandmarkIsomap`.
/// - Reference: J. B. Tenenbaum, V. de Silva, J. C. Langford, "A global geometric framework for nonlinear
///   dimensionality reduction", Science 290 (2000). doi:10.1126/science.290.5500.2319
public struct Isomap: EmbeddingEstimator {
    /// How the neighbour graph is built.
    public enum Neighborhood: Sendable, Equatable {
        /// The `k` nearest neighbours of each point (scikit-learn's `n_neighbors`, default 5).
        case count(Int)
        /// Every point within `radius` (scikit-learn's `radius`).
        case radius(Double)
    }

    /// How the top eigenpairs of the n × n kernel are computed: the spectral solver of classical MDS and
    /// kernel PCA (`.automatic` is block Krylov for n > 200 and fewer than 10 components, dense otherwise).
    public typealias EigenSolver = SpectralEigenSolver

    /// The neighbour graph's definition (default 5 neighbours).
    public var neighborhood: Neighborhood
    /// Embedding dimension (scikit-learn's `n_components`, default 2).
    public var components: Int
    /// Link the components of a disconnected graph instead of throwing.
    public var connectComponents: Bool
    /// Eigen solver for the kernel.
    public var eigenSolver: EigenSolver

    /// Isomap on the `neighbors`-nearest-neighbour graph.
    public init(neighbors: Int = 5, components: Int = 2, connectComponents: Bool = false,
                eigenSolver: EigenSolver = .automatic) {
        self.init(neighborhood: .count(neighbors), components: components, connectComponents: connectComponents,
                  eigenSolver: eigenSolver)
    }

    /// Isomap on a given neighbourhood (k nearest or a radius).
    public init(neighborhood: Neighborhood, components: Int = 2, connectComponents: Bool = false,
                eigenSolver: EigenSolver = .automatic) {
        self.neighborhood = neighborhood
        self.components = components
        self.connectComponents = connectComponents
        self.eigenSolver = eigenSolver
    }

    /// A fitted Isomap: the embedding of the training points and what `transform` needs.
    public struct Model: EmbeddingModel {
        /// The configuration that was fitted.
        public let configuration: Isomap
        /// The training embedding, n × components (scikit-learn's `embedding_`).
        public let embedding: Matrix
        /// The top eigenvalues of `K = −½ J G⁽²⁾ J`, descending.
        public let eigenvalues: [Double]
        /// Geodesic distances between training points, n × n (scikit-learn's `dist_matrix_`).
        public let geodesicDistances: Matrix
        /// The neighbour graph used (after linking components, if that was done).
        public let graph: NeighborGraph
        /// Components of the neighbour graph before linking (1 when it was connected).
        public let linkedComponents: Int
        /// scikit-learn's `reconstruction_error()`: `√(‖K‖²_F − Σ λⱼ²) / n`.
        public let reconstructionError: Double
        let search: NearestNeighbors.Model
        let statistics: DoubleCentering.Statistics
        let projection: Matrix

        /// Embeds new points: each point's geodesic distance to training point j is the shortest
        /// `‖x − xₙ‖ + G(n, j)` over its neighbours n in the training set; the rows of `−½ G_x⁽²⁾` are
        /// centred with the training statistics and projected on `vⱼ / √λⱼ`.
        ///
        /// For a training point this reproduces its row of `embedding`.
        ///
        /// - Complexity: O(m n d) for the search, O(m k n) for the geodesics, O(m n c) for the projection.
        /// - Throws: `ManifoldLearningError` for non-finite points or a feature-count mismatch.
        public func transform(_ x: Matrix) throws -> Matrix {
            let method = "Isomap.transform"
            try ManifoldLearningError.validate(x, method: method)
            guard x.columns == search.data.columns else {
                throw ManifoldLearningError.featureMismatch(method: method, fitted: search.data.columns, given: x.columns)
            }
            let n = geodesicDistances.rows
            var geodesics = Matrix(rows: x.rows, columns: n, repeating: .infinity)
            switch configuration.neighborhood {
            case let .count(k):
                let list = try search.kneighbors(of: x, neighbors: k)
                for i in 0..<x.rows {
                    for (index, distance) in zip(list.indices(ofRow: i), list.distances(ofRow: i)) {
                        relax(&geodesics, row: i, through: index, distance: distance)
                    }
                }
            case let .radius(radius):
                let list = try search.radiusNeighbors(of: x, radius: radius)
                for i in 0..<x.rows {
                    for (index, distance) in zip(list.indices(ofRow: i), list.distances(ofRow: i)) {
                        relax(&geodesics, row: i, through: index, distance: distance)
                    }
                }
            }
            if let index = geodesics.elements.firstIndex(where: { !$0.isFinite }) {
                throw ManifoldLearningError.invalidParameter(
                    method: method, message: "point \(index / n) has no training point within the neighbourhood; use the k-nearest neighbourhood or a larger radius")
            }
            return DoubleCentering.centerNewRows(distances: geodesics, statistics: statistics) * projection
        }

        private func relax(_ geodesics: inout Matrix, row i: Int, through index: Int, distance: Double) {
            let n = geodesicDistances.rows
            geodesics.elements.withUnsafeMutableBufferPointer { g in
                geodesicDistances.elements.withUnsafeBufferPointer { d in
                    for j in 0..<n { g[i * n + j] = min(g[i * n + j], distance + d[index * n + j]) }
                }
            }
        }
    }

    /// Fits Isomap to `x` (n × d), reporting the phases "neighbours", "shortest paths" (one step per
    /// source) and "eigensolver" to `progress`.
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, bad parameters (neighbours outside
    ///   `1..<n`, components outside `1...n`), or a disconnected graph without `connectComponents`;
    ///   `DimensionalityReductionError` if the eigensolver fails or its tolerance is not in (0, 1).
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = "Isomap"
        try ManifoldLearningError.validate(x, method: method)
        let n = x.rows
        guard components >= 1 && components < n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: components + 1,
                                                      reason: "components = \(components)")
        }
        let graph = try NeighborGraphBuilder.graph(of: x, neighborhood: neighborhood, method: method, progress: progress)
        let (linked, before) = try NeighborGraphBuilder.connect(graph.graph, data: x, connect: connectComponents,
                                                                 method: method, description: graph.description)
        let geodesics = linked.allPairsShortestPaths(progress: progress)
        let (kernel, statistics) = DoubleCentering.kernel(fromDistances: geodesics)
        // `transform` reproduces a training row only as well as the eigenvectors have converged, so the automatic
        // choice runs the iterative solver to 1e-10 rather than 1e-8 (scikit-learn's ARPACK runs to rounding).
        var solver = eigenSolver
        if solver == .automatic && solver.usesIterative(dimension: n, count: components) { solver = .iterative(tolerance: 1e-10) }
        let eigen = try ClassicalMDS(components: components, eigenSolver: solver, reportsNegativeEigenvalues: false)
            .embed(kernel: kernel, method: method, progress: progress)
        let residual = max(0, statistics.centeredSquaredNorm - eigen.eigenvalues.reduce(0) { $0 + $1 * $1 })
        return Model(configuration: self, embedding: eigen.embedding, eigenvalues: eigen.eigenvalues,
                     geodesicDistances: geodesics, graph: linked, linkedComponents: before,
                     reconstructionError: residual.squareRoot() / Double(n), search: graph.search,
                     statistics: statistics, projection: eigen.projection)
    }
}
