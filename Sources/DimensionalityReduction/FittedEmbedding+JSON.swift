import Foundation
import LinearAlgebra
import Neighbors

/// The JSON model file of a `FittedEmbedding` (`dimred fit --save`, `dimred transform --model`).
///
/// One object with sorted keys. Every array of numbers is either JSON numbers in their shortest round-trip
/// form or, from `ModelArrayStorage.compactThreshold` values on (the default `.base64` storage), base64 of
/// its little-endian float64 bytes; either way a model read back transforms bit for bit as the one written.
///
///     vector:  [v₀, v₁, …]              or {"dtype": "<f8", "shape": [n], "base64": "..."}
///     matrix:  {"rows": r, "columns": c, "data": [row-major values]}
///                                       or {"dtype": "<f8", "shape": [r, c], "base64": "..."} (row-major)
///
///     {
///       "format": "mathfoundations-dimred-model", "version": 2,
///       "method": "pca" | "kpca" | "isomap" | "landmark-isomap" | "lle" | "modified-lle" | "hessian-lle" | "ltsa",
///       "settings": { "components": 2, "neighbors": 10, "kernel": "rbf", "gamma": 0.5, ... },
///       "features": d,
///       "standardization": { "mean": d, "scale": d }                 (only with standardize)
///       "embedding": n × k matrix (the training embedding), "eigenvalues": k,
///       "pca": { "mean" (d), "components" (k × d), "explainedVariance", "explainedVarianceRatio",
///                "singularValues" (k each), "noiseVariance", "samples", "whiten", "solver" }
///       "kernelPCA": { "trainingData" (n × d), "eigenvectors" (dual coefficients, n × k), "eigenvalues" (k),
///                      "kernelRowMeans" (n), "kernelGrandMean", "gammaFeatures" (d) }   (kernel and γ in settings)
///       "landmarkIsomap": { "trainingData" (n × d), "landmarkGeodesics" (m × n), "landmarkIndices" (m, in 0..<n),
///                           "eigenvalues" (k), "pseudoinverse" (m × k), "meanSquared" (m), "center" (k),
///                           "rotation" (k × k), "linkedComponents" }                   (m = settings.landmarks)
///       "isomap": { "trainingData" (n × d), "projection" (n × k: eigenvectors / √λ), "reconstructionError",
///                   "linkedComponents" }
///       "trainingData": n × d matrix                   (the LLE variants and LTSA)
///     }
///
/// with k = `settings.components`, n the training rows, d = `features`. Version 1 is the same layout with
/// text arrays only; it is still read. Reading checks every part: each array's shape against the sizes above,
/// every value finite, the settings within `EmbeddingSettings.Limits`, `neighbors < n`, `components < n`
/// (Isomap) or `< m ≤ n` (landmark Isomap); a file that disagrees with itself is refused with a
/// `ModelFileError` naming the field, never half-read.
///
/// What each method keeps: PCA its mean and axes; kernel PCA the training points, the dual coefficients and
/// the centring statistics; landmark Isomap the training points (for the neighbour search), the landmark
/// geodesics and the triangulation; the LLE variants and LTSA the training points and their embedding (new points are
/// barycentric combinations of their neighbours). Isomap's `transform` needs the n × n geodesic matrix,
/// which would dwarf the file, so Isomap stores the training points and the projection `vⱼ / √λⱼ`, and
/// reading the file rebuilds the neighbour graph and its shortest paths (O(n² log n), no eigensolver; the
/// same numbers); use `landmark-isomap` to map many shards of a large fit cheaply. Classical MDS has no
/// out-of-sample map and cannot be saved.
extension FittedEmbedding {
    /// The `format` field of every model file.
    public static let modelFormat = "mathfoundations-dimred-model"
    /// The version written; reading accepts versions 1 (text arrays only) to this one.
    public static let modelVersion = 2

