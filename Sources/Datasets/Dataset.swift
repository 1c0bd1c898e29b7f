import LinearAlgebra

/// A data set: an n × d feature matrix, optional class labels and the names of its features.
///
/// Bundled sets load by name (`try Dataset.load(.iris)`, `try Dataset.load(named: "digits")`); synthetic sets
/// come from seeded generators (`Dataset.moons(samples: 200, noise: 0.1, seed: 1)`, ...). Class labels are held
/// as 0-based integer codes into `classNames`, as scikit-learn's `target` and `target_names`.
public struct Dataset: Sendable, Equatable {
    /// A short name (`iris`, `moons`, ...).
    public var name: String
    /// The features, one row per sample.
    public var features: Matrix
    /// Each sample's class code, an index into `classNames` (`nil` for unlabelled sets).
    public var targets: [Int]?
    /// The class names, in code order.
    public var classNames: [String]
    /// The feature (column) names.
    public var featureNames: [String]

    /// A data set from its parts.
    ///
    /// - Precondition: `targets`, when given, has one code in `0..<classNames.count` per row, and
    ///   `featureNames` has one name per column.
    public init(name: String, features: Matrix, targets: [Int]?, classNames: [String], featureNames: [String]) {
        precondition(featureNames.count == features.columns, "Dataset \(name): \(featureNames.count) names for \(features.columns) columns")
        if let targets {
            precondition(targets.count == features.rows, "Dataset \(name): \(targets.count) targets for \(features.rows) rows")
            precondition(targets.allSatisfy { $0 >= 0 && $0 < classNames.count }, "Dataset \(name): a target outside the classes")
        }
        self.name = name
        self.features = features
        self.targets = targets
        self.classNames = classNames
        self.featureNames = featureNames
    }

    /// The number of samples.
    public var count: Int { features.rows }

    /// Each sample's class name (`nil` for unlabelled sets).
    public var labels: [String]? { targets?.map { classNames[$0] } }

    /// How many samples each class has, in code order.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classNames.count)
        targets?.forEach { counts[$0] += 1 }
        return counts
    }

    /// Feature names `x1`, ..., `xd`.
    static func defaultFeatureNames(_ d: Int) -> [String] { (0..<d).map { "x\($0 + 1)" } }
}
