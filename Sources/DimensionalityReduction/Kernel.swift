import Foundation
import LinearAlgebra

/// A positive semi-definite similarity `k(x, y)` for kernel methods, evaluated for whole blocks of rows at
/// once: one BLAS `dgemm` for the inner products, then one parallel pass over the entries.
///
///     linear       k(x, y) = x · y
///     polynomial   k(x, y) = (γ x · y + c₀)^degree         (degree 3, c₀ = 1)
///     rbf          k(x, y) = exp(−γ ‖x − y‖²)
///     sigmoid      k(x, y) = tanh(γ x · y + c₀)            (c₀ = 1; not PSD for every γ, c₀)
///     cosine       k(x, y) = x · y / (‖x‖ ‖y‖)             (0 when either row is 0)
///
/// `gamma: nil` means scikit-learn's default `1 / d` for `d` features. `.precomputed` takes the kernel
/// matrix itself in place of the data (`n × n` to fit, `m × n` against the training points to transform).
/// `.custom` receives `(X, Y)` and must return the `X.rows × Y.rows` matrix of `k(xᵢ, yⱼ)`: write it with
/// matrix products where you can.
public enum Kernel: Sendable {
    /// `x · y`.
    case linear
    /// `(γ x · y + c₀)^degree`.
    case polynomial(degree: Int = 3, gamma: Double? = nil, coef0: Double = 1)
    /// `exp(−γ ‖x − y‖²)`.
    case rbf(gamma: Double? = nil)
    /// `tanh(γ x · y + c₀)`.
    case sigmoid(gamma: Double? = nil, coef0: Double = 1)
    /// `x · y / (‖x‖ ‖y‖)`.
    case cosine
    /// The kernel matrix is given in place of the data.
    case precomputed
    /// A user kernel: `(X, Y)` ↦ the `X.rows × Y.rows` matrix of `k(xᵢ, yⱼ)`.
    case custom(@Sendable (Matrix, Matrix) -> Matrix)

    /// The `γ` in use for data with `features` columns (`1/d` when not given), or `nil` for kernels without one.
    public func effectiveGamma(features: Int) -> Double? {
        switch self {
        case let .polynomial(_, gamma, _), let .rbf(gamma), let .sigmoid(gamma, _):
            return gamma ?? 1 / Double(Swift.max(features, 1))
        case .linear, .cosine, .precomputed, .custom:
            return nil
        }
    }

    /// Checks the kernel's own parameters.
    func validateParameters(method: String) throws {
        switch self {
        case let .polynomial(degree, gamma, _):
            guard degree >= 1 else {
                throw DimensionalityReductionError.invalidParameter(method: method, name: "polynomial degree",
                                                                    message: "= \(degree) must be at least 1")
            }
            if let gamma, !(gamma > 0 && gamma.isFinite) { throw Self.badGamma(gamma, method) }
        case let .rbf(gamma), let .sigmoid(gamma, _):
            if let gamma, !(gamma > 0 && gamma.isFinite) { throw Self.badGamma(gamma, method) }
        case .linear, .cosine, .precomputed, .custom:
            break
        }
    }

    private static func badGamma(_ gamma: Double, _ method: String) -> DimensionalityReductionError {
        .invalidParameter(method: method, name: "gamma", message: "= \(gamma) must be positive and finite; leave it nil for 1 / features")
    }

    /// The kernel matrix `K[i, j] = k(xᵢ, yⱼ)` between the rows of `x` (m × d) and `y` (n × d); `m × n`.
    ///
    /// For `.precomputed`, `x` is returned as it is. `gammaFeatures` is the `d` used for the default `γ`
    /// (`nil`: `x.columns`; a fitted model passes its training data's, so a transform uses the fitted value).
    ///
    /// - Complexity: 2 m n d flops in `dgemm` plus one O(m n) pass split across cores.
    /// - Precondition: `x` and `y` have the same number of columns (except for `.precomputed` and `.custom`).
    public func matrix(_ x: Matrix, _ y: Matrix, gammaFeatures: Int? = nil) -> Matrix {
        let gammaFeatures = gammaFeatures ?? x.columns
        switch self {
        case .precomputed:
            return x
        case let .custom(function):
            return function(x, y)
        case .linear:
            return Matrix.product(x, y, transposingB: true)
        case let .polynomial(degree, _, coef0):
            let gamma = effectiveGamma(features: gammaFeatures)!
            var k = Matrix.product(x, y, transposingB: true, alpha: gamma)
            Self.transformEntries(&k) { value in
                let base = value + coef0
                var result = base
                for _ in 1..<degree { result *= base }
                return result
            }
            return k
        case .rbf:
            let gamma = effectiveGamma(features: gammaFeatures)!
            var k = Matrix.product(x, y, transposingB: true, alpha: 2 * gamma)
            let xTerms = x.rowSquaredNorms.map { gamma * $0 }
            let yTerms = y.rowSquaredNorms.map { gamma * $0 }
            Self.transformEntries(&k, rowTerms: xTerms, columnTerms: yTerms) { value, a, b in
                // −γ‖x − y‖² = 2γ x·y − γ‖x‖² − γ‖y‖², clamped at 0 against rounding.
                exp(Swift.min(0, value - a - b))
            }
            return k
        case let .sigmoid(_, coef0):
            let gamma = effectiveGamma(features: gammaFeatures)!
            var k = Matrix.product(x, y, transposingB: true, alpha: gamma)
            Self.transformEntries(&k) { tanh($0 + coef0) }
            return k
        case .cosine:
            var k = Matrix.product(x, y, transposingB: true)
            let xInverse = x.rowNorms.map { $0 > 0 ? 1 / $0 : 0 }
            let yInverse = y.rowNorms.map { $0 > 0 ? 1 / $0 : 0 }
            Self.transformEntries(&k, rowTerms: xInverse, columnTerms: yInverse) { value, a, b in value * a * b }
            return k
        }
    }