    /// The model file's JSON bytes, with large arrays in base64 (`storage: .base64`, the default) or all
    /// arrays as JSON numbers (`.text`).
    ///
    /// - Complexity: O(size of the stored state).
    /// - Throws: `ModelFileError.noTransform` for classical MDS.
    public func jsonData(storage: ModelArrayStorage = .base64) throws -> Data {
        func matrix(_ m: Matrix) -> StoredMatrix { StoredMatrix(m, storage: storage) }
        func vector(_ v: [Double]) -> StoredVector { StoredVector(v, storage: storage) }
        var file = EmbeddingModelFile(
            format: Self.modelFormat, version: Self.modelVersion, method: method, settings: settings, features: features,
            standardization: standardization.map { .init(mean: vector($0.mean), scale: vector($0.scale)) },
            embedding: matrix(embedding), eigenvalues: vector(eigenvalues))
        switch state {
        case let .pca(model):
            file.pca = .init(mean: vector(model.mean), components: matrix(model.components),
                             explainedVariance: vector(model.explainedVariance),
                             explainedVarianceRatio: vector(model.explainedVarianceRatio),
                             singularValues: vector(model.singularValues), noiseVariance: model.noiseVariance,
                             samples: model.samples, whiten: model.whiten, solver: StoredSolver(model.solver))
        case .mds:
            throw ModelFileError.noTransform(method: method.rawValue)
        case let .kernelPCA(model):
            file.kernelPCA = .init(trainingData: matrix(model.trainingData), eigenvectors: matrix(model.eigenvectors),
                                   eigenvalues: vector(model.eigenvalues), kernelRowMeans: vector(model.kernelRowMeans),
                                   kernelGrandMean: model.kernelGrandMean, gammaFeatures: model.gammaFeatures)
        case let .isomap(model):
            file.isomap = .init(trainingData: matrix(model.search.data), projection: matrix(model.projection),
                                reconstructionError: model.reconstructionError, linkedComponents: model.linkedComponents)
        case let .landmarkIsomap(model):
            file.landmarkIsomap = .init(trainingData: matrix(model.search.data), landmarkGeodesics: matrix(model.landmarkGeodesics),
                                        landmarkIndices: model.mds.landmarkIndices, eigenvalues: vector(model.mds.eigenvalues),
                                        pseudoinverse: matrix(model.mds.pseudoinverse), meanSquared: vector(model.mds.meanSquared),
                                        center: vector(model.mds.center), rotation: matrix(model.mds.rotation),
                                        linkedComponents: model.linkedComponents)
        case let .barycentric(map):
            file.trainingData = matrix(map.training)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(file)
    }

    /// Reads a model file written by `jsonData(storage:)` (version 1 or 2), checking every part against the
    /// others before building the model (see the schema above).
    ///
    /// - Complexity: O(file size); for Isomap, the shortest paths of the stored training data (O(n² log n)).
    /// - Throws: `ModelFileError.invalid` when the file is not a model file (not JSON, a field missing or of
    ///   the wrong type), `.unsupportedVersion`, `.invalidField` naming the field that disagrees with the rest
    ///   (a shape, a count, a non-finite value, a setting out of `EmbeddingSettings.Limits`, an Isomap graph
    ///   that does not rebuild, the method `mds`, which has no transform).
    public init(jsonData data: Data, source: String = "<memory>") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file: EmbeddingModelFile
        do {
            file = try decoder.decode(EmbeddingModelFile.self, from: data)
        } catch let error as DecodingError {
            throw ModelFileError.invalid(source: source, reason: Self.describe(error))
        } catch {
            throw ModelFileError.invalid(source: source, reason: "not JSON (\(error.localizedDescription))")
        }
        guard file.format == Self.modelFormat else {
            throw ModelFileError.invalid(source: source, reason: "format is \"\(file.format)\", not \"\(Self.modelFormat)\"")
        }
        guard (1...Self.modelVersion).contains(file.version) else {
            throw ModelFileError.unsupportedVersion(source: source, version: file.version, supported: Self.modelVersion)
        }
        self = try Self.build(file, checker: ModelFileChecker(source: source))
    }

