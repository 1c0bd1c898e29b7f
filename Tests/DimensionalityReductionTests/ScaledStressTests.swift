import DimensionalityReduction
import LinearAlgebra
import Testing
import TestSupport

/// `QualityMetrics.stress(original:embedding:).scaleFree` against a direct minimisation over the scale factor and its
/// invariants.
@Suite("Scale-free stress")
struct ScaledStressTests {
    /// The pairwise distances i < j of the rows of `m`, by the definition.
    static func distances(_ m: Matrix) -> [Double] {
        var out: [Double] = []
        for i in 0..<m.rows {
            for j in (i + 1)..<m.rows {
                out.append((0..<m.columns).map { c in (m[i, c] - m[j, c]) * (m[i, c] - m[j, c]) }.reduce(0, +).squareRoot())
            }
        }
        return out
    }

    /// min over α of √(Σ (d − α d̂)² / Σ d²), found by golden-section search on [0, 4 α₀] (an independent route
    /// to the minimum: no closed form).
    static func reference(_ x: Matrix, _ y: Matrix) -> Double {
        let d = distances(x), e = distances(y)
        let total = d.map { $0 * $0 }.reduce(0, +)
        func stress(_ alpha: Double) -> Double { zip(d, e).map { ($0 - alpha * $1) * ($0 - alpha * $1) }.reduce(0, +) / total }
        let scale = d.reduce(0, +) / max(e.reduce(0, +), .leastNonzeroMagnitude)
        var (low, high) = (0.0, 4 * scale)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<200 {
            let a = high - ratio * (high - low), b = low + ratio * (high - low)
            if stress(a) < stress(b) { high = b } else { low = a }
        }
        return stress((low + high) / 2).squareRoot()
    }

    @Test("equals the stress at the best scale factor, for random data and embeddings of several shapes")
    func matchesMinimisation() throws {
        for seed in UInt64(0)..<8 {
            let x = Matrix.randomNormal(rows: 30 + Int(seed) * 17, columns: 5, seed: seed)
            let y = Matrix.randomNormal(rows: x.rows, columns: 2, seed: seed + 100) + x.columns(at: [0, 1]) * 3
            assertClose(try QualityMetrics.stress(original: x, embedding: y).scaleFree, Self.reference(x, y), relativeTolerance: 1e-9)
        }
    }

    @Test("0 for any rescaled, rotated or translated copy; raw stress is not; never above raw stress")
    func invariants() throws {
        let x = Matrix.randomNormal(rows: 70, columns: 3, seed: 7)
        let rotation = try Matrix(rows: [[0.6, -0.8, 0], [0.8, 0.6, 0], [0, 0, 1]])
        let copy = (x * rotation) * 0.001 + 5
        // Computed from three sums as √(1 − (Σ d d̂)² / (Σ d² Σ d̂²)): a perfect copy is 0 to about √ε.
        #expect(try QualityMetrics.stress(original: x, embedding: copy).scaleFree < 1e-7)
        #expect(try QualityMetrics.normalizedStress(original: x, embedding: copy) > 0.99)
        let y = Matrix.randomNormal(rows: 70, columns: 2, seed: 8)
        #expect(try QualityMetrics.stress(original: x, embedding: y).scaleFree <= QualityMetrics.normalizedStress(original: x, embedding: y))
        // Coincident embedded points: no scale helps, stress 1; one row: nothing to misplace.
        #expect(try QualityMetrics.stress(original: x, embedding: Matrix(rows: 70, columns: 2)).scaleFree == 1)
        #expect(try QualityMetrics.stress(original: x.rows(at: [0]), embedding: y.rows(at: [0])).scaleFree == 0)
    }

    @Test("bad input throws: different row counts, NaN")
    func errors() throws {
        let x = Matrix.randomNormal(rows: 10, columns: 3, seed: 1)
        #expect(throws: DimensionalityReductionError.sampleCountMismatch(method: "stress", expected: 10, got: 9)) {
            try QualityMetrics.stress(original: x, embedding: Matrix(rows: 9, columns: 2))
        }
        var bad = Matrix(rows: 10, columns: 2)
        bad[2, 1] = .nan
        #expect(throws: DimensionalityReductionError.nonFinite(method: "stress (embedding)", row: 2, column: 1)) {
            try QualityMetrics.stress(original: x, embedding: bad)
        }
    }
}
