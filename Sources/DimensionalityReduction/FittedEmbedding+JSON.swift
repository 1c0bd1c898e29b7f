import Foundation
import LinearAlgebra
import Neighbors

/// The JSON model file of a `FittedEmbedding` (`dimred fit --save`, `dimred transform --model`).
///
/// One object with sorted keys; numbers in their shortest round-trip form, so a model read back transforms
/// bit for bit as the one written. Matrices are `{"rows": n, "columns": d, "data": [row-major values]}`.
///
///     {
///       "format": "mathfoundations-dimred-model", "version": 1,
///       "method": "pca" | "kpca" | "isomap" | "landmark-isomap" | "lle" | "modified-lle" | "hessian-lle" | "ltsa",
///       "settings": { "components": 2, "neighbors": 10, "kernel": "rbf", "gamma": 0.5, ... },
///       "features": d,
///       "standardization": { "mean": [...], "scale": [...] }          (only with standardize)
///       "embedding": matrix (the training embedding), "eigenvalues": [...],
///       "pca": { "mean", "components" (k × d), "explainedVariance", "explainedVarianceRatio",
///                "singularValues", "noiseVariance", "samples", "whiten", "solver" }
///       "kernelPCA": { "trainingData" (n × d), "eigenvectors" (dual coefficients, n × k), "eigenvalues",
///                      "kernelRowMeans", "kernelGrandMean", "gammaFeatures" }   (kernel and γ in settings)
///       "landmarkIsomap": { "trainingData", "landmarkGeodesics" (m × n), "landmarkIndices", "eigenvalues",
///                           "pseudoinverse" (m × k), "meanSquared", "center", "rotation" (k × k),
///                           "linkedComponents" }
///       "isomap": { "trainingData", "projection" (n × k: eigenvectors / √λ), "reconstructionError",
///                   "linkedComponents" }
///       "trainingData": matrix                         (the LLE variants and LTSA)
///     }
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
    /// The version written; reading accepts this version only.
    public static let modelVersion = 1

    /// The model file's JSON bytes.
    ///
    /// - Complexity: O(size of the stored state).
    /// - Throws: `ModelFileError.noTransform` for classical MDS.
    public func jsonData() throws -> Data {
        var file = ModelFile(format: Self.modelFormat, version: Self.modelVersion, method: method, settings: settings,
                             features: features, standardization: standardization,
                             embedding: StoredMatrix(embedding), eigenvalues: eigenvalues)
        switch state {
        case let .pca(model):
            file.pca = .init(mean: model.mean, components: StoredMatrix(model.components),
                             explainedVariance: model.explainedVariance, explainedVarianceRatio: model.explainedVarianceRatio,
                             singularValues: model.singularValues, noiseVariance: model.noiseVariance,
                             samples: model.samples, whiten: model.whiten, solver: StoredSolver(model.solver))
        case .mds:
            throw ModelFileError.noTransform(method: method.rawValue)
        case let .kernelPCA(model):
            file.kernelPCA = .init(trainingData: StoredMatrix(model.trainingData), eigenvectors: StoredMatrix(model.eigenvectors),
                                   eigenvalues: model.eigenvalues, kernelRowMeans: model.kernelRowMeans,
                                   kernelGrandMean: model.kernelGrandMean, gammaFeatures: model.gammaFeatures)
        case let .isomap(model):
            file.isomap = .init(trainingData: StoredMatrix(model.search.data), projection: StoredMatrix(model.projection),
                                reconstructionError: model.reconstructionError, linkedComponents: model.linkedComponents)
        case let .landmarkIsomap(model):
            file.landmarkIsomap = .init(trainingData: StoredMatrix(model.search.data),
                                        landmarkGeodesics: StoredMatrix(model.landmarkGeodesics),
                                        landmarkIndices: model.mds.landmarkIndices, eigenvalues: model.mds.eigenvalues,
                                        pseudoinverse: StoredMatrix(model.mds.pseudoinverse), meanSquared: model.mds.meanSquared,
                                        center: model.mds.center, rotation: StoredMatrix(model.mds.rotation),
                                        linkedComponents: model.linkedComponents)
        case let .barycentric(map):
            file.trainingData = StoredMatrix(map.training)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(file)
    }

    /// Reads a model file written by `jsonData()`.
    ///
    /// - Complexity: O(file size); for Isomap, the shortest paths of the stored training data.
    /// - Throws: `ModelFileError.invalid` naming what is missing or malformed, `.unsupportedVersion`; for
    ///   Isomap, the errors of its fit.
    public init(jsonData data: Data, source: String = "<memory>") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file: ModelFile
        do {
            file = try decoder.decode(ModelFile.self, from: data)
        } catch let error as DecodingError {
            throw ModelFileError.invalid(source: source, reason: Self.describe(error))
        } catch {
            throw ModelFileError.invalid(source: source, reason: "not JSON (\(error.localizedDescription))")
        }
        guard file.format == Self.modelFormat else {
            throw ModelFileError.invalid(source: source, reason: "format is \"\(file.format)\", not \"\(Self.modelFormat)\"")
        }
        guard file.version == Self.modelVersion else {
            throw ModelFileError.unsupportedVersion(source: source, version: file.version, supported: Self.modelVersion)
        }
        func require<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw ModelFileError.invalid(source: source, reason: "the \(file.method.rawValue) model lacks \"\(field)\"") }
            return value
        }
        let embedding = try file.embedding.matrix(source: source)
        let state: State
        switch file.method {
        case .pca:
            let p = try require(file.pca, "pca")
            state = .pca(PCA.Model(components: try p.components.matrix(source: source), explainedVariance: p.explainedVariance,
                                   explainedVarianceRatio: p.explainedVarianceRatio, singularValues: p.singularValues,
                                   mean: p.mean, noiseVariance: p.noiseVariance, samples: p.samples, whiten: p.whiten,
                                   solver: p.solver.solver))
        case .mds:
            throw ModelFileError.noTransform(method: file.method.rawValue)
        case .kpca:
            let k = try require(file.kernelPCA, "kernelPCA")
            let vectors = try k.eigenvectors.matrix(source: source)
            state = .kernelPCA(KernelPCA.Model(kernel: file.settings.makeKernel(), eigenvalues: k.eigenvalues, eigenvectors: vectors,
                                               embedding: embedding, trainingData: try k.trainingData.matrix(source: source),
                                               kernelRowMeans: k.kernelRowMeans, kernelGrandMean: k.kernelGrandMean,
                                               gammaFeatures: k.gammaFeatures))
        case .isomap:
            // The geodesics are recomputed (the k-NN graph and Dijkstra are exact); the eigenvectors are not, so
            // new points land in the very coordinates of the stored embedding.
            let i = try require(file.isomap, "isomap")
            let training = try i.trainingData.matrix(source: source)
            let configuration = Isomap(neighborhood: file.settings.neighborhood, components: file.settings.components,
                                       connectComponents: file.settings.connectComponents)
            let built = try NeighborGraphBuilder.graph(of: training, neighborhood: configuration.neighborhood, method: "Isomap")
            let (graph, _) = try NeighborGraphBuilder.connect(built.graph, data: training, connect: configuration.connectComponents,
                                                              method: "Isomap", description: built.description)
            let geodesics = graph.allPairsShortestPaths()
            let statistics = DoubleCentering.kernel(fromDistances: geodesics).statistics
            state = .isomap(Isomap.Model(configuration: configuration, embedding: embedding, eigenvalues: file.eigenvalues,
                                         geodesicDistances: geodesics, graph: graph, linkedComponents: i.linkedComponents,
                                         reconstructionError: i.reconstructionError, search: built.search,
                                         statistics: statistics, projection: try i.projection.matrix(source: source)))
        case .landmarkIsomap:
            let l = try require(file.landmarkIsomap, "landmarkIsomap")
            let training = try l.trainingData.matrix(source: source)
            let mds = LandmarkMDS.Model(embedding: embedding, eigenvalues: l.eigenvalues, landmarkIndices: l.landmarkIndices,
                                        pseudoinverse: try l.pseudoinverse.matrix(source: source), meanSquared: l.meanSquared,
                                        center: l.center, rotation: try l.rotation.matrix(source: source))
            let configuration = LandmarkIsomap(neighborhood: file.settings.neighborhood, components: file.settings.components,
                                               landmarks: file.settings.landmarks, seed: file.settings.seed,
                                               landmarkChoice: file.settings.landmarkChoice.choice,
                                               connectComponents: file.settings.connectComponents)
            state = .landmarkIsomap(LandmarkIsomap.Model(
                configuration: configuration, embedding: embedding, landmarkGeodesics: try l.landmarkGeodesics.matrix(source: source),
                mds: mds, linkedComponents: l.linkedComponents, search: try NearestNeighbors(neighbors: 1).fit(training)))
        case .lle, .modifiedLLE, .hessianLLE, .ltsa:
            let training = try require(file.trainingData, "trainingData").matrix(source: source)
            state = .barycentric(try BarycentricMap(method: file.method.rawValue, training: training, embedding: embedding, neighbors: file.settings.neighbors,
                                                    regularization: file.settings.regularization, eigenvalues: file.eigenvalues))
        }
        self.init(method: file.method, settings: file.settings, standardization: file.standardization,
                  embedding: embedding, features: file.features, state: state)
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

