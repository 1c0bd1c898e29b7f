import LinearAlgebra

/// How many components (eigenpairs) a method keeps.
public enum ComponentCount: Sendable, Equatable {
    /// Exactly this many components.
    case count(Int)
    /// The fewest leading components whose explained-variance ratios add up to more than this fraction,
    /// which must lie in (0, 1): `.varianceRatio(0.95)` keeps 95% of the variance (scikit-learn's float
    /// `n_components`, with its strict "more than" rule).
    case varianceRatio(Double)
    /// Every component: `min(samples, features)` for PCA (scikit-learn's `n_components=None`).
    case all
}

/// Which factorisation PCA computes its components from.
public enum PCASolver: Sendable, Equatable {
    /// `.covariance` when the data is tall (`d ≤ 1000`, `n ≥ 10 d`), `.gram` when it is wide
    /// (`n ≤ 1000`, `d ≥ 10 n`), otherwise `.svd`.
    case automatic
    /// Eigen-decomposition of the `d × d` scatter matrix `X_cᵀ X_c` (scikit-learn's `covariance_eigh`):
    /// O(n d² + d³), fastest for many samples of few features. Squares the condition number, so the
    /// smallest variances carry an absolute error of about `ε · λ₁`.
    case covariance
    /// Eigen-decomposition of the `n × n` Gram matrix `X_c X_cᵀ`, then `vⱼ = X_cᵀ uⱼ / σⱼ`:
    /// O(n² d + n³), for fewer samples than features.
    case gram
    /// The thin SVD `X_c = U Σ Vᵀ` by LAPACK `dgesdd` (scikit-learn's `full`): O(n d min(n, d)), the most
    /// accurate.
    case svd
}

/// Principal component analysis: the orthogonal directions of largest variance of centred data.
///
///     X_c = X − 1 μᵀ = U Σ Vᵀ,   scores = X_c V = U Σ,   explained variance λⱼ = σⱼ² / (n − 1)
///
/// scikit-learn's `PCA` with its defaults (`n_components=None`, `whiten=False`) in Swift spelling:
/// `try PCA(components: .count(2)).fitTransform(x)`. Components are the rows of `Vᵀ`; each is flipped so
/// its largest-magnitude entry is positive (scikit-learn ≥ 1.5 flips on the components too), so every
/// solver returns the same signs.
///
/// Reference: I. T. Jolliffe, *Principal Component Analysis*, 2nd ed., Springer 2002.
public struct PCA: EmbeddingEstimator {
    /// How many components to keep (default: all, `min(n, d)`).
    public var components: ComponentCount
    /// Which factorisation to use.
    public var solver: PCASolver
    /// Whether `transform` scales each score column to unit variance (divides by `√λⱼ`).
    public var whiten: Bool

    public init(components: ComponentCount = .all, solver: PCASolver = .automatic, whiten: Bool = false) {
        self.components = components
        self.solver = solver
        self.whiten = whiten
    }

    /// A fitted PCA: the mean, the components and their variances.
    public struct Model: EmbeddingModel {
        /// The principal axes as rows (`k × d`), orthonormal, in order of decreasing variance.
        public let components: Matrix
        /// The variance along each component, `λⱼ = σⱼ² / (n − 1)`: the eigenvalues of the sample covariance.
        public let explainedVariance: [Double]
        /// `λⱼ / Σᵢ λᵢ` over all `min(n, d)` eigenvalues, so the ratios sum to 1 when every component is kept.
        public let explainedVarianceRatio: [Double]
        /// The singular values `σⱼ` of the centred data, `σⱼ = √((n − 1) λⱼ)`.
        public let singularValues: [Double]
        /// The column means `μ` subtracted before projecting.
        public let mean: [Double]
        /// The mean of the discarded eigenvalues (probabilistic PCA's noise variance, scikit-learn's
        /// `noise_variance_`); 0 when every component is kept.
        public let noiseVariance: Double
        /// The number of training samples `n`.
        public let samples: Int
        /// Whether `transform` whitens.
        public let whiten: Bool
        /// The solver that was used (the resolved one when `.automatic` was asked for).
        public let solver: PCASolver
        /// The training scores `U Σ` (whitened: `U √(n − 1)`), n × k: `transform` of the training rows, without
        /// a second pass over the data.
        public internal(set) var embedding: Matrix

