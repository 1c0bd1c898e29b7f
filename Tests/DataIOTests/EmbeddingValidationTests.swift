import DataIO
import Foundation
import LinearAlgebra
import Testing

/// Embedding files read by `dimred evaluate` are untrusted: every JSON field is checked against the embedding,
/// an empty embedding is refused, and `read(_:rows:)` checks the row count and finiteness against the data.
@Suite("Embedding reader on untrusted files")
struct EmbeddingValidationTests {
    static func json(_ text: String) throws -> EmbeddingDocument {
        try EmbeddingReader.decode(Array(text.utf8), format: .json, source: "e.json")
    }

    @Test func anEmptyEmbeddingWithANegativeShapeIsAnError() throws {
        // This used to trap: Matrix(rows: 0, columns: -3).
        #expect(thrownMessage { _ = try Self.json(#"{"embedding": [], "shape": [0, -3]}"#) }
            == #"e.json: embedding file field "embedding": has no rows; an embedding needs at least one row"#)
        #expect(thrownMessage { _ = try Self.json(#"{"embedding": [], "shape": [0, 4611686018427387904]}"#) }
            .hasSuffix("has no rows; an embedding needs at least one row"))
        #expect(thrownMessage { _ = try Self.json(#"{"embedding": [[], []]}"#) }
            == #"e.json: embedding file field "embedding": row 1 is empty; an embedding needs at least one column"#)
    }

    @Test func everyFieldMustAgreeWithTheEmbedding() throws {
        let rows = #""embedding": [[1, 2], [3, 4], [5, null]]"#
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"shape\": [5, 2]}") }
            == #"e.json: embedding file field "shape": [5, 2] disagrees with the embedding array of 3 rows of 2"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"shape\": [3]}") }
            == #"e.json: embedding file field "shape": [3] is not [rows, columns]"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"columns\": [\"x\", \"y\", \"z\"]}") }
            == #"e.json: embedding file field "columns": 3 column names for 2 columns; give one name per column"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"labels\": [\"a\", \"b\"]}") }
            == #"e.json: embedding file field "labels": 2 labels for 3 rows; give one label per row"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"labels\": [\"a\", 2, \"c\"]}") }
            == #"e.json: embedding file field "labels": label 2 is not a string"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"metrics\": {\"stress\": \"low\"}}") }
            == #"e.json: embedding file field "metrics": "stress" is "low", not a number"#)
        #expect(thrownMessage { _ = try Self.json("{\(rows), \"eigenvalues\": [1, true]}") }
            == #"e.json: embedding file field "eigenvalues": eigenvalue 2 is not a number"#)
        #expect(thrownMessage { _ = try Self.json(#"{"embedding": [[1, 2], [3]]}"#) }
            == #"e.json: embedding file field "embedding": row 2 is not an array of 2 numbers, as row 1 is"#)
        #expect(thrownMessage { _ = try Self.json(#"[[1, 2]]"#) }
            == #"e.json: embedding file field "embedding": the document is not a JSON object"#)
        // null fields are absent fields; a consistent document reads.
        let document = try? Self.json("{\(rows), \"shape\": [3, 2], \"labels\": null, \"columns\": [\"u\", \"v\"], \"method\": \"pca\"}")
        #expect(document?.embedding.rows == 3 && document?.columnNames == ["u", "v"] && document?.method == "pca")
    }

    @Test func evaluationChecksRowsAndFiniteness() throws {
        let directory = try TemporaryDirectory()
        let embedding = Matrix(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, .nan])
        for name in ["e.json", "e.csv", "e.npy"] {
            let path = directory.path(name)
            try EmbeddingWriter.write(EmbeddingDocument(method: "pca", embedding: embedding), to: path)
            #expect(thrownMessage { _ = try EmbeddingReader.read(path, rows: 4) }
                == "\(path): embedding file field \"embedding\": 3 rows but the data has 4; give the embedding of this data, one row per data row")
            #expect(thrownMessage { _ = try EmbeddingReader.read(path, rows: 3) }
                == "\(path): embedding file field \"embedding\": row 3, column 2 is NaN or missing; every coordinate must be finite to compare distances")
        }
        let infinite = Matrix(rows: 2, columns: 1, elements: [-.infinity, 0])
        try EmbeddingWriter.write(EmbeddingDocument(method: "pca", embedding: infinite), to: directory.path("i.npy"))
        #expect(thrownMessage { _ = try EmbeddingReader.read(directory.path("i.npy"), rows: 2) }.hasSuffix("row 1, column 1 is -inf; every coordinate must be finite to compare distances"))
        let finite = Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4])
        try EmbeddingWriter.write(EmbeddingDocument(method: "pca", embedding: finite), to: directory.path("f.csv"))
        #expect(try EmbeddingReader.read(directory.path("f.csv"), rows: 2).embedding == finite)
    }

    @Test func anEmptyNPYEmbeddingIsRefused() throws {
        #expect(throws: DataIOError.emptyNPY(source: "e.npy", shape: [0, 2])) {
            try EmbeddingReader.decode(NPY.encode(Matrix(rows: 0, columns: 2)), format: .npy, source: "e.npy")
        }
    }
}
