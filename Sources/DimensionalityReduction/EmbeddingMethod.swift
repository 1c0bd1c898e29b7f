import LinearAlgebra

/// The embedding methods by name, so a program (the `dimred` CLI, a config file, a job script) can choose one
/// at run time and fit it with one set of `EmbeddingSettings`.
///
/// ```swift
/// var settings = EmbeddingSettings()
/// settings.neighbors = 12
/// let fitted = try EmbeddingMethod.isomap.fit(x, settings: settings)   // FittedEmbedding
/// fitted.embedding                                                      // n × 2
/// let shard = try fitted.transform(newPoints)                           // where the method allows it
/// ```
public enum EmbeddingMethod: String, Sendable, CaseIterable, Codable {
    /// Principal component analysis (`PCA`).
    case pca
    /// Classical (Torgerson) multidimensional scaling of Euclidean distances (`ClassicalMDS`); no `transform`.
    case mds
    /// Kernel PCA (`KernelPCA`) with `settings.kernel`.
    case kpca
    /// Isomap on the k-NN (or radius) graph (`Isomap`).
    case isomap
    /// Landmark Isomap (`LandmarkIsomap`): geodesics from `settings.landmarks` random landmarks.
    case landmarkIsomap = "landmark-isomap"
    /// Locally linear embedding (`LocallyLinearEmbedding`).
    case lle
    /// Modified LLE (`ModifiedLLE`): several weight vectors per point.
    case modifiedLLE = "modified-lle"
    /// Hessian LLE (`HessianLLE`); needs `neighbors > components (components + 3) / 2`.
    case hessianLLE = "hessian-lle"
    /// Local tangent space alignment (`LocalTangentSpaceAlignment`).
    case ltsa

