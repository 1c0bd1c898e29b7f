import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import Testing

@Suite("Model files round-trip bit for bit in both array storages, and version-1 files still read")
struct ModelFileRoundTripTests {
    /// Random settings for `method` within what `n` rows allow.
    static func settings(_ method: EmbeddingMethod, rows n: Int, generator: inout SeededGenerator) -> EmbeddingSettings {
        var settings = EmbeddingSettings()
        settings.components = 1 + Int(generator.next() % 3)
        settings.neighbors = 6 + Int(generator.next() % 4)
        if method == .hessianLLE { settings.neighbors = max(settings.neighbors, settings.components * (settings.components + 3) / 2 + 1) }
        settings.standardize = generator.next() % 2 == 0
        settings.whiten = generator.next() % 2 == 0
        settings.kernel = EmbeddingSettings.KernelName.allCases[Int(generator.next() % 5)]
        settings.gamma = generator.next() % 2 == 0 ? nil : 0.05
        settings.degree = 2
        settings.landmarks = min(n, 6 + Int(generator.next() % 6))
        settings.landmarkChoice = generator.next() % 2 == 0 ? .random : .maxmin
        settings.seed = generator.next() % 100
        settings.perplexity = 3 + Double(generator.next() % 8)
        settings.iterations = 100 + Int(generator.next() % 100)
        return settings
    }

    @Test("every method, random settings: read back, the model has the same settings, embedding and transform bits")
    func roundTrip() throws {
        for method in EmbeddingMethod.allCases where method.supportsTransform {
            for seed in UInt64(0)..<3 {
                var generator = SeededGenerator(seed: seed &+ 17 &* UInt64(method.rawValue.count))
                let n = 30 + Int(generator.next() % 20)
                let x = try Dataset.swissRoll(samples: n, noise: 0.05, seed: seed + 100).features
                let fresh = try Dataset.swissRoll(samples: 7, noise: 0.05, seed: seed + 200).features
                let settings = Self.settings(method, rows: n, generator: &generator)
                let fitted = try method.fit(x, settings: settings)
                let expected = try fitted.transform(fresh)
                for storage in [ModelArrayStorage.text, .base64] {
                    let bytes = try fitted.jsonData(storage: storage)
                    let loaded = try FittedEmbedding(jsonData: bytes)
                    let label = "\(method) seed \(seed) \(storage)"
                    #expect(loaded.method == method && loaded.settings == settings && loaded.features == 3, "\(label)")
                    #expect(loaded.standardization == fitted.standardization, "\(label)")
                    #expect(loaded.embedding.elements.map(\.bitPattern) == fitted.embedding.elements.map(\.bitPattern), "\(label)")
                    #expect(loaded.eigenvalues.map(\.bitPattern) == fitted.eigenvalues.map(\.bitPattern), "\(label)")
                    #expect(try loaded.transform(fresh).elements.map(\.bitPattern) == expected.elements.map(\.bitPattern), "\(label)")
                    #expect(try loaded.jsonData(storage: storage) == bytes, "\(label): writing the read model changes the file")
                }
            }
        }
    }

