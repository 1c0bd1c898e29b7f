import Foundation

/// A small text table: a header row and string cells, printed with aligned columns (numbers right-aligned)
/// and exportable as CSV.
public struct Table {
    public var headers: [String]
    public var rows: [[String]]

    public init(_ headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// Appends one row; `cells` must have one entry per header.
    public mutating func append(_ cells: [String]) {
        precondition(cells.count == headers.count, "Table: \(cells.count) cells for \(headers.count) columns")
        rows.append(cells)
    }

    /// The aligned text form.
    public var text: String {
        var widths = headers.map(\.count)
        for row in rows { for (j, cell) in row.enumerated() { widths[j] = max(widths[j], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { j, cell in
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                return Double(cell.replacingOccurrences(of: "%", with: "")) != nil ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        var lines = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// The CSV form (cells with commas or quotes are quoted).
    public var csv: String {
        func quote(_ cell: String) -> String {
            cell.contains(",") || cell.contains("\"") ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return ([headers] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

/// `value` with `digits` significant digits (`%.{digits}g`).
public func fmt(_ value: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)g", value) }

/// `value` with a fixed number of decimals.
public func fixed(_ value: Double, _ decimals: Int = 4) -> String { String(format: "%.\(decimals)f", value) }

/// Wall-clock seconds of `body` and its result.
public func timed<T>(_ body: () throws -> T) rethrows -> (result: T, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The best of `repeats` wall-clock timings of `body`, in seconds.
public func bestTime(repeats: Int = 3, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, repeats) { best = min(best, try timed(body).seconds) }
    return best
}
