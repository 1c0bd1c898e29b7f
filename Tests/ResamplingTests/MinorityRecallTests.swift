import LinearAlgebra
import Resampling
import TestSupport
import Testing

/// Logistic regression fitted by Newton's method (iteratively reweighted least squares) with a small ridge:
///
///     w ← w + (Xᵀ S X + λI)⁻¹ (Xᵀ (y − p) − λ w),   p = σ(X w),   S = diag(p (1 − p))
///
/// A classifier independent of the resampling code, to check that SMOTE does what it is for.
struct LogisticRegression {
    let weights: [Double]

    init(_ x: Matrix, _ y: [Int], ridge: Double = 1e-3) throws {
        let design = Matrix.horizontalConcatenation([Matrix(rows: x.rows, columns: 1, repeating: 1), x])
        var w = [Double](repeating: 0, count: design.columns)
        for _ in 0..<25 {
            let p = (design * w).map { 1 / (1 + exp(-$0)) }
            let gradient = zip(design.multiply(zip(y, p).map { Double($0) - $1 }, transposing: true), w).map { $0 - ridge * $1 }
            let weighted = design.scalingRows(by: p.map { ($0 * (1 - $0)).squareRoot() })
            let hessian = weighted.columnGram() + Matrix.identity(design.columns) * ridge
            let step = try hessian.solvePositiveDefinite(Matrix(column: gradient)).elements
            w = zip(w, step).map(+)
        }
        weights = w
    }

    func predict(_ x: Matrix) -> [Int] {
        (0..<x.rows).map { i in weights[0] + zip(weights.dropFirst(), x.row(i)).reduce(0) { $0 + $1.0 * $1.1 } > 0 ? 1 : 0 }
    }
}

@Suite("Resampling helps the minority class")
struct MinorityRecallTests {
    /// Overlapping Gaussian classes in 2-D, 90 % class 0 around the origin and 10 % class 1 around (1.5, 1.5).
    func imbalancedSet(n: Int, seed: UInt64) -> (Matrix, [Int]) {
        let minority = n / 10
        let x = Matrix.verticalConcatenation([
            Matrix.randomNormal(rows: n - minority, columns: 2, seed: seed),
            Matrix.randomNormal(rows: minority, columns: 2, mean: 1.5, seed: seed + 1),
        ])
        return (x, [Int](repeating: 0, count: n - minority) + [Int](repeating: 1, count: minority))
    }

    func minorityRecall(_ predictions: [Int], _ truth: [Int]) -> Double {
        let positives = truth.indices.filter { truth[$0] == 1 }
        return Double(positives.filter { predictions[$0] == 1 }.count) / Double(positives.count)
    }

    @Test func smoteRaisesMinorityRecall() throws {
        let (train, trainLabels) = imbalancedSet(n: 1000, seed: 10)
        let (test, testLabels) = imbalancedSet(n: 2000, seed: 20)
        let plain = try LogisticRegression(train, trainLabels)
        let resampled = try SMOTE<Int>(seed: 1).fitResample(train, labels: trainLabels)
        let balanced = try LogisticRegression(resampled.samples, resampled.labels)
        let before = minorityRecall(plain.predict(test), testLabels)
        let after = minorityRecall(balanced.predict(test), testLabels)
        // The unweighted fit favours the majority; on balanced data the boundary moves to the midpoint.
        #expect(after > before + 0.2, "minority recall \(before) → \(after)")
        let adasyn = try ADASYN<Int>(seed: 1).fitResample(train, labels: trainLabels)
        #expect(minorityRecall(try LogisticRegression(adasyn.samples, adasyn.labels).predict(test), testLabels) > before + 0.2)
    }
}

#if canImport(Glibc)
import Glibc
#endif
