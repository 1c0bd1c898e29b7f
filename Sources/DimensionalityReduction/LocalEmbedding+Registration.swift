import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.lle`: `LocallyLinearEmbedding`.
    static let lle = local(.lle, StandardLLECost.self, "locally linear embedding (has transform)")
    /// `EmbeddingMethod.modifiedLLE`: `ModifiedLLE`.
    static let modifiedLLE = local(.modifiedLLE, ModifiedLLECost.self, "modified LLE: several weight vectors per point (has transform)")
    /// `EmbeddingMethod.hessianLLE`: `HessianLLE`.
    static let hessianLLE = local(.hessianLLE, HessianLLECost.self,
                                  "Hessian LLE: local Hessian estimates, neighbours > c(c+3)/2 (has transform)")
    /// `EmbeddingMethod.ltsa`: `LocalTangentSpaceAlignment`.
    static let ltsa = local(.ltsa, TangentSpaceAlignmentCost.self, "local tangent space alignment (has transform)")

    /// A `LocalEmbedding` variant: it reads `neighbors` and `regularization`, and its fitted state is the
    /// barycentric map (the model file's `"trainingData"`).
    private static func local<Variant: LocalCostMatrix>(_ method: EmbeddingMethod, _ variant: Variant.Type,
                                                       _ summary: String) -> EmbeddingMethodRegistration {
        EmbeddingMethodRegistration(
            summary: summary, usesNeighbors: true,
            parameters: { settings in [("neighbors", "\(settings.neighbors)"), ("reg", "\(settings.regularization)")] },
            fit: { x, settings, progress in
                try LocalEmbedding<Variant>(neighbors: settings.neighbors, components: settings.components,
                                            regularization: settings.regularization)
                    .fit(x, progress: progress).map.named(method.rawValue)
            },
            storage: BarycentricMap.self)
    }
}

/// The model file's `"trainingData"` (n × d) of the LLE variants and LTSA: with the stored embedding, all the
/// barycentric map needs.
extension BarycentricMap: StoredEmbeddingModel {
    static let fileKey = "trainingData"

    func filePart(storage: ModelArrayStorage) -> StoredMatrix { StoredMatrix(training, storage: storage) }

    static func read(_ part: StoredMatrix, from file: ModelFileContext) throws -> BarycentricMap {
        try file.requireNeighborsBelowRows()
        let training = try file.check.matrix(part, "trainingData", rows: file.n, columns: file.d)
        return try BarycentricMap(method: file.method.rawValue, training: training, embedding: file.embedding,
                                  neighbors: file.settings.neighbors, regularization: file.settings.regularization,
                                  eigenvalues: file.eigenvalues)
    }
}
