import Foundation

/// A rectangle in SVG user units (y grows downwards).
public struct Frame: Sendable, Equatable {
    /// The left edge.
    public var x: Double
    /// The top edge.
    public var y: Double
    /// The width.
    public var width: Double
    /// The height.
    public var height: Double

    /// The rectangle with top-left corner `(x, y)` and the given size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    var maxX: Double { x + width }
    var maxY: Double { y + height }
}

/// Accumulates SVG elements as text: attribute values and text are XML-escaped, numbers are written with
/// at most two decimals, and element ids are numbered in drawing order, so the same chart always gives the
/// same bytes.
struct SVGCanvas {
    private(set) var body = ""
    private(set) var definitions = ""
    private var nextIdentifier = 0

    /// A fresh element id (`prefix` followed by a counter).
    mutating func identifier(_ prefix: String) -> String {
        nextIdentifier += 1
        return "\(prefix)\(nextIdentifier)"
    }

    /// A number with at most two decimals, trailing zeros removed (`12`, `3.5`, `-0.25`).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities; control characters other than tab and
    /// line breaks (not allowed in XML 1.0) are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Appends `<name a="v" ...>text</name>` (self-closing without text); attribute values are numbers
    /// (formatted) or strings (escaped).
    mutating func element(_ name: String, _ attributes: [(String, Any)], text: String? = nil, toDefinitions: Bool = false) {
        var line = "<\(name)"
        for (key, value) in attributes {
            let formatted: String
            switch value {
            case let number as Double: formatted = Self.number(number)
            case let integer as Int: formatted = String(integer)
            default: formatted = Self.escape("\(value)")
            }
            line += " \(key)=\"\(formatted)\""
        }
        if let text { line += ">\(Self.escape(text))</\(name)>\n" } else { line += "/>\n" }
        if toDefinitions { definitions += line } else { body += line }
    }

    /// Appends raw markup that the caller built from escaped parts.
    mutating func raw(_ markup: String, toDefinitions: Bool = false) {
        if toDefinitions { definitions += markup } else { body += markup }
    }

    /// Opens a group, e.g. `<g transform="translate(10,20)" class="panel">`.
    mutating func openGroup(_ attributes: [(String, Any)]) {
        body += "<g" + attributes.map { " \($0.0)=\"\(Self.escape("\($0.1)"))\"" }.joined() + ">\n"
    }

    mutating func closeGroup() { body += "</g>\n" }

    /// The complete SVG document of the given size.
    func document(width: Double, height: Double) -> String {
        var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" "
        svg += "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
        svg += "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        if !definitions.isEmpty { svg += "<defs>\n" + definitions + "</defs>\n" }
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"#ffffff\"/>\n"
        svg += body
        svg += "</svg>\n"
        return svg
    }
}
