/// Which direction a reduction runs along, as in NumPy's `axis`.
public enum Axis: Sendable {
    /// Down the rows: one result per column (NumPy `axis=0`).
    case rows
    /// Across the columns: one result per row (NumPy `axis=1`).
    case columns
}

extension Matrix {
    /// The sum of all entries.
    public var sum: Double { elements.reduce(0, +) }

    /// Sums along an axis: `.rows` gives the column sums (length `columns`), `.columns` the row sums.
    public func sum(along axis: Axis) -> [Double] {
        switch axis {
        case .rows:
            var result = [Double](repeating: 0, count: columns)
            elements.withUnsafeBufferPointer { a in
                for i in 0..<rows {
                    for j in 0..<columns { result[j] += a[i * columns + j] }
                }
            }
            return result
        case .columns:
            return elements.withUnsafeBufferPointer { a in
                (0..<rows).map { i in a[(i * columns)..<((i + 1) * columns)].reduce(0, +) }
            }
        }
    }

    /// Means along an axis: `.rows` gives the column means, `.columns` the row means.
    public func mean(along axis: Axis) -> [Double] {
        let count = Double(axis == .rows ? rows : columns)
        return sum(along: axis).map { $0 / count }
    }

    /// The column means `μⱼ = (1/n) Σᵢ xᵢⱼ`.
    public var columnMeans: [Double] { mean(along: .rows) }

    /// Column variances with `n − ddof` in the denominator (`ddof = 1`: the unbiased sample variance).
    public func columnVariances(ddof: Int = 1) -> [Double] {
        let means = columnMeans
        var result = [Double](repeating: 0, count: columns)
        for i in 0..<rows {
            for j in 0..<columns {
                let d = elements[i * columns + j] - means[j]
                result[j] += d * d
            }
        }
        let denominator = Double(Swift.max(rows - ddof, 1))
        return result.map { $0 / denominator }
    }

    /// The matrix with its column means subtracted, `X − 1 μᵀ`, and the means.
    public func centeringColumns() -> (centered: Matrix, means: [Double]) {
        let means = columnMeans
        return (subtractingFromEachRow(means), means)
    }

    /// The Frobenius norm `‖A‖_F = √(Σ aᵢⱼ²)`, computed without overflow by BLAS `dnrm2`.
    public var frobeniusNorm: Double { BLAS.norm2(elements) }

    /// The Euclidean norm of each row.
    public var rowNorms: [Double] {
        elements.withUnsafeBufferPointer { a in
            (0..<rows).map { i in
                var s = 0.0
                for j in 0..<columns { let v = a[i * columns + j]; s += v * v }
                return s.squareRoot()
            }
        }
    }

    /// The largest absolute entry `max |aᵢⱼ|` (0 for an empty matrix).
    public var maxAbsolute: Double { elements.reduce(0) { Swift.max($0, abs($1)) } }
}
