/// The `k` nearest neighbours of each of `count` query points: indices into the fitted data and Euclidean
/// distances, stored row-major (`count × neighbors`), each row in ascending distance (ties by index).
///
/// Row `i` holds `indices[i * neighbors ..< (i + 1) * neighbors]` and the matching `distances`.
public struct NeighborList: Sendable, Equatable {
    /// The number of query points (rows).
    public let count: Int
    /// Neighbours per query point, `k`.
    public let neighbors: Int
    /// Row-major `count × neighbors` indices into the fitted data.
    public let indices: [Int]
    /// Row-major `count × neighbors` Euclidean distances, ascending along each row.
    public let distances: [Double]

    /// A list from its row-major parts.
    ///
    /// - Precondition: both arrays hold `count · neighbors` entries.
    public init(count: Int, neighbors: Int, indices: [Int], distances: [Double]) {
        precondition(indices.count == count * neighbors && distances.count == count * neighbors,
                     "NeighborList: \(indices.count) indices and \(distances.count) distances for \(count) × \(neighbors)")
        self.count = count
        self.neighbors = neighbors
        self.indices = indices
        self.distances = distances
    }

    /// The neighbour indices of query `i`, nearest first.
    public func indices(ofRow i: Int) -> ArraySlice<Int> {
        precondition(i >= 0 && i < count, "NeighborList: row \(i) outside 0..<\(count)")
        return indices[(i * neighbors)..<((i + 1) * neighbors)]
    }

    /// The neighbour distances of query `i`, ascending.
    public func distances(ofRow i: Int) -> ArraySlice<Double> {
        precondition(i >= 0 && i < count, "NeighborList: row \(i) outside 0..<\(count)")
        return distances[(i * neighbors)..<((i + 1) * neighbors)]
    }
}

/// The neighbours within a radius of each of `count` query points, in compressed sparse row form: query `i`'s
/// neighbours are `indices[offsets[i] ..< offsets[i + 1]]`, in ascending distance (ties by index).
public struct RadiusNeighborList: Sendable, Equatable {
    /// The number of query points.
    public var count: Int { offsets.count - 1 }
    /// Row starts, `count + 1` entries, `offsets[0] = 0`.
    public let offsets: [Int]
    /// Indices into the fitted data.
    public let indices: [Int]
    /// Euclidean distances, ascending within each row.
    public let distances: [Double]

    /// A list from its compressed-row parts.
    ///
    /// - Precondition: `offsets` is non-decreasing from 0 to `indices.count`, and `distances` matches `indices`.
    public init(offsets: [Int], indices: [Int], distances: [Double]) {
        precondition(!offsets.isEmpty && offsets.first == 0 && offsets.last == indices.count
                     && distances.count == indices.count, "RadiusNeighborList: inconsistent compressed rows")
        self.offsets = offsets
        self.indices = indices
        self.distances = distances
    }

    /// The neighbour indices of query `i`, nearest first.
    public func indices(ofRow i: Int) -> ArraySlice<Int> { indices[offsets[i]..<offsets[i + 1]] }

    /// The neighbour distances of query `i`, ascending.
    public func distances(ofRow i: Int) -> ArraySlice<Double> { distances[offsets[i]..<offsets[i + 1]] }
}
