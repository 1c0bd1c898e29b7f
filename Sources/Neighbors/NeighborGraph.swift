import LinearAlgebra

/// An undirected, weighted sparse graph in compressed sparse row (CSR) form: the neighbour graph of a data
/// set, as Isomap and spectral methods use it.
///
/// Vertex `v`'s neighbours are `targets[offsets[v] ..< offsets[v + 1]]` (sorted by index, no repeats, no
/// self-loops) with edge lengths `weights` at the same positions. Every edge is stored in both directions,
/// so the adjacency is symmetric: a k-NN relation i → j becomes the undirected edge i–j (scikit-learn's
/// `kneighbors_graph(mode="distance")` made symmetric, as Isomap's shortest paths treat it).
public struct NeighborGraph: Sendable, Equatable {
    /// The number of vertices (data points).
    public let vertexCount: Int
    /// Row starts, `vertexCount + 1` entries.
    public let offsets: [Int]
    /// Neighbour indices, sorted within each row.
    public let targets: [Int]
    /// Edge lengths matching `targets`.
    public let weights: [Double]

    /// The number of undirected edges.
    public var edgeCount: Int { targets.count / 2 }

    /// The neighbours of `vertex`, ascending.
    public func neighbors(of vertex: Int) -> ArraySlice<Int> { targets[offsets[vertex]..<offsets[vertex + 1]] }

    /// The edge lengths to the neighbours of `vertex`, in the order of `neighbors(of:)`.
    public func edgeWeights(of vertex: Int) -> ArraySlice<Double> { weights[offsets[vertex]..<offsets[vertex + 1]] }

    /// The undirected graph of a k-nearest-neighbour list: an edge i–j of length ‖xᵢ − xⱼ‖ whenever j is
    /// among i's neighbours or i among j's.
    ///
    /// - Complexity: O(n k log k).
    public init(symmetrizing list: NeighborList) {
        var sources = [Int]()
        sources.reserveCapacity(list.indices.count)
        for i in 0..<list.count {
            for _ in 0..<list.neighbors { sources.append(i) }
        }
        self = Self.symmetric(vertexCount: list.count, sources: sources, targets: list.indices, weights: list.distances)
    }

    /// The undirected graph of a radius-neighbour list (an edge whenever either point is within the radius
    /// of the other, which for a radius is the same relation).
    public init(symmetrizing list: RadiusNeighborList) {
        var sources = [Int]()
        sources.reserveCapacity(list.indices.count)
        for i in 0..<list.count {
            for _ in list.offsets[i]..<list.offsets[i + 1] { sources.append(i) }
        }
        self = Self.symmetric(vertexCount: list.count, sources: sources, targets: list.indices, weights: list.distances)
    }

    /// An undirected graph from an edge list; each edge is stored in both directions, repeated edges keep
    /// the shortest length and self-loops are dropped.
    ///
    /// - Throws: `NeighborsError` for a vertex outside `0..<vertexCount` or a negative or non-finite weight.
    public init(vertexCount: Int, edges: [(source: Int, target: Int, weight: Double)]) throws {
        let operation = "NeighborGraph"
        for edge in edges {
            for vertex in [edge.source, edge.target] where vertex < 0 || vertex >= vertexCount {
                throw NeighborsError.vertexOutOfRange(operation: operation, vertex: vertex, vertexCount: vertexCount)
            }
            guard edge.weight.isFinite, edge.weight >= 0 else {
                throw NeighborsError.invalidWeight(operation: operation, source: edge.source, target: edge.target, weight: edge.weight)
            }
        }
        self = Self.symmetric(vertexCount: vertexCount, sources: edges.map(\.source), targets: edges.map(\.target),
                              weights: edges.map(\.weight))
    }

