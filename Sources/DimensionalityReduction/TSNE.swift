import LinearAlgebra
import Neighbors

/// t-distributed stochastic neighbour embedding (van der Maaten & Hinton 2008) with openTSNE's recipe:
/// sparse input affinities from the k = ⌊3 · perplexity⌋ nearest neighbours, PCA initialisation, early
/// exaggeration, and the negative gradient exactly or by FFT-accelerated interpolation (FIt-SNE).
///
///     p_{j|i} = exp(−βᵢ ‖xᵢ − xⱼ‖²) / Σ_{l ∈ kNN(i)} exp(−βᵢ ‖xᵢ − x_l‖²),   H(p_{·|i}) = log₂ perplexity
///     p_{ij} = (p_{j|i} + p_{i|j}) / 2n,   q_{ij} = wᵢⱼ / Z,   wᵢⱼ = 1 / (1 + ‖yᵢ − yⱼ‖²),   Z = Σ_{k≠l} w_{kl}
///     C = KL(P ‖ Q) = Σ p_{ij} log(p_{ij} / q_{ij}),   ∂C/∂yᵢ = 4 Σⱼ (p_{ij} − q_{ij}) wᵢⱼ (yᵢ − yⱼ)
///
/// Optimisation is gradient descent with momentum and per-coordinate gains (delta-bar-delta): first
/// `earlyExaggerationIterations` steps with P multiplied by `earlyExaggeration` and momentum
/// `initialMomentum`, then `iterations` steps with momentum `finalMomentum`. As in openTSNE the step uses
/// ∂C/∂yᵢ / 4 and the "auto" learning rate n / exaggeration of each phase (Belkina et al. 2019), here with
/// scikit-learn's floor of 50.
///
/// Defaults: openTSNE's (perplexity 30, PCA initialisation rescaled to standard deviation 10⁻⁴, early
/// exaggeration 12 for 250 iterations, max step norm 5, gains with minimum 0.01) with the iteration count
/// and momentum schedule of the issue and of scikit-learn and openTSNE before 1.0 (750 normal iterations,
/// momentum 0.5 → 0.8; openTSNE 1.0 uses 500 and 0.8 → 0.8).
///
/// ```swift
/// let model = try TSNE(perplexity: 30, seed: 1).fit(x)      // x: n × d
/// model.embedding                                           // n × 2
/// model.klDivergence                                        // KL(P ‖ Q) of the result
/// let placed = try model.transform(newRows)                 // openTSNE's transform
/// ```
///
/// - Complexity: k-NN search O(n² d) (exact) or less with a tree; calibration O(n k); each iteration
///   O(n k) for the attraction plus O(n² c) (exact) or O(n + M² log M) on an M × M interpolation grid.
/// - Reference: L. van der Maaten, G. Hinton, "Visualizing data using t-SNE", JMLR 9 (2008); G. C.
///   Linderman et al., "Fast interpolation-based t-SNE for improved visualization of single-cell RNA-seq
///   data", Nature Methods 16 (2019), doi:10.1038/s41592-018-0308-4; P. G. Poličar, M. Stražar, B. Zupan,
///   "openTSNE", J. Stat. Softw. 109 (2024).
public struct TSNE: EmbeddingEstimator {
    /// Where the optimisation starts.
    public enum Initialization: Sendable, Equatable {
        /// The top principal components, rescaled so the first has standard deviation 10⁻⁴, plus a seeded
        /// jitter of 1 % of that (openTSNE's default). Falls back to `.random` when the data has fewer
        /// features than `components` or no variance.
        case pca
        /// Seeded N(0, 10⁻⁸) coordinates.
        case random
    }

    /// How the repulsive (negative) part of the gradient is computed.
    public enum GradientMethod: Sendable, Equatable {
        /// Exact below `TSNE.interpolationThreshold` points or when `components ≠ 2`, interpolation otherwise.
        case automatic
        /// All n² pairs: O(n² c) per iteration.
        case exact
        /// FFT-accelerated interpolation on a grid (FIt-SNE; two components only).
        case interpolation
    }

    /// The step size rule.
    public enum LearningRate: Sendable, Equatable {
        /// `max(n / exaggeration, 50)` in each phase.
        case automatic
        /// A fixed step size (in openTSNE's scale, on ∂C/∂y / 4).
        case fixed(Double)
    }

