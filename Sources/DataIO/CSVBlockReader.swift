#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LinearAlgebra

/// Reads a delimited text table (a file, or standard input for `-`) in blocks of rows, so a table of any length
/// is processed in memory bounded by the block size: `next()` returns the next `blockRows` data rows, `nil` at
/// the end.
///
/// The rules are `CSVReader`'s: the delimiter and the header are detected from the first records unless given,
/// quoted fields may hold delimiters, quotes (`""`) and line breaks (RFC 4180), CRLF line ends are accepted, a
/// last line without a newline is a record, blank lines and `#` comment lines are skipped, a UTF-8 byte-order
/// mark is ignored. The input is read in chunks of `chunkSize` bytes; a record cut by a chunk's end (even inside
/// a quoted field) is completed from the next chunk.
///
/// Besides the label column, `keepColumns` names columns that are not features: their cells are kept as text,
/// row by row (for `dimred transform --keep-columns id,...`, so results join back to their rows).
///
/// ```swift
/// let reader = try CSVBlockReader(path: "huge.csv", keepColumns: [.name("id")], blockRows: 65_536)
/// while let block = try reader.next() { use(block.features, block.kept) }
/// ```
///
/// - Complexity: O(bytes) time; O(chunkSize + blockRows · (d + kept columns)) memory, whatever the input length.
/// - Throws: from `init` and `next()`, `DataIOError` naming the source and the line: `.unreadable`, `.empty`,
///   `.raggedRow`, `.nonNumeric`, `.nonFinite` (per `options.nonFinite`), `.unterminatedQuote`, `.unknownColumn`,
///   `.columnOutOfRange`, `.noHeader`, `.noNumericColumns`, `.notUTF8`, `.invalidArgument`.
public final class CSVBlockReader {
    /// Rows of one block.
    public struct Block: Sendable, Equatable {
        /// The numeric cells, one row per data row kept.
        public var features: Matrix
        /// The kept columns' cells, row-major (`rows × keptNames.count`).
        public var kept: [String]
        /// The label column's cells, when `options.labelColumn` names one.
        public var labels: [String]?
        /// The 1-based input line where each row starts.
        public var lineNumbers: [Int]
        /// Rows left out because they held NaN, infinity or an empty cell (`nonFinite: .dropRow`).
        public var droppedRows: Int
    }

    /// The feature columns' names (header cells, or `column1`, ... by position without a header).
    public private(set) var featureNames: [String] = []
    /// The kept columns' names, in the order asked for.
    public private(set) var keptNames: [String] = []
    /// The label column's name, when there is one.
    public private(set) var labelName: String?
    /// The delimiter used (given or detected).
    public private(set) var delimiter: Character = ","
    /// Whether the first record was read as a header.
    public private(set) var hasHeader = false

    /// The input's name in messages: its path, `<stdin>` for standard input, or the `source` given with bytes.
    public let source: String
    private let options: CSVReadOptions
    private let keepColumns: [CSVReadOptions.Column]
    private let blockRows: Int
    private let chunkSize: Int
    private let readBytes: (UnsafeMutableRawBufferPointer) throws -> Int
    private var closeSource: (() -> Void)?

    // The unconsumed input: bytes[consumed ..< filled]; records are found from `scanned` on.
    private var bytes: [UInt8] = []
    private var consumed = 0
    private var filled = 0
    private var scanned = 0
    private var inQuotes = false
    private var quoteLine = 0
    private var line = 1
    private var recordLine = 1
    private var atEnd = false
    private var started = false
    private var finished = false

    // The layout, fixed by the first block.
    private var delimiterByte = UInt8(ascii: ",")
    private var comment: UInt8?
    private var columnCount = 0
    private var featureColumns: [Int] = []
    private var keptIndices: [Int] = []
    private var labelIndex: Int?
    private var names: [String]?

