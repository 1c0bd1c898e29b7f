import LinearAlgebra

/// Kernel principal component analysis: PCA in the feature space of a kernel, through the centred kernel
/// matrix.
///
///     K̃ = J K J,  J = I − (1/n) 1 1ᵀ,   K̃ αⱼ = λⱼ αⱼ,  ‖αⱼ‖ = 1
///     training embedding  zᵢⱼ = αᵢⱼ √λⱼ
///     new point y         zⱼ(y) = Σᵢ k̃(y, xᵢ) αᵢⱼ / √λⱼ,
///                         k̃(y, xᵢ) = k(y, xᵢ) − r̄ᵢ − (1/n) Σₗ k(y, xₗ) + ḡ
///
/// with `r̄` the row means and `ḡ` the grand mean of the training kernel. scikit-learn's `KernelPCA` in
/// Swift spelling (default kernel linear, `components: .all` keeps every positive eigenvalue, as
/// `n_components=None` with `remove_zero_eig`), with the same numbers up to the sign of each column. Each
/// `αⱼ` is flipped so its largest-magnitude entry is positive.
///
/// Reference: B. Schölkopf, A. Smola, K.-R. Müller, "Nonlinear component analysis as a kernel eigenvalue
/// problem", Neural Computation 10 (1998), DOI 10.1162/089976698300017467.
public struct KernelPCA: EmbeddingEstimator {
    public typealias EigenSolver = SpectralEigenSolver

    /// How many components to keep: `.count(k)` with `1 ≤ k ≤ n`, or `.all` (every positive eigenvalue).
    /// `.count(k)` throws `.indefiniteKernel` when one of the k has a clearly negative eigenvalue (below
    /// `−10⁻⁵ λ₁`), which an indefinite kernel such as the sigmoid can give; rounding-level negatives are 0.
    public var components: ComponentCount
    /// The kernel (default `.linear`, as scikit-learn).
    public var kernel: Kernel
    /// The eigensolver (default: iterative for `k < 10` pairs of `n > 200` points, dense otherwise).
    public var eigenSolver: EigenSolver
    /// Whether to drop components whose eigenvalue is 0 (after clipping negatives); always done for `.all`.
    public var removeZeroEigenvalues: Bool

    public init(components: ComponentCount = .all, kernel: Kernel = .linear, eigenSolver: EigenSolver = .automatic,
                removeZeroEigenvalues: Bool = false) {
        self.components = components
        self.kernel = kernel
        self.eigenSolver = eigenSolver
        self.removeZeroEigenvalues = removeZeroEigenvalues
    }

    /// A fitted kernel PCA.
    public struct Model: EmbeddingModel {
        /// The kernel, with the training feature count fixing its default `γ`.
        public let kernel: Kernel
        /// The eigenvalues `λⱼ` of the centred kernel `K̃`, descending, clipped at 0 (scikit-learn's
        /// `eigenvalues_`).
        public let eigenvalues: [Double]
        /// The unit eigenvectors `αⱼ` of `K̃` as columns (`n × k`, scikit-learn's `eigenvectors_`).
        public let eigenvectors: Matrix
        /// The training embedding `αᵢⱼ √λⱼ` (`n × k`), what `fitTransform` returns.
        public let embedding: Matrix
        /// The training data (for `.precomputed`, an empty matrix: new points come as kernel rows).
        public let trainingData: Matrix
        /// The row means `r̄` of the uncentred training kernel.
        public let kernelRowMeans: [Double]
        /// The grand mean `ḡ` of the uncentred training kernel.
        public let kernelGrandMean: Double
        /// The number of features `d` the default `γ = 1/d` was taken from.
        public let gammaFeatures: Int

        /// The number of kept components `k`.
        public var componentCount: Int { eigenvectors.columns }
        /// The number of training samples `n`.
        public var samples: Int { eigenvectors.rows }

