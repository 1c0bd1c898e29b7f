import Datasets
@testable import DimensionalityReduction
import Foundation
import LinearAlgebra
import Neighbors
import TestSupport
import Testing

/// UMAP against umap-learn's values (UMAPFixtures, from benchmarks/fixture_umap.py) and its invariants.
@Suite("UMAP")
struct UMAPTests {
    @Test("a, b equal umap-learn's find_ab_params to 1e-3")
    func curveParameters() throws {
        for curve in UMAPFixtures.curves {
            let (a, b) = try UMAP.curveParameters(minDistance: curve.minDistance, spread: curve.spread)
            assertClose(a, curve.a, relativeTolerance: 1e-3, "a for min_dist \(curve.minDistance), spread \(curve.spread)")
            assertClose(b, curve.b, relativeTolerance: 1e-3, "b for min_dist \(curve.minDistance), spread \(curve.spread)")
        }
        let defaults = try UMAP.curveParameters(minDistance: 0.1, spread: 1)
        #expect(abs(defaults.a - 1.577) < 1e-3 && abs(defaults.b - 0.895) < 1e-3)
    }

    @Test("fuzzy simplicial set equals umap-learn's on 60 points to 1e-6")
    func fuzzySetMatchesUmapLearn() throws {
        let list = try NearestNeighbors(neighbors: 14, algorithm: .bruteForce).fit(UMAPFixtures.points).kneighbors()
        let fuzzy = FuzzySimplicialSet(excludingSelf: list)
        var rows: [Int] = [], columns: [Int] = [], values: [Double] = []
        for i in 0..<fuzzy.graph.dimension {
            for p in fuzzy.graph.offsets[i]..<fuzzy.graph.offsets[i + 1] {
                rows.append(i); columns.append(fuzzy.graph.columns[p]); values.append(fuzzy.graph.values[p])
            }
        }
        #expect(rows == UMAPFixtures.fuzzyRows)
        #expect(columns == UMAPFixtures.fuzzyColumns)
        assertClose(values, UMAPFixtures.fuzzyValues, relativeTolerance: 0, absoluteTolerance: 1e-6)
        // umap-learn keeps σ and ρ in single precision.
        assertClose(fuzzy.sigmas, UMAPFixtures.sigmas, relativeTolerance: 1e-6)
        assertClose(fuzzy.rhos, UMAPFixtures.rhos, relativeTolerance: 1e-6)
        #expect(fuzzy.graph.dense.isSymmetric(tolerance: 0))
    }

    @Test("σᵢ calibrates each row's membership sum to log₂ k")
    func sigmaCalibration() throws {
        let x = Matrix.randomNormal(rows: 120, columns: 6, seed: 3)
        let k = 10
        let list = try NearestNeighbors(neighbors: k - 1).fit(x).kneighbors()
        let fuzzy = FuzzySimplicialSet(excludingSelf: list)
        for i in 0..<x.rows {
            // ρᵢ is the nearest distance (local connectivity 1; single precision, as umap-learn's).
            let distances = list.distances(ofRow: i).map { Double(Float($0)) }
            #expect(fuzzy.rhos[i] == distances[0])
            let sum = distances.reduce(0) { $0 + exp(-max(0, $1 - fuzzy.rhos[i]) / fuzzy.sigmas[i]) }
            #expect(abs(sum - log2(Double(k))) < 1e-5, "row \(i): Σ = \(sum)")
        }
    }

