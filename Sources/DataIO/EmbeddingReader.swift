import LinearAlgebra

/// Reads an embedding back from the files `EmbeddingWriter` writes (for `dimred evaluate` and round trips).
///
/// CSV: every column but one named `label` is a coordinate. NPY: a float64 (or any supported type)
/// array; method and labels are empty. JSON: every field of `EmbeddingWriter.json(_:)`; `null` coordinates
/// read back as NaN.
public enum EmbeddingReader {
    /// Reads the embedding file at `path` in `format` (by default from the path's extension; `-` is
    /// standard input and then needs `format`).
    ///
    /// - Throws: `DataIOError` from the CSV, NPY or JSON readers; `.invalidJSON` for a JSON document without
    ///   an `embedding` array of equal-length rows of numbers.
    public static func read(_ path: String, format: EmbeddingFormat? = nil) throws -> EmbeddingDocument {
        let format = try format ?? EmbeddingFormat(path: path)
        switch format {
        case .csv:
            let bytes = try FileBytes.read(path)
            let source = FileBytes.sourceName(path)
            do {
                let table = try CSVReader.parse(bytes, source: source, options: CSVReadOptions(labelColumn: .name("label"), nonFinite: .keep))
                return EmbeddingDocument(method: "", embedding: table.features, labels: table.labels,
                                         columnNames: table.featureNames)
            } catch DataIOError.unknownColumn, DataIOError.noHeader {
                let table = try CSVReader.parse(bytes, source: source, options: CSVReadOptions(nonFinite: .keep))
                return EmbeddingDocument(method: "", embedding: table.features, columnNames: table.featureNames)
            }
        case .npy:
            return EmbeddingDocument(method: "", embedding: try NPY.read(path))
        case .json:
            let source = FileBytes.sourceName(path)
            return try decode(JSONValue.parse(FileBytes.read(path), source: source), source: source)
        }
    }

    /// The document held by a parsed JSON value.
    ///
    /// - Throws: `DataIOError.invalidJSON` naming the missing or malformed field.
    public static func decode(_ json: JSONValue, source: String = "<memory>") throws -> EmbeddingDocument {
        func invalid(_ reason: String) -> DataIOError { .invalidJSON(source: source, line: 1, column: 1, reason: reason) }
        guard let rows = json["embedding"]?.arrayValue else { throw invalid("no \"embedding\" array of rows") }
        let width = rows.first?.arrayValue?.count ?? json["shape"]?.arrayValue?.last?.intValue ?? 0
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * width)
        for (index, row) in rows.enumerated() {
            guard let values = row.arrayValue, values.count == width else {
                throw invalid("embedding row \(index + 1) is not an array of \(width) numbers")
            }
            for value in values {
                guard let number = value.doubleValue else { throw invalid("embedding row \(index + 1) holds a non-number") }
                elements.append(number)
            }
        }
        let embedding = Matrix(rows: rows.count, columns: width, elements: elements)
        var labels: [String]?
        if let array = json["labels"]?.arrayValue {
            labels = try array.map { guard let text = $0.stringValue else { throw invalid("a label is not a string") }; return text }
            guard labels!.count == rows.count else { throw invalid("\(labels!.count) labels for \(rows.count) rows") }
        }
        var parameters: [String: JSONValue] = [:]
        if case let .object(members)? = json["parameters"] { parameters = members }
        var metrics: [String: Double] = [:]
        if case let .object(members)? = json["metrics"] { metrics = members.compactMapValues(\.doubleValue) }
        let eigenvalues = json["eigenvalues"]?.arrayValue?.compactMap(\.doubleValue)
        var columnNames = json["columns"]?.arrayValue?.compactMap(\.stringValue)
        if columnNames?.count != width { columnNames = nil }
        return EmbeddingDocument(method: json["method"]?.stringValue ?? "", parameters: parameters, embedding: embedding,
                                 labels: labels, metrics: metrics, eigenvalues: eigenvalues, columnNames: columnNames)
    }
}
