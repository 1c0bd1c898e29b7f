/// The columns of a CSV input as its first two records decide them: whether the first record is a header
/// (`CSVReadOptions.Header`), the column names (the header's cells, else `column1`, `column2`, …), and a
/// `CSVReadOptions.Column` (by name or position) resolved to an index. `CSVReader` and `CSVBlockReader` share it.
struct CSVColumns {
    /// Whether the first record is a header.
    let hasHeader: Bool
    /// One name per column: the header's cells, or `column1`, `column2`, … without a header.
    let names: [String]
    /// The input's name in error messages.
    let source: String

    /// The number of columns (fields of the first record).
    var count: Int { names.count }

    /// The columns of records `records` of `scanner` split at `delimiter`.
    /// - Parameter labelColumn: a label column named in the options: a first record that contains its name is a
    ///   header (for `.detect`).
    /// - Throws: `DataIOError.notUTF8` for a header cell that is not UTF-8.
    init(_ scanner: CSVScanner, _ records: CSVScanner.Records, delimiter: UInt8, header: CSVReadOptions.Header,
         labelColumn: CSVReadOptions.Column?) throws {
        source = scanner.source
        var first: [CSVScanner.Field] = []
        scanner.split(records.starts[0], records.ends[0], delimiter: delimiter, into: &first)
        switch header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .detect:
            var second: [CSVScanner.Field] = []
            if records.count > 1 { scanner.split(records.starts[1], records.ends[1], delimiter: delimiter, into: &second) }
            hasHeader = CSVReader.detectHeader(scanner, first, second, labelColumn: labelColumn)
        }
        let source = source
        names = try hasHeader
            ? first.enumerated().map { j, field in
                guard let name = scanner.validText(of: field) else {
                    throw DataIOError.notUTF8(source: source, line: records.lines[0], column: j + 1)
                }
                return name
            }
            : (1...first.count).map { "column\($0)" }
    }

    /// The index of `column`: its header name's position, or its position (negative counts from the end).
    /// - Throws: `DataIOError.noHeader` for a name without a header, `.unknownColumn` for a name not in it,
    ///   `.columnOutOfRange` for a position outside the columns.
    func index(of column: CSVReadOptions.Column) throws -> Int {
        switch column {
        case let .name(name):
            guard hasHeader else { throw DataIOError.noHeader(source: source, name: name) }
            guard let index = names.firstIndex(of: name) else {
                throw DataIOError.unknownColumn(source: source, name: name, available: names)
            }
            return index
        case let .index(index):
            let resolved = index < 0 ? count + index : index
            guard resolved >= 0 && resolved < count else {
                throw DataIOError.columnOutOfRange(source: source, index: index, columns: count)
            }
            return resolved
        }
    }
}
