import LinearAlgebra

/// Classical (Torgerson) multidimensional scaling: coordinates whose inner products best match the
/// double-centred squared dissimilarities.
///
///     B = −½ J D⁽²⁾ J,  J = I − (1/n) 1 1ᵀ,   B vⱼ = λⱼ vⱼ,   embedding = [v₁ √λ₁ … vₖ √λₖ]
///
/// For Euclidean distances of data `X`, `B = X_c X_cᵀ` and the embedding equals the PCA scores (up to the
/// sign of each column), with `√λⱼ` the singular values of `X_c`: `fit(_ data:)` uses this and computes
/// a thin SVD of the centred data, O(n d min(n, d)), instead of an `n × n` eigenproblem.
/// `fit(dissimilarities:)` takes any dissimilarity matrix; when it is not Euclidean, `B` has negative
/// eigenvalues, which the model reports (`smallestEigenvalue`, `isEuclidean`) rather than hiding.
/// Coordinates for a non-positive eigenvalue are 0. Each column is flipped so its largest-magnitude
/// entry is positive. scikit-learn 1.9's `ClassicalMDS` (default 2 components).
///
/// Reference: W. S. Torgerson, "Multidimensional scaling: I. Theory and method", Psychometrika 17 (1952);
/// K. V. Mardia, J. T. Kent, J. M. Bibby, *Multivariate Analysis*, §14.3.
public struct ClassicalMDS: EmbeddingEstimator {
    public typealias EigenSolver = SpectralEigenSolver

    /// The embedding dimension `k` (default 2).
    public var components: Int
    /// The eigensolver for `fit(dissimilarities:)` (default: iterative for `k < 10` and `n > 200`).
    public var eigenSolver: EigenSolver
    /// Whether `fit(dissimilarities:)` also computes the smallest eigenvalue of `B` (one more iterative
    /// solve) to report how far from Euclidean the input is.
    public var reportsNegativeEigenvalues: Bool

    public init(components: Int = 2, eigenSolver: EigenSolver = .automatic, reportsNegativeEigenvalues: Bool = true) {
        self.components = components
        self.eigenSolver = eigenSolver
        self.reportsNegativeEigenvalues = reportsNegativeEigenvalues
    }

    /// A fitted classical MDS. It has no out-of-sample map: `transform` throws.
    public struct Model: EmbeddingModel {
        /// The coordinates `vⱼ √max(λⱼ, 0)` (n × k).
        public let embedding: Matrix
        /// The `k` largest eigenvalues of `B`, descending, as computed (a negative one is kept negative).
        public let eigenvalues: [Double]
        /// The smallest eigenvalue of `B`: below 0 (beyond rounding) exactly when the dissimilarities are not
        /// Euclidean. 0 for `fit(_ data:)`, whose `B = X_c X_cᵀ` is positive semi-definite by construction;
        /// `nil` when not computed (`reportsNegativeEigenvalues` false).
        public let smallestEigenvalue: Double?
        /// `trace(B) = Σ λᵢ`, the total of every eigenvalue (½ n × the mean squared dissimilarity).
        public let trace: Double

        /// Whether the dissimilarities embed isometrically in some Euclidean space: no eigenvalue of `B`
        /// below `−1e-8 · λ₁`. `nil` when the smallest eigenvalue was not computed.
        public var isEuclidean: Bool? {
            smallestEigenvalue.map { $0 >= -1e-8 * Swift.max(eigenvalues.first ?? 0, 0) }
        }

        /// The share of `trace(B)` carried by the kept eigenvalues, `Σⱼ≤ₖ λⱼ / Σᵢ λᵢ` (1 for data of rank ≤ k).
        public var explainedRatio: Double { trace > 0 ? eigenvalues.reduce(0, +) / trace : 0 }

        /// `vⱼ / √λⱼ` (zero for a non-positive λⱼ): maps centred kernel rows of new points to coordinates
        /// (Isomap's and landmark MDS's out-of-sample map), computed as `embedding / λⱼ`.
        var projection: Matrix { embedding.scalingColumns(by: eigenvalues.map { $0 > 0 ? 1 / $0 : 0 }) }

        /// Classical MDS places only the objects it was fitted on.
        ///
        /// - Throws: always, `DimensionalityReductionError.invalidParameter` saying what to use instead.
        public func transform(_ x: Matrix) throws -> Matrix {
            throw DimensionalityReductionError.invalidParameter(
                method: "mds", name: "transform",
                message: "classical MDS has no out-of-sample map; use pca (the same embedding for Euclidean data) or isomap")
        }

        /// Kruskal's normalised stress of the embedding against `dissimilarities` (see
        /// `QualityMetrics.normalizedStress(dissimilarities:embedding:)`).
        public func stress(dissimilarities: Matrix) throws -> Double {
            try QualityMetrics.normalizedStress(dissimilarities: dissimilarities, embedding: embedding)
        }
    }

