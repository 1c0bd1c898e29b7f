import Foundation
import LinearAlgebra

/// The double-centred kernel of classical MDS (Torgerson scaling) from squared distances.
///
///     B = −½ J D⁽²⁾ J,   J = I − (1/n) 1 1ᵀ
///     bᵢⱼ = −½ (d²ᵢⱼ − r̄ᵢ − r̄ⱼ + ḡ)   (r̄ᵢ: mean of row i, ḡ: grand mean)
///
/// `squaredDistances` must be square and symmetric (every caller in the module builds or checks it so);
/// the result is symmetric with zero row and column sums. For Euclidean distances of centred data X,
/// `B = X Xᵀ`.
///
/// - Complexity: O(n²), two passes over memory, split across cores.
func doubleCenteredKernel(squaredDistances: Matrix) -> Matrix {
    precondition(squaredDistances.isSquare, "doubleCenteredKernel: needs a square matrix, got \(squaredDistances.rows) × \(squaredDistances.columns)")
    var b = squaredDistances
    doubleCenter(&b, scale: -0.5)
    return b
}

/// Double-centres the symmetric matrix `k` in place and multiplies it by `scale`:
///
///     k ← scale · (k − 1 r̄ᵀ − r̄ 1ᵀ + ḡ 1 1ᵀ),
///
/// which is `scale · J K J` for symmetric `K`. Returns the row means `r̄` and the grand mean `ḡ` of the
/// input, the statistics kernel PCA needs to centre new points.
///
/// - Complexity: O(n²), split across cores in row chunks.
@discardableResult
func doubleCenter(_ k: inout Matrix, scale: Double = 1) -> (rowMeans: [Double], grandMean: Double) {
    precondition(k.isSquare, "doubleCenter: needs a square matrix")
    let n = k.rows
    guard n > 0 else { return ([], 0) }
    var rowMeans = [Double](repeating: 0, count: n)
    k.elements.withUnsafeMutableBufferPointer { a in
        let base = a.baseAddress!
        rowMeans.withUnsafeMutableBufferPointer { means in
            let meansBase = means.baseAddress!
            parallelRowChunks(n) { range in
                for i in range {
                    var s = 0.0
                    let row = base + i * n
                    for j in 0..<n { s += row[j] }
                    meansBase[i] = s / Double(n)
                }
            }
        }
        let grandMean = rowMeans.reduce(0, +) / Double(n)
        rowMeans.withUnsafeBufferPointer { means in
            let meansBase = means.baseAddress!
            parallelRowChunks(n) { range in
                for i in range {
                    let row = base + i * n
                    let shift = grandMean - meansBase[i]
                    for j in 0..<n { row[j] = scale * (row[j] - meansBase[j] + shift) }
                }
            }
        }
    }
    let grandMean = rowMeans.reduce(0, +) / Double(n)
    return (rowMeans, grandMean)
}

/// The number of active processors, for chunking parallel loops.
enum ProcessInfoCores {
    static let count: Int = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
}
