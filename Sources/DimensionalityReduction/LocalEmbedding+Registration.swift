import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.lle`: `LocallyLinearEmbedding`.
    static let lle = local(.lle, "locally linear embedding (has transform)") { settings in
        LocallyLinearEmbedding(neighbors: settings.neighbors, components: settings.components, regularization: settings.regularization)
    }
    /// `EmbeddingMethod.modifiedLLE`: `ModifiedLLE`.
    static let modifiedLLE = local(.modifiedLLE, "modified LLE: several weight vectors per point (has transform)") { settings in
        ModifiedLLE(neighbors: settings.neighbors, components: settings.components, regularization: settings.regularization)
    }
    /// `EmbeddingMethod.hessianLLE`: `HessianLLE`.
    static let hessianLLE = local(.hessianLLE, "Hessian LLE: local Hessian estimates, neighbours > c(c+3)/2 (has transform)") { settings in
        HessianLLE(neighbors: settings.neighbors, components: settings.components, regularization: settings.regularization)
    }
    /// `EmbeddingMethod.ltsa`: `LocalTangentSpaceAlignment`.
    static let ltsa = local(.ltsa, "local tangent space alignment (has transform)") { settings in
        LocalTangentSpaceAlignment(neighbors: settings.neighbors, components: settings.components,
                                   regularization: settings.regularization)
    }

    /// A `LocalEmbeddingMethod` made from the settings: it reads `neighbors` and `regularization`, and its
    /// fitted state is the barycentric map (the model file's `"trainingData"`).
    private static func local<Method: LocalEmbeddingMethod>(
        _ method: EmbeddingMethod, _ summary: String, _ make: @escaping @Sendable (EmbeddingSettings) -> Method
    ) -> EmbeddingMethodRegistration {
        EmbeddingMethodRegistration(
            summary: summary, usesNeighbors: true,
            parameters: { settings in [("neighbors", "\(settings.neighbors)"), ("reg", "\(settings.regularization)")] },
            fit: { x, settings, progress in try make(settings).fit(x, progress: progress).map.named(method.rawValue) },
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
