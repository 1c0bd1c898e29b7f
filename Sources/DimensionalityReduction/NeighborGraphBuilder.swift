import LinearAlgebra
import Neighbors

/// The neighbour-graph steps shared by Isomap and landmark Isomap: build the graph with parameter checks,
/// then either refuse a disconnected graph or link its components by their closest pairs.
enum NeighborGraphBuilder {
    /// The symmetric neighbour graph of `x`, the search model it came from, and a description such as
    /// "10-nearest-neighbour".
    static func graph(of x: Matrix, neighborhood: Isomap.Neighborhood, method: String,
                      progress: ProgressReporter = .silent) throws
        -> (graph: NeighborGraph, search: NearestNeighbors.Model, description: String) {
        let n = x.rows
        switch neighborhood {
        case let .count(k):
            guard k >= 1 else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "neighbors = \(k) must be at least 1")
            }
            guard k < n else {
                throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: k + 1, reason: "neighbors = \(k)")
            }
            let (search, list) = try nearestNeighbors(of: x, k: k, progress: progress)
            return (NeighborGraph(symmetrizing: list), search, "\(k)-nearest-neighbour")
        case let .radius(radius):
            guard radius.isFinite && radius > 0 else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "radius = \(radius) must be finite and > 0")
            }
            progress.report("neighbours", fraction: 0)
            let search = try NearestNeighbors(neighbors: 1).fit(x)
            let list = try search.radiusNeighbors(radius: radius)
            progress.report("neighbours", fraction: 1)
            return (NeighborGraph(symmetrizing: list), search, "radius-\(radius)")
        }
    }

    /// The `k` nearest neighbours of every row of `x` (itself excluded) and the search model, as the phase
    /// "neighbours" of `progress` (reported at its start and end, and after each round of an approximate
    /// search).
    static func nearestNeighbors(of x: Matrix, k: Int, progress: ProgressReporter) throws
        -> (search: NearestNeighbors.Model, list: NeighborList) {
        progress.report("neighbours", fraction: 0)
        let search = try NearestNeighbors(neighbors: k).fit(x)
        let list = try search.kneighbors(progress: progress)
        progress.report("neighbours", fraction: 1)
        return (search, list)
    }

    /// The graph unchanged when connected; otherwise throws, or with `connect` adds for every pair of
    /// components the edge between their closest points (scikit-learn's `_fix_connected_components`).
    /// Returns the graph and the number of components it had.
    static func connect(_ graph: NeighborGraph, data x: Matrix, connect: Bool, method: String,
                        description: String) throws -> (NeighborGraph, Int) {
        let components = graph.connectedComponents()
        guard components.count > 1 else { return (graph, 1) }
        guard connect else {
            throw ManifoldLearningError.disconnectedGraph(method: method, components: components.count,
                                                          largest: components.sizes.max() ?? 0, neighborhood: description)
        }
        let edges = closestPairs(labels: components.labels, count: components.count, data: x)
        return (try graph.addingEdges(edges), components.count)
    }

    /// For every pair of components (vertex `v` is in component `labels[v]`, of `count`), the closest pair of
    /// their points and its Euclidean length: the edges that link a disconnected graph (scikit-learn's
    /// `_fix_connected_components`). Isomap and spectral embedding use it.
    ///
    /// - Complexity: O(n² d) in `dgemm` blocks over all pairs of components.
    static func closestPairs(labels: [Int], count: Int, data x: Matrix) -> [(source: Int, target: Int, weight: Double)] {
        var members = [[Int]](repeating: [], count: count)
        for (vertex, label) in labels.enumerated() { members[label].append(vertex) }
        let blocks = members.map { x.rows(at: $0) }
        var edges: [(source: Int, target: Int, weight: Double)] = []
        for a in 0..<count {
            for b in 0..<a {
                let squared = blocks[a].pairwiseSquaredDistances(to: blocks[b])
                var best = 0
                for index in squared.elements.indices where squared.elements[index] < squared.elements[best] { best = index }
                let (i, j) = (members[a][best / squared.columns], members[b][best % squared.columns])
                let exact = zip(x.row(i), x.row(j)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
                edges.append((i, j, exact))
            }
        }
        return edges
    }
}
