import DataIO
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("Embedding writers and atomic files")
struct WriterTests {
    static let embedding = Matrix(rows: 3, columns: 2, elements: [0.1, -1.2345678901234567e-5, 1e300, -0.0, 3, 2.5])
    static let labels = ["a", "b, c", "say \"x\""]

    @Test func csvRoundTripsAtFullPrecision() throws {
        let bytes = try EmbeddingWriter.encode(EmbeddingDocument(method: "pca", embedding: Self.embedding, labels: Self.labels),
                                               format: .csv)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("x,y,label\n0.1,\(Self.embedding[0, 1]),a\n"))
        #expect("\(Self.embedding[0, 1])" == "-1.2345678901234568e-05")
        let table = try CSVReader.parse(bytes, options: CSVReadOptions(labelColumn: .name("label")))
        #expect(table.features.elements.map(\.bitPattern) == Self.embedding.elements.map(\.bitPattern))
        #expect(table.labels == Self.labels && table.featureNames == ["x", "y"])
        // Random values survive bit-exact.
        let random = Matrix.randomNormal(rows: 200, columns: 3, seed: 4).map { $0 * 1e-3 }
        let back = try CSVReader.parse(try CSVWriter.encode(random, columnNames: EmbeddingWriter.defaultColumnNames(3)))
        #expect(back.features == random && back.featureNames == ["x", "y", "z"])
        #expect(EmbeddingWriter.defaultColumnNames(5) == ["x1", "x2", "x3", "x4", "x5"])
    }

    @Test func jsonHoldsEveryField() throws {
        var embedding = Self.embedding
        embedding[2, 1] = .nan
        let document = EmbeddingDocument(
            method: "isomap", parameters: ["neighbors": 10, "kernel": "rbf", "gamma": 0.5, "standardize": true],
            embedding: embedding, labels: Self.labels,
            metrics: ["trustworthiness": 0.975, "stress": 0.125], eigenvalues: [4.5, 1.25])
        let json = EmbeddingWriter.json(document)
        #expect(json == EmbeddingWriter.json(document))
        // Foundation's JSON parser is the independent reference.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "isomap")
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect((parameters["neighbors"] as? NSNumber)?.intValue == 10 && parameters["kernel"] as? String == "rbf")
        #expect((parameters["gamma"] as? NSNumber)?.doubleValue == 0.5 && (parameters["standardize"] as? Bool) == true)
        let rows = try #require(object["embedding"] as? [[Any]])
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == 2 })
        // (Foundation's parser on Linux may be off by an ulp or two, so compare closely, and the text exactly.)
        assertClose((rows[0][1] as? NSNumber)?.doubleValue ?? 0, -1.2345678901234567e-5, relativeTolerance: 1e-15)
        #expect(json.contains("[0.1, -1.2345678901234568e-05]"))
        #expect((rows[1][0] as? NSNumber)?.doubleValue == 1e300)
        #expect(rows[2][1] is NSNull)
        #expect(object["labels"] as? [String] == Self.labels)
        #expect(object["shape"] as? [Int] == [3, 2] && object["columns"] as? [String] == ["x", "y"])
        let metrics = try #require(object["metrics"] as? [String: NSNumber])
        #expect(metrics["trustworthiness"]?.doubleValue == 0.975 && metrics["stress"]?.doubleValue == 0.125)
        #expect((object["eigenvalues"] as? [NSNumber])?.map(\.doubleValue) == [4.5, 1.25])
        // Without labels or eigenvalues the fields are null.
        let bare = try JSONSerialization.jsonObject(with: Data(EmbeddingWriter.json(
            EmbeddingDocument(method: "pca", embedding: Self.embedding)).utf8)) as? [String: Any]
        #expect(bare?["labels"] is NSNull && bare?["eigenvalues"] is NSNull)
        #expect(JSONValue.string("tab\there \u{01}").jsonText == "\"tab\\there \\u0001\"")
    }

    @Test func formatComesFromTheExtension() throws {
        #expect(try EmbeddingFormat(path: "out/emb.CSV") == .csv)
        #expect(try EmbeddingFormat(path: "emb.json") == .json)
        #expect(try EmbeddingFormat(path: "a.b/emb.npy") == .npy)
        #expect(throws: DataIOError.self) { try EmbeddingFormat(path: "emb.txt") }
        #expect(throws: DataIOError.self) { try EmbeddingFormat(path: "a.b/emb") }
    }

    @Test func everyFormatWritesAndReadsBack() throws {
        let directory = try TemporaryDirectory()
        let document = EmbeddingDocument(method: "mds", embedding: Self.embedding, labels: Self.labels)
        for name in ["e.csv", "e.json", "e.npy"] {
            try EmbeddingWriter.write(document, to: directory.path(name))
        }
        #expect(try directory.contents() == ["e.csv", "e.json", "e.npy"])
        #expect(try NPY.read(directory.path("e.npy")).elements.map(\.bitPattern) == Self.embedding.elements.map(\.bitPattern))
        #expect(try CSVReader.read(directory.path("e.csv"), options: CSVReadOptions(labelColumn: .index(-1))).labels == Self.labels)
    }

    @Test func failedWritesLeaveNothingBehind() throws {
        let directory = try TemporaryDirectory()
        let document = EmbeddingDocument(method: "pca", embedding: Self.embedding)
        // A missing folder: a typed error naming it, and no file.
        let missing = directory.path("no/such/folder/out.csv")
        #expect(throws: DataIOError.missingDirectory(path: missing, directory: directory.path("no/such/folder"))) {
            try EmbeddingWriter.write(document, to: missing)
        }
        // An existing output is kept when the new content is invalid (labels of the wrong length).
        let existing = directory.path("out.csv")
        try AtomicFileWriter.write("old contents\n", to: existing)
        let invalid = EmbeddingDocument(method: "pca", embedding: Self.embedding, labels: ["only one"])
        #expect(throws: DataIOError.self) { try EmbeddingWriter.write(invalid, to: existing) }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "old contents\n")
        // A folder in the way.
        try FileManager.default.createDirectory(atPath: directory.path("taken.npy"), withIntermediateDirectories: false)
        #expect(throws: DataIOError.self) { try EmbeddingWriter.write(document, to: directory.path("taken.npy")) }
        // A read-only folder (skipped when running as root, who may write anyway).
        if getuid() != 0 {
            let locked = directory.path("locked")
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            chmod(locked, 0o555)
            #expect(throws: DataIOError.self) { try EmbeddingWriter.write(document, to: locked + "/x.csv") }
            chmod(locked, 0o755)
        }
        // Overwriting replaces the whole file and leaves no temporary files.
        try EmbeddingWriter.write(document, to: existing)
        #expect(try CSVReader.read(existing).features.rows == 3)
        #expect(try directory.contents() == ["out.csv", "taken.npy"])
    }
}
