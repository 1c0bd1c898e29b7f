import LinearAlgebra

// The classical two-stage start of an RBF network (Moody & Darken 1989; Haykin, "Neural Networks", ch. 5): centres by
// k-means on the inputs, widths from the distances between the centres; the output weights then follow by linear
// least squares, and all parameters can afterwards be trained jointly by gradient descent.

extension RadialBasisLayer {
    /// How the widths `σ_j` follow from the centres.
    public enum WidthRule: Sendable, Equatable {
        /// One width for all: `σ = d_max / √(2K)`, `d_max` the largest distance between two of the `K` centres
        /// (Broomhead & Lowe 1988; Haykin eq. 5.124).
        case maximumDistance
        /// `σ_j` = the root-mean-square distance from `c_j` to its `p` nearest other centres (Moody & Darken 1989).
        case nearestCentres(Int)
    }

    /// A layer whose centres are the k-means centres of `data` (`[n, d]`, k-means++ seeding, then Lloyd iterations)
    /// and whose widths follow from the centres by `widthRule`.
    /// - Throws: `NeuralNetworkError.invalidArgument` as `kMeansCentres` and `widths(centres:rule:)` do.
    public convenience init(fitting data: Matrix, centreCount: Int, widthRule: WidthRule = .maximumDistance,
                            maximumIterations: Int = 100, generator: inout SeededGenerator) throws {
        let centres = try Self.kMeansCentres(data, count: centreCount, maximumIterations: maximumIterations, generator: &generator)
        let widths = try Self.widths(centres: centres, rule: widthRule)
        try self.init(centres: Tensor(shape: [centres.rows, centres.columns], scalars: centres.elements.map { Scalar($0) }),
                      widths: Tensor(widths.map { Scalar($0) }))
    }

    /// k-means centres of the rows of `data`: k-means++ seeding (the first centre uniformly, each next one with
    /// probability ∝ D(x)², the squared distance to the nearest centre chosen so far; Arthur & Vassilvitskii 2007), then
    /// Lloyd iterations (assign each row to its nearest centre, move each centre to the mean of its rows) until no
    /// assignment changes or `maximumIterations` is reached. A centre that loses all its rows stays where it is.
    ///
    /// - Returns: the centres, `[count, d]`.
    /// - Complexity: O(n k d) per iteration.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `1 ≤ count ≤ rows` and the data are finite.
    public static func kMeansCentres(_ data: Matrix, count: Int, maximumIterations: Int = 100,
                                     generator: inout SeededGenerator) throws -> Matrix {
        let n = data.rows, d = data.columns
        guard count >= 1 && count <= n else {
            throw NeuralNetworkError.invalidArgument("k-means: centre count = \(count) must lie in 1 ... rows = \(n)")
        }
        guard data.isFinite else { throw NeuralNetworkError.invalidArgument("k-means: the data contain NaN or ±∞") }
        func squaredDistance(_ i: Int, _ centres: [Double], _ j: Int) -> Double {
            var s = 0.0
            for c in 0..<d { let t = data.elements[i * d + c] - centres[j * d + c]; s += t * t }
            return s
        }
        // k-means++ seeding.
        var centres = [Double]()
        centres.reserveCapacity(count * d)
        let first = Int(generator.next() % UInt64(n))
        centres += data.row(first)
        var nearest = (0..<n).map { squaredDistance($0, centres, 0) }
        for j in 1..<count {
            let total = nearest.reduce(0, +)
            var chosen = Int(generator.next() % UInt64(n))      // all rows coincide with centres: any row will do
            if total > 0 {
                var target = generator.nextUniform() * total
                chosen = n - 1
                for i in 0..<n {
                    target -= nearest[i]
                    if target < 0 && nearest[i] > 0 { chosen = i; break }
                }
            }
            centres += data.row(chosen)
            for i in 0..<n { nearest[i] = Swift.min(nearest[i], squaredDistance(i, centres, j)) }
        }
        // Lloyd iterations.
        var assignment = [Int](repeating: -1, count: n)
        for _ in 0..<Swift.max(maximumIterations, 0) {
            var changed = false
            for i in 0..<n {
                var best = 0, bestDistance = Double.infinity
                for j in 0..<count {
                    let distance = squaredDistance(i, centres, j)
                    if distance < bestDistance { best = j; bestDistance = distance }
                }
                if assignment[i] != best { assignment[i] = best; changed = true }
            }
            if !changed { break }
            var sums = [Double](repeating: 0, count: count * d), members = [Int](repeating: 0, count: count)
            for i in 0..<n {
                members[assignment[i]] += 1
                for c in 0..<d { sums[assignment[i] * d + c] += data.elements[i * d + c] }
            }
            for j in 0..<count where members[j] > 0 {
                for c in 0..<d { centres[j * d + c] = sums[j * d + c] / Double(members[j]) }
            }
        }
        return Matrix(rows: count, columns: d, elements: centres)
    }

    /// The widths `σ_j` of centres `[K, d]` by `rule` (see `WidthRule`).
    /// - Throws: `NeuralNetworkError.invalidArgument` for fewer than 2 centres, `p` outside 1 ... K − 1, or a width
    ///   of 0 (coinciding centres).
    public static func widths(centres: Matrix, rule: WidthRule) throws -> [Double] {
        let k = centres.rows
        guard k >= 2 else {
            throw NeuralNetworkError.invalidArgument("RBF widths: \(k) centre(s); widths from the centres need at least 2")
        }
        let distances = (0..<k).map { i in
            (0..<k).map { j in zip(centres.row(i), centres.row(j)).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot() }
        }
        let widths: [Double]
        switch rule {
        case .maximumDistance:
            let maximum = distances.joined().max()!
            widths = Array(repeating: maximum / (2 * Double(k)).squareRoot(), count: k)
        case .nearestCentres(let p):
            guard p >= 1 && p < k else {
                throw NeuralNetworkError.invalidArgument("RBF widths: nearest centres p = \(p) must lie in 1 ... \(k - 1)")
            }
            widths = (0..<k).map { i in
                let others = distances[i].enumerated().filter { $0.offset != i }.map(\.element).sorted().prefix(p)
                return (others.map { $0 * $0 }.reduce(0, +) / Double(p)).squareRoot()
            }
        }
        guard widths.allSatisfy({ $0 > 0 }) else {
            throw NeuralNetworkError.invalidArgument("RBF widths: a width is 0 (centres coincide); use fewer centres or other data")
        }
        return widths
    }
}
