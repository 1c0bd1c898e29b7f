import LinearAlgebra

/// Exports an embedding as CSV, JSON or NPY; every file is written atomically (`AtomicFileWriter`).
public enum EmbeddingWriter {
    /// `x`, `y`, `z` for up to three columns, else `x1`, ..., `xk`.
    public static func defaultColumnNames(_ count: Int) -> [String] {
        count <= 3 ? Array(["x", "y", "z"].prefix(count)) : (1...count).map { "x\($0)" }
    }

    /// Writes `document` to `path` in `format` (by default the format named by the path's extension).
    ///
    /// - Throws: `DataIOError.invalidArgument` for an unknown extension or labels of the wrong length;
    ///   `DataIOError.missingDirectory` / `.writeFailed` from the atomic write (no file is left behind).
    public static func write(_ document: EmbeddingDocument, to path: String, format: EmbeddingFormat? = nil) throws {
        let bytes = try encode(document, format: format ?? EmbeddingFormat(path: path))
        try AtomicFileWriter.write(bytes, to: path)
    }

    /// The bytes of `document` in `format`.
    ///
    /// - Throws: `DataIOError.invalidArgument` when labels or column names do not match the embedding.
    public static func encode(_ document: EmbeddingDocument, format: EmbeddingFormat) throws -> [UInt8] {
        try validate(document)
        switch format {
        case .csv:
            return try CSVWriter.encode(document.embedding,
                                        columnNames: document.columnNames ?? defaultColumnNames(document.embedding.columns),
                                        labels: document.labels)
        case .json:
            return Array(json(document).utf8)
        case .npy:
            return NPY.encode(document.embedding)
        }
    }

    /// The JSON text of `document`:
    ///
    ///     {"method": "...", "parameters": {...}, "shape": [n, k], "columns": ["x", "y"],
    ///      "embedding": [[x, y], ...], "labels": [...] | null, "metrics": {...}, "eigenvalues": [...] | null}
    ///
    /// Keys in this order, nested objects with sorted keys, one embedding row per line; numbers in their
    /// shortest round-trip form; NaN and infinity become `null`.
    public static func json(_ document: EmbeddingDocument) -> String {
        let embedding = document.embedding
        var out = "{\n  \"method\": "
        JSONValue.appendString(document.method, to: &out)
        out += ",\n  \"parameters\": "
        JSONValue.append(.object(document.parameters), to: &out)
        out += ",\n  \"shape\": [\(embedding.rows), \(embedding.columns)]"
        out += ",\n  \"columns\": "
        JSONValue.append(.array((document.columnNames ?? defaultColumnNames(embedding.columns)).map(JSONValue.string)), to: &out)
        out += ",\n  \"embedding\": ["
        for i in 0..<embedding.rows {
            out += i == 0 ? "\n    [" : ",\n    ["
            for j in 0..<embedding.columns {
                if j > 0 { out += ", " }
                JSONValue.appendNumber(embedding.elements[i * embedding.columns + j], to: &out)
            }
            out += "]"
        }
        out += embedding.rows > 0 ? "\n  ]" : "]"
        out += ",\n  \"labels\": "
        JSONValue.append(document.labels.map { .array($0.map(JSONValue.string)) } ?? .null, to: &out)
        out += ",\n  \"metrics\": "
        JSONValue.append(.object(document.metrics.mapValues(JSONValue.number)), to: &out)
        out += ",\n  \"eigenvalues\": "
        JSONValue.append(document.eigenvalues.map { JSONValue($0) } ?? .null, to: &out)
        out += "\n}\n"
        return out
    }

    private static func validate(_ document: EmbeddingDocument) throws {
        if let labels = document.labels, labels.count != document.embedding.rows {
            throw DataIOError.invalidArgument(
                operation: "EmbeddingWriter",
                message: "\(labels.count) labels for an embedding of \(document.embedding.rows) rows")
        }
        if let names = document.columnNames, names.count != document.embedding.columns {
            throw DataIOError.invalidArgument(
                operation: "EmbeddingWriter",
                message: "\(names.count) column names for an embedding of \(document.embedding.columns) columns")
        }
    }
}
