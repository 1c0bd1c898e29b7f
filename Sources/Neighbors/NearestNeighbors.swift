import LinearAlgebra

/// Exact Euclidean nearest-neighbour search by blocked distance products (scikit-learn's
/// `NearestNeighbors(algorithm="brute")`).
///
///     NearestNeighbors(neighbors: 10).fit(X).kneighbors()      // each row's 10 nearest other rows
///     NearestNeighbors(neighbors: 10).fit(X).kneighbors(of: Y) // the 10 nearest rows of X for each row of Y
///
/// Squared distances of a block of queries to all fitted points come from one `dgemm`
/// (`‖q‖² + ‖x‖² − 2 q·x`); each row is scanned once with a bounded sorted buffer; the selected
/// distances are then recomputed exactly. Blocks of queries run in parallel.
///
/// Conventions: a training point is excluded from its own neighbours **by index**, not by distance, so a
/// duplicate point is found at distance 0; ties are broken by the smaller index.
///
/// - Complexity: O(m n d) flops for m queries against n points (BLAS), O(m n) for the scans, O(b n) memory per
///   core for a block of b ≈ 2²¹ / n queries.
public struct NearestNeighbors: Sendable {
    /// Neighbours per point, `k` (scikit-learn's `n_neighbors`, default 5).
    public var neighbors: Int

    /// A search for `neighbors` nearest neighbours.
    public init(neighbors: Int = 5) {
        self.neighbors = neighbors
    }

    /// Stores the data set (n × d) with its squared row norms.
    ///
    /// - Throws: `NeighborsError` for empty or non-finite data or `neighbors < 1`. (`neighbors ≥ n` is
    ///   reported by `kneighbors()`, since a radius search does not use it.)
    public func fit(_ x: Matrix) throws -> Model {
        let operation = "NearestNeighbors.fit"
        try NeighborsError.validate(x, operation: operation)
        guard neighbors >= 1 else { throw NeighborsError.invalidNeighborCount(operation: operation, requested: neighbors) }
        return Model(data: x, neighbors: neighbors)
    }

    /// A fitted search structure: the data and its squared row norms.
    public struct Model: Sendable {
        /// The fitted data, n × d.
        public let data: Matrix
        /// The default neighbour count of `kneighbors`.
        public let neighbors: Int
        /// `‖xⱼ‖²` of each fitted row.
        let squaredNorms: [Double]

        init(data: Matrix, neighbors: Int) {
            self.data = data
            self.neighbors = neighbors
            self.squaredNorms = data.rowSquaredNorms
        }

        /// The `k` nearest fitted points of each query row, ascending distance, ties by index.
        ///
        /// With `queries == nil` the queries are the fitted rows themselves and each row's own index is
        /// excluded (its neighbours are the k nearest *other* rows).
        ///
        /// - Parameters:
        ///   - queries: an m × d matrix, or `nil` for the fitted data.
        ///   - neighbors: `k`, default the model's `neighbors`.
        /// - Returns: m × k indices and distances.
        /// - Complexity: O(m n d) flops plus O(m n) comparisons, split across cores.
        /// - Throws: `NeighborsError` for non-finite or mis-shaped queries, `k < 1`, or `k` above the number
        ///   of candidates (n, or n − 1 without queries).
        public func kneighbors(of queries: Matrix? = nil, neighbors requested: Int? = nil) throws -> NeighborList {
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
            return BruteForceSearch.kNearest(reference: data, referenceNorms: squaredNorms, queries: queries ?? data,
                                             k: k, excludeSelf: queries == nil)
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
