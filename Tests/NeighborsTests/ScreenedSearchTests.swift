import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// The single-precision screen must never change the answer: every case is compared with a plain double-precision
/// search that sorts all candidates by (distance, index).
@Suite("k-NN screening is exact")
struct ScreenedSearchTests {
    func naive(_ reference: Matrix, _ queries: Matrix?, k: Int) -> (indices: [Int], distances: [Double]) {
        let q = queries ?? reference
        var indices: [Int] = [], distances: [Double] = []
        for i in 0..<q.rows {
            var all: [(Double, Int)] = []
            for j in 0..<reference.rows where !(queries == nil && i == j) {
                all.append((zip(q.row(i), reference.row(j)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }, j))
            }
            all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            indices += all.prefix(k).map(\.1)
            distances += all.prefix(k).map { $0.0.squareRoot() }
        }
        return (indices, distances)
    }

    func check(_ reference: Matrix, _ queries: Matrix? = nil, k: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let found = try NearestNeighbors(neighbors: k).fit(reference).kneighbors(of: queries)
        let expected = naive(reference, queries, k: k)
        #expect(found.indices == expected.indices, sourceLocation: sourceLocation)
        assertClose(found.distances, expected.distances, relativeTolerance: 1e-12, absoluteTolerance: 1e-12,
                    sourceLocation: sourceLocation)
    }

    @Test func randomData() throws {
        try check(Matrix.randomNormal(rows: 300, columns: 5, seed: 1), k: 7)
        try check(Matrix.randomNormal(rows: 2500, columns: 3, seed: 2), Matrix.randomNormal(rows: 40, columns: 3, seed: 3), k: 5)
    }

    @Test func integerGridWithManyTies() throws {
        let grid = Matrix(rows: 300, columns: 3) { i, j in Double([i % 10, (i / 10) % 10, i / 100][j]) }
        try check(grid, k: 10)
    }

    @Test func duplicatedPoints() throws {
        let base = Matrix.randomNormal(rows: 50, columns: 4, seed: 4)
        try check(Matrix.verticalConcatenation([base, base, base]), k: 4)
    }

    @Test func farFromTheOrigin() throws {
        // Norms of 1e6 against spreads of 1: the screen works on centred data, the answer must not change.
        try check(Matrix.randomNormal(rows: 200, columns: 6, seed: 5) + 1e6, Matrix.randomNormal(rows: 20, columns: 6, seed: 6) + 1e6, k: 6)
    }

    @Test func nearTiesAcrossTiles() throws {
        // 4100 points on a circle of radius 1 plus a query at the centre: all at distance 1 up to rounding, in
        // more than one reference tile, so the screen cannot decide and the exact fallback must.
        let n = 4100
        let circle = Matrix(rows: n, columns: 2) { i, j in j == 0 ? cos(2 * Double.pi * Double(i) / Double(n)) : sin(2 * Double.pi * Double(i) / Double(n)) }
        try check(circle, Matrix(rows: 1, columns: 2), k: 12)
    }
}

#if canImport(Glibc)
import Glibc
#endif
