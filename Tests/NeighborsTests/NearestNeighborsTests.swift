import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// Every (distance, index) pair of query `q` against the rows of `x`, sorted by distance then index: the
/// O(n d) reference the blocked search must reproduce.
private func naiveNeighbors(of q: [Double], in x: Matrix, excluding excluded: Int?) -> [(distance: Double, index: Int)] {
    var all: [(distance: Double, index: Int)] = []
    for j in 0..<x.rows where j != excluded {
        var sum = 0.0
        for c in 0..<x.columns { let t = q[c] - x[j, c]; sum += t * t }
        all.append((sum.squareRoot(), j))
    }
    return all.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
}

@Suite("NearestNeighbors")
struct NearestNeighborsTests {
    @Test("k nearest of every row equal a naive sort, across several parallel blocks")
    func matchesNaiveSearch() throws {
        // 700 rows make two query blocks, so both workers run.
        let x = Matrix.randomNormal(rows: 700, columns: 3, seed: 11)
        let list = try NearestNeighbors(neighbors: 6).fit(x).kneighbors()
        #expect(list.count == 700 && list.neighbors == 6)
        for i in stride(from: 0, to: 700, by: 7) {
            let expected = naiveNeighbors(of: x.row(i), in: x, excluding: i).prefix(6)
            #expect(Array(list.indices(ofRow: i)) == expected.map(\.index))
            assertClose(Array(list.distances(ofRow: i)), expected.map(\.distance), relativeTolerance: 1e-12)
        }
    }

    @Test("more fitted points than one distance tile (2048): candidates carry across tiles")
    func acrossTiles() throws {
        let x = Matrix.randomUniform(rows: 4500, columns: 2, seed: 13)
        let list = try NearestNeighbors(neighbors: 5).fit(x).kneighbors()
        for i in stride(from: 0, to: 4500, by: 97) {
            let expected = naiveNeighbors(of: x.row(i), in: x, excluding: i).prefix(5)
            #expect(Array(list.indices(ofRow: i)) == expected.map(\.index))
        }
    }

    @Test("the k-d tree and the blocked products give identical neighbours, including ties and duplicates")
    func treeMatchesBruteForce() throws {
        // Integer grid points (many exact ties) with a block of duplicates, and Gaussian points in 4-D.
        var rows: [[Double]] = []
        for i in 0..<30 { for j in 0..<30 { rows.append([Double(i), Double(j)]) } }
        for _ in 0..<5 { rows.append([7, 7]) }
        let grid = try Matrix(rows: rows)
        let gauss = Matrix.randomNormal(rows: 1500, columns: 4, seed: 17)
        for (x, k) in [(grid, 9), (gauss, 7)] {
            let tree = try NearestNeighbors(neighbors: k, algorithm: .kdTree).fit(x)
            let brute = try NearestNeighbors(neighbors: k, algorithm: .bruteForce).fit(x)
            #expect(try tree.kneighbors() == brute.kneighbors())
            let queries = Matrix.randomUniform(rows: 50, columns: x.columns, in: -1..<3, seed: 2)
            #expect(try tree.kneighbors(of: queries) == brute.kneighbors(of: queries))
        }
        // Ties on the grid go to the smaller index: (0, 0)'s neighbours at distance 1 are (0, 1) = 1 and (1, 0) = 30.
        let list = try NearestNeighbors(neighbors: 2, algorithm: .kdTree).fit(grid).kneighbors()
        #expect(Array(list.indices(ofRow: 0)) == [1, 30])
        // The duplicates of (7, 7) (index 217) find each other at distance 0.
        let duplicates = try NearestNeighbors(neighbors: 5, algorithm: .kdTree).fit(grid).kneighbors()
        #expect(Array(duplicates.indices(ofRow: 217)) == [900, 901, 902, 903, 904])
        #expect(Array(duplicates.distances(ofRow: 217)) == [0, 0, 0, 0, 0])
    }