        /// The eigenvalues of the sample covariance for the kept components (the same numbers as
        /// `explainedVariance`, under the name the course notes use).
        public var eigenvalues: [Double] { explainedVariance }
        /// The number of kept components `k`.
        public var componentCount: Int { components.rows }
        /// The number of features `d`.
        public var features: Int { components.columns }

        /// Projects rows onto the components: `(X − 1 μᵀ) Vₖ`, divided by `√λⱼ` per column when whitening (a
        /// component without variance maps to 0).
        ///
        /// - Complexity: O(m d k).
        /// - Throws: `DimensionalityReductionError` for empty or non-finite data or a feature count other
        ///   than the fitted one.
        public func transform(_ x: Matrix) throws -> Matrix {
            try DimensionalityReductionError.validate(x, method: "PCA.transform")
            guard x.columns == features else {
                throw DimensionalityReductionError.featureMismatch(method: "PCA.transform", expected: features, got: x.columns)
            }
            let scores = Matrix.product(x.subtractingFromEachRow(mean), components, transposingB: true)
            return whiten ? scores.scalingColumns(by: whiteningFactors) : scores
        }

        /// Maps scores back to the feature space: `Z Vₖᵀ + 1 μᵀ` (scores multiplied by `√λⱼ` first when
        /// whitening). Exact for data in the span of the kept components.
        ///
        /// - Throws: `DimensionalityReductionError` for empty or non-finite scores or a column count other
        ///   than `componentCount`.
        public func inverseTransform(_ scores: Matrix) throws -> Matrix {
            try DimensionalityReductionError.validate(scores, method: "PCA.inverseTransform")
            guard scores.columns == componentCount else {
                throw DimensionalityReductionError.featureMismatch(method: "PCA.inverseTransform",
                                                                   expected: componentCount, got: scores.columns)
            }
            let unwhitened = whiten ? scores.scalingColumns(by: whiteningScales) : scores
            return (unwhitened * components).addingToEachRow(mean)
        }

        /// `√λⱼ`, the scale `inverseTransform` multiplies whitened scores by.
        var whiteningScales: [Double] { explainedVariance.map { Swift.max($0, 0).squareRoot() } }

        /// `1/√λⱼ` for each component with variance, and 0 for a component without: one whose singular value is
        /// at rounding level, `σⱼ ≤ max(n, d) · ε · σ₁` (the rank cutoff). Such a direction carries no training
        /// variance, so whitening maps every point, new ones included, to 0 along it instead of amplifying
        /// rounding (or a new point's offset) by 1/√λⱼ ≈ 10¹⁵⁴.
        var whiteningFactors: [Double] {
            let cutoff = Double(Swift.max(samples, features)) * Double.ulpOfOne * (singularValues.first ?? 0)
            return zip(singularValues, whiteningScales).map { sigma, scale in
                sigma > cutoff && scale > 0 ? 1 / scale : 0
            }
        }
    }

    /// Fits the components to the rows of `x` (n samples × d features); one factorisation, so `progress`
    /// hears nothing but is taken for the common estimator shape. `fitTransform(x)` returns the training
    /// scores `U Σ` (whitened: `U √(n − 1)`), the same as `fit(x).transform(x)` without a second pass.
    ///
    /// - Complexity: see `PCASolver`.
    /// - Throws: `DimensionalityReductionError` for empty or non-finite data, fewer than 2 samples, a
    ///   component count outside `1...min(n, d)`, a variance ratio outside (0, 1), or a failed factorisation.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        try fitModel(x)
    }
}
