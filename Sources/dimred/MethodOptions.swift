import ArgumentParser
import MathFoundations

extension EmbeddingMethod: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension EmbeddingSettings.KernelName: ExpressibleByArgument {}
extension EmbeddingSettings.LandmarkChoiceName: ExpressibleByArgument {}

/// The settings of the embedding methods (`EmbeddingSettings`), one option each.
struct MethodOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output dimension.")
    var components = 2

    @Option(name: .shortAndLong, help: "Neighbours per point (isomap, landmark-isomap, the lle variants, ltsa).")
    var neighbors = 10

    @Option(help: "A radius neighbourhood instead of --neighbors (isomap, landmark-isomap).")
    var radius: Double?

    @Option(help: "Kernel of kpca.")
    var kernel = EmbeddingSettings.KernelName.linear

    @Option(help: "Kernel coefficient γ of kpca's rbf, polynomial and sigmoid kernels (default 1/features).")
    var gamma: Double?

    @Option(help: "Degree of kpca's polynomial kernel.")
    var degree = 3

    @Option(help: "Offset of kpca's polynomial and sigmoid kernels.")
    var coef0 = 1.0

    @Option(help: "Regularisation of the lle variants and ltsa.")
    var reg = 1e-3

    @Option(help: "Landmarks of landmark-isomap.")
    var landmarks = 500

    @Option(help: "How landmark-isomap chooses landmarks: random, or maxmin (farthest-point in geodesic distance).")
    var landmarkChoice = EmbeddingSettings.LandmarkChoiceName.random

    @Option(help: "Seed of every random choice (landmarks, generated data sets).")
    var seed: UInt64 = 0

    @Flag(help: "Scale PCA scores to unit variance.")
    var whiten = false

    @Flag(help: "Link the pieces of a disconnected neighbour graph instead of failing (isomap variants).")
    var connectComponents = false

    func validate() throws {
        guard components >= 1 else { throw ValidationError("--components must be at least 1, got \(components)") }
        guard neighbors >= 1 else { throw ValidationError("--neighbors must be at least 1, got \(neighbors)") }
        if let radius, !(radius > 0 && radius.isFinite) { throw ValidationError("--radius must be > 0, got \(radius)") }
        if let gamma, !(gamma > 0 && gamma.isFinite) { throw ValidationError("--gamma must be > 0, got \(gamma)") }
        guard degree >= 1 else { throw ValidationError("--degree must be at least 1, got \(degree)") }
        guard coef0.isFinite else { throw ValidationError("--coef0 must be finite") }
        guard reg >= 0 && reg.isFinite else { throw ValidationError("--reg must be ≥ 0, got \(reg)") }
        guard landmarks >= 2 else { throw ValidationError("--landmarks must be at least 2, got \(landmarks)") }
    }

    /// The library settings these options name.
    func settings(standardize: Bool) -> EmbeddingSettings {
        var settings = EmbeddingSettings()
        settings.components = components
        settings.neighbors = neighbors
        settings.radius = radius
        settings.kernel = kernel
        settings.gamma = gamma
        settings.degree = degree
        settings.coef0 = coef0
        settings.regularization = reg
        settings.landmarks = landmarks
        settings.landmarkChoice = landmarkChoice
        settings.seed = seed
        settings.whiten = whiten
        settings.connectComponents = connectComponents
        settings.standardize = standardize
        return settings
    }
}

/// `--quiet`, shared by every command that runs long steps.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "No progress messages on standard error.")
    var quiet = false
}
