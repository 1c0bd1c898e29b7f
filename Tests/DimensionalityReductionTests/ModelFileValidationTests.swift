import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import Testing

/// Hand-built bad model files: each one used to trap (or hang) `FittedEmbedding(jsonData:)` or the `transform`
/// after it; each must now throw a `ModelFileError` whose message names the field.
@Suite("Model files are untrusted input: every inconsistent part is refused by name")
struct ModelFileValidationTests {
    typealias Object = [String: Any]

    /// A small fitted model of `method` as a mutable JSON object (text arrays, so entries can be edited).
    static func model(_ method: EmbeddingMethod, _ configure: (inout EmbeddingSettings) -> Void = { _ in }) throws -> Object {
        let x = try Dataset.swissRoll(samples: 30, noise: 0.05, seed: 11).features
        var settings = EmbeddingSettings()
        settings.neighbors = 6
        settings.landmarks = 8
        settings.kernel = .rbf
        configure(&settings)
        let data = try method.fit(x, settings: settings).jsonData(storage: .text)
        return try JSONSerialization.jsonObject(with: data) as! Object
    }

    /// Reads `object` as the file `bad.json`, transforms two rows if it reads, and checks that it was refused
    /// with a message starting `model bad.json: "field"` and containing `detail`.
    static func expectRefused(_ object: Object, field: String, _ detail: String = "",
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        do {
            let model = try FittedEmbedding(jsonData: data, source: "bad.json")
            _ = try? model.transform(Matrix(rows: 2, columns: model.features, repeating: 0.5))
            Issue.record("a model with a bad \(field) was accepted", sourceLocation: sourceLocation)
        } catch let error as ModelFileError {
            let message = error.description
            #expect(message.hasPrefix("model bad.json: \"\(field)\"") && (detail.isEmpty || message.contains(detail)), "\(message)",
                    sourceLocation: sourceLocation)
        }
    }

    static func matrix(_ rows: Int, _ columns: Int, _ value: Double = 0.25) -> Object {
        ["rows": rows, "columns": columns, "data": [Double](repeating: value, count: rows * columns)]
    }

    static func edit(_ object: Object, _ key: String, _ change: (inout Object) -> Void) -> Object {
        var object = object, part = object[key] as! Object
        change(&part)
        object[key] = part
        return object
    }

    @Test("PCA: components, mean, variances of the wrong width; embedding of the wrong width; a standardisation of another width")
    func pca() throws {
        let pca = try Self.model(.pca) { $0.whiten = true }
        try Self.expectRefused(Self.edit(pca, "pca") { $0["components"] = Self.matrix(2, 4) }, field: "pca.components",
                               "is 2 × 4 but the model needs 2 × 3 (settings.components × features)")
        try Self.expectRefused(Self.edit(pca, "pca") { $0["mean"] = [1.0, 2.0] }, field: "pca.mean", "has length 2 but the model needs 3")
        try Self.expectRefused(Self.edit(pca, "pca") { $0["explainedVariance"] = [1.0] }, field: "pca.explainedVariance")
        try Self.expectRefused(Self.edit(pca, "pca") { $0["singularValues"] = [1.0, 2.0, 3.0] }, field: "pca.singularValues")
        try Self.expectRefused(Self.edit(pca, "pca") { $0["mean"] = [1.0, "nan", 2.0] }, field: "pca.mean", "non-finite value nan at [1]")
        try Self.expectRefused(Self.edit(pca, "pca") { $0["samples"] = -5 }, field: "pca.samples")
        var wide = pca
        wide["embedding"] = Self.matrix(30, 3)
        try Self.expectRefused(wide, field: "embedding", "has 3 columns but the model needs 2 (settings.components)")
        var standardized = pca
        standardized["standardization"] = ["mean": [0.0, 0.0], "scale": [1.0, 1.0]]
        try Self.expectRefused(standardized, field: "standardization.mean", "has length 2 but the model needs 3 (features)")
        standardized["standardization"] = ["mean": [0.0, 0.0, 0.0], "scale": [1.0, 0.0, 1.0]]
        try Self.expectRefused(standardized, field: "standardization.scale", "every divisor must be positive")
        var featureless = pca
        featureless["features"] = -1
        try Self.expectRefused(featureless, field: "features", "must be at least 1")
        var counted = pca
        counted["eigenvalues"] = [1.0, 2.0, 3.0]
        try Self.expectRefused(counted, field: "eigenvalues")
    }

    @Test("matrix sizes: rows × columns overflowing, negative, or disagreeing with the data are refused before any allocation")
    func matrixShapes() throws {
        let pca = try Self.model(.pca)
        for (rows, columns) in [(1 << 62, 4), (Int.max, Int.max), (-2, -3), (3, 3)] {
            var object = pca
            object["embedding"] = ["rows": rows, "columns": columns, "data": [1.0, 2.0]] as Object
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect {
                try FittedEmbedding(jsonData: data, source: "bad.json")
            } throws: { error in
                "\(error)".hasPrefix("model bad.json: not a valid dimred model file: malformed at \"embedding.data\": a \(rows) × \(columns) matrix cannot hold 2 values")
            }
        }
    }

    @Test("binary arrays: an overflowing shape, base64 of the wrong length or alphabet, another dtype")
    func binaryArrays() throws {
        let pca = try Self.model(.pca)
        let cases: [(Object, String)] = [
            (["dtype": "<f8", "shape": [1 << 61, 1 << 3], "base64": "AAAAAAAAAAA="], "shape [2305843009213693952, 8] overflows"),
            (["dtype": "<f8", "shape": [1 << 60, 2], "base64": "AAAAAAAAAAA="], "(overflowing)"),
            (["dtype": "<f8", "shape": [30, 2], "base64": "AAAAAAAAAAA="], "holds 12 base64 characters, not the 640 that 60 float64 values need"),
            (["dtype": "<f8", "shape": [1, 1], "base64": "AAAA*AAAAAA="], "is not valid base64 of 1 float64 values"),
            (["dtype": ">f8", "shape": [1, 1], "base64": "AAAAAAAAAAA="], "dtype \">f8\" is not \"<f8\""),
            (["dtype": "<f8", "shape": [3], "base64": "AAAAAAAAAAA="], "shape [3] must be 2 non-negative sizes"),
        ]
        for (stored, message) in cases {
            var object = pca
            object["embedding"] = stored
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect {
                try FittedEmbedding(jsonData: data, source: "bad.json")
            } throws: { error in
                "\(error)".hasPrefix("model bad.json: not a valid dimred model file: malformed at \"embedding") && "\(error)".contains(message)
            }
        }
    }

    @Test("settings outside EmbeddingSettings.Limits: degree 0 and Int.max (a hang), components and neighbors at Int.max, NaN γ")
    func settings() throws {
        let kpca = try Self.model(.kpca) { $0.kernel = .polynomial; $0.degree = 2 }
        try Self.expectRefused(Self.edit(kpca, "settings") { $0["degree"] = 0 }, field: "settings.degree", "= 0 must be in 1...100")
        try Self.expectRefused(Self.edit(kpca, "settings") { $0["degree"] = Int.max }, field: "settings.degree")
        try Self.expectRefused(Self.edit(kpca, "settings") { $0["gamma"] = "nan" }, field: "settings.gamma", "must be positive and finite")
        try Self.expectRefused(Self.edit(kpca, "settings") { $0["regularization"] = -1 }, field: "settings.regularization")
        try Self.expectRefused(Self.edit(kpca, "settings") { $0["components"] = Int.max }, field: "settings.components")
        let isomap = try Self.model(.isomap)
        try Self.expectRefused(Self.edit(isomap, "settings") { $0["neighbors"] = Int.max }, field: "settings.neighbors")
        try Self.expectRefused(Self.edit(isomap, "settings") { $0["neighbors"] = 30 }, field: "settings.neighbors",
                               "= 30 must be below the 30 training rows")
        try Self.expectRefused(Self.edit(isomap, "settings") { $0["radius"] = 0 }, field: "settings.radius")
        let landmark = try Self.model(.landmarkIsomap)
        try Self.expectRefused(Self.edit(landmark, "settings") { $0["landmarks"] = Int.max }, field: "settings.landmarks")
        try Self.expectRefused(Self.edit(landmark, "settings") { $0["landmarks"] = 40 }, field: "settings.landmarks",
                               "= 40 must be at most the 30 training rows")
        #expect(EmbeddingSettings().invalidSetting == nil)
    }

    @Test("kernel PCA: dual coefficients, row means, eigenvalues and γ features that disagree with the training rows")
    func kernelPCA() throws {
        let kpca = try Self.model(.kpca)
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["eigenvectors"] = Self.matrix(29, 2) }, field: "kernelPCA.eigenvectors",
                               "is 29 × 2 but the model needs 30 × 2")
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["kernelRowMeans"] = [0.5] }, field: "kernelPCA.kernelRowMeans")
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["eigenvalues"] = [0.5] }, field: "kernelPCA.eigenvalues")
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["trainingData"] = Self.matrix(30, 2) }, field: "kernelPCA.trainingData")
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["gammaFeatures"] = 0 }, field: "kernelPCA.gammaFeatures")
        try Self.expectRefused(Self.edit(kpca, "kernelPCA") { $0["kernelGrandMean"] = "inf" }, field: "kernelPCA.kernelGrandMean")
    }

    @Test("Isomap: a projection or training set of another row count, training points that do not rebuild the graph")
    func isomap() throws {
        let isomap = try Self.model(.isomap)
        try Self.expectRefused(Self.edit(isomap, "isomap") { $0["projection"] = Self.matrix(12, 2) }, field: "isomap.projection")
        try Self.expectRefused(Self.edit(isomap, "isomap") { $0["trainingData"] = Self.matrix(31, 3) }, field: "isomap.trainingData")
        // Thirty points 1 apart on a line with a radius of 0.5: no edges, so the graph does not rebuild connected.
        let line: [Double] = (0..<30).flatMap { [Double($0), 0, 0] }
        var far = Self.edit(isomap, "isomap") { $0["trainingData"] = ["rows": 30, "columns": 3, "data": line] as Object }
        far = Self.edit(far, "settings") { $0["radius"] = 0.5 }
        try Self.expectRefused(far, field: "isomap.trainingData", "does not rebuild the fitted neighbour graph")
        try Self.expectRefused(Self.edit(isomap, "isomap") { $0["linkedComponents"] = 0 }, field: "isomap.linkedComponents")
    }

    @Test("landmark Isomap: geodesics, pseudoinverse, rotation, centre, mean squares and indices that disagree")
    func landmarkIsomap() throws {
        let landmark = try Self.model(.landmarkIsomap)
        let part = "landmarkIsomap"
        try Self.expectRefused(Self.edit(landmark, part) { $0["landmarkGeodesics"] = Self.matrix(8, 29) }, field: "landmarkIsomap.landmarkGeodesics",
                               "is 8 × 29 but the model needs 8 × 30 (settings.landmarks × training rows, the rows of embedding)")
        try Self.expectRefused(Self.edit(landmark, part) { $0["landmarkGeodesics"] = Self.matrix(8, 30, -1) },
                               field: "landmarkIsomap.landmarkGeodesics", "negative distance")
        try Self.expectRefused(Self.edit(landmark, part) { $0["pseudoinverse"] = Self.matrix(7, 2) }, field: "landmarkIsomap.pseudoinverse")
        try Self.expectRefused(Self.edit(landmark, part) { $0["rotation"] = Self.matrix(2, 3) }, field: "landmarkIsomap.rotation")
        try Self.expectRefused(Self.edit(landmark, part) { $0["center"] = [0.0] }, field: "landmarkIsomap.center")
        try Self.expectRefused(Self.edit(landmark, part) { $0["meanSquared"] = [1.0, 2.0] }, field: "landmarkIsomap.meanSquared")
        try Self.expectRefused(Self.edit(landmark, part) { $0["landmarkIndices"] = [0, 1, 2] }, field: "landmarkIsomap.landmarkIndices")
        try Self.expectRefused(Self.edit(landmark, part) { $0["landmarkIndices"] = [0, 1, 2, 3, 4, 5, 6, 30] },
                               field: "landmarkIsomap.landmarkIndices", "has 30 at [7], outside 0..<30")
        try Self.expectRefused(Self.edit(landmark, part) { $0["trainingData"] = Self.matrix(30, 4) }, field: "landmarkIsomap.trainingData")
        var missing = landmark
        missing[part] = nil
        try Self.expectRefused(missing, field: "landmarkIsomap", "is missing; a landmark-isomap model needs it")
    }

    @Test("LLE variants: an embedding whose row count differs from the training rows")
    func barycentric() throws {
        for method in [EmbeddingMethod.lle, .ltsa] {
            let model = try Self.model(method)
            try Self.expectRefused(Self.edit(model, "trainingData") { $0 = Self.matrix(40, 3) }, field: "trainingData",
                                   "is 40 × 3 but the model needs 30 × 3 (training rows, the rows of embedding × features)")
            var short = model
            short["embedding"] = Self.matrix(5, 2)
            try Self.expectRefused(short, field: "settings.neighbors", "= 6 must be below the 5 training rows")
        }
    }

    @Test("the CLI limits and the library's are one set: a model fitted at each limit reads back")
    func limitsAreReachable() throws {
        var settings = EmbeddingSettings()
        settings.degree = EmbeddingSettings.Limits.degree.upperBound
        #expect(settings.invalidSetting == nil)
        settings.degree += 1
        #expect(settings.invalidSetting == EmbeddingSettings.InvalidSetting(field: "degree", value: "101", requirement: "must be in 1...100"))
        settings.degree = 3
        settings.landmarks = 1
        #expect(settings.invalidSetting?.description == "landmarks = 1 must be in 2...1048576")
    }
}
