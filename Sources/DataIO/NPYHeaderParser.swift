/// A parser for the Python literal in an NPY header: a dict with string keys whose values are strings,
/// `True`/`False` or tuples of integers, e.g. `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeaderParser {
    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case tuple([Int])
    }

    private let characters: [Character]
    private let text: String
    private let source: String
    private var position = 0

    init(text: String, source: String) {
        self.text = text
        self.characters = Array(text)
        self.source = source
    }

    private func failure(_ what: String) -> DataIOError {
        let shown = DataIOError.clip(text, limit: 120)
        return .invalidNPY(source: source, reason: "malformed header (\(what) at character \(position + 1)): \(shown)")
    }

    private mutating func skipBlanks() {
        while position < characters.count, characters[position].isWhitespace { position += 1 }
    }

    private mutating func expect(_ character: Character) throws {
        skipBlanks()
        guard position < characters.count, characters[position] == character else { throw failure("expected '\(character)'") }
        position += 1
    }

    private mutating func peek() -> Character? {
        skipBlanks()
        return position < characters.count ? characters[position] : nil
    }

    mutating func parseDictionary() throws -> [String: Value] {
        try expect("{")
        var result: [String: Value] = [:]
        while true {
            guard let next = peek() else { throw failure("unclosed '{'") }
            if next == "}" { position += 1; break }
            let key = try parseString()
            try expect(":")
            result[key] = try parseValue()
            guard let separator = peek() else { throw failure("unclosed '{'") }
            if separator == "," { position += 1 } else if separator != "}" { throw failure("expected ',' or '}'") }
        }
        return result
    }

    private mutating func parseString() throws -> String {
        guard let open = peek(), open == "'" || open == "\"" else { throw failure("expected a quoted string") }
        position += 1
        var value = ""
        while position < characters.count, characters[position] != open {
            value.append(characters[position])
            position += 1
        }
        guard position < characters.count else { throw failure("unclosed string") }
        position += 1
        return value
    }

    private mutating func parseValue() throws -> Value {
        guard let next = peek() else { throw failure("missing value") }
        if next == "'" || next == "\"" { return .string(try parseString()) }
        if next == "(" {
            position += 1
            var items: [Int] = []
            while true {
                guard let c = peek() else { throw failure("unclosed '('") }
                if c == ")" { position += 1; break }
                var digits = ""
                while position < characters.count, characters[position].isNumber || characters[position] == "-" {
                    digits.append(characters[position])
                    position += 1
                }
                // Python 2 wrote long integers with an L suffix.
                if position < characters.count, characters[position] == "L" { position += 1 }
                guard let item = Int(digits) else {
                    let magnitude = digits.first == "-" ? digits.dropFirst() : Substring(digits)
                    let isInteger = !magnitude.isEmpty && magnitude.allSatisfy { $0.isASCII && $0.isNumber }
                    throw failure(isInteger ? "the size \(DataIOError.clip(digits)) is out of range" : "expected an integer")
                }
                items.append(item)
                guard let separator = peek() else { throw failure("unclosed '('") }
                if separator == "," { position += 1 } else if separator != ")" { throw failure("expected ',' or ')'") }
            }
            return .tuple(items)
        }
        for (word, flag) in [("True", true), ("False", false)] where characters[position...].starts(with: word) {
            position += word.count
            return .bool(flag)
        }
        throw failure("unexpected '\(next)'")
    }
}
