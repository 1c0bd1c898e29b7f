import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// All-pairs shortest paths by Floyd–Warshall on a dense matrix: the O(n³) reference for Dijkstra.
private func floydWarshall(_ graph: NeighborGraph) -> [[Double]] {
    let n = graph.vertexCount
    var d = [[Double]](repeating: [Double](repeating: .infinity, count: n), count: n)
    for v in 0..<n {
        d[v][v] = 0
        for (u, w) in zip(graph.neighbors(of: v), graph.edgeWeights(of: v)) { d[v][u] = min(d[v][u], w) }
    }
    for k in 0..<n {
        for i in 0..<n where d[i][k] < .infinity {
            for j in 0..<n where d[i][k] + d[k][j] < d[i][j] { d[i][j] = d[i][k] + d[k][j] }
        }
    }
    return d
}

@Suite("NeighborGraph")
struct NeighborGraphTests {
    @Test("the k-NN graph is the symmetric closure of the neighbour relation")
    func symmetrization() throws {
        // 0, 1, 2 on a line and 10 far away: 10's nearest is 2, but 2's nearest are 1 and 0.
        let x = Matrix(column: [0, 1, 2.5, 10])
        let list = try NearestNeighbors(neighbors: 1).fit(x).kneighbors()
        let graph = NeighborGraph(symmetrizing: list)
        #expect(Array(graph.neighbors(of: 0)) == [1])
        #expect(Array(graph.neighbors(of: 1)) == [0, 2])
        #expect(Array(graph.neighbors(of: 2)) == [1, 3])
        #expect(Array(graph.neighbors(of: 3)) == [2])
        #expect(Array(graph.edgeWeights(of: 2)) == [1.5, 7.5])
        #expect(graph.edgeCount == 3)
        for v in 0..<graph.vertexCount {
            for (u, w) in zip(graph.neighbors(of: v), graph.edgeWeights(of: v)) {
                let back = graph.neighbors(of: u).firstIndex(of: v)
                #expect(back != nil && graph.weights[back!] == w)
            }
        }
    }

    @Test("connected components of two separated clusters")
    func components() throws {
        var rows: [[Double]] = []
        for i in 0..<10 { rows.append([Double(i), 0]) }
        for i in 0..<6 { rows.append([100 + Double(i), 50]) }
        let x = try Matrix(rows: rows)
        let graph = NeighborGraph(symmetrizing: try NearestNeighbors(neighbors: 2).fit(x).kneighbors())
        let components = graph.connectedComponents()
        #expect(components.count == 2)
        #expect(components.sizes == [10, 6])
        #expect(components.labels == Array(repeating: 0, count: 10) + Array(repeating: 1, count: 6))
        let distances = try graph.shortestPaths(from: 0)
        #expect(distances[9] == 9 && distances[10] == .infinity)
        let linked = try graph.addingEdges([(source: 9, target: 10, weight: 2)])
        #expect(linked.connectedComponents().count == 1)
        #expect(try linked.shortestPaths(from: 0)[15] == 9 + 2 + 5)
    }

    @Test("Dijkstra from every source equals Floyd–Warshall; landmark rows equal all-pairs rows")
    func shortestPathsMatchFloydWarshall() throws {
        let x = Matrix.randomNormal(rows: 150, columns: 3, seed: 21)
        let graph = NeighborGraph(symmetrizing: try NearestNeighbors(neighbors: 4).fit(x).kneighbors())
        let reference = floydWarshall(graph)
        let all = graph.allPairsShortestPaths()
        #expect(all.isSymmetric(tolerance: 0))
        for i in 0..<150 {
            for j in 0..<150 {
                if reference[i][j] == .infinity { #expect(all[i, j] == .infinity) } else {
                    assertClose(all[i, j], reference[i][j], relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
                }
            }
        }
        let landmarks = [3, 77, 149, 3]
        let subset = try graph.shortestPaths(from: landmarks)
        #expect(subset.rows == 4 && subset.columns == 150)
        for (r, source) in landmarks.enumerated() {
            assertClose(subset.row(r), all.row(source), relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
    }

    @Test("all pairs (bounded by solved neighbours' rows) equal one Dijkstra per source, across components")
    func allPairsMatchSingleSources() throws {
        // Two clouds far apart: 600 vertices make several rounds, and rows between clouds stay infinite.
        let a = Matrix.randomNormal(rows: 400, columns: 2, seed: 5)
        let b = Matrix.randomNormal(rows: 200, columns: 2, seed: 6).addingToEachRow([100, 0])
        let x = Matrix.verticalConcatenation([a, b])
        let graph = NeighborGraph(symmetrizing: try NearestNeighbors(neighbors: 6).fit(x).kneighbors())
        let all = graph.allPairsShortestPaths()
        let rows = try graph.shortestPaths(from: Array(0..<600))
        #expect(all[0, 500] == .infinity && all[500, 0] == .infinity)
        for index in all.elements.indices {
            let (expected, actual) = (rows.elements[index], all.elements[index])
            #expect(expected == actual || abs(expected - actual) <= 1e-12 * expected)
        }
    }

    @Test("MaxMin landmarks: each is the farthest from those before (ties to the smaller index); components first")
    func farthestPointLandmarks() throws {
        // A path 0 – 1 – … – 9 with unit edges, and a separate pair 10 – 11.
        var edges: [(source: Int, target: Int, weight: Double)] = (0..<9).map { ($0, $0 + 1, 1) }
        edges.append((10, 11, 1))
        let graph = try NeighborGraph(vertexCount: 12, edges: edges)
        let (landmarks, distances) = try graph.farthestPointLandmarks(count: 4, first: 0)
        // 10 is unreachable from 0 (infinitely far), then 9 is farthest, then 4 (min(4, 5) = min(5, 4), smaller index).
        #expect(landmarks == [0, 10, 9, 4])
        for (row, landmark) in landmarks.enumerated() {
            #expect(distances.row(row) == (try graph.shortestPaths(from: landmark)))
        }
        #expect(throws: NeighborsError.invalidLandmarkCount(operation: "NeighborGraph.farthestPointLandmarks", requested: 13, vertexCount: 12)) {
            try graph.farthestPointLandmarks(count: 13, first: 0)
        }
    }

    @Test("radius graph and edge-list graph; bad vertices and weights throw")
    func edgeListsAndErrors() throws {
        let x = Matrix(column: [0, 1, 2, 5])
        let graph = NeighborGraph(symmetrizing: try NearestNeighbors().fit(x).radiusNeighbors(radius: 1))
        #expect(graph.connectedComponents().sizes == [3, 1])
        let explicit = try NeighborGraph(vertexCount: 3, edges: [(0, 1, 2), (1, 0, 1), (1, 1, 5), (2, 1, 0)])
        #expect(Array(explicit.neighbors(of: 1)) == [0, 2] && Array(explicit.edgeWeights(of: 1)) == [1, 0])
        #expect(throws: NeighborsError.vertexOutOfRange(operation: "NeighborGraph", vertex: 3, vertexCount: 3)) {
            try NeighborGraph(vertexCount: 3, edges: [(0, 3, 1)])
        }
        #expect(throws: NeighborsError.invalidWeight(operation: "NeighborGraph", source: 0, target: 1, weight: -1)) {
            try NeighborGraph(vertexCount: 3, edges: [(0, 1, -1)])
        }
        #expect(throws: NeighborsError.vertexOutOfRange(operation: "NeighborGraph.shortestPaths", vertex: 7, vertexCount: 3)) {
            try explicit.shortestPaths(from: 7)
        }
    }
}
