/// A JSON value, for the free-form parts of exported documents (a method's parameters, extra metadata).
///
/// Serialisation is deterministic: object keys are sorted, numbers use the shortest text that reads back to
/// the same `Double` (Swift's `description`), and NaN or infinity, which JSON cannot hold, become `null`.
public enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// JSON's `null` (also what NaN and ±∞ become).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without a fraction or exponent.
    case integer(Int)
    /// Any other number, written in Swift's shortest round-trip form.
    case number(Double)
    /// A string.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An object; its keys are written sorted.
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }

    /// An array of numbers.
    public init(_ values: [Double]) { self = .array(values.map(JSONValue.number)) }

    /// The compact JSON text of this value.
    public var jsonText: String {
        var output = ""
        Self.append(self, to: &output)
        return output
    }

    /// Appends the compact JSON text of `value` to `output`.
    static func append(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case let .bool(flag): output += flag ? "true" : "false"
        case let .integer(integer): output += String(integer)
        case let .number(number): appendNumber(number, to: &output)
        case let .string(text): appendString(text, to: &output)
        case let .array(elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += ", " }
                append(element, to: &output)
            }
            output += "]"
        case let .object(members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += ", " }
                appendString(key, to: &output)
                output += ": "
                append(members[key]!, to: &output)
            }
            output += "}"
        }
    }

    /// The shortest round-trip decimal of `number`, or `null` when it is not finite.
    static func appendNumber(_ number: Double, to output: inout String) {
        output += number.isFinite ? number.description : "null"
    }

    /// `text` as a JSON string literal (quotes, backslashes and control characters escaped).
    static func appendString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
