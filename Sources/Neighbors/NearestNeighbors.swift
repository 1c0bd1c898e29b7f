import LinearAlgebra

/// Exact Euclidean nearest-neighbour search (scikit-learn's `NearestNeighbors`): blocked distance products
/// for any dimension, or a k-d tree for few dimensions; both give the same answer.
///
///     NearestNeighbors(neighbors: 10).fit(X).kneighbors()      // each row's 10 nearest other rows
///     NearestNeighbors(neighbors: 10).fit(X).kneighbors(of: Y) // the 10 nearest rows of X for each row of Y
///
/// Without a tree, tiles of 128 queries × 2048 fitted points are screened in single precision (one `sgemm`
/// gives each pair a proven lower bound of its squared distance); a point becomes a candidate only when that
/// bound could beat the query's k-th best exact double-precision distance so far, and candidates are decided by
/// their exact distances (`ScreenedNearestSearch`). Rows too large or too small to screen in single precision
/// are compared in double precision, so any finite input gives the exact answer. Tiles of queries run in
/// parallel.
///
/// In few dimensions (d ≤ 10) and for n ≥ 500, `.automatic` answers `kneighbors` with a k-d tree
/// (`KDTree`), O(n log n) instead of O(n²) for all points; radius queries always use the blocked products.
///
/// Conventions: a training point is excluded from its own neighbours **by index**, not by distance, so a
/// duplicate point is found at distance 0; ties are broken by the smaller index.
///
/// - Complexity: O(m n d) flops for m queries against n points (BLAS), O(m n) for the scans, O(128 · 2048)
///   scratch memory per core.
public struct NearestNeighbors: Sendable {
    /// How `kneighbors` searches (scikit-learn's `algorithm`).
    public enum Algorithm: Sendable, Equatable {
        /// A k-d tree when d ≤ 10 and n ≥ 500, blocked products otherwise.
        case automatic
        /// Screened tiles of distance products with a per-row selection: O(m n d), best in many dimensions.
        case bruteForce
        /// A k-d tree: about O(m log n) in few dimensions.
        case kdTree
        /// Approximate neighbours of the fitted rows by NN-descent (`NNDescent`): about O(n log n) instead of
        /// O(n² d), with a recall below 1 (the fraction of the exact k nearest it finds). Only `kneighbors()` of
        /// the fitted rows is approximate; queries given as a matrix are answered exactly by the screened products.
        case approximate(NNDescent)

        /// NN-descent with its defaults (pynndescent's, with a pool of 2k neighbours) and seed 0.
        public static var nnDescent: Algorithm { .approximate(NNDescent()) }

        /// The data-set size from which `embeddingDefault` picks NN-descent in more than `kdTreeDimensionLimit`
        /// dimensions for k = 15: where NN-descent starts to beat the exact search (`make bench SECTIONS=knn-approximate`,
        /// k = 15, d = 50, two loaded cores: about equal at 20 000 points, 2–3× faster at 100 000; measured before
        /// the pool of 2k and the faster distance kernel, which together leave NN-descent at 20 000 points about as
        /// fast as before and 1.8× faster than the exact search at 100 000, at recall 0.98 instead of 0.81).
        public static let approximateThreshold = 20_000

        /// The size from which NN-descent beats the exact search for k neighbours. NN-descent's local joins cost
        /// about c² distance evaluations per point and round for c = min(k, 60) sampled candidates (its default
        /// `maxCandidates`), the exact search about n per point whatever k, so the crossover grows as c²:
        /// `approximateThreshold · max(1, (min(k, 60) / 15)²)`. t-SNE's k = 90 at perplexity 30: 320 000 points
        /// (t-SNE's neighbour phase on 50-D blobs, two cores: exact 166 s against NN-descent 131 s at 350 000 points;
        /// NN-descent's recall 0.996 at 300 000).
        public static func approximateThreshold(neighbors: Int) -> Int {
            let ratio = max(1, Double(min(neighbors, NNDescent.defaultCandidates)) / 15)
            return Int(Double(approximateThreshold) * ratio * ratio)
        }

        /// Few enough dimensions for the k-d tree to beat the blocked products.
        public static let kdTreeDimensionLimit = 10

        /// The search a neighbour-graph embedding (t-SNE, UMAP, spectral embedding) should use for `samples`
        /// points in `features` dimensions and k = `neighbors`:
        ///
        ///     features ≤ 10                                 → .kdTree       (exact, O(n log n))
        ///     samples < approximateThreshold(neighbors: k) → .bruteForce   (exact, screened products)
        ///     otherwise                                     → .approximate(NNDescent(seed: seed))
        ///
        /// `.automatic` stays exact whatever the size, because Isomap and LLE rely on exact neighbours.
        public static func embeddingDefault(samples: Int, features: Int, neighbors: Int = 15, seed: UInt64 = 0) -> Algorithm {
            if features <= kdTreeDimensionLimit { return .kdTree }
            return samples < approximateThreshold(neighbors: neighbors) ? .bruteForce : .approximate(NNDescent(seed: seed))
        }

        /// This search, except that `.automatic` becomes `embeddingDefault(samples:features:seed:)`: what t-SNE and
        /// UMAP use, so past `approximateThreshold` points in many dimensions their graph comes from NN-descent
        /// (as openTSNE's and umap-learn's do), while an explicit choice is kept.
        public func resolvedForEmbedding(samples: Int, features: Int, neighbors: Int = 15, seed: UInt64 = 0) -> Algorithm {
            self == .automatic ? Self.embeddingDefault(samples: samples, features: features, neighbors: neighbors, seed: seed) : self
        }
    }

    /// Neighbours per point, `k` (scikit-learn's `n_neighbors`, default 5).
    public var neighbors: Int
    /// The search method for `kneighbors`.
    public var algorithm: Algorithm