    /// The model of a decoded file, every part checked before anything is built from it.
    private static func build(_ file: EmbeddingModelFile, checker check: ModelFileChecker) throws -> FittedEmbedding {
        let method = file.method, settings = file.settings
        let noTransform = check.failure("method", "= \(method.rawValue) has no transform for new points, so no model file holds it")
        guard method.supportsTransform else { throw noTransform }
        if let bad = settings.invalidSetting { throw check.failure("settings.\(bad.field)", "= \(bad.value) \(bad.requirement)") }
        typealias Size = ModelFileChecker.Size
        let d = Size(file.features, "features")
        try check.require(file.features >= 1, "features", "= \(file.features) must be at least 1")
        let k = Size(settings.components, "settings.components")
        let embedding = try check.matrix(file.embedding, "embedding", rows: nil, columns: k)
        let n = Size(embedding.rows, "training rows, the rows of embedding")
        let eigenvalues = try check.vector(file.eigenvalues, "eigenvalues", count: k)
        let standardization = try file.standardization.map { s in
            ColumnStandardization(mean: try check.vector(s.mean, "standardization.mean", count: d),
                                  scale: try check.vector(s.scale, "standardization.scale", count: d))
        }
        if let scale = standardization?.scale, let index = scale.firstIndex(where: { !($0 > 0) }) {
            throw check.failure("standardization.scale", "has \(scale[index]) at [\(index)]; every divisor must be positive")
        }
        // The LLE variants always search `neighbors`; the Isomap variants unless they have a radius.
        let countsNeighbors = [.lle, .modifiedLLE, .hessianLLE, .ltsa].contains(method)
            || ([.isomap, .landmarkIsomap].contains(method) && settings.radius == nil)
        if countsNeighbors {
            try check.require(settings.neighbors < n.value, "settings.neighbors",
                              "= \(settings.neighbors) must be below the \(n.value) training rows")
        }
        let state: State
        switch method {
        case .mds:
            throw noTransform
        case .pca:
            let p = try check.present(file.pca, "pca", method: method)
            let components = try check.matrix(p.components, "pca.components", rows: k, columns: d)
            let mean = try check.vector(p.mean, "pca.mean", count: d)
            let variance = try check.vector(p.explainedVariance, "pca.explainedVariance", count: k)
            let ratio = try check.vector(p.explainedVarianceRatio, "pca.explainedVarianceRatio", count: k)
            let singular = try check.vector(p.singularValues, "pca.singularValues", count: k)
            try check.finite(p.noiseVariance, "pca.noiseVariance")
            try check.require(p.samples >= 1, "pca.samples", "= \(p.samples) must be at least 1")
            state = .pca(PCA.Model(components: components, explainedVariance: variance, explainedVarianceRatio: ratio,
                                   singularValues: singular, mean: mean, noiseVariance: p.noiseVariance, samples: p.samples,
                                   whiten: p.whiten, solver: p.solver.solver))
        case .kpca:
            let s = try check.present(file.kernelPCA, "kernelPCA", method: method)
            try check.require(k.value <= n.value, "settings.components", "= \(k.value) must be at most the \(n.value) training rows")
            let training = try check.matrix(s.trainingData, "kernelPCA.trainingData", rows: n, columns: d)
            let vectors = try check.matrix(s.eigenvectors, "kernelPCA.eigenvectors", rows: n, columns: k)
            let values = try check.vector(s.eigenvalues, "kernelPCA.eigenvalues", count: k)
            let rowMeans = try check.vector(s.kernelRowMeans, "kernelPCA.kernelRowMeans", count: n)
            try check.finite(s.kernelGrandMean, "kernelPCA.kernelGrandMean")
            try check.require(s.gammaFeatures == d.value, "kernelPCA.gammaFeatures", "= \(s.gammaFeatures) must equal features = \(d.value)")
            state = .kernelPCA(KernelPCA.Model(kernel: settings.makeKernel(), eigenvalues: values, eigenvectors: vectors,
                                               embedding: embedding, trainingData: training, kernelRowMeans: rowMeans,
                                               kernelGrandMean: s.kernelGrandMean, gammaFeatures: s.gammaFeatures))
        case .isomap:
            // The geodesics are recomputed (the k-NN graph and Dijkstra are exact); the eigenvectors are not, so
            // new points land in the very coordinates of the stored embedding.
            let s = try check.present(file.isomap, "isomap", method: method)
            try check.require(k.value < n.value, "settings.components", "= \(k.value) must be below the \(n.value) training rows")
            let training = try check.matrix(s.trainingData, "isomap.trainingData", rows: n, columns: d)
            let projection = try check.matrix(s.projection, "isomap.projection", rows: n, columns: k)
            try check.finite(s.reconstructionError, "isomap.reconstructionError")
            try check.require(s.linkedComponents >= 1, "isomap.linkedComponents", "= \(s.linkedComponents) must be at least 1")
            try check.squareFitsInMemory(n.value, "isomap.trainingData", what: "the geodesic distances")
            let configuration = Isomap(neighborhood: settings.neighborhood, components: settings.components,
                                       connectComponents: settings.connectComponents)
            let rebuilt: (graph: NeighborGraph, search: NearestNeighbors.Model)
            do {
                let built = try NeighborGraphBuilder.graph(of: training, neighborhood: configuration.neighborhood, method: "Isomap")
                let (graph, _) = try NeighborGraphBuilder.connect(built.graph, data: training, connect: configuration.connectComponents,
                                                                  method: "Isomap", description: built.description)
                rebuilt = (graph, built.search)
            } catch {
                throw check.failure("isomap.trainingData", "does not rebuild the fitted neighbour graph: \(error)")
            }
            let geodesics = rebuilt.graph.allPairsShortestPaths()
            let statistics = DoubleCentering.kernel(fromDistances: geodesics).statistics
            state = .isomap(Isomap.Model(configuration: configuration, embedding: embedding, eigenvalues: eigenvalues,
                                         geodesicDistances: geodesics, graph: rebuilt.graph, linkedComponents: s.linkedComponents,
                                         reconstructionError: s.reconstructionError, search: rebuilt.search,
                                         statistics: statistics, projection: projection))
        case .landmarkIsomap:
            let s = try check.present(file.landmarkIsomap, "landmarkIsomap", method: method)
            let m = Size(settings.landmarks, "settings.landmarks")
            try check.require(m.value <= n.value, "settings.landmarks", "= \(m.value) must be at most the \(n.value) training rows")
            try check.require(k.value < m.value, "settings.components", "= \(k.value) must be below landmarks = \(m.value)")
            let training = try check.matrix(s.trainingData, "landmarkIsomap.trainingData", rows: n, columns: d)
            let geodesics = try check.matrix(s.landmarkGeodesics, "landmarkIsomap.landmarkGeodesics", rows: m, columns: n)
            if let index = geodesics.elements.firstIndex(where: { $0 < 0 }) {
                throw check.failure("landmarkIsomap.landmarkGeodesics",
                                    "has a negative distance \(geodesics.elements[index]) at (\(index / n.value), \(index % n.value))")
            }
            try check.require(s.landmarkIndices.count == m.value, "landmarkIsomap.landmarkIndices",
                              "has length \(s.landmarkIndices.count) but the model needs \(m.value) (settings.landmarks)")
            if let index = s.landmarkIndices.firstIndex(where: { !(0..<n.value).contains($0) }) {
                throw check.failure("landmarkIsomap.landmarkIndices", "has \(s.landmarkIndices[index]) at [\(index)], outside 0..<\(n.value)")
            }
            let mds = LandmarkMDS.Model(
                embedding: embedding, eigenvalues: try check.vector(s.eigenvalues, "landmarkIsomap.eigenvalues", count: k),
                landmarkIndices: s.landmarkIndices,
                pseudoinverse: try check.matrix(s.pseudoinverse, "landmarkIsomap.pseudoinverse", rows: m, columns: k),
                meanSquared: try check.vector(s.meanSquared, "landmarkIsomap.meanSquared", count: m),
                center: try check.vector(s.center, "landmarkIsomap.center", count: k),
                rotation: try check.matrix(s.rotation, "landmarkIsomap.rotation", rows: k, columns: k))
            try check.require(s.linkedComponents >= 1, "landmarkIsomap.linkedComponents", "= \(s.linkedComponents) must be at least 1")
            let configuration = LandmarkIsomap(neighborhood: settings.neighborhood, components: settings.components,
                                               landmarks: settings.landmarks, seed: settings.seed,
                                               landmarkChoice: settings.landmarkChoice.choice,
                                               connectComponents: settings.connectComponents)
            state = .landmarkIsomap(LandmarkIsomap.Model(
                configuration: configuration, embedding: embedding, landmarkGeodesics: geodesics, mds: mds,
                linkedComponents: s.linkedComponents, search: try NearestNeighbors(neighbors: 1).fit(training)))
        case .lle, .modifiedLLE, .hessianLLE, .ltsa:
            let training = try check.matrix(try check.present(file.trainingData, "trainingData", method: method), "trainingData",
                                            rows: n, columns: d)
            state = .barycentric(try BarycentricMap(method: method.rawValue, training: training, embedding: embedding,
                                                    neighbors: settings.neighbors, regularization: settings.regularization,
                                                    eigenvalues: eigenvalues))
        }
        return FittedEmbedding(method: method, settings: settings, standardization: standardization, embedding: embedding,
                               features: file.features, state: state)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "\"" + keys.joined(separator: ".") + "\""
        }
        switch error {
        case let .keyNotFound(key, context): return "missing field \"\(key.stringValue)\" in \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case let .dataCorrupted(context): return "malformed at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
