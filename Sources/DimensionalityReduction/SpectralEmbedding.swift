import LinearAlgebra

/// Spectral embedding (Laplacian eigenmaps, Belkin & Niyogi 2003) with scikit-learn's `SpectralEmbedding`
/// semantics and defaults: the bottom eigenvectors of the normalised graph Laplacian of an affinity matrix.
///
///     A = ½ (C + Cᵀ)  (k-NN connectivity C, self included)   or   aᵢⱼ = exp(−γ ‖xᵢ − xⱼ‖²)
///     dᵢ = Σ_{j≠i} aᵢⱼ,   L = I − D^{-1/2} A D^{-1/2},   L vⱼ = λⱼ vⱼ,   0 = λ₀ < λ₁ ≤ … ≤ λ_c
///     embedding = [v₁ … v_c] / √d  (row i divided by √dᵢ),  v₀ ∝ √d dropped
///
/// Dividing by `√dᵢ` turns the eigenvectors of `L` into those of the random-walk Laplacian `I − D⁻¹A`
/// (`L_rw u = λ u`), the generalised problem `(D − A) u = λ D u` of Belkin & Niyogi. Each column is flipped so
/// its largest-magnitude entry is positive (scikit-learn's `_deterministic_vector_sign_flip`, the toolkit's
/// convention). The first vector, constant after the division, is known in closed form (`√d` for a connected
/// graph) and projected out rather than computed.
///
/// Eigensolvers (`EigenSolver`): dense `dsyevr` for n ≤ 600; for a sparse graph with few entries per row,
/// shift-invert (sparse Cholesky of `L + σI` by CHOLMOD, block Krylov on the inverse, as scikit-learn's ARPACK
/// mode); otherwise block Lanczos on `D^{-1/2} A D^{-1/2}` itself, whose wanted eigenvalues `1 − λⱼ` are its
/// largest — a graph with many neighbours per row (scikit-learn's default k = n/10) has a large spectral gap and
/// a Cholesky factor that would fill in, so products with the graph win there.
///
/// A disconnected graph throws (`ManifoldLearningError.invalidParameter`: its bottom eigenvectors would only
/// label the components) unless `connectComponents` is set, which links every pair of components by an edge of
/// affinity 1 between their closest points (as Isomap's `connectComponents` does) and reports it in
/// `Model.linkedComponents`. There is no `transform` (scikit-learn has none either).
///
/// - Complexity: k-NN search O(n² d) on BLAS; Lanczos O(n k b) per product with a block of b columns, shift-invert
///   a sparse Cholesky, dense O(n³). RBF affinity needs n² doubles of memory.
/// - Reference: M. Belkin, P. Niyogi, "Laplacian eigenmaps for dimensionality reduction and data representation",
///   Neural Computation 15 (2003). doi:10.1162/089976603321780317. U. von Luxburg, "A tutorial on spectral
///   clustering", Statistics and Computing 17 (2007).
public struct SpectralEmbedding: EmbeddingEstimator {
    /// How the affinity matrix is built from the data.
    public enum Affinity: Sendable, Equatable {
        /// Connectivity of the k nearest neighbours, each point counted among its own (scikit-learn's
        /// `affinity="nearest_neighbors"`, `kneighbors_graph(include_self=True)`), symmetrised as `½ (C + Cᵀ)`.
        /// `nil` takes scikit-learn's default `max(⌊n / 10⌋, 1)`.
        case nearestNeighbors(Int? = nil)
        /// The RBF kernel `exp(−γ ‖xᵢ − xⱼ‖²)` on all pairs; `nil` takes `γ = 1 / features` (scikit-learn's default).
        case rbf(gamma: Double? = nil)
    }

    /// How the bottom eigenvectors of the normalised Laplacian are computed.
    public enum EigenSolver: Sendable, Equatable {
        /// Dense for n ≤ 600; else shift-invert for a k-NN graph with at most 32 stored entries per row, block
        /// Lanczos otherwise (many neighbours per row, or RBF).
        case automatic
        /// LAPACK `dsyevr` on the dense n × n normalised affinity: O(n³), exact to rounding.
        case dense
        /// Shift-invert: CHOLMOD factor of `L + σI`, block Krylov on the inverse restricted to `√d⊥`, to the given
        /// relative residual. Only for the k-NN affinity.
        case shiftInvert(tolerance: Double = 1e-8)
        /// Block Lanczos (`BlockKrylovEigensolver`) on `D^{-1/2} A D^{-1/2}` restricted to `√d⊥`, to the given
        /// relative residual: products with the graph only, no factorisation.
        case lanczos(tolerance: Double = 1e-8)
    }