    @Test("queries of new points against the fitted set")
    func queriesNewPoints() throws {
        let x = Matrix.randomUniform(rows: 120, columns: 4, seed: 3)
        let y = Matrix.randomUniform(rows: 30, columns: 4, seed: 4)
        let model = try NearestNeighbors(neighbors: 3).fit(x)
        let list = try model.kneighbors(of: y, neighbors: 120)
        for i in 0..<y.rows {
            let expected = naiveNeighbors(of: y.row(i), in: x, excluding: nil)
            #expect(Array(list.indices(ofRow: i)) == expected.map(\.index))
            assertClose(Array(list.distances(ofRow: i)), expected.map(\.distance), relativeTolerance: 1e-12)
        }
        // A fitted point used as a query finds itself at distance 0 (no exclusion for explicit queries).
        let again = try model.kneighbors(of: x.rows(at: [5]))
        #expect(again.indices(ofRow: 0).first == 5 && again.distances(ofRow: 0).first == 0)
    }

    @Test("self excluded by index: duplicates are neighbours at distance 0; ties go to the smaller index")
    func duplicatesAndTies() throws {
        // Points on a line: 0, 1, 2, 3, 4 and a duplicate of 2 at index 5.
        let x = Matrix(column: [0, 1, 2, 3, 4, 2])
        let list = try NearestNeighbors(neighbors: 3).fit(x).kneighbors()
        #expect(Array(list.indices(ofRow: 2)) == [5, 1, 3])
        #expect(Array(list.distances(ofRow: 2)) == [0, 1, 1])
        #expect(Array(list.indices(ofRow: 5)) == [2, 1, 3])
        #expect(Array(list.indices(ofRow: 0)) == [1, 2, 5])
    }

    @Test("radius neighbours equal a naive filter, inclusive of the boundary")
    func radiusNeighbors() throws {
        let x = Matrix.randomNormal(rows: 200, columns: 2, seed: 8)
        let model = try NearestNeighbors().fit(x)
        let list = try model.radiusNeighbors(radius: 0.4)
        #expect(list.count == 200)
        for i in 0..<200 {
            let expected = naiveNeighbors(of: x.row(i), in: x, excluding: i).filter { $0.distance <= 0.4 }
            #expect(Array(list.indices(ofRow: i)) == expected.map(\.index))
        }
        let grid = Matrix(column: [0, 1, 2, 3])
        let boundary = try NearestNeighbors(neighbors: 1).fit(grid).radiusNeighbors(of: Matrix(column: [1]), radius: 1)
        #expect(Array(boundary.indices(ofRow: 0)) == [1, 0, 2])
    }

    @Test("bad inputs throw with the value and the limit")
    func badInputs() throws {
        let x = Matrix.randomNormal(rows: 5, columns: 2, seed: 1)
        #expect(throws: NeighborsError.tooManyNeighbors(operation: "NearestNeighbors.kneighbors", requested: 5, candidates: 4)) {
            try NearestNeighbors(neighbors: 5).fit(x).kneighbors()
        }
        #expect(throws: NeighborsError.invalidNeighborCount(operation: "NearestNeighbors.fit", requested: 0)) {
            try NearestNeighbors(neighbors: 0).fit(x)
        }
        var bad = x
        bad[3, 1] = .nan
        #expect(throws: NeighborsError.nonFinite(operation: "NearestNeighbors.fit", row: 3, column: 1)) {
            try NearestNeighbors(neighbors: 2).fit(bad)
        }
        #expect(throws: NeighborsError.empty(operation: "NearestNeighbors.fit")) {
            try NearestNeighbors(neighbors: 2).fit(Matrix(rows: 0, columns: 2))
        }
        let model = try NearestNeighbors(neighbors: 2).fit(x)
        #expect(throws: NeighborsError.featureMismatch(operation: "NearestNeighbors.kneighbors", fitted: 2, given: 3)) {
            try model.kneighbors(of: Matrix(rows: 1, columns: 3))
        }
        #expect(throws: NeighborsError.tooManyNeighbors(operation: "NearestNeighbors.kneighbors", requested: 6, candidates: 5)) {
            try model.kneighbors(of: x, neighbors: 6)
        }
        #expect(throws: NeighborsError.invalidRadius(operation: "NearestNeighbors.radiusNeighbors", radius: -1)) {
            try model.radiusNeighbors(radius: -1)
        }
        let message = NeighborsError.tooManyNeighbors(operation: "NearestNeighbors.fit", requested: 5, candidates: 4).description
        #expect(message.contains("neighbors = 5") && message.contains("≤ 4"))
    }
}