    /// From this many points `.automatic` uses interpolation (for two components).
    public static let interpolationThreshold = 1_000

    /// Embedding dimension (default 2).
    public var components: Int
    /// Target perplexity of each point's conditional distribution (default 30).
    public var perplexity: Double
    /// P's multiplier in the first phase (default 12).
    public var earlyExaggeration: Double
    /// Steps of the exaggerated phase (default 250).
    public var earlyExaggerationIterations: Int
    /// Steps of the normal phase (default 750).
    public var iterations: Int
    /// The step size rule (default `.automatic`).
    public var learningRate: LearningRate
    /// Momentum of the exaggerated phase (default 0.5).
    public var initialMomentum: Double
    /// Momentum of the normal phase (default 0.8).
    public var finalMomentum: Double
    /// The floor added to shrinking gains (default 0.01).
    public var minimumGain: Double
    /// Each point's step is clipped to this length (default 5, openTSNE's `max_step_norm`); `nil` for none.
    public var maximumStepNorm: Double?
    /// The starting layout (default `.pca`).
    public var initialization: Initialization
    /// The negative-gradient method (default `.automatic`).
    public var gradientMethod: GradientMethod
    /// The k-NN search for the input affinities. `.automatic`: exact in ≤ 10 dimensions or below
    /// `NearestNeighbors.Algorithm.approximateThreshold(neighbors: k)` points (320 000 for perplexity 30's k = 90),
    /// NN-descent above (`resolvedForEmbedding`); any other value is used as given.
    public var neighborAlgorithm: NearestNeighbors.Algorithm
    /// Seed of the random initialisation and of the PCA jitter.
    public var seed: UInt64

    /// t-SNE with the given settings (defaults above).
    public init(components: Int = 2, perplexity: Double = 30, earlyExaggeration: Double = 12,
                earlyExaggerationIterations: Int = 250, iterations: Int = 750, learningRate: LearningRate = .automatic,
                initialMomentum: Double = 0.5, finalMomentum: Double = 0.8, minimumGain: Double = 0.01,
                maximumStepNorm: Double? = 5, initialization: Initialization = .pca,
                gradientMethod: GradientMethod = .automatic, neighborAlgorithm: NearestNeighbors.Algorithm = .automatic,
                seed: UInt64 = 0) {
        self.components = components
        self.perplexity = perplexity
        self.earlyExaggeration = earlyExaggeration
        self.earlyExaggerationIterations = earlyExaggerationIterations
        self.iterations = iterations
        self.learningRate = learningRate
        self.initialMomentum = initialMomentum
        self.finalMomentum = finalMomentum
        self.minimumGain = minimumGain
        self.maximumStepNorm = maximumStepNorm
        self.initialization = initialization
        self.gradientMethod = gradientMethod
        self.neighborAlgorithm = neighborAlgorithm
        self.seed = seed
    }

    /// The neighbours per point for `samples` points: `min(n − 1, ⌊3 · perplexity⌋)`.
    public func neighborCount(samples: Int) -> Int { min(samples - 1, Int(3 * perplexity)) }

    /// Whether the fit of `samples` points uses the interpolation gradient.
    func usesInterpolation(samples: Int) -> Bool {
        switch gradientMethod {
        case .exact: return false
        case .interpolation: return true
        case .automatic: return components == 2 && samples >= Self.interpolationThreshold
        }
    }

