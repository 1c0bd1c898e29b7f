import Foundation

/// Per-epoch training records: one row per epoch, one column per metric (`loss`, `accuracy`, `validationLoss`,
/// `validationAccuracy`, `learningRate`, …), exportable as CSV and as series for the Plotting module's line
/// charts (`history.series("loss")`).
public struct History: Sendable, Equatable {
    /// The metric names, in first-recorded order.
    public private(set) var names: [String] = []
    /// One dictionary per epoch.
    public private(set) var epochs: [[String: Double]] = []

    /// An empty history.
    public init() {}

    /// Appends an epoch's metrics.
    public mutating func record(_ metrics: [(String, Double)]) {
        var row: [String: Double] = [:]
        for (name, value) in metrics {
            if !names.contains(name) { names.append(name) }
            row[name] = value
        }
        epochs.append(row)
    }

    /// The values of metric `name` per epoch (NaN where an epoch lacks it).
    public func series(_ name: String) -> [Double] { epochs.map { $0[name] ?? .nan } }

    /// The last value of metric `name`, if recorded.
    public func last(_ name: String) -> Double? { epochs.last?[name] }

    /// CSV text: a header `epoch,<names…>` and one line per epoch (1-based), numbers with full precision, empty
    /// cells for missing values.
    public var csv: String {
        var lines = [(["epoch"] + names).joined(separator: ",")]
        for (index, row) in epochs.enumerated() {
            lines.append(([String(index + 1)] + names.map { row[$0].map { "\($0)" } ?? "" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `csv` to `url` atomically (a temporary file renamed into place).
    /// - Throws: the file system's error.
    public func writeCSV(to url: URL) throws {
        try Data(csv.utf8).write(to: url, options: .atomic)
    }
}
