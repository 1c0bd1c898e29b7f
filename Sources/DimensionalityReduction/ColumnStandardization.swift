import LinearAlgebra

/// Column standardisation, scikit-learn's `StandardScaler`: each column shifted to mean 0 and divided by its
/// population standard deviation,
///
///     z_ij = (x_ij − μ_j) / σ_j,   σ_j = √((1/n) Σᵢ (x_ij − μ_j)²)   (σ_j = 0 is replaced by 1)
///
/// so a constant column becomes 0 rather than NaN.
public struct ColumnStandardization: Sendable, Equatable, Codable {
    /// The column means `μ`.
    public let mean: [Double]
    /// The divisors `σ` (1 for constant columns).
    public let scale: [Double]

    /// The statistics of the columns of `x`.
    ///
    /// - Complexity: O(n d).
    public init(fitting x: Matrix) {
        let (n, d) = (x.rows, x.columns)
        var mean = [Double](repeating: 0, count: d)
        var squares = [Double](repeating: 0, count: d)
        x.elements.withUnsafeBufferPointer { e in
            for i in 0..<n { for j in 0..<d { mean[j] += e[i * d + j] } }
            for j in 0..<d { mean[j] /= Double(max(n, 1)) }
            for i in 0..<n { for j in 0..<d { let t = e[i * d + j] - mean[j]; squares[j] += t * t } }
        }
        self.mean = mean
        self.scale = squares.map { s in
            let sigma = (s / Double(max(n, 1))).squareRoot()
            return sigma > 0 && sigma.isFinite ? sigma : 1
        }
    }

    /// Statistics given directly (e.g. read from a model file).
    ///
    /// - Precondition: `mean` and `scale` have the same length.
    public init(mean: [Double], scale: [Double]) {
        precondition(mean.count == scale.count, "ColumnStandardization: \(mean.count) means for \(scale.count) scales")
        self.mean = mean
        self.scale = scale
    }

    /// `(x − 1 μᵀ) diag(σ)⁻¹`.
    ///
    /// - Precondition: `x` has `mean.count` columns.
    public func apply(_ x: Matrix) -> Matrix {
        precondition(x.columns == mean.count, "ColumnStandardization: \(x.columns) columns for \(mean.count) statistics")
        return x.subtractingFromEachRow(mean).scalingColumns(by: scale.map { 1 / $0 })
    }
}
