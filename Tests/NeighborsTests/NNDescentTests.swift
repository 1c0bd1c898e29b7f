import Datasets
import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// The mean fraction of each row's exact k nearest that `approximate` lists.
private func recall(_ approximate: NeighborList, against exact: NeighborList) -> Double {
    var hits = 0
    for i in 0..<exact.count {
        hits += Set(exact.indices(ofRow: i)).intersection(approximate.indices(ofRow: i)).count
    }
    return Double(hits) / Double(exact.count * exact.neighbors)
}

@Suite("NNDescent")
struct NNDescentTests {
    @Test("recall ≥ 0.95 against the exact search at k = 15 on 50-D blobs (same seed, same graph)")
    func recallAgainstExactSearch() throws {
        // The Gaussian cloud (NN-descent's hard case) is the pool test's below.
        let blobs = try Dataset.blobs(samples: 1_500, features: 50, centers: 20, seed: 1).features
        let exact = try NearestNeighbors(neighbors: 15, algorithm: .bruteForce).fit(blobs).kneighbors()
        let search = try NearestNeighbors(neighbors: 15, algorithm: .nnDescent).fit(blobs)
        let approximate = try search.kneighbors()
        let found = recall(approximate, against: exact)
        #expect(found >= 0.95, "recall \(found)")
        #expect(try search.kneighbors() == approximate)
    }

    @Test("every row: k distinct other points, distances recomputed exactly and ascending, never below the exact ones")
    func rowsAreExactDistancesOfOtherPoints() throws {
        let x = Matrix.randomUniform(rows: 1_200, columns: 20, seed: 5)
        let k = 10
        let exact = try NearestNeighbors(neighbors: k, algorithm: .bruteForce).fit(x).kneighbors()
        let approximate = try NearestNeighbors(neighbors: k, algorithm: .approximate(NNDescent(seed: 9))).fit(x).kneighbors()
        #expect(approximate.count == 1_200 && approximate.neighbors == k)
        for i in 0..<x.rows {
            let indices = Array(approximate.indices(ofRow: i)), distances = Array(approximate.distances(ofRow: i))
            #expect(!indices.contains(i), "row \(i) lists itself")
            #expect(Set(indices).count == k, "row \(i) lists a point twice")
            for t in 0..<k {
                var sum = 0.0
                for c in 0..<x.columns { let u = x[i, c] - x[indices[t], c]; sum += u * u }
                assertClose(distances[t], sum.squareRoot(), relativeTolerance: 1e-14)
                // The t-th exact distance is the smallest possible t-th entry of any list of other points.
                #expect(distances[t] >= exact.distances[i * k + t] * (1 - 1e-14))
                if t > 0 { #expect(distances[t - 1] <= distances[t]) }
            }
        }
    }

    @Test("duplicated points find their twin at distance 0, as the exact search does")
    func duplicates() throws {
        let base = Matrix.randomNormal(rows: 600, columns: 30, seed: 3)
        let x = Matrix(rows: 1_200, columns: 30) { i, c in base[i % 600, c] }
        let list = try NearestNeighbors(neighbors: 8, algorithm: .nnDescent).fit(x).kneighbors()
        for i in 0..<x.rows {
            #expect(list.indices(ofRow: i).first == (i + 600) % 1_200)
            #expect(list.distances(ofRow: i).first == 0)
        }
    }

    @Test("k = n − 1 lists all other points, exactly as the exact search; k ≥ n is refused with its limit")
    func neighbourCountLimits() throws {
        let x = Matrix.randomNormal(rows: 40, columns: 12, seed: 4)
        let approximate = try NearestNeighbors(neighbors: 39, algorithm: .nnDescent).fit(x).kneighbors()
        let exact = try NearestNeighbors(neighbors: 39, algorithm: .bruteForce).fit(x).kneighbors()
        #expect(approximate.indices == exact.indices)
        assertClose(approximate.distances, exact.distances, relativeTolerance: 1e-14)
        let model = try NearestNeighbors(neighbors: 40, algorithm: .nnDescent).fit(x)
        #expect(throws: NeighborsError.tooManyNeighbors(operation: "NearestNeighbors.kneighbors", requested: 40, candidates: 39)) {
            try model.kneighbors()
        }
    }

    @Test("queries other than the fitted rows are answered exactly")
    func explicitQueriesAreExact() throws {
        let x = Matrix.randomNormal(rows: 500, columns: 16, seed: 6)
        let queries = Matrix.randomNormal(rows: 30, columns: 16, seed: 7)
        let approximate = try NearestNeighbors(neighbors: 5, algorithm: .nnDescent).fit(x).kneighbors(of: queries)
        let exact = try NearestNeighbors(neighbors: 5, algorithm: .bruteForce).fit(x).kneighbors(of: queries)
        #expect(approximate == exact)
    }