    /// A reader of the file at `path` (`-`: standard input).
    ///
    /// - Parameters:
    ///   - path: the file to read, or `-` for standard input.
    ///   - options: delimiter, header, comment and label settings (as `CSVReader`).
    ///   - keepColumns: columns that are not features: their cells are kept as text, in this order.
    ///   - blockRows: data rows per block (at least 1).
    ///   - chunkSize: bytes per read (at least 1).
    /// - Throws: `DataIOError.unreadable` when the file cannot be opened or is a folder, `.invalidArgument` for a
    ///   block or chunk size below 1 or a delimiter that is not one ASCII character.
    public convenience init(path: String, options: CSVReadOptions = CSVReadOptions(),
                            keepColumns: [CSVReadOptions.Column] = [], blockRows: Int = 65_536,
                            chunkSize: Int = 1 << 22) throws {
        try self.init(input: InputByteStream(path: path), options: options, keepColumns: keepColumns,
                      blockRows: blockRows, chunkSize: chunkSize)
    }

    /// A reader of `input` (a file, standard input after a `peek` at its first bytes, or memory).
    ///
    /// - Throws: `DataIOError.invalidArgument` as `init(path:...)`.
    public convenience init(input: InputByteStream, options: CSVReadOptions = CSVReadOptions(),
                            keepColumns: [CSVReadOptions.Column] = [], blockRows: Int = 65_536,
                            chunkSize: Int = 1 << 22) throws {
        try self.init(source: input.source, options: options, keepColumns: keepColumns, blockRows: blockRows,
                      chunkSize: chunkSize, close: { input.close() }) { buffer in try input.read(into: buffer) }
    }

    /// A reader of bytes held in memory (UTF-8 text), read `chunkSize` bytes at a time as a file would be.
    public convenience init(bytes input: [UInt8], source: String = "<memory>", options: CSVReadOptions = CSVReadOptions(),
                            keepColumns: [CSVReadOptions.Column] = [], blockRows: Int = 65_536,
                            chunkSize: Int = 1 << 22) throws {
        var position = 0
        try self.init(source: source, options: options, keepColumns: keepColumns, blockRows: blockRows,
                      chunkSize: chunkSize, close: {}) { buffer in
            let count = min(buffer.count, input.count - position)
            input.withUnsafeBytes { whole in
                buffer.baseAddress!.copyMemory(from: whole.baseAddress! + position, byteCount: count)
            }
            position += count
            return count
        }
    }

    private init(source: String, options: CSVReadOptions, keepColumns: [CSVReadOptions.Column], blockRows: Int,
                 chunkSize: Int, close: @escaping () -> Void,
                 read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        self.source = source
        self.options = options
        self.keepColumns = keepColumns
        self.blockRows = blockRows
        self.chunkSize = chunkSize
        self.readBytes = read
        self.closeSource = close
        guard blockRows >= 1, chunkSize >= 1 else {
            closeNow()
            throw DataIOError.invalidArgument(operation: "CSVBlockReader",
                                              message: "blockRows = \(blockRows) and chunkSize = \(chunkSize) must be at least 1")
        }
        do {
            comment = try CSVScanner.asciiByte(options.commentCharacter, role: "comment character", operation: "CSVBlockReader")
            if let given = try CSVScanner.asciiByte(options.delimiter, role: "delimiter", operation: "CSVBlockReader") { delimiterByte = given }
        } catch {
            closeNow()
            throw error
        }
    }

    deinit { closeNow() }

    /// Closes the input (once).
    private func closeNow() {
        closeSource?()
        closeSource = nil
    }

    /// The next block of at most `blockRows` data rows, `nil` after the last.
    public func next() throws -> Block? {
        guard !finished else { return nil }
        var records = CSVScanner.Records()
        // Before the layout is known, a few records more: the header and 20 records decide the delimiter.
        let wanted = started ? blockRows : max(blockRows, 21) + 1
        try collect(&records, wanted: wanted)
        if !started {
            guard records.count > 0 else { finished = true; throw DataIOError.empty(source: source) }
            try fixLayout(records)
            started = true
            if hasHeader { records = Self.dropFirst(records) }
            if records.count == 0 && atEnd { finished = true; throw DataIOError.empty(source: source) }
            if records.count > blockRows {
                // The records read ahead for the layout come again in the next blocks.
                scanned = records.starts[blockRows]
                line = records.lines[blockRows]
                inQuotes = false
                records.starts.removeSubrange(blockRows...)
                records.ends.removeSubrange(blockRows...)
                records.lines.removeSubrange(blockRows...)
            }
        }
        if records.count == 0 { finished = true; closeNow(); return nil }
        let block = try parse(records)
        consumed = scanned
        return block
    }

