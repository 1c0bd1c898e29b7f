/// Isotonic regression: the least-squares fit by a non-decreasing sequence, by pool-adjacent-violators (PAV).
///
///     ŷ = argmin Σᵢ wᵢ (yᵢ − ŷᵢ)²   subject to   ŷ₁ ≤ ŷ₂ ≤ … ≤ ŷₘ
///
/// PAV scans left to right keeping blocks of pooled values; whenever a new block's mean is below the previous
/// block's, the two merge into their weighted mean, repeatedly. Each value is pushed and merged at most once, so
/// the fit takes O(m) time. The solution is the weighted mean of each final block.
///
/// Non-metric SMACOF (`SMACOF` with `metric = false`) uses it for the disparities: the embedding's distances,
/// regressed monotonically on the dissimilarities.
///
/// - Reference: M. Ayer, H. D. Brunk, G. M. Ewing, W. T. Reid, E. Silverman, "An empirical distribution function
///   for sampling with incomplete information", Ann. Math. Statist. 26 (1955); R. E. Barlow et al., *Statistical
///   Inference under Order Restrictions* (1972).
public enum IsotonicRegression {
    /// The non-decreasing least-squares fit of `y` in its given order, with optional positive `weights`.
    ///
    /// Edge cases: an empty `y` gives `[]`; a non-decreasing `y` is returned unchanged.
    /// - Complexity: O(m) time, O(m) scratch.
    /// - Throws: `DimensionalityReductionError.invalidParameter` for a weight count that differs from `y`'s, a
    ///   weight that is not finite and positive, or a non-finite `y`.
    public static func poolAdjacentViolators(_ y: [Double], weights: [Double]? = nil) throws -> [Double] {
        try validate(y, weights: weights, count: y.count)
        var fitted = y
        var w = weights ?? [Double](repeating: 1, count: y.count)
        var scratch = Scratch(capacity: y.count)
        fitted.withUnsafeMutableBufferPointer { values in
            w.withUnsafeMutableBufferPointer { weights in
                pool(values, weights: weights, scratch: &scratch)
            }
        }
        return fitted
    }

    /// scikit-learn's `IsotonicRegression().fit_transform(x, y, sample_weight)`: the fit of `y` non-decreasing in
    /// `x`. Points are taken in increasing `x`; points with equal `x` are first pooled into their weighted mean
    /// (so they get one fitted value, scikit-learn's `_make_unique`, here for exactly equal `x`), then PAV runs on
    /// the distinct values. The result is in the order of the input.
    ///
    /// - Complexity: O(m log m) for the sort, O(m) for the fit.
    /// - Throws: `DimensionalityReductionError.invalidParameter` for arrays of different lengths, non-finite
    ///   values or weights that are not finite and positive.
    public static func fit(x: [Double], y: [Double], weights: [Double]? = nil) throws -> [Double] {
        guard x.count == y.count else {
            throw DimensionalityReductionError.invalidParameter(method: "IsotonicRegression", name: "x",
                                                                message: "has \(x.count) values but y has \(y.count); give one x per y")
        }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw DimensionalityReductionError.invalidParameter(method: "IsotonicRegression", name: "x",
                                                                message: "value \(bad) is \(x[bad]); give finite values")
        }
        try validate(y, weights: weights, count: x.count)
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        // Pool equal x.
        var groupValues: [Double] = [], groupWeights: [Double] = [], groupOf = [Int](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start, sum = 0.0, weight = 0.0
            while end < order.count && x[order[end]] == x[order[start]] {
                let w = weights?[order[end]] ?? 1
                sum += w * y[order[end]]
                weight += w
                groupOf[order[end]] = groupValues.count
                end += 1
            }
            groupValues.append(sum / weight)
            groupWeights.append(weight)
            start = end
        }
        var scratch = Scratch(capacity: groupValues.count)
        groupValues.withUnsafeMutableBufferPointer { values in
            groupWeights.withUnsafeMutableBufferPointer { weights in
                pool(values, weights: weights, scratch: &scratch)
            }
        }
        return groupOf.map { groupValues[$0] }
    }

    private static func validate(_ y: [Double], weights: [Double]?, count: Int) throws {
        if let bad = y.firstIndex(where: { !$0.isFinite }) {
            throw DimensionalityReductionError.invalidParameter(method: "IsotonicRegression", name: "y",
                                                                message: "value \(bad) is \(y[bad]); give finite values")
        }
        guard let weights else { return }
        guard weights.count == count else {
            throw DimensionalityReductionError.invalidParameter(method: "IsotonicRegression", name: "weights",
                                                                message: "has \(weights.count) values for \(count) points; give one weight per point")
        }
        if let bad = weights.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw DimensionalityReductionError.invalidParameter(method: "IsotonicRegression", name: "weights",
                                                                message: "entry \(bad) is \(weights[bad]); weights must be finite and > 0")
        }
    }

    /// The block stack of PAV, allocated once and reused (SMACOF calls `pool` every iteration).
    struct Scratch {
        var means: [Double]
        var weights: [Double]
        var ends: [Int]

        init(capacity: Int) {
            means = [Double](repeating: 0, count: capacity)
            weights = [Double](repeating: 0, count: capacity)
            ends = [Int](repeating: 0, count: capacity)
        }
    }

    /// PAV in place: `values` (with positive `weights`, which are overwritten) becomes its non-decreasing
    /// weighted least-squares fit.
    static func pool(_ values: UnsafeMutableBufferPointer<Double>, weights: UnsafeMutableBufferPointer<Double>,
                     scratch: inout Scratch) {
        let m = values.count
        guard m > 1 else { return }
        if scratch.means.count < m { scratch = Scratch(capacity: m) }
        scratch.means.withUnsafeMutableBufferPointer { mean in
            scratch.weights.withUnsafeMutableBufferPointer { weight in
                scratch.ends.withUnsafeMutableBufferPointer { end in
                    var top = -1
                    for i in 0..<m {
                        top += 1
                        mean[top] = values[i]; weight[top] = weights[i]; end[top] = i + 1
                        // Merge while the previous block's mean exceeds this one's (a violation).
                        while top > 0 && mean[top - 1] > mean[top] {
                            let total = weight[top - 1] + weight[top]
                            mean[top - 1] = (weight[top - 1] * mean[top - 1] + weight[top] * mean[top]) / total
                            weight[top - 1] = total
                            end[top - 1] = end[top]
                            top -= 1
                        }
                    }
                    var start = 0
                    for block in 0...top {
                        for i in start..<end[block] { values[i] = mean[block] }
                        start = end[block]
                    }
                }
            }
        }
    }
}