    /// Applies `transform` to every entry, in row chunks across cores.
    static func transformEntries(_ k: inout Matrix, _ transform: (Double) -> Double) {
        let (m, n) = (k.rows, k.columns)
        guard m > 0 && n > 0 else { return }
        k.elements.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            parallelRowChunks(m) { range in
                for i in range {
                    let row = base + i * n
                    for j in 0..<n { row[j] = transform(row[j]) }
                }
            }
        }
    }

    /// Applies `transform(kᵢⱼ, aᵢ, bⱼ)` to every entry, in row chunks across cores.
    static func transformEntries(_ k: inout Matrix, rowTerms a: [Double], columnTerms b: [Double],
                                 _ transform: (Double, Double, Double) -> Double) {
        let (m, n) = (k.rows, k.columns)
        guard m > 0 && n > 0 else { return }
        k.elements.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            b.withUnsafeBufferPointer { pb in
                let columnBase = pb.baseAddress!
                parallelRowChunks(m) { range in
                    for i in range {
                        let row = base + i * n
                        let ai = a[i]
                        for j in 0..<n { row[j] = transform(row[j], ai, columnBase[j]) }
                    }
                }
            }
        }
    }
}

/// Runs `body` on consecutive row ranges covering `0..<rows`, split across cores (a few chunks per core so
/// an unlucky chunk does not hold the others up). Keeps BLAS single-threaded inside. `body` runs concurrently and
/// may write through raw buffers only at its own rows (the rule of `UncheckedSendable`).
func parallelRowChunks(_ rows: Int, minimumChunk: Int = 16, _ body: (Range<Int>) -> Void) {
    guard rows > 0 else { return }
    let chunks = Swift.max(1, Swift.min(4 * ProcessInfoCores.count, rows / Swift.max(minimumChunk, 1)))
    if chunks == 1 { body(0..<rows); return }
    let size = (rows + chunks - 1) / chunks
    BLAS.withThreads(1) {
        concurrentPerformSharing(iterations: chunks) { c in
            let start = c * size
            let end = Swift.min(rows, start + size)
            if start < end { body(start..<end) }
        }
    }
}

extension Kernel {
    /// The centred training kernel `J K J` of the rows of `x`, built from the upper triangle only (half the
    /// kernel evaluations), with the row means and grand mean of the uncentred `K`.
    ///
    /// Only for the built-in kernels on data (not `.precomputed` or `.custom`).
    ///
    /// - Complexity: n² d flops in strips of `dgemm`, n²/2 kernel evaluations, two passes over memory.
    func centeredTrainingMatrix(_ x: Matrix) -> (matrix: Matrix, rowMeans: [Double], grandMean: Double) {
        let (n, d) = (x.rows, x.columns)
        let gamma = effectiveGamma(features: d) ?? 1
        let norms = x.rowSquaredNorms
        let inverseNorms = x.rowNorms.map { $0 > 0 ? 1 / $0 : 0 }
        return x.elements.withUnsafeBufferPointer { px in
            let data = px.baseAddress!
            return SymmetricKernelBuilder.centeredSymmetric(dimension: n, scale: 1) { start, end, destination in
                let width = n - start
                let alpha: Double
                switch self {
                case .rbf: alpha = 2 * gamma
                case .polynomial, .sigmoid: alpha = gamma
                default: alpha = 1
                }
                BLAS.gemm(transposeA: false, transposeB: true, m: end - start, n: width, k: d, alpha: alpha,
                          a: data + start * d, lda: d, b: data + start * d, ldb: d, beta: 0, c: destination, ldc: n)
                for i in start..<end {
                    // Columns from the diagonal on: j = start + offset with offset ≥ i − start.
                    let row = destination + (i - start) * n
                    let first = i - start
                    switch self {
                    case .rbf:
                        let a = gamma * norms[i]
                        for offset in first..<width {
                            row[offset] = exp(Swift.min(0, row[offset] - a - gamma * norms[start + offset]))
                        }
                    case let .polynomial(degree, _, coef0):
                        for offset in first..<width {
                            let base = row[offset] + coef0
                            var result = base
                            for _ in 1..<degree { result *= base }
                            row[offset] = result
                        }
                    case let .sigmoid(_, coef0):
                        for offset in first..<width { row[offset] = tanh(row[offset] + coef0) }
                    case .cosine:
                        let a = inverseNorms[i]
                        for offset in first..<width { row[offset] *= a * inverseNorms[start + offset] }
                    case .linear, .precomputed, .custom:
                        break
                    }
                }
            }
        }
    }
}
