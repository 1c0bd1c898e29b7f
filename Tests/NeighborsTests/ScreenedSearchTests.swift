import LinearAlgebra
@_spi(Benchmarks) import Neighbors
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The single-precision screen must never change the answer: every case is compared with a plain double-precision
/// search that sorts all candidates by (distance, index), for both search algorithms.
@Suite("k-NN screening is exact")
struct ScreenedSearchTests {
    /// Brute force in double precision: `Σ (qₜ − xₜ)²` over every candidate, sorted by (distance, index).
    func naive(_ reference: Matrix, _ queries: Matrix?, k: Int, rows: [Int]? = nil) -> (indices: [Int], distances: [Double]) {
        let q = queries ?? reference
        var indices: [Int] = [], distances: [Double] = []
        for i in rows ?? Array(0..<q.rows) {
            var all: [(Double, Int)] = []
            for j in 0..<reference.rows where !(queries == nil && i == j) {
                var sum = 0.0
                for c in 0..<q.columns { let t = q[i, c] - reference[j, c]; sum += t * t }
                all.append((sum, j))
            }
            all.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
            indices += all.prefix(k).map(\.1)
            distances += all.prefix(k).map { $0.0.squareRoot() }
        }
        return (indices, distances)
    }

    /// Both algorithms against `naive`, on every query row or on `rows` only.
    func check(_ reference: Matrix, _ queries: Matrix? = nil, k: Int, rows: [Int]? = nil,
               algorithms: [NearestNeighbors.Algorithm] = [.bruteForce, .kdTree],
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = naive(reference, queries, k: k, rows: rows)
        for algorithm in algorithms {
            let found = try NearestNeighbors(neighbors: k, algorithm: algorithm).fit(reference).kneighbors(of: queries)
            let selected = rows ?? Array(0..<found.count)
            let indices = selected.flatMap { Array(found.indices(ofRow: $0)) }
            let distances = selected.flatMap { Array(found.distances(ofRow: $0)) }
            #expect(indices == expected.indices, "\(algorithm)", sourceLocation: sourceLocation)
            assertClose(distances, expected.distances, relativeTolerance: 1e-12, absoluteTolerance: 1e-300,
                        "\(algorithm)", sourceLocation: sourceLocation)
        }
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
        // Every row identical: all distances 0, the answer is the k smallest other indices.
        try check(Matrix(rows: 40, columns: 3, repeating: 2.5), k: 6)
    }

    @Test func farFromTheOrigin() throws {
        // Norms of 1e6 against spreads of 1: the screen works on centred data, the answer must not change.
        try check(Matrix.randomNormal(rows: 200, columns: 6, seed: 5) + 1e6, Matrix.randomNormal(rows: 20, columns: 6, seed: 6) + 1e6, k: 6)
    }

    @Test func nearTiesAcrossTiles() throws {
        // 4100 points on a circle of radius 1 plus a query at the centre: all at distance 1 up to rounding, in
        // more than one reference tile, so the screen cannot decide and the exact distances must.
        let n = 4100
        let circle = Matrix(rows: n, columns: 2) { i, j in j == 0 ? cos(2 * Double.pi * Double(i) / Double(n)) : sin(2 * Double.pi * Double(i) / Double(n)) }
        try check(circle, Matrix(rows: 1, columns: 2), k: 12)
    }

    /// 12 rows (the CSV of issue 11) whose entry (row, column) is replaced by `value`.
    func twelveRows(with value: Double, row: Int = 7, column: Int = 1) -> Matrix {
        var x = Matrix.randomNormal(rows: 12, columns: 3, seed: 12)
        x[row, column] = value
        return x
    }

    @Test("a row whose squared norm overflows single (or double) precision: exact neighbours, no crash",
          arguments: [1e19, -3e19, 1e25, 1e200, -1e300, 1.7e308])
    func overflowingRow(value: Double) throws {
        for k in [1, 4, 11] {
            try check(twelveRows(with: value), k: k)
            try check(twelveRows(with: value), Matrix.randomNormal(rows: 5, columns: 3, seed: 13), k: k)
            try check(twelveRows(with: value, row: 0, column: 0), k: k)
        }
        // The huge row as a query, and two huge rows of opposite signs (their distance overflows to ∞).
        try check(twelveRows(with: 0), twelveRows(with: value).rows(at: [7, 3]), k: 12)
        var two = twelveRows(with: value)
        two[2, 2] = -value
        try check(two, k: 11)
    }

