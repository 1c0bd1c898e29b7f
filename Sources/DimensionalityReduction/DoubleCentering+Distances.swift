import Foundation
import LinearAlgebra

/// The double centring of classical scaling (Torgerson–Gower): squared distances → inner products.
///
///     B = −½ J D⁽²⁾ J,  J = I − 𝟙𝟙ᵀ/n,  i.e.  bᵢⱼ = −½ (d²ᵢⱼ − r̄ᵢ − c̄ⱼ + ḡ)
///
/// where r̄ᵢ, c̄ⱼ, ḡ are the row, column and grand means of D⁽²⁾. When D is Euclidean, B = X̃ X̃ᵀ for the
/// centred points X̃, so B's top eigenpairs give the classical MDS embedding `vⱼ √λⱼ`.
/// Used by Isomap (on geodesic distances), landmark MDS and classical MDS.
enum DoubleCentering {
    /// Statistics of `K = −½ D⁽²⁾` needed to centre new rows against the training set (kernel PCA's
    /// "centring with the training statistics").
    struct Statistics: Sendable {
        /// Column means of `K` (= row means for a symmetric D).
        let columnMeans: [Double]
        /// The mean of all entries of `K`.
        let grandMean: Double
        /// `‖B‖²_F`, the squared Frobenius norm of the centred kernel.
        let centeredSquaredNorm: Double
    }

    /// `B = −½ J D⁽²⁾ J` of a symmetric distance matrix (entries are distances, squared here), with the
    /// statistics of `−½ D⁽²⁾`: the squaring pass, then the module's shared `doubleCenter`.
    ///
    /// - Complexity: O(n²) time, one extra n × n matrix.
    static func kernel(fromDistances distances: Matrix) -> (kernel: Matrix, statistics: Statistics) {
        precondition(distances.isSquare, "DoubleCentering: needs a square distance matrix")
        let n = distances.rows
        var kernel = distances
        kernel.elements.withUnsafeMutableBufferPointer { k in
            let base = k.baseAddress!
            parallelRowChunks(n) { rows in
                for index in (rows.lowerBound * n)..<(rows.upperBound * n) { base[index] = -0.5 * base[index] * base[index] }
            }
        }
        let (means, grand) = doubleCenter(&kernel)
        let norm = kernel.frobeniusNorm
        return (kernel, Statistics(columnMeans: means, grandMean: grand, centeredSquaredNorm: norm * norm))
    }

    /// Centres rows of `K_new = −½ D_new⁽²⁾` (m × n distances of new points to the n training points) with the
    /// training statistics:  k̃ᵢⱼ = kᵢⱼ − c̄ⱼ − mean(kᵢ·) + ḡ.
    static func centerNewRows(distances: Matrix, statistics: Statistics) -> Matrix {
        let (m, n) = (distances.rows, distances.columns)
        precondition(n == statistics.columnMeans.count, "DoubleCentering: \(n) columns for \(statistics.columnMeans.count) training points")
        var result = Matrix(rows: m, columns: n)
        for i in 0..<m {
            var rowMean = 0.0
            for j in 0..<n { let v = distances[i, j]; rowMean += -0.5 * v * v }
            rowMean /= Double(n)
            for j in 0..<n {
                let v = distances[i, j]
                result[i, j] = -0.5 * v * v - statistics.columnMeans[j] - rowMean + statistics.grandMean
            }
        }
        return result
    }
}