    @Test("base64 storage: arrays from 32 values are binary, the file is smaller than text and holds the same numbers")
    func compactForm() throws {
        let x = try Dataset.swissRoll(samples: 200, noise: 0.05, seed: 3).features
        var settings = EmbeddingSettings()
        settings.landmarks = 40
        let fitted = try EmbeddingMethod.landmarkIsomap.fit(x, settings: settings)
        let text = try fitted.jsonData(storage: .text), binary = try fitted.jsonData(storage: .base64)
        #expect(binary.count < text.count * 3 / 4, "base64 \(binary.count) bytes, text \(text.count)")
        let object = try JSONSerialization.jsonObject(with: binary) as! [String: Any]
        #expect(object["version"] as? Int == 2)
        let state = object["landmarkIsomap"] as! [String: Any]
        let geodesics = state["landmarkGeodesics"] as! [String: Any]
        #expect(geodesics["dtype"] as? String == "<f8" && geodesics["shape"] as? [Int] == [40, 200])
        // Independent decoding: base64 → little-endian float64, compared with the model's own numbers.
        let bytes = try #require(Data(base64Encoded: geodesics["base64"] as! String))
        let values = stride(from: 0, to: bytes.count, by: 8).map { offset in
            Double(bitPattern: bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        let textState = (try JSONSerialization.jsonObject(with: text) as! [String: Any])["landmarkIsomap"] as! [String: Any]
        let textValues = (textState["landmarkGeodesics"] as! [String: Any])["data"] as! [Double]
        // JSONSerialization's number parsing is not always correctly rounded: compare to a few ulps.
        let worst = zip(values, textValues).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? 0
        #expect(values.count == textValues.count && worst <= 1e-15, "largest relative difference \(worst)")
        #expect(state["center"] is [Double], "a 2-value vector stays JSON numbers")
    }

    @Test("binary arrays encoded by another encoder (Foundation's base64) read to the same numbers, every padding")
    func foreignBase64() throws {
        let x = try Dataset.swissRoll(samples: 31, noise: 0.05, seed: 4).features
        for components in [1, 2, 3] {
            var settings = EmbeddingSettings()
            settings.components = components
            let fitted = try EmbeddingMethod.pca.fit(x, settings: settings)
            var object = try JSONSerialization.jsonObject(with: try fitted.jsonData(storage: .text)) as! [String: Any]
            func binary(_ values: [Double], _ shape: [Int]) -> [String: Any] {
                var bytes = Data()
                for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
                return ["dtype": "<f8", "shape": shape, "base64": bytes.base64EncodedString()]
            }
            // 8 k bytes: k = 1, 2, 3 leave 2, 1 and 0 bytes over a multiple of 3, so one, two or no "=".
            object["eigenvalues"] = binary(fitted.eigenvalues, [components])
            object["embedding"] = binary(fitted.embedding.elements, [31, components])
            let loaded = try FittedEmbedding(jsonData: try JSONSerialization.data(withJSONObject: object))
            #expect(loaded.eigenvalues.map(\.bitPattern) == fitted.eigenvalues.map(\.bitPattern))
            #expect(loaded.embedding.elements.map(\.bitPattern) == fitted.embedding.elements.map(\.bitPattern))
            // The same text with its last "=" dropped, or a character outside the alphabet, is refused.
            var broken = binary(fitted.eigenvalues, [components])
            broken["base64"] = String((broken["base64"] as! String).dropLast()) + "*"
            object["eigenvalues"] = broken
            #expect(throws: ModelFileError.self) { try FittedEmbedding(jsonData: try JSONSerialization.data(withJSONObject: object)) }
        }
    }

    /// The seed corpus of the model-reader fuzzer: models written by version 1 (`*-v1.json`, by the code before
    /// version 2) and version 2 (`*-v2.json`) from the same data and settings.
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/FuzzModelReader")

    @Test("a version-1 file (text arrays, written before version 2) reads and transforms as its version-2 twin")
    func versionOne() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0.hasSuffix("-v1.json") }.sorted()
        #expect(names.count >= 10)
        var twins = 0
        for name in names {
            let old = try Data(contentsOf: Self.corpus.appendingPathComponent(name))
            #expect((try JSONSerialization.jsonObject(with: old) as! [String: Any])["version"] as? Int == 1)
            let model = try FittedEmbedding(jsonData: old, source: name)
            let probe = try Self.probe(version1: old)
            let embedded = try model.transform(probe)
            #expect(embedded.rows == 3 && embedded.columns == model.settings.components)
            let twinName = name.replacingOccurrences(of: "-v1.json", with: "-v2.json")
            guard let twinData = try? Data(contentsOf: Self.corpus.appendingPathComponent(twinName)) else { continue }
            let twin = try FittedEmbedding(jsonData: twinData, source: twinName)
            #expect(twin.settings == model.settings && twin.method == model.method, "\(name)")
            assertSameNumbers(twin.embedding.elements, model.embedding.elements, name)
            assertSameNumbers(try twin.transform(probe).elements, embedded.elements, name)
            twins += 1
        }
        #expect(twins >= 8)
    }

    /// Three rows near the stored training rows of a version-1 file (text arrays), so radius neighbourhoods
    /// find training points; swiss-roll points for models that keep no training rows (PCA).
    static func probe(version1 data: Data) throws -> Matrix {
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let stored = ["isomap", "landmarkIsomap", "kernelPCA"].compactMap { (object[$0] as? [String: Any])?["trainingData"] }.first
            ?? object["trainingData"]
        guard let matrix = stored as? [String: Any], let columns = matrix["columns"] as? Int, let values = matrix["data"] as? [Double] else {
            return try Dataset.swissRoll(samples: 3, noise: 0.05, seed: 99).features
        }
        return Matrix(rows: 3, columns: columns) { i, j in values[i * columns + j] + 0.01 * Double(j + 1) }
    }

    /// Both files come from separate fits of the same data: equal to 1e-7 of the scale (iterative eigensolvers, BLAS threading).
    func assertSameNumbers(_ a: [Double], _ b: [Double], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scale = max(b.map(abs).max() ?? 0, 1)
        #expect(a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-7 * scale }, "\(label)", sourceLocation: sourceLocation)
    }
}
