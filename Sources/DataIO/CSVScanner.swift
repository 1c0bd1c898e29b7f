#if canImport(Glibc)
import Glibc
#endif

/// The byte-level pieces of the CSV reader: splitting the input into records (lines, except that a quoted
/// field may span lines, RFC 4180) and a record into fields. Works on raw pointers; no `String` per cell.
struct CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// A field's byte range, without its surrounding quotes and blanks.
    struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    /// The records of the input: byte ranges `[starts[r], ends[r])` and 1-based line numbers.
    struct Records {
        var starts: [Int] = []
        var ends: [Int] = []
        var lines: [Int] = []
        var count: Int { starts.count }
    }

    /// The byte of a delimiter or comment character given in `CSVReadOptions` (nil stays nil).
    /// - Throws: `DataIOError.invalidArgument` naming `operation` for a character that is not one ASCII byte, or
    ///   is a quote or a line break.
    static func asciiByte(_ character: Character?, role: String, operation: String) throws -> UInt8? {
        guard let character else { return nil }
        guard let ascii = character.asciiValue, character != "\"", character != "\n", character != "\r" else {
            throw DataIOError.invalidArgument(
                operation: operation,
                message: "the \(role) '\(character)' must be one ASCII character other than a quote or a line break")
        }
        return ascii
    }

    let base: UnsafePointer<UInt8>
    let count: Int
    let source: String

    /// Splits the input into records, skipping blank lines, comment lines and a UTF-8 byte-order mark.
    ///
    /// - Throws: `DataIOError.unterminatedQuote` naming the line where the open quote began.
    func records(comment: UInt8?) throws -> Records {
        var records = Records()
        let p = base
        let n = count
        var i = (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0
        let hasQuotes = memchr(p + i, Int32(Self.quote), n - i) != nil
        var line = 1
        records.starts.reserveCapacity(n / 64 + 1)
        records.ends.reserveCapacity(n / 64 + 1)
        records.lines.reserveCapacity(n / 64 + 1)
        while i < n {
            let start = i
            let startLine = line
            var j = i
            if hasQuotes && !(comment != nil && p[i] == comment!) {
                var inQuotes = false
                var quoteLine = line
                while j < n {
                    let c = p[j]
                    if c == Self.quote {
                        if !inQuotes { quoteLine = line }
                        inQuotes.toggle()
                    } else if c == Self.newline {
                        if !inQuotes { break }
                        line += 1
                    }
                    j += 1
                }
                if inQuotes { throw DataIOError.unterminatedQuote(source: source, line: quoteLine) }
            } else if let found = memchr(p + i, Int32(Self.newline), n - i) {
                j = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - p
            } else {
                j = n
            }
            var end = j
            if end > start && p[end - 1] == Self.carriageReturn { end -= 1 }
            i = j + 1
            line += 1
            var first = start
            while first < end && (p[first] == Self.space || p[first] == Self.tab) { first += 1 }
            if first == end { continue }
            if let comment, p[start] == comment { continue }
            records.starts.append(start)
            records.ends.append(end)
            records.lines.append(startLine)
        }
        return records
    }

    /// Splits the record `[start, end)` into `fields` (cleared first). Blanks around unquoted fields are
    /// trimmed (spaces, and tabs unless the delimiter is a tab); `""` inside a quoted field stays doubled
    /// here and is undone by `text(of:)`.
    @inline(__always)
    func split(_ start: Int, _ end: Int, delimiter: UInt8, into fields: inout [Field]) {
        fields.removeAll(keepingCapacity: true)
        let p = base
        let trimTabs = delimiter != Self.tab
        @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == Self.space || (trimTabs && c == Self.tab) }
        var i = start
        while true {
            while i < end && isBlank(p[i]) && p[i] != delimiter { i += 1 }
            if i < end && p[i] == Self.quote {
                i += 1
                let fieldStart = i
                while i < end {
                    if p[i] == Self.quote {
                        if i + 1 < end && p[i + 1] == Self.quote { i += 2; continue }
                        break
                    }
                    i += 1
                }
                fields.append(Field(start: fieldStart, end: min(i, end), quoted: true))
                // Skip the closing quote and anything up to the next delimiter.
                while i < end && p[i] != delimiter { i += 1 }
            } else {
                let fieldStart = i
                while i < end && p[i] != delimiter { i += 1 }
                var fieldEnd = i
                while fieldEnd > fieldStart && isBlank(p[fieldEnd - 1]) { fieldEnd -= 1 }
                fields.append(Field(start: fieldStart, end: fieldEnd, quoted: false))
            }
            if i < end && p[i] == delimiter { i += 1 } else { break }
        }
    }

    /// The text of a field, with `""` inside quotes turned into `"`; bytes that are not UTF-8 become U+FFFD
    /// (for messages; data goes through `validText(of:)`).
    func text(of field: Field) -> String {
        withUnescaped(field) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of a field as `text(of:)` reads it, or `nil` when its bytes are not valid UTF-8 (two different
    /// Latin-1 labels must not collapse into the same replacement character).
    func validText(of field: Field) -> String? {
        withUnescaped(field) { String(validating: $0, as: UTF8.self) }
    }

    /// `body` on the field's bytes with `""` inside quotes undone.
    private func withUnescaped<T>(_ field: Field, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let bytes = UnsafeBufferPointer(start: base + field.start, count: field.end - field.start)
        guard field.quoted, bytes.contains(Self.quote) else { return body(bytes) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            unescaped.append(bytes[k])
            k += (bytes[k] == Self.quote && k + 1 < bytes.count && bytes[k + 1] == Self.quote) ? 2 : 1
        }
        return unescaped.withUnsafeBufferPointer(body)
    }

    /// Whether a field is a number, a non-finite marker or text.
    @inline(__always)
    func classify(_ field: Field) -> NumberParser.Cell {
        NumberParser.parse(base, field.start, field.end)
    }

    /// The delimiter among `,` `\t` `;` `|` that splits the first records into the same number (> 1) of fields;
    /// ties go to the earlier candidate; `,` when no candidate occurs.
    func detectDelimiter(_ records: Records) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), Self.tab, UInt8(ascii: ";"), UInt8(ascii: "|")]
        let sample = min(records.count, 20)
        var fields: [Field] = []
        var best: (delimiter: UInt8, consistent: Bool, count: Int)?
        for candidate in candidates {
            var counts: [Int] = []
            for r in 0..<sample {
                split(records.starts[r], records.ends[r], delimiter: candidate, into: &fields)
                counts.append(fields.count)
            }
            guard let first = counts.first, first > 1 else { continue }
            let consistent = counts.allSatisfy { $0 == first }
            if let current = best {
                if (consistent && !current.consistent) || (consistent == current.consistent && first > current.count) {
                    best = (candidate, consistent, first)
                }
            } else {
                best = (candidate, consistent, first)
            }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }
}
