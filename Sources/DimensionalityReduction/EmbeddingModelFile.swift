/// The Codable layout of the `FittedEmbedding` model file (documented in `FittedEmbedding+JSON.swift`).
/// Decoding checks only the JSON types and each array's own shape; `FittedEmbedding(jsonData:)` checks the
/// parts against each other.
struct EmbeddingModelFile: Codable {
    struct Standardization: Codable {
        var mean: StoredVector
        var scale: StoredVector
    }
    struct PCAState: Codable {
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
    struct KernelPCAState: Codable {
        var trainingData: StoredMatrix
        var eigenvectors: StoredMatrix
        var eigenvalues: StoredVector
        var kernelRowMeans: StoredVector
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
        var eigenvalues: StoredVector
        var pseudoinverse: StoredMatrix
        var meanSquared: StoredVector
        var center: StoredVector
        var rotation: StoredMatrix
        var linkedComponents: Int
    }

    var format: String
    var version: Int
    var method: EmbeddingMethod
    var settings: EmbeddingSettings
    var features: Int
    var standardization: Standardization?
    var embedding: StoredMatrix
    var eigenvalues: StoredVector
    var pca: PCAState?
    var kernelPCA: KernelPCAState?
    var isomap: IsomapState?
    var landmarkIsomap: LandmarkIsomapState?
    var trainingData: StoredMatrix?
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
