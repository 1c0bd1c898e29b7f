import LinearAlgebra
import Neighbors

/// Local tangent space alignment (Zhang & Zha 2004), scikit-learn's `LocallyLinearEmbedding(method="ltsa")`.
///
///     Xᵢ: the k neighbours of point i (not i itself), centred;  Vᵢ: top d eigenvectors of Xᵢ Xᵢᵀ (k × k)
///     Gᵢ = [𝟙/√k, Vᵢ],   M = Σᵢ Sᵢ (I − Gᵢ Gᵢᵀ) Sᵢᵀ          (Sᵢ scatters to the neighbours' indices)
///     Y = the eigenvectors of M for its d smallest eigenvalues on 𝟙⊥ (scikit-learn: the d + 1 smallest
///         without the first, the constant vector M𝟙 = 0 — the same when that null space is one-dimensional)
///
/// Each block `I − Gᵢ Gᵢᵀ` projects out the local tangent coordinates, so M's null space holds the global
/// coordinates that are affine in every neighbourhood: points on a flat d-dimensional patch are recovered
/// up to an affine map. Columns of Y are orthonormal with zero mean. Eigenvectors as in
/// `LocallyLinearEmbedding` (dense for small n, CHOLMOD shift-invert otherwise).
///
/// - Complexity: k-NN as `NearestNeighbors`; one k × k eigenproblem per point (in parallel); M assembly
///   O(n k²); the sparse bottom eigenproblem.
/// - Reference: Z. Zhang, H. Zha, "Principal manifolds and nonlinear dimensionality reduction via tangent
///   space alignment", SIAM J. Sci. Comput. 26 (2004). doi:10.1137/S1064827502419154
public typealias LocalTangentSpaceAlignment = LocalEmbedding<TangentSpaceAlignmentCost>

/// The cost matrix of LTSA (`LocalTangentSpaceAlignment`).
public enum TangentSpaceAlignmentCost: LocalCostMatrix {
    /// The name in messages.
    public static let methodName = "LocalTangentSpaceAlignment"
    /// scikit-learn's default neighbours.
    public static let defaultNeighbors = 5

    /// Throws for `components` above the feature count or `neighbors < components + 2`.
    public static func validate(_ settings: LocalTangentSpaceAlignment, samples n: Int, features: Int) throws {
        let (neighbors, components) = (settings.neighbors, settings.components)
        try requireComponents(components, atMost: features)
        guard neighbors >= components + 2 else {
            throw ManifoldLearningError.invalidParameter(method: methodName, message: "neighbors = \(neighbors) must be at least components + 2 = \(components + 2), or the local tangent spaces fill the neighbourhoods")
        }
    }

    /// The cost matrix of `x`'s neighbourhoods `list`.
    public static func costMatrix(_ settings: LocalTangentSpaceAlignment, of x: Matrix, neighbors list: NeighborList,
                                  progress: ProgressReporter) throws -> (matrix: SparseSymmetricMatrix, details: Void) {
        let (n, k, d) = (x.rows, settings.neighbors, settings.components)
        let blocks = try LocalBlocks.computeFromTangents(x, neighbors: list, dimension: d, method: methodName,
                                                         progress: progress) { _, tangent, block in   // tangent: k × d
            for p in 0..<k {
                for q in 0..<k {
                    var projection = 1 / Double(k)
                    for j in 0..<d { projection += tangent.elements[p * d + j] * tangent.elements[q * d + j] }
                    block[p * k + q] = (p == q ? 1 : 0) - projection
                }
            }
        }
        let alignment = SparseSymmetricMatrix(sumOfBlocksOf: n, size: k, indices: list.indices, blocks: blocks, dimension: n)
        return (alignment, ())
    }
}
