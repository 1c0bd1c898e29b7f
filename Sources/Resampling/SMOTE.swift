import LinearAlgebra
import Neighbors

/// Synthetic Minority Over-sampling TEchnique (Chawla et al., 2002), with imbalanced-learn's semantics.
///
/// For each class to grow, each new sample picks a class sample `xᵢ` uniformly, one of its `neighbors`
/// nearest neighbours *within the class* `x_nn` uniformly, and a step `u ~ U[0, 1)`:
///
///     x_new = xᵢ + u · (x_nn − xᵢ)
///
/// A sample is never its own neighbour, even when the data holds duplicates (self is excluded by index).
///
/// - Complexity: one exact k-NN search per class (O(nᶜ² d) through BLAS) plus O(generated · d).
/// Reference: N. V. Chawla, K. W. Bowyer, L. O. Hall, W. P. Kegelmeyer, "SMOTE: Synthetic Minority
/// Over-sampling Technique", JAIR 16 (2002), doi:10.1613/jair.953.
public struct SMOTE<Label: Hashable & Comparable & Sendable>: Sendable {
    /// Which classes to grow and by how much.
    public var strategy: SamplingStrategy<Label>
    /// Same-class neighbours to interpolate toward (imbalanced-learn's `k_neighbors`, default 5).
    public var neighbors: Int
    /// The seed of every random choice.
    public var seed: UInt64

    /// SMOTE with the given settings; the defaults are imbalanced-learn's.
    public init(strategy: SamplingStrategy<Label> = .auto, neighbors: Int = 5, seed: UInt64 = 0) {
        self.strategy = strategy
        self.neighbors = neighbors
        self.seed = seed
    }

    /// The data with synthetic samples appended (see `Resampled`).
    ///
    /// - Throws: `ResamplingError` for mismatched labels, non-finite data, `neighbors < 1`, a class with at most
    ///   `neighbors` samples, or a strategy that cannot be met.
    // Specialised entry points for the common label types, so callers in other modules skip generic dispatch
    // (hashing and dictionary metadata per row) in the per-sample loops.
    @_specialize(where Label == Int)
    @_specialize(where Label == String)
    public func fitResample(_ x: Matrix, labels: [Label]) throws -> Resampled<Label> {
        let (plan, rowsByClass) = try interpolationPlan(x, labels: labels, strategy: strategy, neighbors: neighbors,
                                                        method: "SMOTE")
        var generator = SeededGenerator(seed: seed)
        var output = ResamplingOutput(original: x, expectedNewRows: plan.reduce(0) { $0 + $1.count })
        var newLabels: [Label] = []
        for (label, count) in plan where count > 0 {
            let members = rowsByClass[label]!
            let classRows = x.rows(at: members)
            let graph = try NearestNeighbors(neighbors: neighbors).fit(classRows).kneighbors()
            let interpolator = SegmentInterpolator(data: x, members: members, neighbors: graph.indices, k: neighbors)
            for _ in 0..<count {
                interpolator.appendSample(base: generator.nextIndex(below: members.count), using: &generator, into: &output)
            }
            newLabels += [Label](repeating: label, count: count)
        }
        return output.result(columns: x.columns, originalLabels: labels, newLabels: newLabels)
    }
}
