import LinearAlgebra

/// Reads an embedding back from the files `EmbeddingWriter` writes (for `dimred evaluate` and round trips).
///
/// CSV: every column but one named `label` is a coordinate. NPY: a float64 (or any supported type)
/// array; method and labels are empty. JSON: every field of `EmbeddingWriter.json(_:)`; `null` coordinates
/// read back as NaN.
///
/// Embedding files travel between machines, so every field is checked: the JSON `shape` must be the
/// `[rows, columns]` of the `embedding` array, `labels` one string per row, `columns` one name per column,
/// `metrics` and `eigenvalues` numbers; an embedding with no rows or no columns is refused. `read(_:format:rows:)`
/// also checks the embedding against the data it is compared with: the same number of rows, every coordinate finite.
public enum EmbeddingReader {
    /// Reads the embedding file at `path` in `format` (by default from the path's extension; `-` is
    /// standard input and then needs `format`).
    ///
    /// - Throws: `DataIOError` from the CSV, NPY or JSON readers; `.invalidEmbedding` naming the JSON field that
    ///   is missing, of the wrong type or disagrees with the embedding, or an embedding without rows or columns.
    public static func read(_ path: String, format: EmbeddingFormat? = nil) throws -> EmbeddingDocument {
        let format = try format ?? EmbeddingFormat(path: path)
        return try decode(FileBytes.read(path), format: format, source: FileBytes.sourceName(path))
    }

    /// Reads the embedding of `rows` data rows at `path`, as `dimred evaluate` needs it: exactly `rows` rows,
    /// at least one column and every coordinate finite.
    ///
    /// - Throws: as `read(_:format:)`, and `DataIOError.invalidEmbedding` naming the row count or the first
    ///   non-finite coordinate.
    public static func read(_ path: String, format: EmbeddingFormat? = nil, rows: Int) throws -> EmbeddingDocument {
        let document = try read(path, format: format)
        try validate(document, rows: rows, source: FileBytes.sourceName(path))
        return document
    }

    /// Checks that `document` is an embedding of `rows` data rows: the same row count and finite coordinates.
    ///
    /// - Throws: `DataIOError.invalidEmbedding` naming the file (`source`), the field and the value at fault.
    public static func validate(_ document: EmbeddingDocument, rows: Int, source: String = "<memory>") throws {
        let embedding = document.embedding
        guard embedding.rows == rows else {
            throw DataIOError.invalidEmbedding(
                source: source, field: "embedding",
                reason: "\(embedding.rows) rows but the data has \(rows); give the embedding of this data, one row per data row")
        }
        if let index = embedding.elements.firstIndex(where: { !$0.isFinite }) {
            let value = embedding.elements[index]
            throw DataIOError.invalidEmbedding(
                source: source, field: "embedding",
                reason: "row \(index / embedding.columns + 1), column \(index % embedding.columns + 1) is "
                    + "\(value.isNaN ? "NaN or missing" : "\(value)"); every coordinate must be finite to compare distances")
        }
    }

    /// The document held by the bytes of an embedding file in `format`; `source` names them in messages.
    ///
    /// - Throws: as `read(_:format:)`.
    public static func decode(_ bytes: [UInt8], format: EmbeddingFormat, source: String = "<memory>") throws -> EmbeddingDocument {
        switch format {
        case .csv:
            do {
                let table = try CSVReader.parse(bytes, source: source, options: CSVReadOptions(labelColumn: .name("label"), nonFinite: .keep))
                return EmbeddingDocument(method: "", embedding: table.features, labels: table.labels,
                                         columnNames: table.featureNames)
            } catch DataIOError.unknownColumn, DataIOError.noHeader {
                let table = try CSVReader.parse(bytes, source: source, options: CSVReadOptions(nonFinite: .keep))
                return EmbeddingDocument(method: "", embedding: table.features, columnNames: table.featureNames)
            }
        case .npy:
            return EmbeddingDocument(method: "", embedding: try NPY.decode(bytes, source: source))
        case .json:
            return try decode(JSONValue.parse(bytes, source: source), source: source)
        }
    }

