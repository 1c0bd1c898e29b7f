import LinearAlgebra

/// z-score standardisation of each feature, fitted on training data:
///
///     x' = (x − μ_j) / (σ_j + ε),   σ_j² = (1/n) Σᵢ (xᵢⱼ − μ_j)²   (population variance, as scikit-learn)
///
/// `ε` (default 1e-8) keeps a constant feature finite (it maps to 0).
public struct StandardScaler: Sendable {
    /// Added to each standard deviation.
    public let epsilon: Double

    /// A scaler with `ε`.
    /// - Throws: `NeuralNetworkError.invalidArgument` for a negative `ε`.
    public init(epsilon: Double = 1e-8) throws {
        guard epsilon >= 0 else { throw NeuralNetworkError.invalidArgument("StandardScaler: epsilon = \(epsilon) must be ≥ 0") }
        self.epsilon = epsilon
    }

    /// The per-feature means and standard deviations of `data`.
    /// - Throws: `NeuralNetworkError.invalidArgument` for an empty matrix, or a constant feature with `ε = 0`.
    public func fit(_ data: Matrix) throws -> Model {
        guard data.rows > 0 && data.columns > 0 else {
            throw NeuralNetworkError.invalidArgument("StandardScaler.fit: the data is \(data.rows) × \(data.columns); pass at least one row and column")
        }
        let n = Double(data.rows)
        var mean = [Double](repeating: 0, count: data.columns), variance = mean
        for i in 0..<data.rows { for j in 0..<data.columns { mean[j] += data[i, j] / n } }
        for i in 0..<data.rows { for j in 0..<data.columns { let d = data[i, j] - mean[j]; variance[j] += d * d / n } }
        let scale = variance.map { $0.squareRoot() + epsilon }
        if let j = scale.firstIndex(of: 0) {
            throw NeuralNetworkError.invalidArgument("StandardScaler.fit: feature \(j) is constant and epsilon = 0; pass epsilon > 0")
        }
        return Model(mean: mean, scale: scale)
    }

    /// A fitted standardiser.
    public struct Model: Sendable {
        /// `μ_j`.
        public let mean: [Double]
        /// `σ_j + ε`.
        public let scale: [Double]

        /// `(x − μ)/(σ + ε)` with the fitted statistics.
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func transform(_ data: Matrix) throws -> Matrix {
            try check(data)
            return Matrix(rows: data.rows, columns: data.columns) { i, j in (data[i, j] - mean[j]) / scale[j] }
        }

        /// `x' (σ + ε) + μ`.
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func inverseTransform(_ data: Matrix) throws -> Matrix {
            try check(data)
            return Matrix(rows: data.rows, columns: data.columns) { i, j in data[i, j] * scale[j] + mean[j] }
        }

        private func check(_ data: Matrix) throws {
            guard data.columns == mean.count else {
                throw NeuralNetworkError.shapeMismatch("StandardScaler: data has \(data.columns) features but the scaler was fitted on \(mean.count)")
            }
        }
    }
}
