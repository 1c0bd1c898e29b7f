import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.smacof`: metric (or, with `metricMDS` false, non-metric) `SMACOF` of the rows' Euclidean
    /// distances, from a seeded random start or classical MDS; no transform, so no model file.
    static let smacof = EmbeddingMethodRegistration(
        summary: "SMACOF MDS: metric or non-metric (--nonmetric) stress majorization (no transform)", usesNeighbors: false,
        parameters: { settings in
            [("metric-mds", "\(settings.metricMDS)"), ("iterations", "\(settings.iterations ?? 300)"),
             ("init", (settings.initialization ?? .random).rawValue), ("seed", "\(settings.seed)")]
        },
        fit: { x, settings, progress in
            let start: SMACOF.Initialization
            switch settings.initialization ?? .random {
            case .random: start = .random
            case .classical: start = .classicalMDS
            case .pca, .spectral:
                throw DimensionalityReductionError.invalidParameter(
                    method: "SMACOF", name: "initialization",
                    message: "= \(settings.initialization!.rawValue) is not available for smacof; use random or classical")
            }
            return try SMACOF(components: settings.components, metric: settings.metricMDS, initialization: start,
                              maxIterations: settings.iterations ?? 300, seed: settings.seed).fit(x, progress: progress)
        },
        storage: nil)
}

extension SMACOF.Model: FittedEmbeddingModel {}
