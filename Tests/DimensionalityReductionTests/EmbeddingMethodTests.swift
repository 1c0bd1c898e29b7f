import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("EmbeddingMethod, FittedEmbedding and the model file")
struct EmbeddingMethodTests {
    static func roll(_ n: Int, seed: UInt64) throws -> Matrix { try Dataset.swissRoll(samples: n, noise: 0.05, seed: seed).features }

    static func settings(neighbors: Int = 10) -> EmbeddingSettings {
        var settings = EmbeddingSettings()
        settings.neighbors = neighbors
        settings.landmarks = 60
        settings.kernel = .rbf
        settings.gamma = 0.01
        return settings
    }

    @Test("each method's embedding equals its estimator's own fitTransform")
    func sameAsEstimators() throws {
        // Two separate fits: iterative eigensolvers agree to ~1e-9 (their last bits depend on BLAS threading), and
        // a column's sign may flip on a near tie of its largest entries.
        func same(_ a: Matrix, _ b: Matrix, sourceLocation: SourceLocation = #_sourceLocation) {
            assertEqualUpToColumnSigns(a, b, relativeTolerance: 1e-6, sourceLocation: sourceLocation)
        }
        let x = try Self.roll(300, seed: 1)
        let s = Self.settings()
        same(try EmbeddingMethod.pca.fit(x, settings: s).embedding, try PCA(components: .count(2)).fitTransform(x))
        same(try EmbeddingMethod.mds.fit(x, settings: s).embedding, try ClassicalMDS(components: 2).fit(x).embedding)
        same(try EmbeddingMethod.kpca.fit(x, settings: s).embedding,
                    try KernelPCA(components: .count(2), kernel: .rbf(gamma: 0.01)).fitTransform(x))
        same(try EmbeddingMethod.isomap.fit(x, settings: s).embedding, try Isomap(neighbors: 10).fitTransform(x))
        same(try EmbeddingMethod.landmarkIsomap.fit(x, settings: s).embedding,
                    try LandmarkIsomap(neighbors: 10, landmarks: 60).fitTransform(x))
        same(try EmbeddingMethod.lle.fit(x, settings: s).embedding, try LocallyLinearEmbedding(neighbors: 10).fitTransform(x))
        same(try EmbeddingMethod.ltsa.fit(x, settings: s).embedding, try LocalTangentSpaceAlignment(neighbors: 10).fitTransform(x))
        same(try EmbeddingMethod.modifiedLLE.fit(x, settings: s).embedding, try ModifiedLLE(neighbors: 10).fit(x).embedding)
        same(try EmbeddingMethod.hessianLLE.fit(x, settings: s).embedding, try HessianLLE(neighbors: 10).fit(x).embedding)
        var maxMin = s
        maxMin.landmarkChoice = .maxmin
        same(try EmbeddingMethod.landmarkIsomap.fit(x, settings: maxMin).embedding,
                    try LandmarkIsomap(neighbors: 10, landmarks: 60, landmarkChoice: .maxMin).fitTransform(x))
    }

    @Test("a model read back from its JSON file transforms new points as the fitted one, bit for bit")
    func modelFileRoundTrip() throws {
        let x = try Self.roll(300, seed: 2)
        let fresh = try Self.roll(40, seed: 3)
        var maxMin = Self.settings()
        maxMin.landmarkChoice = .maxmin
        let cases = EmbeddingMethod.allCases.filter(\.supportsTransform).map { ($0, Self.settings()) } + [(.landmarkIsomap, maxMin)]
        for (method, settings) in cases {
            let fitted = try method.fit(x, settings: settings)
            let loaded = try FittedEmbedding(jsonData: try fitted.jsonData())
            #expect(loaded.method == method && loaded.settings == fitted.settings && loaded.features == 3)
            let expected = try fitted.transform(fresh)
            #expect(loaded.embedding == fitted.embedding && loaded.eigenvalues == fitted.eigenvalues, "\(method)")
            #expect(try loaded.transform(fresh) == expected, "\(method)")
        }
    }

    @Test("transform of the training rows reproduces the embedding (PCA, kernel PCA, Isomap, landmark Isomap)")
    func transformOfTrainingRows() throws {
        let x = try Self.roll(250, seed: 4)
        for method in [EmbeddingMethod.pca, .kpca, .isomap, .landmarkIsomap] {
            let fitted = try method.fit(x, settings: Self.settings())
            let scale = fitted.embedding.elements.map(abs).max()!
            assertClose(try fitted.transform(x), fitted.embedding, relativeTolerance: 1e-6, absoluteTolerance: 1e-6 * scale,
                        "\(method)")
        }
    }