    @Test("bad settings are refused with the value and its range")
    func invalidSettings() throws {
        let x = Matrix.randomNormal(rows: 50, columns: 4, seed: 8)
        let error = #expect(throws: NeighborsError.self) {
            try NearestNeighbors(neighbors: 5, algorithm: .approximate(NNDescent(sampleRate: 0))).fit(x)
        }
        #expect(error?.description == "NearestNeighbors.fit: sampleRate = 0.0 must be finite and > 0")
        #expect(throws: NeighborsError.self) {
            try NearestNeighbors(neighbors: 5, algorithm: .approximate(NNDescent(trees: 0))).fit(x)
        }
        let pool = #expect(throws: NeighborsError.self) {
            try NearestNeighbors(neighbors: 5, algorithm: .approximate(NNDescent(poolSize: 0))).fit(x)
        }
        #expect(pool?.description.contains("poolSize = 0") == true)
    }

    @Test("the pool of L = 2k neighbours (the default) finds more of the exact neighbours than L = k on a 50-D Gaussian cloud; L below k counts as k")
    func poolSizeAgainstExactSearch() throws {
        let gaussian = Matrix.randomNormal(rows: 800, columns: 50, seed: 2)
        let exact = try NearestNeighbors(neighbors: 15, algorithm: .bruteForce).fit(gaussian).kneighbors()
        func graph(_ settings: NNDescent) throws -> NeighborList {
            try NearestNeighbors(neighbors: 15, algorithm: .approximate(settings)).fit(gaussian).kneighbors()
        }
        let single = try graph(NNDescent(poolSize: 15)), double = try graph(NNDescent())
        let singleRecall = recall(single, against: exact), doubleRecall = recall(double, against: exact)
        // Measured: L = 2k 0.999, L = k 0.960 (release and debug, any core count: the graph depends on the seed only).
        #expect(doubleRecall >= 0.98, "L = 2k: recall \(doubleRecall), L = k: \(singleRecall)")
        #expect(doubleRecall >= singleRecall + 0.02, "L = 2k: \(doubleRecall), L = k: \(singleRecall)")
        #expect(try graph(NNDescent(poolSize: 30)) == double)
        #expect(try graph(NNDescent(poolSize: 1)) == single)
    }

    @Test("t-SNE's k = 90: pool L = k and the join capped at 60 candidates by default, recall against the exact search")
    func largeNeighborCountAgainstExactSearch() throws {
        let blobs = try Dataset.blobs(samples: 600, features: 50, centers: 6, seed: 3).features
        let exact = try NearestNeighbors(neighbors: 90, algorithm: .bruteForce).fit(blobs).kneighbors()
        func graph(_ settings: NNDescent) throws -> NeighborList {
            try NearestNeighbors(neighbors: 90, algorithm: .approximate(settings)).fit(blobs).kneighbors()
        }
        let defaults = try graph(NNDescent())
        // The defaults are L = max(k, min(2k, 60)) = 90 and c = min(⌈ρL⌉, 60) = 60.
        #expect(try graph(NNDescent(poolSize: 90, maxCandidates: 60)) == defaults)
        let found = recall(defaults, against: exact)
        #expect(found >= 0.95, "recall \(found)")
        // A much tighter cap (10 candidates, 6× fewer joins) still finds most of the graph.
        let tight = recall(try graph(NNDescent(maxCandidates: 10)), against: exact)
        #expect(tight >= 0.5 && tight <= 1, "recall \(tight)")
    }

    @Test("the candidate cap leaves k = 15 unchanged (c = ⌈ρ · 2k⌉ = 30 < 60), and is validated")
    func candidateCapAtSmallNeighborCount() throws {
        let blobs = try Dataset.blobs(samples: 500, features: 20, centers: 5, seed: 5).features
        func graph(_ settings: NNDescent) throws -> NeighborList {
            try NearestNeighbors(neighbors: 15, algorithm: .approximate(settings)).fit(blobs).kneighbors()
        }
        #expect(try graph(NNDescent(maxCandidates: 30)) == graph(NNDescent()))
        let error = #expect(throws: NeighborsError.self) {
            try NearestNeighbors(neighbors: 5, algorithm: .approximate(NNDescent(maxCandidates: 0))).fit(blobs)
        }
        #expect(error?.description.contains("maxCandidates = 0") == true)
    }

    @Test("the embedding default: k-d tree in few dimensions, exact below the size threshold, NN-descent above")
    func embeddingDefault() {
        typealias Algorithm = NearestNeighbors.Algorithm
        #expect(Algorithm.embeddingDefault(samples: 1_000_000, features: 3) == .kdTree)
        #expect(Algorithm.embeddingDefault(samples: Algorithm.approximateThreshold - 1, features: 50) == .bruteForce)
        #expect(Algorithm.embeddingDefault(samples: Algorithm.approximateThreshold, features: 50, seed: 4)
                == .approximate(NNDescent(seed: 4)))
        // The crossover grows as min(k, 60)², the candidates a local join samples: 4² × 20 000 from k = 60 on, so
        // t-SNE's k = 90 stays exact to 320 000 points.
        #expect(Algorithm.approximateThreshold(neighbors: 30) == 4 * Algorithm.approximateThreshold)
        #expect(Algorithm.approximateThreshold(neighbors: 60) == 16 * Algorithm.approximateThreshold)
        #expect(Algorithm.approximateThreshold(neighbors: 90) == 16 * Algorithm.approximateThreshold)
        #expect(Algorithm.approximateThreshold(neighbors: 5) == Algorithm.approximateThreshold)
        #expect(Algorithm.embeddingDefault(samples: 319_999, features: 50, neighbors: 90) == .bruteForce)
        #expect(Algorithm.embeddingDefault(samples: 320_000, features: 50, neighbors: 90, seed: 1) == .approximate(NNDescent(seed: 1)))
        #expect(NearestNeighbors().algorithm == .automatic)
    }
}
