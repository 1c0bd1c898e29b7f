import LinearAlgebra

/// Min-max scaling of each feature (column) to `[lower, upper]`, fitted on training data (scikit-learn's
/// `MinMaxScaler`, default range `[0, 1]`):
///
///     x' = lower + (x − min_j)(upper − lower)/(max_j − min_j)
///
/// Edge cases: a constant feature (`max_j = min_j`) is mapped to `lower` (its range is treated as 1), and the
/// inverse gives the constant back.
public struct MinMaxScaler: Sendable {
    /// The target range.
    public let lower: Double, upper: Double

    /// A scaler to `[lower, upper]`.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `lower < upper`.
    public init(lower: Double = 0, upper: Double = 1) throws {
        guard lower < upper else { throw NeuralNetworkError.invalidArgument("MinMaxScaler: range [\(lower), \(upper)] must have lower < upper") }
        self.lower = lower
        self.upper = upper
    }

    /// The per-feature minima and ranges of `data` (n × d).
    /// - Throws: `NeuralNetworkError.invalidArgument` for an empty matrix.
    public func fit(_ data: Matrix) throws -> Model {
        guard data.rows > 0 && data.columns > 0 else {
            throw NeuralNetworkError.invalidArgument("MinMaxScaler.fit: the data is \(data.rows) × \(data.columns); pass at least one row and column")
        }
        var minimum = data.row(0), maximum = data.row(0)
        for i in 1..<data.rows {
            for j in 0..<data.columns {
                minimum[j] = Swift.min(minimum[j], data[i, j])
                maximum[j] = Swift.max(maximum[j], data[i, j])
            }
        }
        let range = zip(minimum, maximum).map { $1 - $0 > 0 ? $1 - $0 : 1 }
        return Model(lower: lower, upper: upper, minimum: minimum, range: range)
    }

    /// A fitted scaler.
    public struct Model: Sendable {
        /// The target range.
        public let lower: Double, upper: Double
        /// `min_j` per feature.
        public let minimum: [Double]
        /// `max_j − min_j` per feature (1 for a constant feature).
        public let range: [Double]

        /// Scales new data with the fitted minima and ranges.
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func transform(_ data: Matrix) throws -> Matrix {
            try check(data)
            let s = upper - lower
            return Matrix(rows: data.rows, columns: data.columns) { i, j in lower + (data[i, j] - minimum[j]) * s / range[j] }
        }

        /// Undoes `transform`.
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func inverseTransform(_ data: Matrix) throws -> Matrix {
            try check(data)
            let s = upper - lower
            return Matrix(rows: data.rows, columns: data.columns) { i, j in minimum[j] + (data[i, j] - lower) * range[j] / s }
        }

        private func check(_ data: Matrix) throws {
            guard data.columns == minimum.count else {
                throw NeuralNetworkError.shapeMismatch("MinMaxScaler: data has \(data.columns) features but the scaler was fitted on \(minimum.count)")
            }
        }
    }
}
