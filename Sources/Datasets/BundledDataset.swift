import DataIO
import LinearAlgebra

/// The data sets shipped as CSV files in the project's `datasets/` folder (origin and licence in
/// `datasets/README.md`).
public enum BundledDataset: String, Sendable, CaseIterable {
    /// Fisher's iris: 150 flowers × 4 measurements (cm), 3 species of 50. CC BY 4.0 (UCI).
    case iris
    /// UCI optical digits, 8 × 8 version: 1797 images × 64 pixel counts (0–16), 10 classes. CC BY 4.0 (UCI).
    case digits

    /// The file name in `datasets/`.
    public var fileName: String { "\(rawValue).csv" }

    /// The header name of the class column.
    public var labelColumn: String {
        switch self {
        case .iris: return "species"
        case .digits: return "digit"
        }
    }

    /// `(samples, features, classes)`.
    public var shape: (samples: Int, features: Int, classes: Int) {
        switch self {
        case .iris: return (150, 4, 3)
        case .digits: return (1797, 64, 10)
        }
    }

    /// One line for listings (`dimred datasets`).
    public var summary: String {
        switch self {
        case .iris: return "Fisher's iris flowers: 150 × 4 measurements, 3 species (UCI, CC BY 4.0)"
        case .digits: return "handwritten digits: 1797 × 64 pixels (8 × 8, 0–16), 10 classes (UCI optical digits, CC BY 4.0)"
        }
    }
}

extension Dataset {
    /// Loads a bundled data set from `datasets/` (found by `DatasetLocator`).
    ///
    /// Class names are sorted (numerically when they are all numbers), so iris codes are
    /// setosa = 0, versicolor = 1, virginica = 2 and digit codes equal the digits, as in scikit-learn.
    ///
    /// - Throws: `DatasetError.fileNotFound` naming the folders searched; `DatasetError.unreadable` when the
    ///   file does not parse.
    public static func load(_ bundled: BundledDataset) throws -> Dataset {
        let path = try DatasetLocator.locate(bundled.fileName)
        return try load(csv: path, name: bundled.rawValue, labelColumn: .name(bundled.labelColumn))
    }

    /// Loads a bundled data set by its name (`iris`, `digits`), as the CLI's `--dataset NAME`.
    ///
    /// - Throws: `DatasetError.unknownName` listing the names; the errors of `load(_:)`.
    public static func load(named name: String) throws -> Dataset {
        guard let bundled = BundledDataset(rawValue: name.lowercased()) else {
            throw DatasetError.unknownName(name, available: BundledDataset.allCases.map(\.rawValue))
        }
        return try load(bundled)
    }

    /// Loads any CSV table with a class column as a data set.
    ///
    /// - Throws: `DatasetError.unreadable` wrapping the reader's `DataIOError`.
    public static func load(csv path: String, name: String, labelColumn: CSVReadOptions.Column) throws -> Dataset {
        let table: CSVTable
        do {
            table = try CSVReader.read(path, options: CSVReadOptions(labelColumn: labelColumn))
        } catch let error as DataIOError {
            throw DatasetError.unreadable(error)
        }
        let labels = table.labels ?? []
        var classNames = Array(Set(labels))
        let numeric = classNames.compactMap(Double.init)
        if numeric.count == classNames.count {
            classNames.sort { Double($0)! < Double($1)! }
        } else {
            classNames.sort()
        }
        let code = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        return Dataset(name: name, features: table.features, targets: labels.map { code[$0]! },
                       classNames: classNames, featureNames: table.featureNames)
    }
}