    private static func dropFirst(_ records: CSVScanner.Records) -> CSVScanner.Records {
        var rest = CSVScanner.Records()
        rest.starts = Array(records.starts.dropFirst())
        rest.ends = Array(records.ends.dropFirst())
        rest.lines = Array(records.lines.dropFirst())
        return rest
    }

    /// Finds up to `wanted` complete records from `consumed` on, reading more input as needed. Record ranges are
    /// offsets into `bytes`, valid until the next call.
    private func collect(_ records: inout CSVScanner.Records, wanted: Int) throws {
        // Move the unconsumed bytes to the front.
        if consumed > 0 {
            bytes.withUnsafeMutableBufferPointer { b in
                let remaining = filled - consumed
                if remaining > 0 { (b.baseAddress!).update(from: b.baseAddress! + consumed, count: remaining) }
            }
            filled -= consumed
            scanned -= consumed
            consumed = 0
        }
        var recordStart = 0
        while records.count < wanted {
            if scanned == filled {
                if atEnd {
                    if recordStart < filled {
                        if inQuotes { throw DataIOError.unterminatedQuote(source: source, line: quoteLine) }
                        append(&records, recordStart, filled)
                        recordStart = filled
                    }
                    break
                }
                try fill()
                continue
            }
            let c = bytes[scanned]
            if scanned == recordStart {
                recordLine = line
                if !started && filled >= 3 && scanned == 0 && line == 1 && bytes[0] == 0xEF && bytes[1] == 0xBB
                    && bytes[2] == 0xBF {
                    scanned = 3
                    recordStart = 3
                    continue
                }
            }
            if c == CSVScanner.quote && !(comment != nil && bytes[recordStart] == comment!) {
                if !inQuotes { quoteLine = line }
                inQuotes.toggle()
            } else if c == CSVScanner.newline {
                line += 1
                if !inQuotes {
                    append(&records, recordStart, scanned)
                    recordStart = scanned + 1
                }
            }
            scanned += 1
        }
        // Bytes of an incomplete record stay for the next call: rescan it from its start.
        if recordStart < scanned && !(atEnd && scanned == filled) {
            // Undo the line count and quote state of the partial record.
            for t in recordStart..<scanned where bytes[t] == CSVScanner.newline { line -= 1 }
            inQuotes = false
            scanned = recordStart
        } else {
            scanned = recordStart
        }
    }

    /// Appends the record `[start, end)` unless blank or a comment (CR before the end dropped).
    private func append(_ records: inout CSVScanner.Records, _ start: Int, _ end: Int) {
        var last = end
        if last > start && bytes[last - 1] == CSVScanner.carriageReturn { last -= 1 }
        var first = start
        while first < last && (bytes[first] == CSVScanner.space || bytes[first] == CSVScanner.tab) { first += 1 }
        if first == last { return }
        if let comment, bytes[start] == comment { return }
        records.starts.append(start)
        records.ends.append(last)
        records.lines.append(recordLine)
    }

