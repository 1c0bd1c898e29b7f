import LinearAlgebra
import Neighbors

/// ADAptive SYNthetic sampling (He et al., 2008), with imbalanced-learn's semantics.
///
/// For a class c that needs `G` new samples, each class sample `xᵢ` gets a weight from its `neighbors`
/// nearest neighbours among *all* samples (self excluded):
///
///     rᵢ = |{neighbours of xᵢ not in class c}| / neighbors,   r̂ᵢ = rᵢ / Σⱼ rⱼ,   gᵢ = round(r̂ᵢ · G)
///
/// (`round` is half to even, as NumPy's `rint`, so `Σ gᵢ` may differ from `G` by rounding). Then `gᵢ` samples
/// are interpolated from `xᵢ` toward its nearest neighbours *within the class*, as in SMOTE. Points surrounded
/// by other classes, the hard ones, get the most synthetic samples.
///
/// Reference: H. He, Y. Bai, E. A. Garcia, S. Li, "ADASYN: Adaptive synthetic sampling approach for
/// imbalanced learning", IJCNN 2008, doi:10.1109/IJCNN.2008.4633969.
public struct ADASYN<Label: Hashable & Comparable & Sendable>: Sendable {
    /// Which classes to grow and by how much (`G` per class).
    public var strategy: SamplingStrategy<Label>
    /// Neighbours for both the density weights and the interpolation (imbalanced-learn's `n_neighbors`, default 5).
    public var neighbors: Int
    /// The seed of every random choice.
    public var seed: UInt64

    /// ADASYN with the given settings; the defaults are imbalanced-learn's.
    public init(strategy: SamplingStrategy<Label> = .auto, neighbors: Int = 5, seed: UInt64 = 0) {
        self.strategy = strategy
        self.neighbors = neighbors
        self.seed = seed
    }

    /// The density weights of one class: `r` (share of other-class neighbours) and `g` (samples to make from each
    /// class sample), in the order of the class's rows. Exposed so the weighting can be inspected and taught.
    public func weights(_ x: Matrix, labels: [Label], for label: Label, generating total: Int) throws
        -> (r: [Double], g: [Int]) {
        _ = try validatedClassCounts(x, labels)
        let members = rowIndicesByClass(labels)[label] ?? []
        guard x.rows > neighbors else {
            throw ResamplingError.tooFewSamples(label: "all classes together", count: x.rows, needed: neighbors + 1, method: "ADASYN")
        }
        // The class's rows as queries against all rows, one neighbour more than needed so that each query's
        // own row can be dropped by index (a duplicate of it stays, at distance 0).
        let search = try NearestNeighbors(neighbors: neighbors).fit(x)
        let graph = try search.kneighbors(of: x.rows(at: members), neighbors: neighbors + 1)
        var r = [Double](repeating: 0, count: members.count)
        for (i, member) in members.enumerated() {
            let candidates = graph.indices(ofRow: i)
            let selfPosition = candidates.firstIndex(of: member) ?? candidates.endIndex - 1
            var others = 0
            for position in candidates.indices where position != selfPosition && labels[candidates[position]] != label {
                others += 1
            }
            r[i] = Double(others) / Double(neighbors)
        }
        let sum = r.reduce(0, +)
        guard sum > 0 else { throw ResamplingError.noNeighborOfOtherClass(label: "\(label)") }
        let g = r.map { Int(($0 / sum * Double(total)).rounded(.toNearestOrEven)) }
        return (r, g)
    }

    /// The data with synthetic samples appended (see `Resampled`).
    ///
    /// - Throws: `ResamplingError` for mismatched labels, non-finite data, `neighbors < 1`, too few samples, a
    ///   class none of whose samples has a neighbour of another class (use SMOTE then), or a strategy that
    ///   cannot be met.
    // Specialised entry points for the common label types, so callers in other modules skip generic dispatch
    // (hashing and dictionary metadata per row) in the per-sample loops.
    @_specialize(where Label == Int)
    @_specialize(where Label == String)
    public func fitResample(_ x: Matrix, labels: [Label]) throws -> Resampled<Label> {
        let (plan, rowsByClass) = try interpolationPlan(x, labels: labels, strategy: strategy, neighbors: neighbors,
                                                        method: "ADASYN")
        var generator = SeededGenerator(seed: seed)
        var output = ResamplingOutput(original: x, expectedNewRows: plan.reduce(0) { $0 + $1.count })
        var newLabels: [Label] = []
        for (label, count) in plan where count > 0 {
            let (_, g) = try weights(x, labels: labels, for: label, generating: count)
            let total = g.reduce(0, +)
            guard total > 0 else {
                throw ResamplingError.nothingToGenerate(reason: "ADASYN's rounded weights give 0 samples for class \(label); raise the target count")
            }
            let members = rowsByClass[label]!
            let graph = try NearestNeighbors(neighbors: neighbors).fit(x.rows(at: members)).kneighbors()
            let interpolator = SegmentInterpolator(data: x, members: members, neighbors: graph.indices, k: neighbors)
            for (base, samples) in g.enumerated() {
                for _ in 0..<samples { interpolator.appendSample(base: base, using: &generator, into: &output) }
            }
            newLabels += [Label](repeating: label, count: total)
        }
        return output.result(columns: x.columns, originalLabels: labels, newLabels: newLabels)
    }
}
