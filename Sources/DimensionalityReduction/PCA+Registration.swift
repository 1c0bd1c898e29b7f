import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.pca`: `PCA` with `settings.whiten`.
    static let pca = EmbeddingMethodRegistration(
        summary: "principal component analysis (linear, fast, has transform)", usesNeighbors: false,
        parameters: { settings in [("whiten", "\(settings.whiten)")] },
        fit: { x, settings, progress in
            try PCA(components: .count(settings.components), whiten: settings.whiten).fit(x, progress: progress)
        },
        storage: PCA.Model.self)
}

/// The model file's `"pca"` part: the mean, the axes and their variances.
extension PCA.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var mean: StoredVector
        var components: StoredMatrix
        var explainedVariance: StoredVector
        var explainedVarianceRatio: StoredVector
        var singularValues: StoredVector
        var noiseVariance: Double
        var samples: Int
        var whiten: Bool
        var solver: StoredSolver
    }

    static let fileKey = "pca"

    func filePart(storage: ModelArrayStorage) -> FilePart {
        FilePart(mean: StoredVector(mean, storage: storage), components: StoredMatrix(components, storage: storage),
                 explainedVariance: StoredVector(explainedVariance, storage: storage),
                 explainedVarianceRatio: StoredVector(explainedVarianceRatio, storage: storage),
                 singularValues: StoredVector(singularValues, storage: storage), noiseVariance: noiseVariance,
                 samples: samples, whiten: whiten, solver: StoredSolver(solver))
    }

    static func read(_ p: FilePart, from file: ModelFileContext) throws -> PCA.Model {
        let (check, k, d) = (file.check, file.k, file.d)
        let components = try check.matrix(p.components, "pca.components", rows: k, columns: d)
        let mean = try check.vector(p.mean, "pca.mean", count: d)
        let variance = try check.vector(p.explainedVariance, "pca.explainedVariance", count: k)
        let ratio = try check.vector(p.explainedVarianceRatio, "pca.explainedVarianceRatio", count: k)
        let singular = try check.vector(p.singularValues, "pca.singularValues", count: k)
        try check.finite(p.noiseVariance, "pca.noiseVariance")
        try check.require(p.samples >= 1, "pca.samples", "= \(p.samples) must be at least 1")
        return PCA.Model(components: components, explainedVariance: variance, explainedVarianceRatio: ratio,
                         singularValues: singular, mean: mean, noiseVariance: p.noiseVariance, samples: p.samples,
                         whiten: p.whiten, solver: p.solver.solver, embedding: file.embedding)
    }
}

/// `PCASolver` by name.
enum StoredSolver: String, Codable {
    case automatic, covariance, gram, svd

    init(_ solver: PCASolver) {
        switch solver {
        case .automatic: self = .automatic
        case .covariance: self = .covariance
        case .gram: self = .gram
        case .svd: self = .svd
        }
    }

    var solver: PCASolver {
        switch self {
        case .automatic: return .automatic
        case .covariance: return .covariance
        case .gram: return .gram
        case .svd: return .svd
        }
    }
}
