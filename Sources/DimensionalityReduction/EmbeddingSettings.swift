import LinearAlgebra

/// The settings of every `EmbeddingMethod` in one value (each method reads the ones it uses; see
/// `EmbeddingMethod.parameters(_:)`). Defaults follow scikit-learn except `neighbors` (10, which embeds the
/// usual manifold test sets without the short-circuits 5 neighbours can give) and `kernel` (`.linear`).
public struct EmbeddingSettings: Sendable, Equatable, Codable {
    /// The kernels kernel PCA can take by name.
    public enum KernelName: String, Sendable, CaseIterable, Codable {
        /// The kernels of `Kernel`, with their default parameters.
        case linear, polynomial, rbf, sigmoid, cosine
    }

    /// How landmark Isomap chooses its landmarks, by name.
    public enum LandmarkChoiceName: String, Sendable, CaseIterable, Codable {
        /// Landmarks drawn uniformly at random (seeded).
        case random
        /// Max–min (farthest-point) landmarks, spread over the data.
        case maxmin

        /// The library's value.
        public var choice: LandmarkIsomap.LandmarkChoice { self == .random ? .random : .maxMin }
    }

    /// Starting layouts of the iterative methods, by name (`--init`); each method accepts the ones it has (t-SNE:
    /// `pca`, `random`; UMAP: `spectral`, `random`, `pca`; SMACOF: `random`, `classical`).
    public enum InitializationName: String, Sendable, CaseIterable, Codable {
        case pca, random, spectral, classical
    }

    /// Output dimension (default 2).
    public var components = 2
    /// Neighbours per point for Isomap, landmark Isomap, the LLE variants and LTSA (default 10).
    public var neighbors = 10
    /// A radius neighbourhood for Isomap and landmark Isomap instead of `neighbors` (default none).
    public var radius: Double?
    /// Kernel PCA's kernel (default linear).
    public var kernel = KernelName.linear
    /// Kernel coefficient γ (default `1 / features`).
    public var gamma: Double?
    /// Polynomial degree (default 3).
    public var degree = 3
    /// Polynomial and sigmoid offset (default 1).
    public var coef0 = 1.0
    /// Regularisation of the LLE variants and LTSA (default 1e-3).
    public var regularization = 1e-3
    /// Landmark count for landmark Isomap (default 500).
    public var landmarks = 500
    /// How landmark Isomap chooses its landmarks (default random).
    public var landmarkChoice = LandmarkChoiceName.random
    /// Seed of every random choice (landmarks, t-SNE's random start, SMACOF's starts, UMAP when `seeded`).
    public var seed: UInt64 = 0
    /// Whether UMAP uses `seed` (default): a reproducible layout on one core. `false` runs UMAP unseeded, its
    /// layout in parallel and different on each run, as umap-learn with `random_state=None`. Only UMAP reads it.
    public var seeded: Bool {
        get { unseeded != true }
        set { unseeded = newValue ? nil : true }
    }
    /// `!seeded`, stored so that the default is left out of an encoded file (files written before the setting
    /// existed re-encode to the same bytes).
    var unseeded: Bool?
    /// PCA whitening (unit-variance scores).
    public var whiten = false
    /// Link the components of a disconnected neighbour graph instead of failing (Isomap variants).
    public var connectComponents = false
    /// Standardise each column to zero mean and unit variance before fitting (and before `transform`).
    public var standardize = false
    /// t-SNE's perplexity; `nil` for the method's default (30). Optional so files without it re-encode unchanged.
    public var perplexity: Double?
    /// t-SNE's early exaggeration; `nil` for the method's default (12).
    public var exaggeration: Double?
    /// UMAP's `min_dist`: how tightly embedded neighbours may pack; `nil` takes 0.1 (at most `spread`).
    public var minDistance: Double?
    /// UMAP's `spread`: the scale of the embedded memberships' decay; `nil` takes 1.
    public var spread: Double?
    /// Metric MDS for SMACOF (default); false fits only the order of the dissimilarities (non-metric).
    public var metricMDS: Bool {
        get { nonMetricMDS != true }
        set { nonMetricMDS = newValue ? nil : true }
    }
    /// `metricMDS`, stored so that the default is left out of an encoded file (files written before the setting
    /// existed re-encode to the same bytes).
    var nonMetricMDS: Bool?
    /// Optimisation iterations or epochs of the iterative methods; `nil` takes the method's default (t-SNE: 750
    /// after the 250 exaggerated ones; UMAP: 500 epochs up to 10 000 rows, 200 above; SMACOF: at most 300 per start).
    public var iterations: Int?
    /// The starting layout of an iterative method; `nil` takes the method's default (t-SNE `pca`, UMAP `spectral`,
    /// SMACOF `random`).
    public var initialization: InitializationName?

    /// The defaults.
    public init() {}

    /// Reads settings from a model file or a job description: every key is optional and a missing one keeps
    /// its default, so a file written before a setting existed still reads (with that setting's default).
    /// A new field needs one line here; encoding is synthesised (nil optionals are left out).
    ///
    /// - Throws: `DecodingError` for a key of the wrong type.
    public init(from decoder: Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<Value: Decodable>(_ key: CodingKeys, into value: inout Value) throws {
            if let stored = try container.decodeIfPresent(Value.self, forKey: key) { value = stored }
        }
        func read<Value: Decodable>(_ key: CodingKeys, into value: inout Value?) throws {
            value = try container.decodeIfPresent(Value.self, forKey: key) ?? value
        }
        try read(.components, into: &components)
        try read(.neighbors, into: &neighbors)
        try read(.radius, into: &radius)
        try read(.kernel, into: &kernel)
        try read(.gamma, into: &gamma)
        try read(.degree, into: &degree)
        try read(.coef0, into: &coef0)
        try read(.regularization, into: &regularization)
        try read(.landmarks, into: &landmarks)
        try read(.landmarkChoice, into: &landmarkChoice)
        try read(.seed, into: &seed)
        try read(.unseeded, into: &unseeded)
        try read(.whiten, into: &whiten)
        try read(.connectComponents, into: &connectComponents)
        try read(.standardize, into: &standardize)
        try read(.perplexity, into: &perplexity)
        try read(.exaggeration, into: &exaggeration)
        try read(.minDistance, into: &minDistance)
        try read(.spread, into: &spread)
        try read(.nonMetricMDS, into: &nonMetricMDS)
        try read(.iterations, into: &iterations)
        try read(.initialization, into: &initialization)
    }

    /// The neighbourhood Isomap and landmark Isomap use.
    public var neighborhood: Isomap.Neighborhood { radius.map { .radius($0) } ?? .count(neighbors) }

    /// The kernel value `kernel`, `gamma`, `degree` and `coef0` name.
    public func makeKernel() -> Kernel {
        switch kernel {
        case .linear: return .linear
        case .polynomial: return .polynomial(degree: degree, gamma: gamma, coef0: coef0)
        case .rbf: return .rbf(gamma: gamma)
        case .sigmoid: return .sigmoid(gamma: gamma, coef0: coef0)
        case .cosine: return .cosine
        }
    }
}
