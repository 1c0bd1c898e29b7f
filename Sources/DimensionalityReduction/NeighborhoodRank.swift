import LinearAlgebra

/// The guard that LTSA, Hessian LLE and modified LLE put on each neighbourhood before building on its
/// tangent space: the neighbourhood must span at least `components` dimensions.
///
/// With `σⱼ = √λⱼ` the singular values of the neighbourhood's difference matrix (λⱼ the eigenvalues of its
/// k × k Gram matrix, descending), the numerical rank counts
///
///     σⱼ > max(10⁻⁸ σ₁,  64 ε √k · max |x|)
///
/// where `max |x|` is the largest coordinate of the neighbourhood's raw points: the second term is the size
/// of rounding in the differences themselves, so k + 1 copies of one point (σ₁ = 0 or rounding) have rank 0,
/// and a neighbourhood flatter than 10⁻⁸ in some direction counts as lower-dimensional. Below `components`,
/// the "tangent" eigenvectors are arbitrary (not even orthogonal to 𝟙) and the cost matrix built on them is
/// garbage, so the fit throws `ManifoldLearningError.degenerateNeighborhood` naming the rows.
enum NeighborhoodRank {
    /// Throws unless the neighbourhood `rows` of point `row` has numerical rank ≥ `components`.
    ///
    /// - Parameters:
    ///   - eigenvalues: at least `components` leading eigenvalues of the neighbourhood's Gram matrix, descending.
    ///   - points: the data; `rows` are the neighbourhood's rows in it (the point's neighbours).
    static func require(_ components: Int, eigenvalues: [Double], points: Matrix, row: Int, rows: ArraySlice<Int>,
                        method: String) throws {
        var magnitude = 0.0
        points.elements.withUnsafeBufferPointer { x in
            for index in [row] + rows {
                for c in 0..<points.columns { magnitude = max(magnitude, abs(x[index * points.columns + c])) }
            }
        }
        let singular = eigenvalues.prefix(components).map { max($0, 0).squareRoot() }
        let floor = max(1e-8 * (singular.first ?? 0), 64 * Double.ulpOfOne * Double(rows.count).squareRoot() * magnitude)
        let rank = singular.prefix { $0 > floor }.count
        guard rank >= components else {
            throw ManifoldLearningError.degenerateNeighborhood(method: method, row: row, rows: ([row] + rows).sorted(),
                                                               rank: rank, components: components)
        }
    }
}
