import LinearAlgebra

/// A numeric table read from a delimited text file: the features, their names and optional string labels.
public struct CSVTable: Sendable, Equatable {
    /// The numeric cells, one row per data row kept, one column per non-label column.
    public var features: Matrix
    /// The names of the feature columns (header cells, or `column1`, `column2`, ... without a header).
    public var featureNames: [String]
    /// The label column's cells, one per row of `features`, when a label column was chosen.
    public var labels: [String]?
    /// The label column's name, when a label column was chosen.
    public var labelName: String?
    /// The 1-based line numbers of the rows of `features` in the input.
    public var lineNumbers: [Int]
    /// How many rows were dropped because they held NaN, infinite or empty cells (`nonFinite: .dropRow`).
    public var droppedRows: Int
    /// The delimiter used (given or detected).
    public var delimiter: Character
    /// Whether the first row was read as a header.
    public var hasHeader: Bool

    /// A table from its parts.
    public init(features: Matrix, featureNames: [String], labels: [String]?, labelName: String?,
                lineNumbers: [Int], droppedRows: Int, delimiter: Character, hasHeader: Bool) {
        self.features = features
        self.featureNames = featureNames
        self.labels = labels
        self.labelName = labelName
        self.lineNumbers = lineNumbers
        self.droppedRows = droppedRows
        self.delimiter = delimiter
        self.hasHeader = hasHeader
    }

    /// The distinct labels in order of first appearance and each row's 0-based code into them
    /// (`nil` without a label column).
    public var labelCodes: (classes: [String], codes: [Int])? {
        guard let labels else { return nil }
        var index: [String: Int] = [:]
        var classes: [String] = []
        let codes = labels.map { label -> Int in
            if let code = index[label] { return code }
            index[label] = classes.count
            classes.append(label)
            return classes.count - 1
        }
        return (classes, codes)
    }
}
