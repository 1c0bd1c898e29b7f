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
    /// t-SNE (`TSNE`) with `settings.perplexity`, `exaggeration`, `iterations` and `initialization`.
    case tsne
    /// UMAP (`UMAP`): fuzzy k-NN graph laid out by stochastic gradient descent.
    case umap
    /// Spectral embedding (`SpectralEmbedding`, Laplacian eigenmaps) of the k-NN graph; no `transform`.
    case spectral
    /// SMACOF multidimensional scaling (`SMACOF`), metric or non-metric (`settings.metricMDS`); no `transform`.
    case smacof

    /// The method named `name` (case-insensitive, `_` read as `-`), or `nil`.
    public init?(name: String) {
        self.init(rawValue: name.lowercased().replacingOccurrences(of: "_", with: "-"))
    }

    /// The names, comma-separated, for messages.
    public static var nameList: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// How the method plugs in: its summary, the settings it reads, its fit and its model-file part (see
    /// `EmbeddingMethodRegistration` for the checklist of adding a method). One line per case.
    var registration: EmbeddingMethodRegistration {
        switch self {
        case .pca: return .pca
        case .mds: return .mds
        case .kpca: return .kpca
        case .isomap: return .isomap
        case .landmarkIsomap: return .landmarkIsomap
        case .lle: return .lle
        case .modifiedLLE: return .modifiedLLE
        case .hessianLLE: return .hessianLLE
        case .ltsa: return .ltsa
        case .tsne: return .tsne
        case .umap: return .umap
        case .spectral: return .spectral
        case .smacof: return .smacof
        }
    }

    /// One line for help texts and listings.
    public var summary: String { registration.summary }

    /// Whether a fitted model maps new points (`FittedEmbedding.transform`) and can be saved in a model file;
    /// classical MDS does not.
    public var supportsTransform: Bool { registration.storage != nil }

    /// Whether the method uses `settings.neighbors` / `settings.radius`.
    public var usesNeighbors: Bool { registration.usesNeighbors }

    /// The settings this method reads, as `name: value` pairs (for exports and titles): always `components`
    /// and `standardize`, then the method's own.
    public func parameters(_ settings: EmbeddingSettings) -> [(name: String, value: String)] {
        [("components", "\(settings.components)"), ("standardize", "\(settings.standardize)")] + registration.parameters(settings)
    }

    /// Fits the method to the rows of `x` (n × d), standardising the columns first when
    /// `settings.standardize` is set, reporting the method's long phases to `progress`.
    ///
    /// - Complexity: that of the method's `fit` (see each type).
    /// - Throws: the method's errors (`DimensionalityReductionError`, `ManifoldLearningError`,
    ///   `LinearAlgebraError`); `DimensionalityReductionError.invalidParameter` when `landmarks` exceeds n.
    public func fit(_ x: Matrix, settings: EmbeddingSettings = EmbeddingSettings(),
                    progress: ProgressReporter = .silent) throws -> FittedEmbedding {
        try DimensionalityReductionError.validate(x, method: rawValue)
        let scaling = settings.standardize ? ColumnStandardization(fitting: x) : nil
        let data = scaling.map { $0.apply(x) } ?? x
        let model = try registration.fit(data, settings, progress)
        return FittedEmbedding(method: self, settings: settings, standardization: scaling, features: x.columns, model: model)
    }
}