    /// The document held by a parsed JSON value.
    ///
    /// - Throws: `DataIOError.invalidEmbedding` naming the missing or malformed field.
    public static func decode(_ json: JSONValue, source: String = "<memory>") throws -> EmbeddingDocument {
        func invalid(_ field: String, _ reason: String) -> DataIOError {
            .invalidEmbedding(source: source, field: field, reason: reason)
        }
        /// The member `key` unless it is absent or `null`.
        func member(_ key: String) -> JSONValue? {
            if let value = json[key], value != .null { return value }
            return nil
        }
        guard case .object = json else { throw invalid("embedding", "the document is not a JSON object") }
        guard let rows = json["embedding"]?.arrayValue else { throw invalid("embedding", "missing; it must be an array of rows") }
        guard let width = rows.first?.arrayValue?.count else {
            throw invalid("embedding", rows.isEmpty ? "has no rows; an embedding needs at least one row"
                                                    : "row 1 is not an array of numbers")
        }
        guard width > 0 else { throw invalid("embedding", "row 1 is empty; an embedding needs at least one column") }
        var elements: [Double] = []
        elements.reserveCapacity(rows.count * width)  // each row is already in memory: no overflow
        for (index, row) in rows.enumerated() {
            guard let values = row.arrayValue, values.count == width else {
                throw invalid("embedding", "row \(index + 1) is not an array of \(width) numbers, as row 1 is")
            }
            for (column, value) in values.enumerated() {
                guard let number = value.doubleValue else {
                    throw invalid("embedding", "row \(index + 1), column \(column + 1) is not a number or null")
                }
                elements.append(number)
            }
        }
        let embedding = Matrix(rows: rows.count, columns: width, elements: elements)

        if let shape = member("shape") {
            let sizes = shape.arrayValue?.map(\.intValue)
            guard let sizes, sizes.count == 2, let shapeRows = sizes[0], let shapeColumns = sizes[1] else {
                throw invalid("shape", "\(clipped(shape)) is not [rows, columns]")
            }
            guard shapeRows == rows.count && shapeColumns == width else {
                throw invalid("shape", "[\(shapeRows), \(shapeColumns)] disagrees with the embedding array of "
                    + "\(rows.count) rows of \(width)")
            }
        }
        var labels: [String]?
        if let value = member("labels") {
            guard let array = value.arrayValue else { throw invalid("labels", "\(clipped(value)) is not an array of strings") }
            labels = try array.enumerated().map { index, label in
                guard let text = label.stringValue else { throw invalid("labels", "label \(index + 1) is not a string") }
                return text
            }
            guard array.count == rows.count else {
                throw invalid("labels", "\(array.count) labels for \(rows.count) rows; give one label per row")
            }
        }
        var columnNames: [String]?
        if let value = member("columns") {
            let names = value.arrayValue?.compactMap(\.stringValue)
            guard let names, names.count == value.arrayValue?.count else {
                throw invalid("columns", "\(clipped(value)) is not an array of strings")
            }
            guard names.count == width else {
                throw invalid("columns", "\(names.count) column names for \(width) columns; give one name per column")
            }
            columnNames = names
        }
        var method = ""
        if let value = member("method") {
            guard let text = value.stringValue else { throw invalid("method", "\(clipped(value)) is not a string") }
            method = text
        }
        var parameters: [String: JSONValue] = [:]
        if let value = member("parameters") {
            guard case let .object(members) = value else { throw invalid("parameters", "\(clipped(value)) is not an object") }
            parameters = members
        }
        var metrics: [String: Double] = [:]
        if let value = member("metrics") {
            guard case let .object(members) = value else { throw invalid("metrics", "\(clipped(value)) is not an object") }
            for (name, metric) in members {
                guard let number = metric.doubleValue else {
                    throw invalid("metrics", "\"\(DataIOError.clip(name))\" is \(clipped(metric)), not a number")
                }
                metrics[name] = number
            }
        }
        var eigenvalues: [Double]?
        if let value = member("eigenvalues") {
            guard let array = value.arrayValue else { throw invalid("eigenvalues", "\(clipped(value)) is not an array of numbers") }
            eigenvalues = try array.enumerated().map { index, element in
                guard let number = element.doubleValue else {
                    throw invalid("eigenvalues", "eigenvalue \(index + 1) is not a number")
                }
                return number
            }
        }
        return EmbeddingDocument(method: method, parameters: parameters, embedding: embedding,
                                 labels: labels, metrics: metrics, eigenvalues: eigenvalues, columnNames: columnNames)
    }

    /// A JSON value's text, cut short for a message.
    private static func clipped(_ value: JSONValue) -> String {
        var text = ""
        JSONValue.append(value, to: &text)
        return DataIOError.clip(text)
    }
}