    /// Reads one more chunk (at least `chunkSize` bytes of room).
    private func fill() throws {
        // Room for one chunk; a small input never gets more than it needs (one read past its end).
        if bytes.count - filled < chunkSize {
            bytes.append(contentsOf: [UInt8](repeating: 0, count: chunkSize + bytes.count / 2))
        }
        let got = try bytes.withUnsafeMutableBytes { buffer in
            try readBytes(UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<min(buffer.count, filled + chunkSize)]))
        }
        if got == 0 { atEnd = true } else { filled += got }
    }

    /// Decides the delimiter, the header and the columns from the first records.
    private func fixLayout(_ records: CSVScanner.Records) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            let scanner = CSVScanner(base: buffer.baseAddress!, count: filled, source: source)
            if options.delimiter == nil { delimiterByte = scanner.detectDelimiter(records) }
            delimiter = Character(UnicodeScalar(delimiterByte))
            let columns = try CSVColumns(scanner, records, delimiter: delimiterByte, header: options.header,
                                         labelColumn: options.labelColumn ?? keepColumns.first { if case .name = $0 { return true } else { return false } })
            columnCount = columns.count
            hasHeader = columns.hasHeader
            let columnNames = columns.names
            labelIndex = try options.labelColumn.map(columns.index(of:))
            keptIndices = try keepColumns.map(columns.index(of:))
            let text = Set(keptIndices + (labelIndex.map { [$0] } ?? []))
            featureColumns = (0..<columnCount).filter { !text.contains($0) }
            guard !featureColumns.isEmpty else { throw DataIOError.noNumericColumns(source: source) }
            featureNames = featureColumns.map { columnNames[$0] }
            keptNames = keptIndices.map { columnNames[$0] }
            labelName = labelIndex.map { columnNames[$0] }
            names = hasHeader ? columnNames : nil
        }
    }

    /// Parses the records into a block.
    private func parse(_ records: CSVScanner.Records) throws -> Block {
        let d = featureColumns.count
        var values = [Double](repeating: 0, count: records.count * d)
        var kept: [String] = []
        kept.reserveCapacity(records.count * keptIndices.count)
        var labels: [String]? = labelIndex == nil ? nil : []
        var lines: [Int] = []
        lines.reserveCapacity(records.count)
        var rows = 0, dropped = 0
        var isFeature = [Bool](repeating: false, count: columnCount)
        for j in featureColumns { isFeature[j] = true }
        try bytes.withUnsafeBufferPointer { buffer in
            let scanner = CSVScanner(base: buffer.baseAddress!, count: filled, source: source)
            var fields: [CSVScanner.Field] = []
            for r in 0..<records.count {
                scanner.split(records.starts[r], records.ends[r], delimiter: delimiterByte, into: &fields)
                let line = records.lines[r]
                guard fields.count == columnCount else {
                    throw DataIOError.raggedRow(source: source, line: line, fields: fields.count, expected: columnCount)
                }
                var rowDropped = false
                var k = rows * d
                for j in 0..<columnCount where isFeature[j] {
                    switch scanner.classify(fields[j]) {
                    case let .number(value):
                        values[k] = value
                    case let .nonFinite(value):
                        switch options.nonFinite {
                        case .keep: values[k] = value
                        case .dropRow: rowDropped = true
                        case .reject:
                            throw DataIOError.nonFinite(source: source, line: line, column: j + 1, columnName: names?[j],
                                                        text: scanner.text(of: fields[j]))
                        }
                    case .text:
                        throw DataIOError.nonNumeric(source: source, line: line, column: j + 1, columnName: names?[j],
                                                     text: scanner.text(of: fields[j]))
                    }
                    k += 1
                }
                if rowDropped { dropped += 1; continue }
                for j in keptIndices {
                    guard let text = scanner.validText(of: fields[j]) else {
                        throw DataIOError.notUTF8(source: source, line: line, column: j + 1)
                    }
                    kept.append(text)
                }
                if let labelIndex {
                    guard let text = scanner.validText(of: fields[labelIndex]) else {
                        throw DataIOError.notUTF8(source: source, line: line, column: labelIndex + 1)
                    }
                    labels!.append(text)
                }
                lines.append(line)
                rows += 1
            }
        }
        values.removeSubrange((rows * d)...)
        return Block(features: Matrix(rows: rows, columns: d, elements: values), kept: kept, labels: labels,
                     lineNumbers: lines, droppedRows: dropped)
    }
}