    /// Embeds the rows of `data` (n × d) by classical MDS of their Euclidean distances, computed as the
    /// thin SVD of the centred data (the same embedding, without the n × n matrix); one factorisation, so
    /// `progress` hears nothing.
    ///
    /// - Complexity: O(n d min(n, d)).
    /// - Throws: `DimensionalityReductionError` for empty or non-finite data, fewer than 2 samples or
    ///   `components` outside `1...min(n, d)`.
    public func fit(_ data: Matrix, progress: ProgressReporter) throws -> Model {
        let method = "ClassicalMDS"
        try DimensionalityReductionError.validate(data, method: method)
        let n = data.rows
        guard n >= 2 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 2) }
        let limit = Swift.min(n, data.columns)
        guard components >= 1 && components <= limit else {
            throw DimensionalityReductionError.invalidComponents(method: method, requested: components, limit: limit)
        }
        let (centered, _) = data.centeringColumns()
        let solver = PCA.resolvedSolver(.automatic, samples: n, features: data.columns)
        var (sigma, _, scores) = try DimensionalityReductionError.wrapping(method) {
            try PCA.factor(centered, count: components, solver: solver)
        }
        scores = scores.withNormalizedColumnSigns()
        sigma = sigma.map { Swift.max($0, 0) }
        let norm = centered.frobeniusNorm
        return Model(embedding: scores, eigenvalues: sigma.map { $0 * $0 }, smallestEigenvalue: 0, trace: norm * norm)
    }

    /// Embeds `n` objects from their `n × n` dissimilarity matrix `D` (for example, distances).
    ///
    /// `D` must be square, symmetric (to 1e-8 of its largest entry), finite, non-negative, with a zero
    /// diagonal.
    ///
    /// The iterative eigensolver reports its restart cycles to `progress` ("eigensolver").
    ///
    /// - Complexity: O(n²) for `B`, then O(n² k) per Krylov cycle (iterative) or O(n³) (dense).
    /// - Throws: `DimensionalityReductionError.invalidDissimilarities` naming the failed check,
    ///   `tooFewSamples` for n < 2, `invalidComponents` for `components` outside `1...n`.
    public func fit(dissimilarities d: Matrix, progress: ProgressReporter = .silent) throws -> Model {
        let method = "ClassicalMDS"
        try Self.validateDissimilarities(d, method: method)
        let n = d.rows
        guard n >= 2 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 2) }
        guard components >= 1 && components <= n else {
            throw DimensionalityReductionError.invalidComponents(method: method, requested: components, limit: n)
        }
        // B = −½ J D⁽²⁾ J, built from the upper triangle of D.
        let b = d.elements.withUnsafeBufferPointer { source in
            let base = source.baseAddress!
            return SymmetricKernelBuilder.centeredSymmetric(dimension: n, scale: -0.5) { start, end, destination in
                for i in start..<end {
                    let from = base + i * n, to = destination + (i - start) * n - start
                    for j in i..<n { to[j] = from[j] * from[j] }
                }
            }.matrix
        }
        return try embed(kernel: b, method: method, progress: progress)
    }

    /// The top-`k` embedding `vⱼ √max(λⱼ, 0)` of a double-centred kernel `B`: classical MDS of a dissimilarity
    /// matrix, Isomap of its geodesics, landmark MDS of its landmarks (the module's one spectral path).
    func embed(kernel b: Matrix, method: String, progress: ProgressReporter = .silent) throws -> Model {
        let n = b.rows
        let eigen = try eigenSolver.largestEigenpairs(of: b, count: components, method: method, progress: progress)
        let embedding = eigen.eigenvectors.scalingColumns(by: eigen.eigenvalues.map { Swift.max($0, 0).squareRoot() })
        var smallest: Double?
        if reportsNegativeEigenvalues {
            smallest = try Self.smallestEigenvalue(of: b, solver: eigenSolver, method: method)
        }
        return Model(embedding: embedding, eigenvalues: eigen.eigenvalues, smallestEigenvalue: smallest,
                     trace: (0..<n).reduce(0) { $0 + b.elements[$1 * n + $1] })
    }

    /// The smallest eigenvalue of `b`, by the iterative solver (to a looser 1e-6 relative residual) for a
    /// large matrix.
    static func smallestEigenvalue(of b: Matrix, solver: EigenSolver, method: String) throws -> Double {
        let n = b.rows
        return try DimensionalityReductionError.wrapping(method) {
            if !solver.usesIterative(dimension: n, count: 1) {
                return try b.symmetricEigen(.smallest(1), computeVectors: false).eigenvalues[0]
            }
            let krylov = BlockKrylovEigensolver(tolerance: 1e-6, maxRestarts: 300, blockSize: 4, steps: 8)
            return try krylov.solve(dimension: n, count: 1, end: .smallest) { block in
                b.symmetricProduct(block)
            }.eigenvalues[0]
        }
    }

    /// Throws `invalidDissimilarities` unless `d` is a non-empty, square, finite, symmetric, non-negative
    /// matrix with a zero diagonal.
    static func validateDissimilarities(_ d: Matrix, method: String) throws {
        guard !d.isEmpty else { throw DimensionalityReductionError.emptyInput(method: method) }
        guard d.isSquare else {
            throw DimensionalityReductionError.invalidDissimilarities(method: method, reason: "it is \(d.rows) × \(d.columns), not square")
        }
        let n = d.rows
        for i in 0..<n {
            for j in 0..<n {
                let value = d.elements[i * n + j]
                guard value.isFinite else {
                    throw DimensionalityReductionError.invalidDissimilarities(method: method, reason: "entry (\(i), \(j)) is \(value)")
                }
                guard value >= 0 else {
                    throw DimensionalityReductionError.invalidDissimilarities(method: method, reason: "entry (\(i), \(j)) = \(value) is negative")
                }
            }
            guard d.elements[i * n + i] == 0 else {
                throw DimensionalityReductionError.invalidDissimilarities(
                    method: method, reason: "diagonal entry (\(i), \(i)) = \(d.elements[i * n + i]) is not 0")
            }
        }
        guard d.isSymmetric(tolerance: 1e-8) else {
            throw DimensionalityReductionError.invalidDissimilarities(method: method, reason: "it is not symmetric (D ≠ Dᵀ)")
        }
    }
}
