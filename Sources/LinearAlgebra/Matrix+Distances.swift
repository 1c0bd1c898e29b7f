import Dispatch

extension Matrix {
    /// Squared Euclidean distances between the rows of `self` (n × d) and the rows of `other` (m × d).
    ///
    ///     D²ᵢⱼ = ‖xᵢ‖² + ‖yⱼ‖² − 2 xᵢ·yⱼ,  clamped at 0
    ///
    /// The cross term is one `dgemm`. When `other` is `nil` the distances are within `self`: the result is
    /// exactly symmetric with exact zeros on the diagonal (the expansion alone leaves rounding there).
    ///
    /// - Complexity: 2 n m d flops (BLAS) plus O(n m).
    public func pairwiseSquaredDistances(to other: Matrix? = nil) -> Matrix {
        let y = other ?? self
        precondition(y.columns == columns, "pairwiseSquaredDistances: \(columns) and \(y.columns) features differ")
        var distances = Matrix.product(self, y, transposingB: true, alpha: -2)
        let xNorms = rowSquaredNorms
        let yNorms = other == nil ? xNorms : y.rowSquaredNorms
        let m = y.rows
        distances.elements.withUnsafeMutableBufferPointer { d in
            for i in 0..<rows {
                for j in 0..<m { d[i * m + j] = Swift.max(0, d[i * m + j] + xNorms[i] + yNorms[j]) }
            }
        }
        if other == nil {
            distances.fillLowerFromUpper()
            for i in 0..<rows { distances.elements[i * m + i] = 0 }
        }
        return distances
    }

    /// Euclidean distances between rows (the square roots of `pairwiseSquaredDistances`).
    public func pairwiseDistances(to other: Matrix? = nil) -> Matrix {
        pairwiseSquaredDistances(to: other).map { $0.squareRoot() }
    }

    /// `‖xᵢ‖²` for each row.
    public var rowSquaredNorms: [Double] {
        elements.withUnsafeBufferPointer { a in
            (0..<rows).map { i in
                var s = 0.0
                for j in 0..<columns { let v = a[i * columns + j]; s += v * v }
                return s
            }
        }
    }
}
