import ArgumentParser
import MathFoundations

extension EmbeddingMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension EmbeddingSettings.KernelName: ExpressibleByArgument {}
extension EmbeddingSettings.LandmarkChoiceName: ExpressibleByArgument {}
extension EmbeddingSettings.InitializationName: ExpressibleByArgument {}

/// The settings of the embedding methods (`EmbeddingSettings`), one option each.
struct MethodOptions: ParsableArguments {
    @Option(name: .shortAndLong, parsing: .unconditional, help: "Output dimension (1 to 1048576, and at most min(samples, features)).")
    var components = 2

    @Option(name: .shortAndLong, parsing: .unconditional, help: ArgumentHelp(
        "Neighbours per point, 1 to 1048576 and below the row count. Default by method, as its reference library: umap 15 "
            + "(umap-learn; at most rows − 1), spectral max(⌊rows/10⌋, 1) (scikit-learn), isomap, landmark-isomap, the lle "
            + "variants and ltsa 10; tsne takes ⌊3 · perplexity⌋ (openTSNE) and ignores it. Also the k of the quality "
            + "metrics (default 10).", valueName: "k"))
    var neighbors: Int?

    @Option(parsing: .unconditional, help: "A radius neighbourhood instead of --neighbors (isomap, landmark-isomap).")
    var radius: Double?

    @Option(help: "Kernel of kpca.")
    var kernel = EmbeddingSettings.KernelName.linear

    @Option(parsing: .unconditional, help: "Kernel coefficient γ of kpca's rbf, polynomial and sigmoid kernels (default 1/features).")
    var gamma: Double?

    @Option(parsing: .unconditional, help: "Degree of kpca's polynomial kernel (1 to 100).")
    var degree = 3

    @Option(parsing: .unconditional, help: "Offset of kpca's polynomial and sigmoid kernels.")
    var coef0 = 1.0

    @Option(parsing: .unconditional, help: "Regularisation of the lle variants and ltsa.")
    var reg = 1e-3

    @Option(parsing: .unconditional, help: "Landmarks of landmark-isomap (2 to 1048576, and at most the row count).")
    var landmarks = 500