    @Test("trustworthiness on 500 digits within 0.01 of umap-learn's")
    func digitsTrustworthiness() throws {
        let digits = try Dataset.load(.digits).features.rows(at: 0..<500)
        let embedding = try UMAP(epochs: 200, seed: 0).fitTransform(digits)
        let trust = try QualityMetrics.trustworthiness(original: digits, embedding: embedding, neighbors: 10)
        #expect(abs(trust - UMAPFixtures.digitsTrustworthiness) <= 0.01,
                "ours \(trust), umap-learn \(UMAPFixtures.digitsTrustworthiness)")
    }

    @Test("the layout's vector power x^p equals Foundation's pow to 5e-6 relative for x in [1e-8, 1e8], p in [-0.5, 2]")
    func fastPowerMatchesPow() {
        var generator = SeededGenerator(seed: 11)
        var worst = 0.0
        for p in [-0.5, 0.1, 0.895_060_6, 1, 1.5, 2] {
            for _ in 0..<60 {
                var x = SIMD8<Float>()
                for lane in 0..<8 { x[lane] = Float(pow(10, Double.random(in: -8...8, using: &generator))) }
                let fast = UMAPFastPower.power(x, Float(p))
                for lane in 0..<8 {
                    let reference = pow(Double(x[lane]), Double(Float(p)))
                    worst = max(worst, abs(Double(fast[lane]) / reference - 1))
                }
            }
        }
        // |p log₂ x| ≤ 54 here: a few single-precision ulps of y, times |y|, after exp2 (measured 2.4e-6).
        #expect(worst < 5e-6, "largest relative error \(worst)")
        // Exact powers of two and the edge of the range: 2^(p·e) exactly, and no 0 or ∞ at x = 0.
        let exact = UMAPFastPower.power(SIMD8<Float>(1, 2, 4, 0.5, 0.25, 1024, 0x1p-20, 0), 2)
        #expect((0..<7).map { exact[$0] } == [1, 4, 16, 0.25, 0.0625, 1_048_576, 0x1p-40])
        #expect(exact[7].isFinite && exact[7] > 0)
    }

    @Test("a seed gives the same embedding; another seed a different one")
    func seededReproducibility() throws {
        let x = try Dataset.blobs(samples: 150, features: 5, centers: 3, seed: 1).features
        let first = try UMAP(neighbors: 10, epochs: 60, seed: 7).fitTransform(x)
        let second = try UMAP(neighbors: 10, epochs: 60, seed: 7).fitTransform(x)
        let other = try UMAP(neighbors: 10, epochs: 60, seed: 8).fitTransform(x)
        #expect(first == second)
        #expect(first != other)
    }

    @Test("transform puts training rows near their embedding and new rows in their blob")
    func transform() throws {
        let data = try Dataset.blobs(samples: 240, features: 4, centers: 3, clusterStandardDeviation: 0.5, seed: 2)
        let training = data.features.rows(at: 0..<200), fresh = data.features.rows(at: 200..<240)
        let labels = try #require(data.targets)
        let model = try UMAP(neighbors: 10, epochs: 100, seed: 3).fit(training)
        let embedding = model.embedding
        var centres = Matrix(rows: 3, columns: 2)
        var counts = [Double](repeating: 0, count: 3)
        for i in 0..<200 {
            counts[labels[i]] += 1
            for c in 0..<2 { centres[labels[i], c] += embedding[i, c] }
        }
        for label in 0..<3 { for c in 0..<2 { centres[label, c] /= counts[label] } }
        func nearestCentre(_ point: [Double]) -> Int {
            (0..<3).min { a, b in
                hypot(point[0] - centres[a, 0], point[1] - centres[a, 1]) < hypot(point[0] - centres[b, 0], point[1] - centres[b, 1])
            }!
        }
        // Training rows start at their fitted position and relax among their fixed neighbours: umap-learn moves
        // them by a median of 2–2.5 % of the embedding's extent on such blobs (at most ~10 %), within their blob.
        let again = try model.transform(training.rows(at: 0..<40))
        let extent = (0..<2).map { c in (embedding.column(c).max()! - embedding.column(c).min()!) }.max()!
        let moved = (0..<40).map { hypot(again[$0, 0] - embedding[$0, 0], again[$0, 1] - embedding[$0, 1]) }.sorted()
        #expect(moved[20] < 0.05 * extent, "median move \(moved[20]) of an extent \(extent)")
        for i in 0..<40 { #expect(nearestCentre(again.row(i)) == labels[i], "training row \(i)") }
        // New rows: in the cluster of their blob.
        let placed = try model.transform(fresh)
        for i in 0..<40 { #expect(nearestCentre(placed.row(i)) == labels[200 + i], "new row \(i)") }
        #expect(try model.transform(fresh) == placed, "transform is reproducible")
    }

    @Test("spectral initialisation equals the dense eigenvectors of D^(−½) W D^(−½) up to sign")
    func spectralInitialisation() throws {
        let x = Matrix(rows: 300, columns: 2) { i, j in j == 0 ? Double(i % 20) : Double(i / 20) * 1.3 }   // a grid
        let list = try NearestNeighbors(neighbors: 9).fit(x).kneighbors()
        let graph = FuzzySimplicialSet(excludingSelf: list).graph
        var generator = SeededGenerator(seed: 0)
        let layout = try UMAP.spectralLayout(graph: graph, data: x, components: 2, generator: &generator)
        let w = graph.dense
        let degrees = (0..<w.rows).map { i in w.row(i).reduce(0, +) }
        let normalized = Matrix(rows: w.rows, columns: w.columns) { i, j in w[i, j] / (degrees[i] * degrees[j]).squareRoot() }
        let dense = try normalized.symmetricEigen(.largest(3))
        assertEqualUpToColumnSigns(layout, dense.eigenvectors.columns(at: [1, 2]), relativeTolerance: 1e-3)
    }

    @Test("a disconnected graph: each component's layout is its own spectral layout up to a shift, scale and signs")
    func spectralInitialisationPerComponent() throws {
        // Three far-apart grids of 12, 10 and 14 × 6 points: three components of different sizes, whose
        // eigensolves run in parallel (largest first).
        let widths = [12, 10, 14], starts = [0, 72, 132]
        let x = Matrix(rows: 216, columns: 2) { i, j in
            let part = starts.lastIndex { $0 <= i }!, r = i - starts[part]
            return (j == 0 ? Double(r % widths[part]) : Double(r / widths[part]) * 1.3) + 1000 * Double(part)
        }
        let graph = FuzzySimplicialSet(excludingSelf: try NearestNeighbors(neighbors: 9).fit(x).kneighbors()).graph
        var generator = SeededGenerator(seed: 0)
        let layout = try UMAP.spectralLayout(graph: graph, data: x, components: 2, generator: &generator)
        /// Rows minus the first row, each column scaled to unit norm: blind to the component's centre and scale.
        func shape(_ m: Matrix) -> Matrix {
            var d = Matrix(rows: m.rows, columns: m.columns) { i, j in m[i, j] - m[0, j] }
            for j in 0..<d.columns {
                let norm = d.column(j).reduce(0) { $0 + $1 * $1 }.squareRoot()
                for i in 0..<d.rows { d[i, j] /= norm }
            }
            return d
        }
        for part in 0..<3 {
            let rows = Array(starts[part]..<starts[part] + 6 * widths[part])
            let w = graph.submatrix(rows).dense
            let degrees = (0..<w.rows).map { i in w.row(i).reduce(0, +) }
            let normalized = Matrix(rows: w.rows, columns: w.columns) { i, j in w[i, j] / (degrees[i] * degrees[j]).squareRoot() }
            let dense = try normalized.symmetricEigen(.largest(3)).eigenvectors.columns(at: [1, 2])
            assertEqualUpToColumnSigns(shape(layout.rows(at: rows)), shape(dense), relativeTolerance: 1e-3)
        }
    }

    @Test("automatic NN-descent gets a pool of 1.5 (k − 1) candidates; an explicit algorithm is kept")
    func neighborSearchPool() {
        let search = UMAP().neighborSearch(samples: 50_000, features: 50)
        #expect(search.neighbors == 14)
        if case let .approximate(settings) = search.algorithm { #expect(settings.poolSize == 21) } else {
            Issue.record("expected NN-descent at 50 000 × 50, got \(search.algorithm)")
        }
        let explicit = UMAP(neighborAlgorithm: .approximate(NNDescent(seed: 3))).neighborSearch(samples: 50_000, features: 50)
        if case let .approximate(settings) = explicit.algorithm { #expect(settings.poolSize == nil) } else {
            Issue.record("the explicit NN-descent was replaced by \(explicit.algorithm)")
        }
    }

    @Test("progress reports the four phases in order, optimisation epoch by epoch")
    func progressPhases() throws {
        let x = Matrix.randomNormal(rows: 60, columns: 3, seed: 4)
        let updates = ProgressLog()
        _ = try UMAP(neighbors: 8, epochs: 12, seed: 1).fit(x, progress: ProgressReporter { updates.append($0) })
        let phases = updates.all.map(\.phase).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(phases == ["neighbours", "fuzzy set", "initialisation", "optimisation"])
        let epochs = updates.all.filter { $0.phase == "optimisation" }
        #expect(epochs.count == 12 && epochs.last?.step?.done == 12 && epochs.last?.step?.total == 12)
    }

    @Test("an NN-descent search reports its trees and rounds inside the neighbours phase, for UMAP and t-SNE")
    func approximateSearchProgress() throws {
        let x = Matrix.randomNormal(rows: 300, columns: 5, seed: 6)
        let search = NearestNeighbors.Algorithm.approximate(NNDescent(maxIterations: 4, seed: 2))
        let umap = ProgressLog(), tsne = ProgressLog()
        _ = try UMAP(neighbors: 8, epochs: 2, neighborAlgorithm: search, seed: 1).fit(x, progress: umap.reporter)
        _ = try TSNE(perplexity: 5, earlyExaggerationIterations: 2, iterations: 4, neighborAlgorithm: search, seed: 1)
            .fit(x, progress: tsne.reporter)
        for (method, log) in [("UMAP", umap), ("t-SNE", tsne)] {
            let phases = log.all.map(\.phase).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
            #expect(Array(phases.prefix(4)) == ["neighbours", "neighbour trees", "neighbours", method == "UMAP" ? "fuzzy set" : "affinities"], "\(method)")
            let rounds = log.all.filter { $0.phase == "neighbours" && $0.step != nil }
            #expect(!rounds.isEmpty && rounds.allSatisfy { $0.step!.total == 4 }, "\(method): NN-descent rounds of 4")
        }
    }

    @Test("bad settings throw messages that name the setting and its limit")
    func errors() {
        let x = Matrix.randomNormal(rows: 20, columns: 3, seed: 5)
        expectFailure(messageContaining: "neighbors = 1 must be at least 2") { _ = try UMAP(neighbors: 1).fit(x) }
        expectFailure(messageContaining: "neighbors = 20 must be below the number of samples n = 20") {
            _ = try UMAP(neighbors: 20).fit(x)
        }
        expectFailure(messageContaining: "minDistance = 2.0 must not exceed spread = 1.0") {
            _ = try UMAP(minDistance: 2).fit(x)
        }
        expectFailure(messageContaining: "spread = 0.0 must be finite and > 0") { _ = try UMAP(spread: 0).fit(x) }
        expectFailure(messageContaining: "epochs = 0 must be at least 1") { _ = try UMAP(neighbors: 5, epochs: 0).fit(x) }
        expectFailure(messageContaining: "learningRate = -1.0") { _ = try UMAP(neighbors: 5, learningRate: -1).fit(x) }
        expectFailure(messageContaining: "NaN or infinite") {
            var bad = x
            bad[3, 1] = .nan
            _ = try UMAP(neighbors: 5).fit(bad)
        }
        expectFailure(messageContaining: "fitted on 3 features but the new data has 2") {
            _ = try UMAP(neighbors: 5, epochs: 5, seed: 0).fit(x).transform(Matrix(rows: 2, columns: 2))
        }
    }
}

