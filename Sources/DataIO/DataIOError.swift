/// What went wrong while reading or writing a data file, with enough detail to find and fix it.
///
/// The `description` is one line that names the file, the place (line and column, both counted from 1, as
/// editors and `awk` count them), the offending value and what to do. `source` is the path as given, or
/// `"<stdin>"` for standard input, or `"<memory>"` for bytes parsed directly.
public enum DataIOError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be opened.
    case unreadable(source: String, reason: String)
    /// The input has no data rows (only blank lines, comments or a header).
    case empty(source: String)
    /// A row has a different number of fields from the first row.
    case raggedRow(source: String, line: Int, fields: Int, expected: Int)
    /// A cell in a numeric column is not a number.
    case nonNumeric(source: String, line: Int, column: Int, columnName: String?, text: String)
    /// A cell is NaN, infinite or empty (a missing value) and non-finite values were not allowed.
    case nonFinite(source: String, line: Int, column: Int, columnName: String?, text: String)
    /// A quoted field opened on `line` is never closed.
    case unterminatedQuote(source: String, line: Int)
    /// The label column named `name` is not in the header.
    case unknownColumn(source: String, name: String, available: [String])
    /// The label column index is outside the row.
    case columnOutOfRange(source: String, index: Int, columns: Int)
    /// A label column was chosen by name but the file has no header row.
    case noHeader(source: String, name: String)
    /// Every column is the label column: nothing numeric is left.
    case noNumericColumns(source: String)
    /// The bytes are not an NPY file, or its header is malformed or truncated.
    case invalidNPY(source: String, reason: String)
    /// The NPY data type is not one this reader understands.
    case unsupportedNPYType(source: String, descr: String)
    /// The NPY array has more than two dimensions.
    case unsupportedNPYShape(source: String, shape: [Int])
    /// The NPY array holds no values (a dimension is 0), so it is no data matrix.
    case emptyNPY(source: String, shape: [Int])
    /// A cell (header name, label or other text) is not valid UTF-8.
    case notUTF8(source: String, line: Int, column: Int)
    /// An embedding file's field disagrees with the embedding or with the data it is compared with.
    case invalidEmbedding(source: String, field: String, reason: String)
    /// The text is not valid JSON, or lacks a field a reader needs.
    case invalidJSON(source: String, line: Int, column: Int, reason: String)
    /// The folder of an output path does not exist.
    case missingDirectory(path: String, directory: String)
    /// Writing or renaming an output file failed.
    case writeFailed(path: String, reason: String)
    /// Values handed to a writer do not fit together (for example labels for a different number of rows).
    case invalidArgument(operation: String, message: String)

    public var description: String {
        switch self {
        case let .unreadable(source, reason):
            return "\(source): cannot read the file (\(reason)); check the path and its permissions"
        case let .empty(source):
            return "\(source): no data rows; the file is empty or holds only a header, blank lines or comments"
        case let .raggedRow(source, line, fields, expected):
            return "\(source):\(line): row has \(fields) field\(fields == 1 ? "" : "s") but the first row has \(expected); "
                + "every row needs the same number of columns"
        case let .nonNumeric(source, line, column, name, text):
            return "\(source):\(line): column \(column)\(Self.named(name)): \"\(Self.clip(text))\" is not a number; "
                + "fix the cell, or choose this column as the label column if it holds class names"
        case let .nonFinite(source, line, column, name, text):
            let what = text.isEmpty ? "an empty cell (missing value)" : "\"\(Self.clip(text))\" is not finite"
            return "\(source):\(line): column \(column)\(Self.named(name)): \(what); "
                + "impute or remove it, or drop such rows (nonFinite: .dropRow / --drop-nonfinite)"
        case let .unterminatedQuote(source, line):
            return "\(source):\(line): a quoted field opened here is never closed; add the closing '\"' (write \"\" for a quote inside a field)"
        case let .unknownColumn(source, name, available):
            let shown = available.prefix(20).map { "\"\(Self.clip($0))\"" }.joined(separator: ", ")
            let more = available.count > 20 ? " and \(available.count - 20) more" : ""
            return "\(source): no column named \"\(Self.clip(name))\"; the header has \(shown)\(more)"
        case let .columnOutOfRange(source, index, columns):
            return "\(source): column index \(index) is outside the \(columns) columns (0..<\(columns), or -\(columns)...-1 from the end)"
        case let .noHeader(source, name):
            return "\(source): the label column \"\(Self.clip(name))\" is given by name but the file has no header row; give its index instead"
        case let .noNumericColumns(source):
            return "\(source): no numeric columns are left once the label column is removed"
        case let .invalidNPY(source, reason):
            return "\(source): not a valid NPY file: \(reason)"
        case let .unsupportedNPYType(source, descr):
            return "\(source): NPY data type '\(descr)' is not supported; use float64, float32 or an integer type (e.g. arr.astype('<f8'))"
        case let .unsupportedNPYShape(source, shape):
            return "\(source): NPY array has shape (\(shape.map(String.init).joined(separator: ", "))); only 1-D and 2-D arrays can be read as a matrix"
        case let .emptyNPY(source, shape):
            return "\(source): NPY array of shape (\(shape.map(String.init).joined(separator: ", "))) holds no values; "
                + "a data matrix needs at least one row and one column"
        case let .notUTF8(source, line, column):
            return "\(source):\(line): column \(column): the text is not valid UTF-8; save the file as UTF-8 "
                + "(for example: iconv -f latin1 -t utf-8)"
        case let .invalidEmbedding(source, field, reason):
            return "\(source): embedding file field \"\(field)\": \(reason)"
        case let .invalidJSON(source, line, column, reason):
            return "\(source):\(line):\(column): invalid JSON: \(reason)"
        case let .missingDirectory(path, directory):
            return "\(path): the folder \(directory) does not exist; create it first"
        case let .writeFailed(path, reason):
            return "\(path): cannot write the file (\(reason)); nothing was written"
        case let .invalidArgument(operation, message):
            return "\(operation): \(message)"
        }
    }

    private static func named(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "" }
        return " (\"\(clip(name))\")"
    }

    /// `text` cut to `limit` characters, with control characters (NUL, escape, line breaks) shown as `\u{…}` so
    /// a message stays on one line and cannot drive the terminal.
    static func clip(_ text: String, limit: Int = 40) -> String {
        let short = text.count > limit ? String(text.prefix(limit - 3)) + "..." : text
        guard short.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return short }
        var shown = ""
        for scalar in short.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}
