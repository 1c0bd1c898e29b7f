import LinearAlgebra
import Neighbors

/// A fitted `EmbeddingMethod`: the training embedding, the eigenvalues behind it, and what `transform` needs
/// to place new points, whichever method made it. Serialises to a JSON model file
/// (`FittedEmbedding+JSON.swift`), so one process can fit and many others transform.
public struct FittedEmbedding: Sendable {
    /// The method that was fitted.
    public let method: EmbeddingMethod
    /// The settings it was fitted with.
    public let settings: EmbeddingSettings
    /// The column standardisation applied before the method (when `settings.standardize`).
    public let standardization: ColumnStandardization?
    /// The number of features (columns) the model was fitted on and `transform` expects.
    public let features: Int
    /// The method's own fitted model (a `PCA.Model`, an `Isomap.Model`, …; for the LLE variants and LTSA read
    /// from a file, the barycentric map), as far as `transform` and the model file need it.
    let model: any FittedEmbeddingModel

    init(method: EmbeddingMethod, settings: EmbeddingSettings, standardization: ColumnStandardization?,
         features: Int, model: any FittedEmbeddingModel) {
        self.method = method
        self.settings = settings
        self.standardization = standardization
        self.features = features
        self.model = model
    }

    /// The embedding of the training rows (n × components).
    public var embedding: Matrix { model.embedding }

    /// The method's fitted model, to read what it learned (`as? PCA.Model` for the components).
    public var fittedModel: any EmbeddingModel { model }

    /// The eigenvalues behind the embedding: PCA's explained variances, the top eigenvalues of the MDS /
    /// kernel / Isomap kernels (descending), the bottom eigenvalues of the LLE / LTSA cost matrix (ascending);
    /// empty for a method without.
    public var eigenvalues: [Double] { model.eigenvalues }

    /// Embeds new rows (m × d, raw: the stored standardisation is applied first), in the training
    /// embedding's coordinates. `transform` of the training rows reproduces `embedding` (for LLE and LTSA up
    /// to the regularisation: each training point is rebuilt from its neighbours, itself included).
    ///
    /// - Throws: `DimensionalityReductionError.invalidParameter` for a method without an out-of-sample map
    ///   (classical MDS); the model's errors for empty, non-finite or mis-shaped rows.
    public func transform(_ x: Matrix) throws -> Matrix {
        try DimensionalityReductionError.validate(x, method: "\(method.rawValue).transform")
        guard x.columns == features else {
            throw DimensionalityReductionError.featureMismatch(method: "\(method.rawValue).transform", expected: features, got: x.columns)
        }
        return try model.transform(standardization.map { $0.apply(x) } ?? x)
    }
}
