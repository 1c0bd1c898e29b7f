/// What is wrong with a resampling request, with the value involved and what to do.
public enum ResamplingError: Error, Equatable, CustomStringConvertible {
    /// `labels.count` differs from the number of rows.
    case labelCountMismatch(rows: Int, labels: Int)
    /// The data has no rows or no columns.
    case empty
    /// An entry is NaN or infinite.
    case nonFinite(row: Int, column: Int)
    /// Only one class is present: there is nothing to balance.
    case singleClass(label: String)
    /// A class has too few samples for the neighbour search.
    case tooFewSamples(label: String, count: Int, needed: Int, method: String)
    /// A ratio strategy was used with more than two classes.
    case ratioNeedsTwoClasses(classes: Int)
    /// A ratio would need fewer minority samples than there are.
    case ratioRemovesSamples(ratio: Double, minimum: Double)
    /// The request would not add any sample.
    case nothingToGenerate(reason: String)
    /// A per-class target names a class that is not in the labels.
    case unknownClass(label: String)
    /// A per-class target is below the class's current count.
    case targetBelowCount(label: String, target: Int, count: Int)
    /// ADASYN found no neighbour of another class around any sample of a class.
    case noNeighborOfOtherClass(label: String)
    /// A parameter is out of range.
    case invalidParameter(name: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case let .labelCountMismatch(rows, labels):
            return "there are \(labels) labels for \(rows) rows; give exactly one label per row"
        case .empty:
            return "the data is empty; give at least one row and one column"
        case let .nonFinite(row, column):
            return "entry (\(row), \(column)) is NaN or infinite; remove or impute non-finite values before resampling"
        case let .singleClass(label):
            return "only one class (\(label)) is present; resampling needs at least two classes"
        case let .tooFewSamples(label, count, needed, method):
            return "\(method): class \(label) has \(count) samples but needs at least \(needed) (neighbors + 1); lower neighbors to \(max(count - 1, 1)) or use RandomOverSampler"
        case let .ratioNeedsTwoClasses(classes):
            return "a ratio strategy needs exactly two classes, found \(classes); give per-class target counts instead"
        case let .ratioRemovesSamples(ratio, minimum):
            return "ratio \(ratio) would remove minority samples while over-sampling; use a ratio of at least \(minimum)"
        case let .nothingToGenerate(reason):
            return "no sample would be generated: \(reason)"
        case let .unknownClass(label):
            return "target count given for class \(label), which is not among the labels"
        case let .targetBelowCount(label, target, count):
            return "class \(label) has \(count) samples and over-sampling cannot reach the smaller target \(target); ask for at least \(count)"
        case let .noNeighborOfOtherClass(label):
            return "ADASYN: no sample of class \(label) has a neighbour of another class, so its density weights are 0/0; use SMOTE instead"
        case let .invalidParameter(name, value, requirement):
            return "\(name) = \(value) is invalid: \(requirement)"
        }
    }
}
