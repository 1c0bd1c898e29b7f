@testable import DimensionalityReduction
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("SpectralEmbedding")
struct SpectralEmbeddingTests {
    /// The deterministic 300-point swiss roll of `benchmarks/fixture_sklearn_spectral_embedding.py`.
    static let roll: Matrix = {
        let n = 300
        return Matrix(rows: n, columns: 3) { i, j in
            let t = 1.5 * Double.pi * (1 + 2 * Double(i) / Double(n - 1))
            let fraction = (0.6180339887498949 * Double(i)).truncatingRemainder(dividingBy: 1)
            switch j {
            case 0: return t * cos(t)
            case 1: return 20 * fraction
            default: return t * sin(t)
            }
        }
    }()

    static func reference(_ values: [Double]) -> Matrix { Matrix(rows: 300, columns: 2, elements: values) }

    @Test("k-NN affinity (default k = n/10 = 30): scikit-learn's embedding up to column signs, every solver")
    func nearestNeighborsMatchesScikitLearn() throws {
        let expected = Self.reference(SpectralEmbeddingFixture.nearestNeighbors)
        for solver in [SpectralEmbedding.EigenSolver.automatic, .shiftInvert(tolerance: 1e-10), .lanczos(tolerance: 1e-10)] {
            let model = try SpectralEmbedding(eigenSolver: solver).fit(Self.roll)
            #expect(model.solver == (solver == .automatic ? .dense : solver))
            #expect(model.neighbors == 30)
            assertEqualUpToColumnSigns(model.embedding, expected, relativeTolerance: 1e-6)
            // The fixture script printed λ₁, λ₂ = 0.0859648, 0.0999316 (dense eigvalsh of SciPy's Laplacian).
            assertClose(model.eigenvalues, [0.0859648, 0.0999316], relativeTolerance: 1e-5)
        }
    }

    @Test("RBF affinity (γ = 1/d): scikit-learn's embedding up to column signs, dense and Lanczos")
    func rbfMatchesScikitLearn() throws {
        let expected = Self.reference(SpectralEmbeddingFixture.rbf)
        for solver in [SpectralEmbedding.EigenSolver.dense, .lanczos(tolerance: 1e-11)] {
            let model = try SpectralEmbedding(affinity: .rbf(), eigenSolver: solver).fit(Self.roll)
            #expect(model.gamma == 1.0 / 3)
            assertEqualUpToColumnSigns(model.embedding, expected, relativeTolerance: 1e-6)
        }
    }

    @Test("columns are D-orthonormal and D-orthogonal to 𝟙 (u = D^{-1/2} v of orthonormal v ⟂ √d)")
    func degreeOrthogonality() throws {
        let x = SpectralFixtures.cloud(rows: 150, columns: 4, seed: 3)
        let model = try SpectralEmbedding(components: 3, affinity: .nearestNeighbors(12)).fit(x)
        // Rebuild the degrees independently: ½ (C + Cᵀ) from a brute-force 11-NN (self is the 12th).
        let distances = x.pairwiseSquaredDistances()
        var a = Matrix(rows: 150, columns: 150)
        for i in 0..<150 {
            let order = (0..<150).filter { $0 != i }.sorted { distances[i, $0] < distances[i, $1] }
            for j in order.prefix(11) { a[i, j] += 0.5; a[j, i] += 0.5 }
        }
        let d = (0..<150).map { a.row($0).reduce(0, +) }
        let u = model.embedding
        for p in 0..<3 {
            var weighted = 0.0
            for i in 0..<150 { weighted += d[i] * u[i, p] }
            assertClose(weighted, 0, absoluteTolerance: 1e-10)
            for q in 0..<3 {
                var inner = 0.0
                for i in 0..<150 { inner += d[i] * u[i, p] * u[i, q] }
                assertClose(inner, p == q ? 1 : 0, relativeTolerance: 1e-9, absoluteTolerance: p == q ? 0 : 1e-9)
            }
            // Largest-magnitude entry positive.
            let column = u.column(p)
            #expect(column.max()! >= -column.min()!)
        }
        // Rayleigh quotients of the generalised problem (D − A) u = λ D u give the reported eigenvalues.
        for p in 0..<3 {
            var numerator = 0.0
            for i in 0..<150 { for j in 0..<150 { numerator += a[i, j] * (u[i, p] - u[j, p]) * (u[i, p] - u[j, p]) } }
            assertClose(numerator / 2, model.eigenvalues[p], relativeTolerance: 1e-8)
        }
    }

