import LinearAlgebra

extension NearestNeighbors {
    /// How much work one k-nearest search took: the figures `make bench` prints beside its times.
    @_spi(Benchmarks)
    public struct SearchStatistics: Sendable, Equatable {
        /// Query rows searched.
        public let queries: Int
        /// Queries whose answer took an exact double-precision pass over every fitted point.
        public let fullScans: Int
        /// Exact double-precision distances computed in all, full scans included.
        public let exactDistances: Int

        /// `fullScans / queries` (0 without queries).
        public var fullScanFraction: Double { queries == 0 ? 0 : Double(fullScans) / Double(queries) }
    }
}

extension NearestNeighbors.Model {
    /// `kneighbors(of:neighbors:)` by the screened products (whatever `algorithm` says), with the work it took.
    ///
    /// - Throws: as `kneighbors(of:neighbors:)`.
    @_spi(Benchmarks)
    public func screenedKNeighborsWithStatistics(of queries: Matrix? = nil, neighbors k: Int)
        throws -> (list: NeighborList, statistics: NearestNeighbors.SearchStatistics) {
        let operation = "NearestNeighbors.kneighbors"
        guard k >= 1 else { throw NeighborsError.invalidNeighborCount(operation: operation, requested: k) }
        let candidates = data.rows - (queries == nil ? 1 : 0)
        guard k <= candidates else {
            throw NeighborsError.tooManyNeighbors(operation: operation, requested: k, candidates: candidates)
        }
        if let queries {
            guard queries.columns == data.columns else {
                throw NeighborsError.featureMismatch(operation: operation, fitted: data.columns, given: queries.columns)
            }
            try NeighborsError.validate(queries, operation: operation)
        }
        return ScreenedNearestSearch.kNearestCounting(reference: data, queries: queries, k: k)
    }
}
