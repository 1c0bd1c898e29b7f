import LinearAlgebra

/// ZCA (Mahalanobis) whitening, fitted on training data (Bell & Sejnowski 1997; Kessy, Lewin & Strimmer 2018):
///
///     C = (1/(n − 1)) (X − μ)ᵀ(X − μ) = U Λ Uᵀ
///     W = U (Λ + ε I)^(−1/2) Uᵀ           x' = W (x − μ)
///
/// With `ε = 0` the whitened training data has identity sample covariance; among all whitening matrices, ZCA's
/// keeps the result closest to the original data. A positive `ε` regularises small eigenvalues.
/// - Complexity: O(n d² + d³) to fit (a Gram product and a symmetric eigendecomposition).
public struct ZCAWhitening: Sendable {
    /// Added to each eigenvalue.
    public let epsilon: Double

    /// A whitener with regulariser `ε` (default 0: exact whitening).
    /// - Throws: `NeuralNetworkError.invalidArgument` for a negative `ε`.
    public init(epsilon: Double = 0) throws {
        guard epsilon >= 0 else { throw NeuralNetworkError.invalidArgument("ZCAWhitening: epsilon = \(epsilon) must be ≥ 0") }
        self.epsilon = epsilon
    }

    /// The mean and whitening matrix of `data` (n × d).
    /// - Throws: `NeuralNetworkError.invalidArgument` for fewer than 2 rows, or a singular covariance (some
    ///   eigenvalue + ε ≤ 1e-12 · the largest) — pass `epsilon > 0` or remove dependent features;
    ///   `LinearAlgebraError` if the eigensolver fails.
    public func fit(_ data: Matrix) throws -> Model {
        guard data.rows >= 2 && data.columns > 0 else {
            throw NeuralNetworkError.invalidArgument("ZCAWhitening.fit: the data is \(data.rows) × \(data.columns); pass at least 2 rows and 1 column")
        }
        let n = Double(data.rows), d = data.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<data.rows { for j in 0..<d { mean[j] += data[i, j] / n } }
        let centred = Matrix(rows: data.rows, columns: d) { i, j in data[i, j] - mean[j] }
        var covariance = centred.columnGram()
        covariance = Matrix(rows: d, columns: d) { i, j in covariance[i, j] / (n - 1) }
        let eigen = try covariance.symmetricEigen(.all)
        let largest = eigen.eigenvalues.max() ?? 0
        guard let smallest = eigen.eigenvalues.min(), smallest + epsilon > 1e-12 * Swift.max(largest, 1e-300) else {
            throw NeuralNetworkError.invalidArgument("ZCAWhitening.fit: the covariance is singular (smallest eigenvalue \(eigen.eigenvalues.min() ?? 0), largest \(largest)); pass epsilon > 0 or remove linearly dependent features")
        }
        let u = eigen.eigenvectors
        let scales = eigen.eigenvalues.map { 1 / ($0 + epsilon).squareRoot() }
        let scaled = Matrix(rows: d, columns: d) { i, k in u[i, k] * scales[k] }
        let whitening = Matrix.product(scaled, u, transposingB: true)
        let inverseScaled = Matrix(rows: d, columns: d) { i, k in u[i, k] / scales[k] }
        let colouring = Matrix.product(inverseScaled, u, transposingB: true)
        return Model(mean: mean, whitening: whitening, colouring: colouring)
    }

    /// A fitted whitener.
    public struct Model: Sendable {
        /// `μ`.
        public let mean: [Double]
        /// `W = U (Λ + εI)^(−1/2) Uᵀ` (symmetric).
        public let whitening: Matrix
        /// `W⁻¹ = U (Λ + εI)^(1/2) Uᵀ`.
        public let colouring: Matrix

        /// `(X − μ) W` (rows are samples; `W` is symmetric).
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func transform(_ data: Matrix) throws -> Matrix {
            try check(data)
            let centred = Matrix(rows: data.rows, columns: data.columns) { i, j in data[i, j] - mean[j] }
            return centred * whitening
        }

        /// `X' W⁻¹ + μ`.
        /// - Throws: `NeuralNetworkError.shapeMismatch` for a different feature count.
        public func inverseTransform(_ data: Matrix) throws -> Matrix {
            try check(data)
            let coloured = data * colouring
            return Matrix(rows: data.rows, columns: data.columns) { i, j in coloured[i, j] + mean[j] }
        }

        private func check(_ data: Matrix) throws {
            guard data.columns == mean.count else {
                throw NeuralNetworkError.shapeMismatch("ZCAWhitening: data has \(data.columns) features but the whitener was fitted on \(mean.count)")
            }
        }
    }
}