    @Option(help: "How landmark-isomap chooses landmarks: random, or maxmin (farthest-point in geodesic distance).")
    var landmarkChoice = EmbeddingSettings.LandmarkChoiceName.random

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Seed of every random choice. Default 0 for generated data sets, landmark-isomap's landmarks, tsne's random start "
            + "and smacof's starts, so those runs repeat exactly. umap without --seed runs unseeded, its layout in parallel "
            + "and different on each run (umap-learn with random_state=None); with --seed it is reproducible, on one core.",
        valueName: "seed"))
    var seed: UInt64?

    @Flag(help: "Scale PCA scores to unit variance.")
    var whiten = false

    @Flag(help: "Link the pieces of a disconnected neighbour graph instead of failing (isomap variants, spectral).")
    var connectComponents = false

    @Option(parsing: .unconditional, help: "Perplexity of tsne: the effective neighbour count of each point's affinities (at least 1 and below the row count − 1; default 30).")
    var perplexity: Double?

    @Option(parsing: .unconditional, help: "Early exaggeration of tsne: attraction multiplier of the first 250 iterations (positive; default 12).")
    var exaggeration: Double?

    @Option(name: .customLong("min-dist"), parsing: .unconditional, help: "umap's minimum distance between embedded neighbours (0 to --spread; default 0.1).")
    var minDist: Double?

    @Option(parsing: .unconditional, help: "umap's scale of the embedded neighbourhoods (> 0; default 1).")
    var spread: Double?

    @Flag(help: "Non-metric MDS for smacof: fit only the order of the distances (isotonic regression); default metric.")
    var nonmetric = false

    @Option(parsing: .unconditional, help: "Optimisation iterations or epochs of the iterative methods, 1 to 1048576 (tsne: after the 250 exaggerated ones, default 750; umap: default 500 epochs up to 10 000 rows, 200 above; smacof: at most, default 300).")
    var iterations: Int?

    @Option(name: .customLong("init"), help: "Starting layout of the iterative methods (tsne: pca (default; scaled to standard deviation 1e-4) or random; umap: spectral (default), random or pca; smacof: random (default) or classical).")
    var initialization: EmbeddingSettings.InitializationName?

    /// Every value in range before any arithmetic (see `Limits`).
    func validate() throws {
        try Limits.check(components, "--components", 1...Limits.components,
                         why: "an output dimension; every method also needs it ≤ min(samples, features)")
        if let neighbors {
            try Limits.check(neighbors, "--neighbors", 1...Limits.neighbors, why: "neighbour lists hold samples × neighbors entries")
        }
        if let radius, !(radius > 0 && radius.isFinite) { throw ValidationError("--radius must be finite and > 0, got \(radius)") }
        if let gamma, !(gamma > 0 && gamma.isFinite) { throw ValidationError("--gamma must be finite and > 0, got \(gamma)") }
        try Limits.check(degree, "--degree", 1...Limits.degree,
                         why: "the polynomial kernel multiplies degree factors for each of its samples² entries")
        guard coef0.isFinite else { throw ValidationError("--coef0 must be finite, got \(coef0)") }
        guard reg >= 0 && reg.isFinite else { throw ValidationError("--reg must be finite and ≥ 0, got \(reg)") }
        try Limits.check(landmarks, "--landmarks", 2...Limits.landmarks, why: "landmark geodesics hold landmarks × samples distances")
        if let perplexity, !(perplexity >= 1 && perplexity.isFinite) { throw ValidationError("--perplexity must be finite and ≥ 1, got \(perplexity)") }
        if let exaggeration, !(exaggeration > 0 && exaggeration.isFinite) { throw ValidationError("--exaggeration must be finite and > 0, got \(exaggeration)") }
        let spread = self.spread ?? 1
        guard spread > 0 && spread.isFinite else { throw ValidationError("--spread must be finite and > 0, got \(spread)") }
        if let minDist, !(minDist >= 0 && minDist <= spread) {
            throw ValidationError("--min-dist must be between 0 and --spread = \(spread), got \(minDist)")
        }
        if let iterations {
            try Limits.check(iterations, "--iterations", EmbeddingSettings.Limits.iterations,
                             why: "each iteration or epoch costs a pass over the data")
        }
    }

    /// The neighbours `method` uses on `rows` rows when `--neighbors` is not given: its reference library's
    /// default (umap-learn's 15, cut to rows − 1 as umap-learn does; scikit-learn `SpectralEmbedding`'s
    /// max(⌊rows/10⌋, 1)); 10 for the other methods (scikit-learn's 5 short-circuits the usual manifold sets).
    static func defaultNeighbors(_ method: EmbeddingMethod, rows: Int) -> Int {
        switch method {
        case .umap: return max(min(15, rows - 1), 1)
        case .spectral: return max(rows / 10, 1)
        default: return 10
        }
    }

    /// The k of the quality metrics: `--neighbors`, else 10 (the same for every method, so scores compare).
    var metricNeighbors: Int { neighbors ?? 10 }

    /// The seed of generated data sets: `--seed`, else 0.
    var dataSeed: UInt64 { seed ?? 0 }

    /// The library settings these options name for `method` on `rows` rows: `--neighbors` or the method's default
    /// (`defaultNeighbors`), `--seed` or 0, and UMAP unseeded without `--seed`.
    func settings(for method: EmbeddingMethod, rows: Int, standardize: Bool) -> EmbeddingSettings {
        var settings = EmbeddingSettings()
        settings.components = components
        settings.neighbors = neighbors ?? Self.defaultNeighbors(method, rows: rows)
        settings.radius = radius
        settings.kernel = kernel
        settings.gamma = gamma
        settings.degree = degree
        settings.coef0 = coef0
        settings.regularization = reg
        settings.landmarks = landmarks
        settings.landmarkChoice = landmarkChoice
        settings.seed = seed ?? 0
        settings.seeded = seed != nil || method != .umap
        settings.whiten = whiten
        settings.connectComponents = connectComponents
        settings.minDistance = minDist
        settings.spread = spread
        settings.metricMDS = !nonmetric
        settings.iterations = iterations
        settings.initialization = initialization
        settings.standardize = standardize
        settings.perplexity = perplexity
        settings.exaggeration = exaggeration
        return settings
    }
}

/// `--quiet`, shared by every command that runs long steps.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress messages on standard error.")
    var quiet = false
}
