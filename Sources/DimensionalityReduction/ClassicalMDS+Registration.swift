import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.mds`: `ClassicalMDS` of the rows' Euclidean distances; no transform, so no model file.
    static let mds = EmbeddingMethodRegistration(
        summary: "classical MDS of Euclidean distances (no transform)", usesNeighbors: false,
        parameters: { _ in [] },
        fit: { x, settings, progress in try ClassicalMDS(components: settings.components).fit(x, progress: progress) },
        storage: nil)
}

extension ClassicalMDS.Model: FittedEmbeddingModel {}
