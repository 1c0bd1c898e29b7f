import LinearAlgebra
import Neighbors

/// Hessian locally linear embedding (Donoho & Grimes 2003), scikit-learn's
/// `LocallyLinearEmbedding(method="hessian")`.
///
///     Uᵢ: top d left singular vectors of the centred neighbourhood Xᵢ (k × d, tangent coordinates)
///     Yᵢ = [𝟙, Uᵢ, (u_a ∘ u_b) for a ≤ b]          (k × (1 + d + d(d+1)/2))
///     Yᵢ = Q R;  Wᵢ = the last d(d+1)/2 columns of Q, each divided by its sum (when |sum| ≥ 1e-4)
///     H = Σᵢ Sᵢ Wᵢ Wᵢᵀ Sᵢᵀ   (a discrete Hessian functional; its null space holds the affine functions)
///     Y = the eigenvectors of H for its d smallest eigenvalues on 𝟙⊥
///
/// Points on a flat patch are recovered up to an affine map, as with LTSA. Needs
/// `neighbors > d + d(d+1)/2`. Eigenvectors as in `LocallyLinearEmbedding`.
///
/// - Complexity: one k × k eigenproblem and one k × (1 + d + d(d+1)/2) QR per point (in parallel), H
///   assembly O(n k²), the sparse bottom eigenproblem.
/// - Reference: D. L. Donoho, C. Grimes, "Hessian eigenmaps: locally linear embedding techniques for
///   high-dimensional data", PNAS 100 (2003). doi:10.1073/pnas.1031596100
public typealias HessianLLE = LocalEmbedding<HessianLLECost>

/// The cost matrix of Hessian LLE (`HessianLLE`).
public enum HessianLLECost: LocalCostMatrix {
    /// The name in messages.
    public static let methodName = "HessianLLE"
    /// 10 neighbours: scikit-learn's 5 do not exceed d + d(d+1)/2 = 5 for d = 2, which Hessian LLE needs.
    public static let defaultNeighbors = 10

    /// Throws for `components` above the feature count or `neighbors ≤ d + d(d+1)/2`.
    public static func validate(_ settings: HessianLLE, samples n: Int, features: Int) throws {
        let (neighbors, d) = (settings.neighbors, settings.components)
        try requireComponents(d, atMost: features)
        let quadratic = d * (d + 1) / 2
        guard neighbors > d + quadratic else {
            throw ManifoldLearningError.invalidParameter(method: methodName, message: "neighbors = \(neighbors) must exceed components + components·(components + 1)/2 = \(d + quadratic)")
        }
    }

    /// The cost matrix of `x`'s neighbourhoods `list`.
    public static func costMatrix(_ settings: HessianLLE, of x: Matrix, neighbors list: NeighborList,
                                  progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: Void) {
        let (n, k, d) = (x.rows, settings.neighbors, settings.components)
        let quadratic = d * (d + 1) / 2
        let width = 1 + d + quadratic
        let blocks = try LocalBlocks.computeFromTangents(x, neighbors: list, dimension: d, method: methodName,
                                                         progress: progress) { _, tangent, block in   // tangent: k × d
            var y = Matrix(rows: k, columns: width)
            for p in 0..<k {
                y[p, 0] = 1
                for a in 0..<d { y[p, 1 + a] = tangent[p, a] }
                var column = 1 + d
                for a in 0..<d {
                    for b in a..<d {
                        y[p, column] = tangent[p, a] * tangent[p, b]
                        column += 1
                    }
                }
            }
            let q = try y.qr().q   // k × width
            var w = q.columns(at: Array((1 + d)..<width))   // k × quadratic
            for j in 0..<quadratic {
                var sum = 0.0
                for p in 0..<k { sum += w[p, j] }
                if abs(sum) < 1e-4 { sum = 1 }
                for p in 0..<k { w[p, j] /= sum }
            }
            for p in 0..<k {
                for r in 0..<k {
                    var value = 0.0
                    for j in 0..<quadratic { value += w[p, j] * w[r, j] }
                    block[p * k + r] = value
                }
            }
        }
        let hessian = SparseSymmetricMatrix(sumOfBlocksOf: n, size: k, indices: list.indices, blocks: blocks, dimension: n)
        return (hessian, ())
    }
}
