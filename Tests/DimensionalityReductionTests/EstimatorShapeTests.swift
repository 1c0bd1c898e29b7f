import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("One estimator shape: EmbeddingEstimator, the registrations, the settings file contract, progress")
struct EstimatorShapeTests {
    /// The same embedding from any estimator through the protocol alone.
    static func protocolEmbedding<E: EmbeddingEstimator>(_ estimator: E, _ x: Matrix) throws -> (fit: Matrix, direct: Matrix) {
        (try estimator.fit(x).embedding, try estimator.fitTransform(x))
    }

    @Test("every estimator answers fit(_:progress:), fit(_:) and fitTransform(_:) with the same embedding")
    func everyEstimatorConforms() throws {
        let x = try Dataset.swissRoll(samples: 120, noise: 0.05, seed: 3).features
        let pairs = [
            try Self.protocolEmbedding(PCA(components: .count(2)), x),
            try Self.protocolEmbedding(ClassicalMDS(components: 2), x),
            try Self.protocolEmbedding(KernelPCA(components: .count(2), kernel: .rbf(gamma: 0.01)), x),
            try Self.protocolEmbedding(Isomap(neighbors: 8), x),
            try Self.protocolEmbedding(LandmarkIsomap(neighbors: 8, landmarks: 40), x),
            try Self.protocolEmbedding(LocallyLinearEmbedding(neighbors: 8), x),
            try Self.protocolEmbedding(ModifiedLLE(neighbors: 8), x),
            try Self.protocolEmbedding(HessianLLE(neighbors: 8), x),
            try Self.protocolEmbedding(LocalTangentSpaceAlignment(neighbors: 8), x),
        ]
        for (fit, direct) in pairs {
            #expect(fit.rows == 120 && fit.columns == 2)
            assertEqualUpToColumnSigns(fit, direct, relativeTolerance: 1e-6)
        }
        // PCA's stored training scores are its transform of the training rows.
        let pca = try PCA(components: .count(2), whiten: true).fit(x)
        assertClose(pca.embedding, try pca.transform(x), relativeTolerance: 1e-10)
        // Classical MDS has no out-of-sample map and says so.
        #expect(throws: DimensionalityReductionError.self) { try ClassicalMDS(components: 2).fit(x).transform(x) }
    }