    /// Embedding dimension (scikit-learn's `n_components`, default 2).
    public var components: Int
    /// The affinity (default: k-NN with k = max(n/10, 1)).
    public var affinity: Affinity
    /// The eigensolver (default `.automatic`).
    public var eigenSolver: EigenSolver
    /// Link the components of a disconnected k-NN graph instead of throwing.
    public var connectComponents: Bool

    public init(components: Int = 2, affinity: Affinity = .nearestNeighbors(), eigenSolver: EigenSolver = .automatic,
                connectComponents: Bool = false) {
        self.components = components
        self.affinity = affinity
        self.eigenSolver = eigenSolver
        self.connectComponents = connectComponents
    }

    /// A fitted spectral embedding.
    public struct Model: EmbeddingModel {
        /// The configuration that was fitted.
        public let configuration: SpectralEmbedding
        /// The training embedding, n × components (scikit-learn's `embedding_`).
        public let embedding: Matrix
        /// The eigenvalues `λ₁ ≤ … ≤ λ_c` of the normalised Laplacian behind the columns, ascending (the trivial
        /// 0 excluded).
        public let eigenvalues: [Double]
        /// The neighbours used (scikit-learn's `n_neighbors_`), for the k-NN affinity.
        public let neighbors: Int?
        /// The RBF coefficient used (scikit-learn's `gamma_`), for the RBF affinity.
        public let gamma: Double?
        /// Components of the graph before linking (1 when it was connected).
        public let linkedComponents: Int
        /// The solver that ran (`.automatic` resolved).
        public let solver: EigenSolver

        /// Spectral embedding has no out-of-sample map.
        ///
        /// - Throws: always `DimensionalityReductionError.invalidParameter`.
        public func transform(_ x: Matrix) throws -> Matrix {
            throw DimensionalityReductionError.invalidParameter(
                method: "SpectralEmbedding", name: "transform",
                message: "is not available: spectral embedding has no out-of-sample map (as in scikit-learn); fit on all the rows together, or use isomap, lle or pca, which have one")
        }
    }