        /// Embeds new rows `y` (m × d; for `.precomputed`, the m × n kernel against the training points).
        ///
        /// Components with a zero eigenvalue map to 0. `transform` of the training data equals the
        /// training embedding.
        ///
        /// - Complexity: O(m n d) for the kernel plus O(m n k).
        /// - Throws: `DimensionalityReductionError` for empty or non-finite input or a wrong column count.
        public func transform(_ y: Matrix) throws -> Matrix {
            let method = "KernelPCA.transform"
            try DimensionalityReductionError.validate(y, method: method)
            let expected: Int
            if case .precomputed = kernel { expected = samples } else { expected = trainingData.columns }
            guard y.columns == expected else {
                throw DimensionalityReductionError.featureMismatch(method: method, expected: expected, got: y.columns)
            }
            var k = kernel.matrix(y, trainingData, gammaFeatures: gammaFeatures)
            guard k.rows == y.rows && k.columns == samples else {
                throw DimensionalityReductionError.invalidParameter(
                    method: method, name: "custom kernel",
                    message: "returned \(k.rows) × \(k.columns) for \(y.rows) new and \(samples) training points; return new × training")
            }
            try DimensionalityReductionError.validate(k, method: "\(method) (kernel values)")
            let n = samples
            let rowMeans = kernelRowMeans, grandMean = kernelGrandMean
            k.elements.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                parallelRowChunks(y.rows) { range in
                    for i in range {
                        let row = base + i * n
                        var mean = 0.0
                        for j in 0..<n { mean += row[j] }
                        mean /= Double(n)
                        for j in 0..<n { row[j] += grandMean - mean - rowMeans[j] }
                    }
                }
            }
            let scaled = eigenvectors.scalingColumns(by: eigenvalues.map { $0 > 0 ? 1 / $0.squareRoot() : 0 })
            return k * scaled
        }
    }

    /// Fits to the rows of `x` (n × d), or to the `n × n` kernel matrix itself for `.precomputed`; the
    /// iterative eigensolver reports its restart cycles to `progress` ("eigensolver").
    ///
    /// - Complexity: O(n² d) for the kernel, O(n²) centring, then O(n² k) per Krylov cycle (iterative) or
    ///   O(n³) (dense).
    /// - Throws: `DimensionalityReductionError` for empty or non-finite input, fewer than 2 samples, a
    ///   component count outside `1...n`, `.varianceRatio`, bad kernel parameters, a non-square or
    ///   non-symmetric precomputed or custom kernel, a requested component with a clearly negative
    ///   eigenvalue (`.indefiniteKernel`), or a failed eigensolver.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = "KernelPCA"
        try DimensionalityReductionError.validate(x, method: method)
        try kernel.validateParameters(method: method)
        let n = x.rows
        guard n >= 2 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 2) }
        let requested: Int
        switch components {
        case let .count(k):
            guard k >= 1 && k <= n else { throw DimensionalityReductionError.invalidComponents(method: method, requested: k, limit: n) }
            requested = k
        case .all:
            requested = n
        case .varianceRatio:
            throw DimensionalityReductionError.invalidParameter(
                method: method, name: "components", message: ".varianceRatio is not defined for kernel PCA; use .count(k) or .all")
        }
        var k: Matrix
        let statistics: (rowMeans: [Double], grandMean: Double)
        switch kernel {
        case .precomputed, .custom:
            if case .precomputed = kernel {
                guard x.isSquare else {
                    throw DimensionalityReductionError.invalidParameter(
                        method: method, name: "precomputed kernel", message: "is \(x.rows) × \(x.columns); give the square n × n kernel matrix")
                }
                k = x
            } else {
                k = kernel.matrix(x, x, gammaFeatures: x.columns)
                guard k.rows == n && k.columns == n else {
                    throw DimensionalityReductionError.invalidParameter(
                        method: method, name: "custom kernel", message: "returned \(k.rows) × \(k.columns) for \(n) points; return n × n")
                }
                try DimensionalityReductionError.validate(k, method: "\(method) (custom kernel values)")
            }
            guard k.isSymmetric(tolerance: 1e-8) else {
                throw DimensionalityReductionError.invalidParameter(
                    method: method, name: "kernel matrix", message: "is not symmetric; a kernel must satisfy k(x, y) = k(y, x)")
            }
            k = k.symmetrized
            statistics = doubleCenter(&k)
        case .linear, .polynomial, .rbf, .sigmoid, .cosine:
            let built = kernel.centeredTrainingMatrix(x)
            k = built.matrix
            statistics = (built.rowMeans, built.grandMean)
        }
        let isPrecomputed: Bool
        if case .precomputed = kernel { isPrecomputed = true } else { isPrecomputed = false }
        let eigen = try eigenSolver.largestEigenpairs(of: k, count: requested, method: method, progress: progress)
        // Rounding leaves tiny negative eigenvalues, clipped to 0 as scikit-learn does; a clearly negative one
        // among explicitly requested components means an indefinite kernel, refused as scikit-learn refuses it.
        let largest = Swift.max(eigen.eigenvalues.first ?? 0, 0)
        // Eigenvalues up to 64 n ε λ₁ are rounding of zero (dsyevr and the Krylov solver are accurate to a
        // modest multiple of n ε ‖K‖).
        let zeroLevel = 64 * Double(n) * Double.ulpOfOne * largest
        if case .count = components, let smallest = eigen.eigenvalues.last, smallest < -1e-5 * largest && smallest < -1e-10 {
            let positive = eigen.eigenvalues.filter { $0 > zeroLevel }.count
            throw DimensionalityReductionError.indefiniteKernel(method: method, eigenvalue: smallest, largest: largest,
                                                                 positive: positive)
        }
        var values = eigen.eigenvalues.map { Swift.max($0, 0) }
        var vectors = eigen.eigenvectors
        if removeZeroEigenvalues || components == .all {
            let keep = values.indices.filter { values[$0] > zeroLevel && values[$0] > 0 }
            if keep.count < values.count {
                values = keep.map { values[$0] }
                vectors = vectors.columns(at: keep)
            }
        }
        let embedding = vectors.scalingColumns(by: values.map { $0.squareRoot() })
        return Model(kernel: kernel, eigenvalues: values, eigenvectors: vectors, embedding: embedding,
                     trainingData: isPrecomputed ? Matrix(rows: 0, columns: 0) : x,
                     kernelRowMeans: statistics.rowMeans, kernelGrandMean: statistics.grandMean,
                     gammaFeatures: x.columns)
    }
}
