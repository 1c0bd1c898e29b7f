import DataIO
import Foundation
import LinearAlgebra
import Testing

/// Replays every seed (Fuzz/Corpus/NAME) and every input that ever crashed a fuzzer (Fuzz/Regressions/NAME)
/// through the call its harness makes, without the fuzzer runtime: each input must give a valid value or a
/// thrown `DataIOError`, never a trap. The input decoding mirrors Fuzz/Sources/NAME/main.swift; keep them in step.
@Suite("Fuzz corpora and regressions replay")
struct FuzzRegressionTests {
    static let fuzz = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// The files of Fuzz/Corpus/`harness` and Fuzz/Regressions/`harness`, sorted.
    static func inputs(_ harness: String) throws -> [URL] {
        var urls: [URL] = []
        for folder in ["Corpus", "Regressions"] {
            let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(harness)
            guard FileManager.default.fileExists(atPath: directory.path) else { continue }
            urls += try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { !$0.lastPathComponent.hasPrefix(".") }
        }
        return urls.sorted { $0.path < $1.path }
    }

    /// Runs `body` on every input of `harness`; a `DataIOError` is an accepted outcome, any other error is not.
    static func replay(_ harness: String, _ body: ([UInt8]) throws -> Void) throws {
        let urls = try inputs(harness)
        #expect(!urls.isEmpty, "no seeds in Fuzz/Corpus/\(harness)")
        for url in urls {
            let bytes = [UInt8](try Data(contentsOf: url))
            do {
                try body(bytes)
            } catch is DataIOError {
            } catch {
                Issue.record("\(url.lastPathComponent): \(type(of: error)) \(error)")
            }
        }
    }

    /// The first byte chooses header, label column, non-finite policy and delimiter, as FuzzCSVReader does.
    static func csvOptions(_ selector: UInt8) -> CSVReadOptions {
        let headers: [CSVReadOptions.Header] = [.detect, .present, .absent, .detect]
        let labels: [CSVReadOptions.Column?] = [nil, .index(0), .index(-1), .name("label")]
        let policies: [CSVReadOptions.NonFinitePolicy] = [.reject, .dropRow, .keep, .reject]
        let delimiters: [Character?] = [nil, ",", ";", "\t"]
        return CSVReadOptions(delimiter: delimiters[Int(selector >> 6) & 3], header: headers[Int(selector) & 3],
                              labelColumn: labels[Int(selector >> 2) & 3], nonFinite: policies[Int(selector >> 4) & 3])
    }

    @Test func csvReader() throws {
        try Self.replay("FuzzCSVReader") { bytes in
            guard let selector = bytes.first else { return }
            let options = Self.csvOptions(selector)
            let table = try CSVReader.parse(Array(bytes.dropFirst()), source: "fuzz.csv", options: options)
            let rows = table.features.rows
            #expect(rows > 0 && table.features.columns > 0)
            #expect(table.featureNames.count == table.features.columns && table.lineNumbers.count == rows)
            #expect(table.labels.map { $0.count == rows } ?? (options.labelColumn == nil))
            let finite = table.features.elements.allSatisfy { $0.isFinite }
            #expect(finite || options.nonFinite == .keep)
        }
    }

    @Test func npyReader() throws {
        try Self.replay("FuzzNPYReader") { bytes in
            let matrix = try NPY.decode(bytes, source: "fuzz.npy")
            #expect(matrix.rows > 0 && matrix.columns > 0)
            let again = try NPY.decode(NPY.encode(matrix))
            #expect(again.rows == matrix.rows && again.elements.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
        }
    }

    /// Byte 0 chooses block rows and read size, as FuzzNPYBlockReader does; the blocks must be `NPY.decode`'s rows.
    @Test func npyBlockReader() throws {
        try Self.replay("FuzzNPYBlockReader") { input in
            guard let selector = input.first.map(Int.init) else { return }
            let bytes = Array(input.dropFirst())
            let whole = Result { try NPY.decode(bytes, source: "fuzz.npy") }
            let streamed = Result { () throws -> [Double] in
                let reader = try NPYBlockReader(bytes: bytes, source: "fuzz.npy", blockRows: 1 + selector & 7,
                                                pieceSize: 1 + selector >> 3)
                var values: [Double] = []
                while let block = try reader.next() {
                    #expect(block.rows >= 1 && block.rows <= 1 + selector & 7 && block.columns == reader.columns)
                    values += block.elements
                }
                return values
            }
            switch (whole, streamed) {
            case let (.success(matrix), .success(values)):
                #expect(values.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
            case (.failure, .success):
                Issue.record("the block reader read an array the whole-file reader refuses")
            case let (.success(matrix), .failure(error)):
                let fortran = (try? NPY.parseHeader(bytes))?.fortranOrder == true && matrix.rows > 1 && matrix.columns > 1
                #expect(fortran, "the whole-file reader read a C-order array the block reader refuses: \(error)")
            case (.failure, .failure(let error)):
                throw error
            }
        }
    }

    @Test func embeddingReader() throws {
        try Self.replay("FuzzEmbeddingReader") { bytes in
            guard let selector = bytes.first else { return }
            let formats: [EmbeddingFormat] = [.csv, .json, .npy]
            let format = formats[Int(selector) % formats.count]
            let document = try EmbeddingReader.decode(Array(bytes.dropFirst()), format: format, source: "fuzz." + format.rawValue)
            let embedding = document.embedding
            #expect(embedding.rows > 0 && embedding.columns > 0)
            #expect(document.labels.map { $0.count == embedding.rows } ?? true)
            #expect(document.columnNames.map { $0.count == embedding.columns } ?? true)
            try EmbeddingReader.validate(document, rows: embedding.rows, source: "fuzz." + format.rawValue)
        }
    }
}