    /// Fits the embedding of the rows of `x` (n × d), reporting the phases "neighbours" and "eigensolver".
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, fewer than 2 rows, components outside
    ///   `1..<n`, neighbours outside `1...n`, a γ that is not finite and positive, a bad tolerance, or a
    ///   disconnected graph (`.invalidParameter`) without `connectComponents` (always for RBF, whose affinities
    ///   underflowed to 0);
    ///   `DimensionalityReductionError.numericalFailure` when an eigensolver fails.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = "SpectralEmbedding"
        try ManifoldLearningError.validate(x, method: method)
        let n = x.rows
        guard n >= 2 else { throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: 2, reason: "a graph") }
        guard components >= 1 && components < n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: components + 1,
                                                      reason: "components = \(components)")
        }
        var tolerance = 1e-8
        switch eigenSolver {
        case let .shiftInvert(t), let .lanczos(t): tolerance = t
        case .automatic, .dense: break
        }
        guard tolerance > 0 && tolerance < 1 else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "eigensolver tolerance = \(tolerance) must be between 0 and 1")
        }

        // The affinity graph.
        var graph: AffinityGraph
        var neighbors: Int?, gamma: Double?
        var linked = 1
        progress.report("neighbours", fraction: 0)
        switch affinity {
        case let .nearestNeighbors(requested):
            let k = requested ?? Swift.max(n / 10, 1)
            guard k >= 1 && k <= n else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "neighbors = \(k) must be between 1 and the number of samples \(n) (each point counts as its own first neighbour)")
            }
            neighbors = k
            graph = try AffinityGraph.nearestNeighbors(of: x, neighbors: k)
            let parts = graph.components()
            if parts.count > 1 {
                guard connectComponents else {
                    let largest = (0..<parts.count).map { c in parts.labels.reduce(0) { $0 + ($1 == c ? 1 : 0) } }.max() ?? 0
                    throw ManifoldLearningError.invalidParameter(
                        method: method,
                        message: "the \(k)-nearest-neighbour graph has \(parts.count) connected components (the largest has \(largest) points), so its bottom eigenvectors would only label the components; raise neighbors, or set connectComponents to link the components by their closest pairs")
                }
                let links = NeighborGraphBuilder.closestPairs(labels: parts.labels, count: parts.count, data: x)
                graph = try AffinityGraph.nearestNeighbors(of: x, neighbors: k, links: links.map { ($0.source, $0.target) })
                linked = parts.count
            }
        case let .rbf(requested):
            let g = requested ?? 1 / Double(x.columns)
            guard g.isFinite && g > 0 else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "gamma = \(g) must be finite and > 0")
            }
            gamma = g
            graph = AffinityGraph.rbf(of: x, gamma: g)
            let parts = graph.components()
            if parts.count > 1 {
                throw ManifoldLearningError.invalidParameter(
                    method: method, message: "the RBF affinities (gamma = \(g)) underflow to 0 between groups of points, leaving \(parts.count) disconnected components; lower gamma or standardise the data")
            }
        }
        progress.report("neighbours", fraction: 1)

        // Normalise: S = D^{-1/2} A D^{-1/2}; its top eigenvector is √d / ‖√d‖ (eigenvalue 1).
        let degrees = graph.degrees
        let root = degrees.map { $0.squareRoot() }
        let normalized = graph.normalized(inverseRoot: root.map { 1 / $0 })
        let rootNorm = root.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let nullVector = root.map { $0 / rootNorm }

        progress.report("eigensolver", fraction: 0)
        let solver = resolvedSolver(graph: normalized, samples: n)
        let vectors: Matrix
        var values: [Double]
        switch solver {
        case .dense, .automatic:
            // The c + 1 largest of S; the first is the trivial √d (S's eigenvalue 1 is simple on a connected graph).
            let eigen = try DimensionalityReductionError.wrapping(method) {
                try normalized.dense.symmetricEigen(.largest(components + 1))
            }
            vectors = eigen.eigenvectors.columns(at: Array(1...components))
            values = eigen.eigenvalues.dropFirst().map { 1 - $0 }
        case let .shiftInvert(tolerance):
            guard case .sparse = normalized.storage else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "shift-invert needs the sparse k-NN affinity; use .lanczos or .dense with the RBF affinity")
            }
            let bottom = try DimensionalityReductionError.wrapping(method) {
                try BottomEigenvectors(shiftInvert: normalized.identityMinusSparse, count: components, tolerance: tolerance,
                                       method: method, nullVector: nullVector, progress: progress)
            }
            vectors = bottom.vectors
            values = bottom.values
        case let .lanczos(tolerance):
            let krylov = BlockKrylovEigensolver(tolerance: tolerance, maxRestarts: 500,
                                                blockSize: Swift.max(components + 4, 2 * components), steps: 8,
                                                progress: progress)
            // The products split rows across cores themselves; OpenBLAS stays single-threaded for the whole solve
            // so its idle threads do not spin against them (as SpectralEigenSolver does).
            let result = try DimensionalityReductionError.wrapping(method) {
                try BLAS.withThreads(1) {
                    try krylov.solve(dimension: n, count: components, end: .largest) { block in
                        var projected = block
                        Self.project(&projected, out: nullVector)
                        var product = normalized.multiply(projected)
                        Self.project(&product, out: nullVector)
                        return product
                    }
                }
            }
            vectors = result.eigenvectors
            values = result.eigenvalues.map { 1 - $0 }
        }
        progress.report("eigensolver", fraction: 1)

        // u = v / √d, then the sign convention.
        var embedding = vectors
        let c = embedding.columns
        for i in 0..<n {
            for j in 0..<c { embedding.elements[i * c + j] /= root[i] }
        }
        values = values.map { Swift.max($0, 0) }
        return Model(configuration: self, embedding: embedding.withNormalizedColumnSigns(), eigenvalues: values,
                     neighbors: neighbors, gamma: gamma, linkedComponents: linked, solver: solver)
    }

    /// `.automatic` resolved for the normalised affinity of `samples` points.
    func resolvedSolver(graph: AffinityGraph, samples n: Int) -> EigenSolver {
        guard eigenSolver == .automatic else { return eigenSolver }
        if n <= 600 { return .dense }
        if case .sparse = graph.storage, graph.averageRowEntries <= 32 { return .shiftInvert() }
        return .lanczos()
    }

    /// Removes from every column of the n × b block its component along the unit vector `u`.
    static func project(_ block: inout Matrix, out u: [Double]) {
        let (n, b) = (block.rows, block.columns)
        block.elements.withUnsafeMutableBufferPointer { e in
            var dots = [Double](repeating: 0, count: b)
            for i in 0..<n { for j in 0..<b { dots[j] += u[i] * e[i * b + j] } }
            for i in 0..<n { for j in 0..<b { e[i * b + j] -= dots[j] * u[i] } }
        }
    }
}