    /// This graph with more undirected edges (used to link components, as Isomap's `connectComponents` does).
    ///
    /// - Throws: `NeighborsError` for a vertex out of range or a negative or non-finite weight.
    public func addingEdges(_ edges: [(source: Int, target: Int, weight: Double)]) throws -> NeighborGraph {
        var all: [(source: Int, target: Int, weight: Double)] = []
        all.reserveCapacity(targets.count + edges.count)
        for v in 0..<vertexCount {
            for p in offsets[v]..<offsets[v + 1] where targets[p] > v { all.append((v, targets[p], weights[p])) }
        }
        return try NeighborGraph(vertexCount: vertexCount, edges: all + edges)
    }

    private init(vertexCount: Int, offsets: [Int], targets: [Int], weights: [Double]) {
        self.vertexCount = vertexCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }

    /// Builds the CSR arrays of the symmetric closure of the directed edges `sources[e] → targets[e]`.
    private static func symmetric(vertexCount n: Int, sources: [Int], targets: [Int], weights: [Double]) -> NeighborGraph {
        // Count both directions, then place them by a counting sort on the source.
        var degree = [Int](repeating: 0, count: n + 1)
        for e in sources.indices where sources[e] != targets[e] {
            degree[sources[e] + 1] += 1
            degree[targets[e] + 1] += 1
        }
        for v in 0..<n { degree[v + 1] += degree[v] }
        var next = degree
        var columns = [Int](repeating: 0, count: degree[n])
        var lengths = [Double](repeating: 0, count: degree[n])
        for e in sources.indices where sources[e] != targets[e] {
            let (u, v, w) = (sources[e], targets[e], weights[e])
            columns[next[u]] = v; lengths[next[u]] = w; next[u] += 1
            columns[next[v]] = u; lengths[next[v]] = w; next[v] += 1
        }
        // Sort each row by target (insertion sort: rows are short) and merge repeats, keeping the shortest.
        var offsets = [Int](repeating: 0, count: n + 1)
        var write = 0
        columns.withUnsafeMutableBufferPointer { c in
            lengths.withUnsafeMutableBufferPointer { l in
                for v in 0..<n {
                    let start = degree[v], end = degree[v + 1]
                    if end - start > 1 {
                        for p in (start + 1)..<end {
                            let (column, length) = (c[p], l[p])
                            var q = p
                            while q > start && c[q - 1] > column { c[q] = c[q - 1]; l[q] = l[q - 1]; q -= 1 }
                            c[q] = column; l[q] = length
                        }
                    }
                    let rowStart = write
                    for p in start..<end {
                        if write > rowStart && c[write - 1] == c[p] {
                            l[write - 1] = min(l[write - 1], l[p])
                        } else {
                            c[write] = c[p]; l[write] = l[p]; write += 1
                        }
                    }
                    offsets[v + 1] = write
                }
            }
        }
        columns.removeLast(columns.count - write)
        lengths.removeLast(lengths.count - write)
        return NeighborGraph(vertexCount: n, offsets: offsets, targets: columns, weights: lengths)
    }
}

/// The connected components of an undirected graph.
public struct ConnectedComponents: Sendable, Equatable {
    /// The number of components.
    public let count: Int
    /// The component of each vertex, numbered 0..<count in order of each component's smallest vertex.
    public let labels: [Int]
    /// The number of vertices in each component.
    public let sizes: [Int]
}

extension NeighborGraph {
    /// The connected components, by breadth-first search.
    ///
    /// - Complexity: O(n + edges).
    public func connectedComponents() -> ConnectedComponents {
        var labels = [Int](repeating: -1, count: vertexCount)
        var sizes: [Int] = []
        var queue = [Int](repeating: 0, count: vertexCount)
        for start in 0..<vertexCount where labels[start] < 0 {
            let label = sizes.count
            labels[start] = label
            var (head, tail) = (0, 1)
            queue[0] = start
            while head < tail {
                let v = queue[head]
                head += 1
                for p in offsets[v]..<offsets[v + 1] where labels[targets[p]] < 0 {
                    labels[targets[p]] = label
                    queue[tail] = targets[p]
                    tail += 1
                }
            }
            sizes.append(tail)
        }
        return ConnectedComponents(count: sizes.count, labels: labels, sizes: sizes)
    }
}
