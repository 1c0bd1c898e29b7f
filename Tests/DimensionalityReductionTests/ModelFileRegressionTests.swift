import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import Testing

/// Replays the model-reader fuzzer's files without the fuzzer runtime, through the calls its harness makes
/// (`Fuzz/Sources/FuzzModelReader/main.swift`): read the model, and when it reads, transform two probe rows.
/// A thrown error or a valid model are the accepted outcomes; a trap fails the whole test run.
@Suite("Model-reader fuzzer: the seed corpus and every crashing input found so far")
struct ModelFileRegressionTests {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func files(_ folder: String) throws -> [URL] {
        let url = fuzz.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
            .map { url.appendingPathComponent($0) }
    }

    /// The harness's calls; `nil` when reading threw, else whether the probe transform succeeded.
    static func replay(_ data: Data, source: String) -> Bool? {
        guard let model = try? FittedEmbedding(jsonData: data, source: source) else { return nil }
        #expect(model.embedding.rows >= 1 && model.embedding.columns == model.settings.components, "\(source)")
        let probe = Matrix(rows: 2, columns: model.features) { i, j in Double(i + 1) * 0.37 - Double(j) * 0.11 }
        guard let embedded = try? model.transform(probe) else { return false }
        #expect(embedded.rows == 2 && embedded.columns == model.settings.components, "\(source)")
        return true
    }

    @Test("every regression input reads to an error or a valid model")
    func regressions() throws {
        let files = try Self.files("Regressions/FuzzModelReader")
        for file in files {
            let data = try Data(contentsOf: file)
            do {
                let model = try FittedEmbedding(jsonData: data, source: file.lastPathComponent)
                _ = Self.replay(data, source: file.lastPathComponent)
                #expect(model.features >= 1)
            } catch let error as ModelFileError {
                #expect("\(error)".hasPrefix("model \(file.lastPathComponent): "), "\(error)")
            }
        }
    }

    @Test("every seed of the corpus is a valid model that transforms points of its swiss roll")
    func corpus() throws {
        let files = try Self.files("Corpus/FuzzModelReader")
        #expect(files.count >= 20)
        let points = try Dataset.swissRoll(samples: 4, noise: 0.05, seed: 98).features
        for file in files {
            let data = try Data(contentsOf: file)
            #expect(Self.replay(data, source: file.lastPathComponent) != nil, "\(file.lastPathComponent)")
            let model = try FittedEmbedding(jsonData: data, source: file.lastPathComponent)
            // Radius models of 12 sparse points may find no training point within the radius of a new one.
            guard model.settings.radius == nil else { continue }
            let embedded = try model.transform(points)
            #expect(embedded.rows == 4 && embedded.elements.allSatisfy(\.isFinite), "\(file.lastPathComponent)")
        }
    }
}
