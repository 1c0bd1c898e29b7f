import Foundation

/// Plain-text tables for the experiments' `description`s: right-aligned columns under a header and a rule.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// `value` with `digits` significant digits.
    static func number(_ value: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)g", value) }
}