    /// Fits t-SNE to the rows of `x` (n × d), reporting the phases "neighbours", "affinities" and
    /// "optimisation" (step k of the total iterations).
    ///
    /// - Throws: `DimensionalityReductionError` for empty, non-finite or huge data, fewer than 3 samples,
    ///   perplexity outside [1, n − 1), and other settings out of range (each message names the value and
    ///   the limit).
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        try DimensionalityReductionError.validate(x, method: Self.method)
        try validate(samples: x.rows)
        let n = x.rows
        progress.report("neighbours", fraction: 0)
        let k = neighborCount(samples: n)
        let algorithm = neighborAlgorithm.resolvedForEmbedding(samples: n, features: x.columns, neighbors: k, seed: seed)
        let search = try NearestNeighbors(neighbors: k, algorithm: algorithm).fit(x)
        // Scoped so the n × k neighbour list (16 bytes an entry) is freed before the joint P is built, and the
        // conditional P right after: at 10⁶ points and k = 90 neither transient adds to the peak of the next step.
        let affinities = try {
            let conditional = try {
                let list = try search.kneighbors(progress: progress)
                progress.report("neighbours", fraction: 1)
                progress.report("affinities", fraction: 0)
                return TSNEAffinities.conditional(neighbors: list, perplexity: perplexity)
            }()
            return TSNEAffinities.symmetrized(conditional, samples: n)
        }()
        progress.report("affinities", fraction: 1)
        var y = try initialLayout(x)
        let result = TSNEOptimizer.fit(layout: &y, affinities: affinities, settings: self, progress: progress)
        return Model(configuration: self, embedding: Matrix(rows: n, columns: components, elements: y),
                     klDivergence: result, search: search)
    }

    static let method = "TSNE"

    /// Throws unless the settings suit `samples` points.
    func validate(samples n: Int) throws {
        func invalid(_ name: String, _ message: String) -> DimensionalityReductionError {
            .invalidParameter(method: Self.method, name: name, message: message)
        }
        guard n >= 3 else { throw DimensionalityReductionError.tooFewSamples(method: Self.method, samples: n, required: 3) }
        guard perplexity.isFinite, perplexity >= 1, perplexity < Double(n - 1) else {
            throw invalid("perplexity", "= \(perplexity) must be at least 1 and less than samples − 1 = \(n - 1) "
                + "(scikit-learn: \"perplexity must be less than n_samples\"); lower the perplexity (5 to 50 is usual) or give more samples")
        }
        guard components >= 1 else {
            throw DimensionalityReductionError.invalidComponents(method: Self.method, requested: components, limit: n - 1)
        }
        guard earlyExaggeration.isFinite, earlyExaggeration > 0 else {
            throw invalid("earlyExaggeration", "= \(earlyExaggeration) must be positive (12 is the default)")
        }
        guard earlyExaggerationIterations >= 0, iterations >= 0 else {
            throw invalid("iterations", "(\(earlyExaggerationIterations) exaggerated, \(iterations) normal) must not be negative")
        }
        if case let .fixed(rate) = learningRate, !(rate.isFinite && rate > 0) {
            throw invalid("learningRate", "= \(rate) must be positive and finite; use .automatic for max(n / exaggeration, 50)")
        }
        guard (0..<1).contains(initialMomentum), (0..<1).contains(finalMomentum) else {
            throw invalid("momentum", "(\(initialMomentum), \(finalMomentum)) must lie in [0, 1)")
        }
        guard minimumGain.isFinite, minimumGain >= 0 else {
            throw invalid("minimumGain", "= \(minimumGain) must be non-negative")
        }
        if let norm = maximumStepNorm, !(norm.isFinite && norm > 0) {
            throw invalid("maximumStepNorm", "= \(norm) must be positive, or nil for no clipping")
        }
        if gradientMethod == .interpolation && components != 2 {
            throw invalid("gradientMethod", "interpolation works on two components, not \(components); use .exact or components = 2")
        }
    }

    /// The starting layout, n × components row-major.
    func initialLayout(_ x: Matrix) throws -> [Double] {
        let n = x.rows, c = components
        var rng = SeededGenerator(seed: seed)
        var y = [Double](repeating: 0, count: n * c)
        if initialization == .pca, x.columns >= c {
            let scores = try DimensionalityReductionError.wrapping(Self.method) {
                try PCA(components: .count(c)).fitTransform(x)
            }
            let first = scores.column(0)
            let mean = first.reduce(0, +) / Double(n)
            var sumOfSquares = 0.0
            for value in first { sumOfSquares += (value - mean) * (value - mean) }
            let deviation = (sumOfSquares / Double(n)).squareRoot()
            if deviation > 0 && deviation.isFinite {
                let scale = 1e-4 / deviation
                for i in 0..<(n * c) { y[i] = scores.elements[i] * scale + 1e-6 * rng.nextNormal() }
                return y
            }
        }
        for i in 0..<(n * c) { y[i] = 1e-4 * rng.nextNormal() }
        return y
    }
}
