import LinearAlgebra

/// Writes a numeric table (and an optional string label column) as CSV, RFC 4180.
///
/// Numbers are written with the shortest text that reads back to the same `Double` (Swift's `description`,
/// e.g. `0.1`, `-1.2345678901234567`, `1e-05`), so a round trip through the file is bit-exact; NaN and
/// infinity are written `nan`, `inf`, `-inf`, which `CSVReader` and NumPy read back. Cells holding the
/// delimiter, a quote, a line break or surrounding blanks are quoted, with quotes doubled.
public enum CSVWriter {
    /// The CSV bytes of `matrix` with a header row of `columnNames` (none when `nil`) and, when given, a
    /// last column `labelName` holding `labels`.
    ///
    /// - Throws: `DataIOError.invalidArgument` when `columnNames` or `labels` do not match the matrix.
    public static func encode(_ matrix: Matrix, columnNames: [String]?, labels: [String]? = nil,
                              labelName: String = "label", delimiter: Character = ",") throws -> [UInt8] {
        if let columnNames, columnNames.count != matrix.columns {
            throw DataIOError.invalidArgument(
                operation: "CSVWriter",
                message: "\(columnNames.count) column names for a matrix with \(matrix.columns) columns")
        }
        if let labels, labels.count != matrix.rows {
            throw DataIOError.invalidArgument(
                operation: "CSVWriter", message: "\(labels.count) labels for a matrix with \(matrix.rows) rows")
        }
        guard let separator = delimiter.asciiValue, delimiter != "\"", delimiter != "\n", delimiter != "\r" else {
            throw DataIOError.invalidArgument(operation: "CSVWriter",
                                              message: "the delimiter '\(delimiter)' must be one ASCII character other than a quote or a line break")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(matrix.rows * (matrix.columns * 20 + 1) + 64)
        if let columnNames {
            var header = columnNames
            if labels != nil { header.append(labelName) }
            for (index, name) in header.enumerated() {
                if index > 0 { bytes.append(separator) }
                appendCell(name, separator: separator, to: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        matrix.elements.withUnsafeBufferPointer { values in
            for i in 0..<matrix.rows {
                for j in 0..<matrix.columns {
                    if j > 0 { bytes.append(separator) }
                    bytes.append(contentsOf: values[i * matrix.columns + j].description.utf8)
                }
                if let labels {
                    bytes.append(separator)
                    appendCell(labels[i], separator: separator, to: &bytes)
                }
                bytes.append(UInt8(ascii: "\n"))
            }
        }
        return bytes
    }

    /// Writes `matrix` (and labels) to `path` atomically; see `encode(_:columnNames:labels:labelName:delimiter:)`.
    ///
    /// - Throws: the errors of `encode` and of `AtomicFileWriter.write(_:to:)`.
    public static func write(_ matrix: Matrix, columnNames: [String]?, labels: [String]? = nil,
                             labelName: String = "label", delimiter: Character = ",", to path: String) throws {
        let bytes = try encode(matrix, columnNames: columnNames, labels: labels, labelName: labelName,
                               delimiter: delimiter)
        try AtomicFileWriter.write(bytes, to: path)
    }

    /// Appends one text cell, quoted when it must be.
    static func appendCell(_ text: String, separator: UInt8, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        let needsQuotes = utf8.contains { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20 || utf8.first == 0x23
        guard needsQuotes else { bytes.append(contentsOf: utf8); return }
        bytes.append(0x22)
        for byte in utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
    }
}
