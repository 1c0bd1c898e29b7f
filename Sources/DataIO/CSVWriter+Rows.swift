import LinearAlgebra

extension CSVWriter {
    /// One CSV header line: `names` joined by `delimiter` (quoted where needed).
    public static func encodeHeader(_ names: [String], delimiter: Character = ",") -> [UInt8] {
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        var bytes: [UInt8] = []
        for (index, name) in names.enumerated() {
            if index > 0 { bytes.append(separator) }
            appendCell(name, separator: separator, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The CSV lines of a block of rows without a header: each row's `leading` text cells first (row-major,
    /// `leadingCount` per row: columns passed through unchanged, such as an id), then the numbers of `matrix`
    /// (shortest round-trip text, as `encode`), then the row's label when `labels` is given.
    ///
    /// - Precondition: `leading.count == matrix.rows · leadingCount`; `labels`, when given, has `matrix.rows` entries.
    public static func encodeRows(_ matrix: Matrix, leading: [String] = [], leadingCount: Int = 0, labels: [String]? = nil,
                                  delimiter: Character = ",") -> [UInt8] {
        precondition(leading.count == matrix.rows * leadingCount, "CSVWriter.encodeRows: \(leading.count) leading cells for \(matrix.rows) × \(leadingCount)")
        precondition(labels == nil || labels!.count == matrix.rows, "CSVWriter.encodeRows: labels do not match the rows")
        let separator = delimiter.asciiValue ?? UInt8(ascii: ",")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(matrix.rows * (matrix.columns * 20 + leadingCount * 8 + 1))
        for i in 0..<matrix.rows {
            for t in 0..<leadingCount {
                appendCell(leading[i * leadingCount + t], separator: separator, to: &bytes)
                bytes.append(separator)
            }
            for j in 0..<matrix.columns {
                if j > 0 { bytes.append(separator) }
                bytes.append(contentsOf: matrix.elements[i * matrix.columns + j].description.utf8)
            }
            if let labels {
                bytes.append(separator)
                appendCell(labels[i], separator: separator, to: &bytes)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