    /// The method named `name` (case-insensitive, `_` read as `-`), or `nil`.
    public init?(name: String) {
        self.init(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// The names, comma-separated, for messages.
    public static var nameList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// One line for help texts and listings.
    public var summary: String {
        switch self {
        case .pca: return "principal component analysis (linear, fast, has transform)"
        case .mds: return "classical MDS of Euclidean distances (no transform)"
        case .kpca: return "kernel PCA (--kernel linear|polynomial|rbf|sigmoid|cosine, has transform)"
        case .isomap: return "Isomap: MDS of geodesic distances along the k-NN graph (has transform)"
        case .landmarkIsomap: return "landmark Isomap: Isomap from m landmarks, for large n (has transform)"
        case .lle: return "locally linear embedding (has transform)"
        case .modifiedLLE: return "modified LLE: several weight vectors per point (has transform)"
        case .hessianLLE: return "Hessian LLE: local Hessian estimates, neighbours > c(c+3)/2 (has transform)"
        case .ltsa: return "local tangent space alignment (has transform)"
        }
    }

    /// Whether a fitted model maps new points (`FittedEmbedding.transform`); classical MDS does not.
    public var supportsTransform: Bool { self != .mds }

    /// Whether the method uses `settings.neighbors` / `settings.radius`.
    public var usesNeighbors: Bool {
        switch self {
        case .isomap, .landmarkIsomap, .lle, .modifiedLLE, .hessianLLE, .ltsa: return true
        case .pca, .mds, .kpca: return false
        }
    }

    /// The settings this method reads, as `name: value` pairs (for exports and titles): always `components`
    /// and `standardize`, then the method's own.
    public func parameters(_ settings: EmbeddingSettings) -> [(name: String, value: String)] {
        var list: [(String, String)] = [("components", "\(settings.components)"), ("standardize", "\(settings.standardize)")]
        switch self {
        case .pca: list.append(("whiten", "\(settings.whiten)"))
        case .mds: break
        case .kpca:
            list.append(("kernel", settings.kernel.rawValue))
            if let gamma = settings.gamma { list.append(("gamma", "\(gamma)")) }
            if settings.kernel == .polynomial { list.append(("degree", "\(settings.degree)")) }
            if settings.kernel == .polynomial || settings.kernel == .sigmoid { list.append(("coef0", "\(settings.coef0)")) }
        case .isomap, .landmarkIsomap:
            if let radius = settings.radius { list.append(("radius", "\(radius)")) } else { list.append(("neighbors", "\(settings.neighbors)")) }
            if self == .landmarkIsomap {
                list += [("landmarks", "\(settings.landmarks)"), ("landmark-choice", settings.landmarkChoice.rawValue),
                         ("seed", "\(settings.seed)")]
            }
        case .lle, .modifiedLLE, .hessianLLE, .ltsa:
            list += [("neighbors", "\(settings.neighbors)"), ("reg", "\(settings.regularization)")]
        }
        return list
    }

    /// Fits the method to the rows of `x` (n × d), standardising the columns first when
    /// `settings.standardize` is set.
    ///
    /// - Complexity: that of the method's `fit` (see each type).
    /// - Throws: the method's errors (`DimensionalityReductionError`, `ManifoldLearningError`,
    ///   `LinearAlgebraError`); `DimensionalityReductionError.invalidParameter` when `landmarks` exceeds n.
    public func fit(_ x: Matrix, settings: EmbeddingSettings = EmbeddingSettings()) throws -> FittedEmbedding {
        try DimensionalityReductionError.validate(x, method: rawValue)
        let scaling = settings.standardize ? ColumnStandardization(fitting: x) : nil
        let data = scaling.map { $0.apply(x) } ?? x
        let state: FittedEmbedding.State
        let embedding: Matrix
        switch self {
        case .pca:
            let model = try PCA(components: .count(settings.components), whiten: settings.whiten).fit(data)
            state = .pca(model)
            embedding = try model.transform(data)
        case .mds:
            let model = try ClassicalMDS(components: settings.components).fit(data)
            (state, embedding) = (.mds(model), model.embedding)
        case .kpca:
            let model = try KernelPCA(components: .count(settings.components), kernel: settings.makeKernel()).fit(data)
            (state, embedding) = (.kernelPCA(model), model.embedding)
        case .isomap:
            let model = try Isomap(neighborhood: settings.neighborhood, components: settings.components,
                                   connectComponents: settings.connectComponents).fit(data)
            (state, embedding) = (.isomap(model), model.embedding)
        case .landmarkIsomap:
            guard settings.landmarks <= data.rows else {
                throw DimensionalityReductionError.invalidParameter(
                    method: "LandmarkIsomap", name: "landmarks",
                    message: "= \(settings.landmarks) must be ≤ the number of samples \(data.rows); lower it")
            }
            let model = try LandmarkIsomap(neighborhood: settings.neighborhood, components: settings.components,
                                           landmarks: settings.landmarks, seed: settings.seed,
                                           landmarkChoice: settings.landmarkChoice.choice,
                                           connectComponents: settings.connectComponents).fit(data)
            (state, embedding) = (.landmarkIsomap(model), model.embedding)
        case .lle:
            let model = try LocallyLinearEmbedding(neighbors: settings.neighbors, components: settings.components,
                                                   regularization: settings.regularization).fit(data)
            (state, embedding) = try barycentric(data, model.embedding, model.eigenvalues, settings)
        case .modifiedLLE:
            let model = try ModifiedLLE(neighbors: settings.neighbors, components: settings.components,
                                        regularization: settings.regularization).fit(data)
            (state, embedding) = try barycentric(data, model.embedding, model.eigenvalues, settings)
        case .hessianLLE:
            let model = try HessianLLE(neighbors: settings.neighbors, components: settings.components,
                                       regularization: settings.regularization).fit(data)
            (state, embedding) = try barycentric(data, model.embedding, model.eigenvalues, settings)
        case .ltsa:
            let model = try LocalTangentSpaceAlignment(neighbors: settings.neighbors, components: settings.components,
                                                       regularization: settings.regularization).fit(data)
            (state, embedding) = try barycentric(data, model.embedding, model.eigenvalues, settings)
        }
        return FittedEmbedding(method: self, settings: settings, standardization: scaling, embedding: embedding,
                               features: x.columns, state: state)
    }
}

extension EmbeddingMethod {
    /// The state of an LLE variant: the training rows and their embedding, for the barycentric map.
    fileprivate func barycentric(_ data: Matrix, _ embedding: Matrix, _ eigenvalues: [Double],
                                 _ settings: EmbeddingSettings) throws -> (FittedEmbedding.State, Matrix) {
        let map = try BarycentricMap(method: rawValue, training: data, embedding: embedding, neighbors: settings.neighbors,
                                     regularization: settings.regularization, eigenvalues: eigenvalues)
        return (.barycentric(map), embedding)
    }
}

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
    /// Seed of every random choice (landmarks).
    public var seed: UInt64 = 0
    /// PCA whitening (unit-variance scores).
    public var whiten = false
    /// Link the components of a disconnected neighbour graph instead of failing (Isomap variants).
    public var connectComponents = false
    /// Standardise each column to zero mean and unit variance before fitting (and before `transform`).
    public var standardize = false

    /// The defaults.
    public init() {}

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