    @Test("a saved model file re-encodes to its own bytes: every version-2 file of the fuzz seed corpus")
    func modelFilesKeepTheirBytes() throws {
        let corpus = ModelFileRoundTripTests.corpus
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix("-v2.json") }.sorted()
        #expect(names.count >= 10)
        for name in names {
            let bytes = try Data(contentsOf: corpus.appendingPathComponent(name))
            let model = try FittedEmbedding(jsonData: bytes, source: name)
            let again = [try model.jsonData(storage: .base64), try model.jsonData(storage: .text)]
            #expect(again.contains(bytes), "\(name) does not re-encode to the same bytes")
        }
    }

    @Test("settings missing from an older model file read as their defaults; unknown keys are ignored")
    func settingsDefaultMissingKeys() throws {
        // A version-2 file written before `standardize`, `whiten`, `connectComponents` and `landmarkChoice`
        // existed: the same file with those keys taken out of its settings.
        let corpus = ModelFileRoundTripTests.corpus
        let bytes = try Data(contentsOf: corpus.appendingPathComponent("isomap-v2.json"))
        var object = try JSONSerialization.jsonObject(with: bytes) as! [String: Any]
        var stored = object["settings"] as! [String: Any]
        for key in ["standardize", "whiten", "connectComponents", "landmarkChoice"] { #expect(stored.removeValue(forKey: key) != nil) }
        stored["someFutureSetting"] = 42
        object["settings"] = stored
        let old = try FittedEmbedding(jsonData: try JSONSerialization.data(withJSONObject: object), source: "older")
        let current = try FittedEmbedding(jsonData: bytes, source: "isomap-v2.json")
        #expect(old.settings == current.settings)
        #expect(old.settings.standardize == false && old.settings.whiten == false && old.settings.landmarkChoice == .random)
        let probe = try Dataset.swissRoll(samples: 4, noise: 0.05, seed: 11).features
        #expect(try old.transform(probe).elements == current.transform(probe).elements)
        // An empty settings object is the defaults; every field survives a round trip.
        #expect(try JSONDecoder().decode(EmbeddingSettings.self, from: Data("{}".utf8)) == EmbeddingSettings())
        var changed = EmbeddingSettings()
        (changed.components, changed.neighbors, changed.radius, changed.kernel, changed.gamma) = (3, 7, 0.5, .sigmoid, 0.25)
        (changed.degree, changed.coef0, changed.regularization, changed.landmarks) = (4, 2, 0.01, 77)
        (changed.landmarkChoice, changed.seed, changed.whiten, changed.connectComponents, changed.standardize) = (.maxmin, 9, true, true, true)
        #expect(try JSONDecoder().decode(EmbeddingSettings.self, from: try JSONEncoder().encode(changed)) == changed)
        // A key of the wrong type is still an error.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(EmbeddingSettings.self, from: Data(#"{"neighbors": "ten"}"#.utf8)) }
    }

    @Test("progress: each phase's fractions never decrease and end at 1 (Isomap, landmark Isomap, LLE, kernel PCA)")
    func progressIsMonotone() throws {
        let x = try Dataset.swissRoll(samples: 320, noise: 0.05, seed: 4).features
        func check(_ log: ProgressLog, phases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
            for phase in phases {
                let fractions = log.fractions(phase)
                #expect(!fractions.isEmpty, "no \(phase) reports", sourceLocation: sourceLocation)
                #expect(zip(fractions, fractions.dropFirst()).allSatisfy { $0 <= $1 }, "\(phase): \(fractions)", sourceLocation: sourceLocation)
                #expect(fractions.last == 1, "\(phase) ends at \(fractions.last ?? -1)", sourceLocation: sourceLocation)
            }
            #expect(log.all.allSatisfy { (0...1).contains($0.fraction) }, sourceLocation: sourceLocation)
        }
        let isomap = ProgressLog()
        _ = try Isomap(neighbors: 10).fit(x, progress: isomap.reporter)
        check(isomap, phases: ["neighbours", "shortest paths", "eigensolver"])
        // One step per Dijkstra source: the last report counts all n of them.
        #expect(isomap.all.last(where: { $0.phase == "shortest paths" })?.step.map { $0.done == 320 && $0.total == 320 } == true)
        // The iterative eigensolver (n > 200) reports several restart cycles, not only its end.
        #expect(Set(isomap.fractions("eigensolver")).count >= 2)
        let landmarks = ProgressLog()
        _ = try LandmarkIsomap(neighbors: 10, landmarks: 50, landmarkChoice: .maxMin).fit(x, progress: landmarks.reporter)
        check(landmarks, phases: ["neighbours", "shortest paths", "eigensolver"])
        let lle = ProgressLog()
        _ = try LocalTangentSpaceAlignment(neighbors: 10, eigenSolver: .sparse(tolerance: 1e-8)).fit(x, progress: lle.reporter)
        check(lle, phases: ["neighbours", "local fits", "eigensolver"])
        let kpca = ProgressLog()
        _ = try EmbeddingMethod.kpca.fit(x, settings: EmbeddingSettings(), progress: kpca.reporter)
        check(kpca, phases: ["eigensolver"])
        // `.silent` is the default and costs nothing: the same embedding either way.
        #expect(try Isomap(neighbors: 10).fit(x).embedding.elements.count == 640)
    }

    @Test("ProgressCounter: steps finished on many threads are reported in order, the last one the total")
    func counterIsMonotoneAcrossThreads() {
        let log = ProgressLog()
        let counter = ProgressCounter(log.reporter, phase: "work", total: 10_000, reports: 50)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1250 { counter.advance() }
        }
        counter.finish()
        let steps = log.all.compactMap(\.step)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.done <= $1.done })
        #expect(steps.first?.done == 0 && steps.last?.done == 10_000 && steps.allSatisfy { $0.total == 10_000 })
        #expect(steps.count <= 52)
        // A silent reporter is never called and the counter does no work.
        let silent = ProgressCounter(.silent, phase: "work", total: 10)
        silent.advance(by: 3)
        silent.finish()
    }
}