/// What went wrong reading or writing a model file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file is not a model file, or a field is missing or malformed.
    case invalid(source: String, reason: String)
    /// The file was written by another format version.
    case unsupportedVersion(source: String, version: Int, supported: Int)
    /// The method has no out-of-sample map, so a model file would be useless.
    case noTransform(method: String)

    public var description: String {
        switch self {
        case let .invalid(source, reason):
            return "\(source): not a valid dimred model file: \(reason); write one with `dimred fit --save`"
        case let .unsupportedVersion(source, version, supported):
            return "\(source): model file version \(version) is not supported (this build reads version \(supported)); refit it"
        case let .noTransform(method):
            return "\(method) has no transform for new points, so it cannot be saved as a model; use pca, kpca, isomap, landmark-isomap, lle or ltsa"
        }
    }
}

/// The Codable layout of the model file (see the extension's documentation).
private struct ModelFile: Codable {
    struct PCAState: Codable {
        var mean: [Double]
        var components: StoredMatrix
        var explainedVariance: [Double]
        var explainedVarianceRatio: [Double]
        var singularValues: [Double]
        var noiseVariance: Double
        var samples: Int
        var whiten: Bool
        var solver: StoredSolver
    }
    struct KernelPCAState: Codable {
        var trainingData: StoredMatrix
        var eigenvectors: StoredMatrix
        var eigenvalues: [Double]
        var kernelRowMeans: [Double]
        var kernelGrandMean: Double
        var gammaFeatures: Int
    }
    struct IsomapState: Codable {
        var trainingData: StoredMatrix
        var projection: StoredMatrix
        var reconstructionError: Double
        var linkedComponents: Int
    }
    struct LandmarkIsomapState: Codable {
        var trainingData: StoredMatrix
        var landmarkGeodesics: StoredMatrix
        var landmarkIndices: [Int]
        var eigenvalues: [Double]
        var pseudoinverse: StoredMatrix
        var meanSquared: [Double]
        var center: [Double]
        var rotation: StoredMatrix
        var linkedComponents: Int
    }

    var format: String
    var version: Int
    var method: EmbeddingMethod
    var settings: EmbeddingSettings
    var features: Int
    var standardization: ColumnStandardization?
    var embedding: StoredMatrix
    var eigenvalues: [Double]
    var pca: PCAState?
    var kernelPCA: KernelPCAState?
    var isomap: IsomapState?
    var landmarkIsomap: LandmarkIsomapState?
    var trainingData: StoredMatrix?
}

/// A matrix in the model file: its shape and its row-major values.
private struct StoredMatrix: Codable {
    var rows: Int
    var columns: Int
    var data: [Double]

    init(_ matrix: Matrix) {
        (rows, columns, data) = (matrix.rows, matrix.columns, matrix.elements)
    }

    func matrix(source: String) throws -> Matrix {
        guard rows >= 0, columns >= 0, data.count == rows * columns else {
            throw ModelFileError.invalid(source: source, reason: "a \(rows) × \(columns) matrix holds \(data.count) values")
        }
        return Matrix(rows: rows, columns: columns, elements: data)
    }
}

/// `PCASolver` by name.
private enum StoredSolver: String, Codable {
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
