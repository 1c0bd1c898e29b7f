#if canImport(Glibc)
import Glibc
#endif

/// A strict JSON parser (RFC 8259) into `JSONValue`, with numbers converted exactly: integers that fit `Int`
/// become `.integer`, every other number `.number` rounded correctly (as `strtod` does), so a document written
/// by `EmbeddingWriter` or `JSONValue.jsonText` reads back bit for bit.
struct JSONParser {
    private let bytes: [UInt8]
    private let source: String
    private var position = 0

    init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// Parses one value followed only by white space.
    mutating func parseDocument() throws -> JSONValue {
        skipBlanks()
        let value = try parseValue(depth: 0)
        skipBlanks()
        guard position == bytes.count else { throw failure("unexpected text after the value") }
        return value
    }

    private func failure(_ reason: String) -> DataIOError {
        var line = 1, column = 1
        for byte in bytes.prefix(position) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return .invalidJSON(source: source, line: line, column: column, reason: reason)
    }

    private mutating func skipBlanks() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 512 else { throw failure("nesting deeper than 512 levels") }
        guard position < bytes.count else { throw failure("the text ends where a value was expected") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [String: JSONValue] = [:]
            skipBlanks()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipBlanks()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a member name in quotes") }
                let key = try parseString()
                skipBlanks()
                try expect(":")
                skipBlanks()
                members[key] = try parseValue(depth: depth + 1)
                skipBlanks()
                if try endOrComma("}") { return .object(members) }
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [JSONValue] = []
            skipBlanks()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            while true {
                skipBlanks()
                elements.append(try parseValue(depth: depth + 1))
                skipBlanks()
                if try endOrComma("]") { return .array(elements) }
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return try parseNumber()
        }
    }

    private mutating func expect(_ character: Character) throws {
        guard position < bytes.count, bytes[position] == character.asciiValue! else { throw failure("expected '\(character)'") }
        position += 1
    }

    /// After an element: `true` at the closing bracket, `false` after a comma.
    private mutating func endOrComma(_ close: Character) throws -> Bool {
        guard position < bytes.count else { throw failure("the text ends before '\(close)'") }
        if bytes[position] == close.asciiValue! { position += 1; return true }
        if bytes[position] == UInt8(ascii: ",") { position += 1; return false }
        throw failure("expected ',' or '\(close)'")
    }

    private mutating func literal(_ word: String) throws {
        let utf8 = Array(word.utf8)
        guard bytes.count - position >= utf8.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
            throw failure("unexpected character")
        }
        position += utf8.count
    }

    private mutating func parseString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var run = position
        var ascii = true
        /// Appends the raw bytes `run..<upTo`, which must be UTF-8 (RFC 8259 §8.1).
        func flush(_ upTo: Int) throws {
            if ascii {
                scalars.append(contentsOf: bytes[run..<upTo].lazy.map { Unicode.Scalar($0) })
                return
            }
            guard let text = String(validating: bytes[run..<upTo], as: UTF8.self) else {
                var first = run
                while first < upTo, bytes[first] < 0x80 { first += 1 }
                position = first
                throw failure("a string holds bytes that are not UTF-8; save the file as UTF-8")
            }
            scalars.append(contentsOf: text.unicodeScalars)
            ascii = true
        }
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try flush(position)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("a control character inside a string must be escaped") }
            if byte >= 0x80 { ascii = false }
            if byte != UInt8(ascii: "\\") { position += 1; continue }
            try flush(position)
            position += 1
            guard position < bytes.count else { throw failure("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), bytes.count - position >= 6,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    position += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("an unpaired surrogate in \\u escapes") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw failure("an unpaired surrogate in \\u escapes") }
                scalars.append(scalar)
            default:
                throw failure("unknown escape '\\\(Character(Unicode.Scalar(escape)))'")
            }
            run = position
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard bytes.count - position >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
                throw failure("a \\u escape needs four hex digits")
            }
            value = value * 16 + UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func parseNumber() throws -> JSONValue {
        let start = position
        func digits() -> Int {
            let from = position
            while position < bytes.count, bytes[position] &- 48 < 10 { position += 1 }
            return position - from
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("unexpected character") }
        if integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0") {
            position = integerStart
            throw failure("a number may not have leading zeros")
        }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            isInteger = false
            guard digits() > 0 else { throw failure("a digit must follow the decimal point") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            isInteger = false
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("a digit must follow the exponent mark") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .integer(integer) }
        let value = bytes.withUnsafeBufferPointer { NumberParser.parse($0.baseAddress!, start, position) }
        guard case let .number(number) = value else { throw failure("the number \(text) is out of range") }
        return .number(number)
    }
}

extension JSONValue {
    /// Parses JSON text; numbers read back exactly what `jsonText` wrote.
    ///
    /// - Throws: `DataIOError.invalidJSON` naming the line and column of the first problem.
    public static func parse(_ text: String, source: String = "<memory>") throws -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), source: source)
        return try parser.parseDocument()
    }

    /// Parses JSON bytes (UTF-8).
    ///
    /// - Throws: `DataIOError.invalidJSON` naming the line and column of the first problem.
    public static func parse(_ bytes: [UInt8], source: String = "<memory>") throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, source: source)
        return try parser.parseDocument()
    }

    /// The member `key` of an object (`nil` for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    /// The value as a `Double` (integers convert; `null` is NaN, as the writers store non-finite values).
    public var doubleValue: Double? {
        switch self {
        case let .number(value): return value
        case let .integer(value): return Double(value)
        case .null: return .nan
        default: return nil
        }
    }

    /// The value as an `Int` (a `.number` only when it is integral).
    public var intValue: Int? {
        switch self {
        case let .integer(value): return value
        case let .number(value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The value as a string.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The value as a Boolean.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// The elements of an array.
    public var arrayValue: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }
}