    @Test("rows of wildly different scales (1e-300 … 1e300) in one data set")
    func mixedScales() throws {
        let exponents: [Double] = [-300, -150, -30, -1, 0, 0, 0, 1, 3, 19, 30, 150, 300, 0, 0, 0, -5, 5, 19.5, 0]
        let base = Matrix.randomNormal(rows: exponents.count, columns: 4, seed: 21)
        let x = Matrix(rows: exponents.count, columns: 4) { i, j in base[i, j] * pow(10, exponents[i]) }
        for k in [1, 3, 10, 19] { try check(x, k: k) }
        try check(x, x.rows(at: [0, 4, 9, 12]) * 1.5, k: 7)
        // Tiny values only: their squares underflow in single precision, and some in double.
        try check(Matrix.randomNormal(rows: 60, columns: 3, seed: 22) * 1e-30, k: 5)
        try check(Matrix.randomNormal(rows: 60, columns: 3, seed: 23) * 1e-160, k: 5)
        try check(Matrix.randomNormal(rows: 60, columns: 3, seed: 24) * 1e-200, k: 5)
        // Most rows at 1 and a few enormous ones, over more than one tile of fitted points.
        var wide = Matrix.randomNormal(rows: 2300, columns: 8, seed: 25)
        for i in stride(from: 0, to: 2300, by: 211) { wide[i, i % 8] = 1e19 * Double(i % 3 + 1) }
        try check(wide, k: 9, rows: Array(stride(from: 0, to: 2300, by: 53)) + [211, 422])
    }

    @Test("seeded random data at several scales, sizes and dimensions, including near-ties", arguments: 0..<6)
    func property(seed: Int) throws {
        let n = [40, 700, 2200][seed % 3], d = [3, 17, 50][(seed / 2) % 3]
        let scale = [1e-8, 1, 1e8][seed % 3]
        // A narrow strip (two intrinsic dimensions, long and thin) rotated into ℝᵈ: the shape that defeated the
        // old screen. Then near-ties: coordinates rounded to a coarse grid, so many distances are equal.
        let strip = Matrix.randomUniform(rows: n, columns: 2, seed: UInt64(100 + seed))
        let lift = Matrix.randomNormal(rows: 2, columns: d, seed: UInt64(200 + seed))
        var x = Matrix.product(strip * Matrix.diagonal([40, 1]), lift) * scale
        let k = [1, 5, 10][seed % 3]
        let rows = Array(stride(from: seed % 7, to: n, by: max(1, n / 60)))
        try check(x, k: k, rows: rows, algorithms: [.bruteForce])
        x = x.map { ($0 / scale).rounded() * scale }
        try check(x, k: k, rows: rows, algorithms: [.bruteForce])
        let queries = x.rows(at: Array(0..<min(n, 25))) + scale * 0.5
        try check(x, queries, k: k, algorithms: [.bruteForce])
    }

    @Test("near-ties never fall back to a pass over every point")
    func noFullScans() throws {
        // A thin strip, nearly a segment: neighbours close together against large norms. The old screen
        // searched about one query in eight of it again over all 3000 points.
        let strip = Matrix.randomUniform(rows: 3000, columns: 2, seed: 9) * Matrix.diagonal([40, 0.02])
        let x = Matrix.product(strip, Matrix.randomNormal(rows: 2, columns: 30, seed: 10))
        let model = try NearestNeighbors(neighbors: 10, algorithm: .bruteForce).fit(x)
        let (list, statistics) = try model.screenedKNeighborsWithStatistics(neighbors: 10)
        #expect(statistics.fullScans == 0)
        #expect(statistics.exactDistances < 200 * 3000, "\(statistics.exactDistances) exact distances for 3000 queries")
        let rows = Array(stride(from: 0, to: 3000, by: 97))
        #expect(rows.flatMap { Array(list.indices(ofRow: $0)) } == naive(x, nil, k: 10, rows: rows).indices)
    }

    @Test("radius search with overflowing norms finds what an exact scan finds")
    func radiusWithHugeRows() throws {
        var x = twelveRows(with: 1e200)
        x[3, 0] = 1e200   // two rows near 1e200 in different columns: far apart, but each within r of itself
        let huge = Matrix(rows: 2, columns: 3) { i, j in j == 0 ? 1e200 + Double(i) * 1e185 : 0 }
        let data = Matrix.verticalConcatenation([x, huge])
        let model = try NearestNeighbors(neighbors: 1).fit(data)
        for radius in [0.5, 2.0, 1e186] {
            let found = try model.radiusNeighbors(radius: radius)
            for i in 0..<data.rows {
                var expected: [Int] = []
                for j in 0..<data.rows where j != i {
                    var sum = 0.0
                    for c in 0..<3 { let t = data[i, c] - data[j, c]; sum += t * t }
                    if sum <= radius * radius { expected.append(j) }
                }
                #expect(Set(found.indices(ofRow: i)) == Set(expected), "row \(i), radius \(radius)")
            }
        }
    }
}
