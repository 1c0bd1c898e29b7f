import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.spectral`: `SpectralEmbedding` on the `settings.neighbors`-nearest-neighbour connectivity
    /// graph (linked with `connectComponents`); no transform, so no model file.
    static let spectral = EmbeddingMethodRegistration(
        summary: "spectral embedding (Laplacian eigenmaps) of the k-NN graph (no transform)", usesNeighbors: true,
        parameters: { settings in [("neighbors", "\(settings.neighbors)")] },
        fit: { x, settings, progress in
            try SpectralEmbedding(components: settings.components, affinity: .nearestNeighbors(settings.neighbors),
                                  connectComponents: settings.connectComponents).fit(x, progress: progress)
        },
        storage: nil)
}

extension SpectralEmbedding.Model: FittedEmbeddingModel {}
