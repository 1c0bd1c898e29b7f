import DataIO
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("JSON parsing and embedding read-back")
struct JSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let text = #"{"a": [1, -2.5, 1e-5, true, false, null], "b": {"c": "x\"y\\z\n\u00e9\ud83d\ude00"}, "big": 123456789012345678901}"#
        let value = try JSONValue.parse(text)
        #expect(value["a"] == .array([.integer(1), .number(-2.5), .number(1e-5), .bool(true), .bool(false), .null]))
        #expect(value["b"]?["c"]?.stringValue == "x\"y\\z\né😀")
        #expect(value["big"] == .number(Double("123456789012345678901")!))
        // Writing and reading back gives the same value.
        #expect(try JSONValue.parse(value.jsonText) == value)
    }

    @Test func numbersReadBackBitExact() throws {
        // strtod is the reference for correct rounding.
        let values = Matrix.randomNormal(rows: 1, columns: 500, seed: 31).elements.enumerated().map { $1 * pow(10, Double($0 % 40 - 20)) }
        let parsed = try JSONValue.parse(JSONValue(values).jsonText)
        #expect(parsed.arrayValue?.compactMap(\.doubleValue).map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func errorsNameLineAndColumn() {
        func message(_ text: String) -> String {
            do { _ = try JSONValue.parse(text, source: "m.json"); return "no error" } catch { return "\(error)" }
        }
        #expect(message("{\n  \"a\": [1, 2,]\n}") == "m.json:2:14: invalid JSON: unexpected character")
        #expect(message("[01]") == "m.json:1:2: invalid JSON: a number may not have leading zeros")
        #expect(message("{\"a\" 1}") == "m.json:1:6: invalid JSON: expected ':'")
        #expect(message("[1] x") == "m.json:1:5: invalid JSON: unexpected text after the value")
        #expect(message("\"abc") == "m.json:1:5: invalid JSON: unterminated string")
        #expect(message("") == "m.json:1:1: invalid JSON: the text ends where a value was expected")
    }

    @Test func embeddingsReadBackFromEveryFormat() throws {
        let directory = try TemporaryDirectory()
        var embedding = Matrix.randomNormal(rows: 25, columns: 2, seed: 32)
        embedding[3, 1] = .nan
        let document = EmbeddingDocument(method: "lle", parameters: ["neighbors": 12, "reg": 0.001],
                                         embedding: embedding, labels: (0..<25).map { "c\($0 % 3)" },
                                         metrics: ["trustworthiness": 0.9125], eigenvalues: [1e-9, 2.5e-8])
        for name in ["e.json", "e.csv", "e.npy"] {
            try EmbeddingWriter.write(document, to: directory.path(name))
            let back = try EmbeddingReader.read(directory.path(name))
            #expect(back.embedding.elements.map(\.bitPattern) == embedding.elements.map(\.bitPattern), "\(name)")
            if name != "e.npy" { #expect(back.labels == document.labels) }
        }
        // JSON keeps everything except that the default column names become explicit.
        var expected = document
        expected.columnNames = ["x", "y"]
        let json = try EmbeddingReader.read(directory.path("e.json"))
        #expect(json.method == "lle" && json.parameters == document.parameters && json.metrics == document.metrics)
        #expect(json.eigenvalues == document.eigenvalues && json.columnNames == ["x", "y"])
        #expect(throws: DataIOError.invalidEmbedding(source: "<memory>", field: "embedding", reason: "missing; it must be an array of rows")) {
            try EmbeddingReader.decode(JSONValue.parse("{\"method\": \"pca\"}"))
        }
    }
}