    @Test("the out-of-sample map of the LLE variants equals the estimators' own transform")
    func barycentricMapMatchesEstimators() throws {
        let x = try Self.roll(300, seed: 5)
        let fresh = try Self.roll(30, seed: 6)
        let lle = try LocallyLinearEmbedding(neighbors: 10).fit(x)
        assertEqualUpToColumnSigns(try EmbeddingMethod.lle.fit(x, settings: Self.settings()).transform(fresh), try lle.transform(fresh), relativeTolerance: 1e-6)
        let ltsa = try LocalTangentSpaceAlignment(neighbors: 10).fit(x)
        assertEqualUpToColumnSigns(try EmbeddingMethod.ltsa.fit(x, settings: Self.settings()).transform(fresh), try ltsa.transform(fresh), relativeTolerance: 1e-6)
        let hessian = try HessianLLE(neighbors: 10).fit(x)
        assertEqualUpToColumnSigns(try EmbeddingMethod.hessianLLE.fit(x, settings: Self.settings()).transform(fresh), try hessian.transform(fresh), relativeTolerance: 1e-6)
    }

    @Test("standardisation: population statistics, constant columns map to 0, stored in the model and applied by transform")
    func standardization() throws {
        let x = Matrix(rows: 4, columns: 2, elements: [1, 5, 2, 5, 3, 5, 6, 5])
        let scaling = ColumnStandardization(fitting: x)
        assertClose(scaling.mean, [3, 5])
        assertClose(scaling.scale, [(14.0 / 4).squareRoot(), 1])
        let z = scaling.apply(x)
        assertClose(z.column(0).map { $0 * $0 }.reduce(0, +) / 4, 1)
        #expect(z.column(1) == [0, 0, 0, 0])

        let data = try Self.roll(200, seed: 7)
        var settings = Self.settings()
        settings.standardize = true
        let fitted = try EmbeddingMethod.pca.fit(data, settings: settings)
        let standardized = ColumnStandardization(fitting: data).apply(data)
        assertClose(fitted.embedding, try PCA(components: .count(2)).fitTransform(standardized))
        let loaded = try FittedEmbedding(jsonData: try fitted.jsonData())
        #expect(loaded.standardization == fitted.standardization)
        assertClose(try loaded.transform(data), fitted.embedding, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
    }

    @Test("classical MDS cannot be saved or transform; bad model files name what is wrong")
    func errors() throws {
        let x = try Self.roll(50, seed: 8)
        let mds = try EmbeddingMethod.mds.fit(x, settings: Self.settings())
        #expect(throws: ModelFileError.noTransform(method: "mds")) { try mds.jsonData() }
        #expect(throws: DimensionalityReductionError.self) { try mds.transform(x) }
        let pca = try EmbeddingMethod.pca.fit(x, settings: Self.settings())
        #expect(throws: DimensionalityReductionError.featureMismatch(method: "pca.transform", expected: 3, got: 2)) {
            try pca.transform(Matrix(rows: 2, columns: 2, repeating: 1))
        }
        var object = try JSONSerialization.jsonObject(with: try pca.jsonData()) as! [String: Any]
        object["version"] = 99
        #expect(throws: ModelFileError.unsupportedVersion(source: "m.json", version: 99, supported: 2)) {
            try FittedEmbedding(jsonData: try JSONSerialization.data(withJSONObject: object), source: "m.json")
        }
        object["version"] = 1
        object["pca"] = nil
        do {
            _ = try FittedEmbedding(jsonData: try JSONSerialization.data(withJSONObject: object), source: "m.json")
            Issue.record("a PCA model without its state was accepted")
        } catch let error as ModelFileError {
            #expect(error.description.hasPrefix("model m.json: \"pca\" is missing"))
        }
        do {
            _ = try FittedEmbedding(jsonData: Data("{\"format\": 3}".utf8), source: "m.json")
            Issue.record("a malformed file was accepted")
        } catch let error as ModelFileError {
            #expect(error.description.hasPrefix("model m.json: not a valid dimred model file"))
        }
        #expect(EmbeddingMethod(name: "Landmark_Isomap") == .landmarkIsomap && EmbeddingMethod(name: "no-such-method") == nil)
    }
}
