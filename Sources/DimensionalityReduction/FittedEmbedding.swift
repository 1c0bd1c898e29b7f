import LinearAlgebra
import Neighbors

/// A fitted `EmbeddingMethod`: the training embedding, the eigenvalues behind it, and what `transform` needs
/// to place new points, whichever method made it. Serialises to a JSON model file
/// (`FittedEmbedding+JSON.swift`), so one process can fit and many others transform.
public struct FittedEmbedding: Sendable {
    /// The fitted model of each method, as far as `transform` needs it.
    enum State: Sendable {
        case pca(PCA.Model)
        case mds(ClassicalMDS.Model)
        case kernelPCA(KernelPCA.Model)
        case isomap(Isomap.Model)
        case landmarkIsomap(LandmarkIsomap.Model)
        case barycentric(BarycentricMap)
    }

    /// The method that was fitted.
    public let method: EmbeddingMethod
    /// The settings it was fitted with.
    public let settings: EmbeddingSettings
    /// The column standardisation applied before the method (when `settings.standardize`).
    public let standardization: ColumnStandardization?
    /// The embedding of the training rows (n × components).
    public let embedding: Matrix
    /// The number of features (columns) the model was fitted on and `transform` expects.
    public let features: Int
    let state: State

    init(method: EmbeddingMethod, settings: EmbeddingSettings, standardization: ColumnStandardization?,
         embedding: Matrix, features: Int, state: State) {
        self.method = method
        self.settings = settings
        self.standardization = standardization
        self.embedding = embedding
        self.features = features
        self.state = state
    }

    /// The eigenvalues behind the embedding: PCA's explained variances, the top eigenvalues of the MDS /
    /// kernel / Isomap kernels (descending), the bottom eigenvalues of the LLE / LTSA cost matrix (ascending).
    public var eigenvalues: [Double] {
        switch state {
        case let .pca(model): return model.explainedVariance
        case let .mds(model): return model.eigenvalues
        case let .kernelPCA(model): return model.eigenvalues
        case let .isomap(model): return model.eigenvalues
        case let .landmarkIsomap(model): return model.mds.eigenvalues
        case let .barycentric(map): return map.eigenvalues
        }
    }

    /// Embeds new rows (m × d, raw: the stored standardisation is applied first), in the training
    /// embedding's coordinates. `transform` of the training rows reproduces `embedding` (for LLE and LTSA up
    /// to the regularisation: each training point is rebuilt from its neighbours, itself included).
    ///
    /// - Throws: `DimensionalityReductionError.invalidParameter` for classical MDS (no out-of-sample map);
    ///   the model's errors for empty, non-finite or mis-shaped rows.
    public func transform(_ x: Matrix) throws -> Matrix {
        try DimensionalityReductionError.validate(x, method: "\(method.rawValue).transform")
        guard x.columns == features else {
            throw DimensionalityReductionError.featureMismatch(method: "\(method.rawValue).transform", expected: features, got: x.columns)
        }
        let data = standardization.map { $0.apply(x) } ?? x
        switch state {
        case let .pca(model): return try model.transform(data)
        case .mds:
            throw DimensionalityReductionError.invalidParameter(
                method: "mds", name: "transform",
                message: "classical MDS has no out-of-sample map; use pca (the same embedding for Euclidean data) or isomap")
        case let .kernelPCA(model): return try model.transform(data)
        case let .isomap(model): return try model.transform(data)
        case let .landmarkIsomap(model): return try model.transform(data)
        case let .barycentric(map): return try map.transform(data)
        }
    }
}
