import LinearAlgebra

/// The disparities of non-metric SMACOF (scikit-learn's `_smacof_single` with `metric=False`): the embedding's
/// distances regressed isotonically on the dissimilarities, then scaled.
///
///     pairs i < j with δᵢⱼ ≠ 0 (δᵢⱼ = 0 is a missing value), sorted by δ
///     δ̂ = PAV(d over pairs in δ order, tied δ pooled into one value)     (first iteration: δ̂ = δ)
///     δ̂ ← δ̂ · √( (n(n − 1)/2) / Σ_{i<j} δ̂ᵢⱼ² ),   δ̂ symmetric, 0 for missing pairs
///
/// The order of the pairs is sorted once per fit; each iteration is then O(n²).
struct NonMetricDisparities: Sendable {
    let n: Int
    /// Flat indices `i·n + j` (i < j, δᵢⱼ ≠ 0) in increasing δ, ties by index.
    let pairs: [Int]
    /// The end (exclusive) in `pairs` of each run of equal δ.
    let groupEnds: [Int]

    var groupCount: Int { groupEnds.count }

    /// Reusable buffers for one run.
    struct Workspace {
        var values: [Double]
        var weights: [Double]
        var pav: IsotonicRegression.Scratch

        init(groups: Int) {
            values = [Double](repeating: 0, count: groups)
            weights = [Double](repeating: 0, count: groups)
            pav = IsotonicRegression.Scratch(capacity: groups)
        }
    }

    /// Sorts the pairs of the symmetric n × n dissimilarity matrix `delta`.
    ///
    /// - Complexity: O(n² log n).
    init(_ delta: Matrix) {
        let n = delta.rows
        self.n = n
        var pairs: [Int] = []
        pairs.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) where delta.elements[i * n + j] != 0 { pairs.append(i * n + j) } }
        let values = delta.elements
        pairs.sort { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ends: [Int] = []
        for p in pairs.indices where p + 1 == pairs.count || values[pairs[p + 1]] != values[pairs[p]] { ends.append(p + 1) }
        self.pairs = pairs
        self.groupEnds = ends
    }

    /// Writes the disparities for the current `distances` (n × n), or for the dissimilarities themselves when
    /// `distances` is nil (the first iteration), into `out` (n × n, symmetric, zero diagonal).
    func disparities(from distances: Matrix?, dissimilarities delta: Matrix, into out: inout Matrix,
                     workspace: inout Workspace) {
        out.elements.withUnsafeMutableBufferPointer { o in
            for index in o.indices { o[index] = 0 }
            pairs.withUnsafeBufferPointer { p in
                if let distances {
                    distances.elements.withUnsafeBufferPointer { d in
                        workspace.values.withUnsafeMutableBufferPointer { v in
                            workspace.weights.withUnsafeMutableBufferPointer { w in
                                var start = 0
                                for (group, end) in groupEnds.enumerated() {
                                    var sum = 0.0
                                    for q in start..<end { sum += d[p[q]] }
                                    v[group] = sum / Double(end - start)
                                    w[group] = Double(end - start)
                                    start = end
                                }
                                IsotonicRegression.pool(v, weights: w, scratch: &workspace.pav)
                                start = 0
                                for (group, end) in groupEnds.enumerated() {
                                    for q in start..<end { o[p[q]] = v[group] }
                                    start = end
                                }
                            }
                        }
                    }
                } else {
                    delta.elements.withUnsafeBufferPointer { d in
                        for q in p.indices { o[p[q]] = d[p[q]] }
                    }
                }
                var squares = 0.0
                for q in p.indices { squares += o[p[q]] * o[p[q]] }
                let scale = squares > 0 ? (Double(n * (n - 1) / 2) / squares).squareRoot() : 0
                for q in p.indices {
                    let (i, j) = p[q].quotientAndRemainder(dividingBy: n)
                    let value = o[p[q]] * scale
                    o[p[q]] = value
                    o[j * n + i] = value
                }
            }
        }
    }
}