    /// A search for `neighbors` nearest neighbours.
    public init(neighbors: Int = 5, algorithm: Algorithm = .automatic) {
        self.neighbors = neighbors
        self.algorithm = algorithm
    }

    /// Stores the data set (n × d) with its squared row norms.
    ///
    /// - Throws: `NeighborsError` for empty or non-finite data or `neighbors < 1`. (`neighbors ≥ n` is
    ///   reported by `kneighbors()`, since a radius search does not use it.)
    public func fit(_ x: Matrix) throws -> Model {
        let operation = "NearestNeighbors.fit"
        try NeighborsError.validate(x, operation: operation)
        guard neighbors >= 1 else { throw NeighborsError.invalidNeighborCount(operation: operation, requested: neighbors) }
        let useTree: Bool
        var approximate: NNDescent?
        switch algorithm {
        case .automatic: useTree = x.columns <= Algorithm.kdTreeDimensionLimit && x.rows >= 500
        case .bruteForce: useTree = false
        case .kdTree: useTree = true
        case let .approximate(settings):
            try settings.validate(operation: operation)
            useTree = false
            approximate = settings
        }
        return Model(data: x, neighbors: neighbors, tree: useTree ? KDTree(x) : nil, approximate: approximate)
    }

    /// A fitted search structure: the data and its squared row norms.
    public struct Model: Sendable {
        /// The fitted data, n × d.
        public let data: Matrix
        /// The default neighbour count of `kneighbors`.
        public let neighbors: Int
        /// `‖xⱼ‖²` of each fitted row.
        let squaredNorms: [Double]
        /// The k-d tree when the algorithm uses one.
        let tree: KDTree?
        /// The NN-descent settings when `kneighbors()` of the fitted rows is approximate.
        let approximate: NNDescent?

        init(data: Matrix, neighbors: Int, tree: KDTree?, approximate: NNDescent? = nil) {
            self.data = data
            self.neighbors = neighbors
            self.squaredNorms = data.rowSquaredNorms
            self.tree = tree
            self.approximate = approximate
        }

        /// The `k` nearest fitted points of each query row, ascending distance, ties by index.
        ///
        /// With `queries == nil` the queries are the fitted rows themselves and each row's own index is
        /// excluded (its neighbours are the k nearest *other* rows).
        ///
        /// - Parameters:
        ///   - queries: an m × d matrix, or `nil` for the fitted data.
        ///   - requested: `k` (the `neighbors:` argument), default the model's `neighbors`.
        ///   - progress: told of the search's trees ("neighbour trees") and rounds ("neighbours") with `.approximate`
        ///     on the fitted rows, the one search long enough to need it (minutes at 10⁶ points).
        /// - Returns: m × k indices and distances.
        /// - Complexity: O(m n d) flops plus O(m n) comparisons by blocked products, about O(m log n) with the
        ///   k-d tree, about O(n log n) for the fitted rows with `.approximate` (not exact: see `NNDescent`);
        ///   queries split across cores.
        /// - Throws: `NeighborsError` for non-finite or mis-shaped queries, `k < 1`, or `k` above the number
        ///   of candidates (n, or n − 1 without queries).
        public func kneighbors(of queries: Matrix? = nil, neighbors requested: Int? = nil,
                               progress: ProgressReporter = .silent) throws -> NeighborList {
            let operation = "NearestNeighbors.kneighbors"
            let k = requested ?? neighbors
            guard k >= 1 else { throw NeighborsError.invalidNeighborCount(operation: operation, requested: k) }
            let candidates = data.rows - (queries == nil ? 1 : 0)
            guard k <= candidates else {
                throw NeighborsError.tooManyNeighbors(operation: operation, requested: k, candidates: candidates)
            }
            if let queries {
                try validate(queries, operation: operation)
                if queries.rows == 0 { return NeighborList(count: 0, neighbors: k, indices: [], distances: []) }
            }
            if let approximate, queries == nil { return approximate.kNearest(data, k: k, progress: progress) }
            if let tree { return tree.kNearest(queries: queries ?? data, k: k, excludeSelf: queries == nil) }
            return ScreenedNearestSearch.kNearest(reference: data, queries: queries, k: k)
        }

        /// Every fitted point within `radius` (inclusive) of each query row, ascending distance, ties by index
        /// (scikit-learn's `radius_neighbors`).
        ///
        /// With `queries == nil` the queries are the fitted rows and each row's own index is excluded.
        ///
        /// - Complexity: O(m n d) flops plus O(m n) comparisons, split across cores.
        /// - Throws: `NeighborsError` for non-finite or mis-shaped queries or a negative or infinite radius.
        public func radiusNeighbors(of queries: Matrix? = nil, radius: Double) throws -> RadiusNeighborList {
            let operation = "NearestNeighbors.radiusNeighbors"
            guard radius.isFinite, radius >= 0 else { throw NeighborsError.invalidRadius(operation: operation, radius: radius) }
            if let queries {
                try validate(queries, operation: operation)
                if queries.rows == 0 { return RadiusNeighborList(offsets: [0], indices: [], distances: []) }
            }
            return BruteForceSearch.withinRadius(reference: data, referenceNorms: squaredNorms, queries: queries ?? data,
                                                 radius: radius, excludeSelf: queries == nil)
        }

        private func validate(_ queries: Matrix, operation: String) throws {
            guard queries.columns == data.columns else {
                throw NeighborsError.featureMismatch(operation: operation, fitted: data.columns, given: queries.columns)
            }
            if let index = queries.elements.firstIndex(where: { !$0.isFinite }) {
                throw NeighborsError.nonFinite(operation: operation, row: index / queries.columns, column: index % queries.columns)
            }
        }
    }
}