    @Test("neighbour sets by dgemm + quickselect (k > 64, d > 10) equal a brute-force sort, ties to the smaller index")
    func neighborSetsMatchBruteForce() throws {
        // Rounded coordinates make many exactly tied distances.
        let x = Matrix.randomNormal(rows: 300, columns: 12, seed: 8).map { ($0 * 2).rounded() / 2 }
        let k = 90
        let sets = try NeighborSets.nearest(x, count: k)
        var mismatches = 0
        var exact = [Double](repeating: 0, count: 300)
        for i in 0..<300 {
            // Exact squared distances from the coordinates (halves: exact in binary), ties by index.
            for j in 0..<300 {
                var sum = 0.0
                for c in 0..<12 { let t = x[i, c] - x[j, c]; sum += t * t }
                exact[j] = sum
            }
            let expected = (0..<300).filter { $0 != i }.sorted { (exact[$0], $0) < (exact[$1], $1) }.prefix(k).sorted()
            if Array(sets[(i * k)..<((i + 1) * k)].map(Int.init)) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // The selection itself, against a sort, on values with many repeats.
        var generator = SeededGenerator(seed: 2)
        for trial in 0..<50 {
            let count = 1 + trial * 7
            var values = (0..<count).map { _ in Double(Int(generator.nextUniform() * 10)) }
            let sorted = values.sorted()
            let rank = Int(generator.nextUniform() * Double(count))
            let selected = values.withUnsafeMutableBufferPointer { NeighborSets.select($0.baseAddress!, count: count, rank: rank) }
            #expect(selected == sorted[rank])
        }
    }

    @Test("a disconnected graph throws with advice, connectComponents links it; no transform; bad input")
    func disconnectedAndErrors() throws {
        let left = Matrix.randomNormal(rows: 40, columns: 2, seed: 1)
        let right = Matrix.randomNormal(rows: 40, columns: 2, seed: 2).addingToEachRow([100, 0])
        let x = Matrix.verticalConcatenation([left, right])
        expectFailure(messageContaining: "2 connected components") {
            _ = try SpectralEmbedding(affinity: .nearestNeighbors(10)).fit(x)
        }
        let linked = try SpectralEmbedding(affinity: .nearestNeighbors(10), connectComponents: true).fit(x)
        #expect(linked.linkedComponents == 2)
        #expect(linked.embedding.isFinite)
        // The first coordinate separates the two groups (the Fiedler vector of two clusters joined by one edge).
        let first = linked.embedding.column(0)
        #expect(Set(first.prefix(40).map { $0 > 0 }).count == 1 && Set(first.suffix(40).map { $0 > 0 }).count == 1)
        #expect((first[0] > 0) != (first[79] > 0))

        expectFailure(messageContaining: "no out-of-sample map") { _ = try linked.transform(left) }
        expectFailure(messageContaining: "components = 80") { _ = try SpectralEmbedding(components: 80).fit(x) }
        expectFailure(messageContaining: "neighbors = 81") { _ = try SpectralEmbedding(affinity: .nearestNeighbors(81)).fit(x) }
        expectFailure(messageContaining: "gamma = -1") { _ = try SpectralEmbedding(affinity: .rbf(gamma: -1)).fit(x) }
        expectFailure(messageContaining: "underflow") { _ = try SpectralEmbedding(affinity: .rbf(gamma: 10)).fit(x) }
        expectFailure(messageContaining: "shift-invert needs") {
            _ = try SpectralEmbedding(affinity: .rbf(), eigenSolver: .shiftInvert()).fit(left)
        }
        var bad = left
        bad[3, 1] = .nan
        expectFailure(messageContaining: "NaN") { _ = try SpectralEmbedding().fit(bad) }
    }

    @Test("progress reports the neighbours and eigensolver phases, each ending at 1")
    func progressPhases() throws {
        let log = ProgressLog()
        _ = try SpectralEmbedding().fit(Self.roll, progress: ProgressReporter { log.append($0) })
        let updates = log.all
        #expect(updates.map(\.phase) == ["neighbours", "neighbours", "eigensolver", "eigensolver"])
        #expect(updates.filter { $0.fraction == 1 }.count == 2)
    }
}

