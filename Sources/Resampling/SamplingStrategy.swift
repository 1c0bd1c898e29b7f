/// Which classes to over-sample, and to how many samples (imbalanced-learn's `sampling_strategy`).
///
/// With class counts `nᶜ` and the majority count `n_max`, the number of samples to add to class c is:
///
///     .notMajority (= .auto)  n_max − nᶜ for every class but the majority
///     .minority               n_max − nᶜ for the minority class only
///     .notMinority            n_max − nᶜ for every class but the minority
///     .all                    n_max − nᶜ for every class
///     .ratio(α)               ⌊α · n_max − n_min⌋ for the minority of two classes (α = n_min / n_max after,
///                             0 < α ≤ 1)
///     .counts([c: target])    target − nᶜ for the classes named
///
/// Ties for "majority" and "minority" go to the smallest label, as in imbalanced-learn.
public enum SamplingStrategy<Label: Hashable & Comparable>: Sendable where Label: Sendable {
    /// `n_max − nᶜ` for every class but the majority (`.auto`).
    case notMajority
    /// `n_max − nᶜ` for the minority class only.
    case minority
    /// `n_max − nᶜ` for every class but the minority.
    case notMinority
    /// `n_max − nᶜ` for every class.
    case all
    /// `⌊α · n_max − n_min⌋` for the minority of two classes (`0 < α ≤ 1`).
    case ratio(Double)
    /// `target − nᶜ` for each class named.
    case counts([Label: Int])

    /// imbalanced-learn's default, `"auto"`: every class but the majority.
    public static var auto: SamplingStrategy { .notMajority }

    /// The number of samples to add to each class, in ascending label order (classes with 0 are kept, so a
    /// caller sees the whole plan). Classes that already meet the strategy get 0: a data set that is balanced
    /// for the strategy is returned unchanged by every sampler, as imbalanced-learn does (cross-validation
    /// folds meet this).
    ///
    /// - Throws: `ResamplingError` for a single class, a ratio outside (0, 1], a ratio on more than two classes
    ///   or one that would remove samples, unknown classes, or targets below a class's count.
    public func samplesToGenerate(classCounts: [Label: Int]) throws -> [(label: Label, count: Int)] {
        let classes = classCounts.keys.sorted()
        guard classes.count >= 2 else { throw ResamplingError.singleClass(label: classes.first.map { "\($0)" } ?? "none") }
        // First maximum / minimum in ascending label order.
        let majority = classes.max { classCounts[$0]! < classCounts[$1]! || (classCounts[$0]! == classCounts[$1]! && $0 > $1) }!
        let minorityClass = classes.min { classCounts[$0]! < classCounts[$1]! || (classCounts[$0]! == classCounts[$1]! && $0 < $1) }!
        let largest = classCounts[majority]!
        var plan: [(label: Label, count: Int)]
        switch self {
        case .notMajority:
            plan = classes.filter { $0 != majority }.map { ($0, largest - classCounts[$0]!) }
        case .minority:
            plan = [(minorityClass, largest - classCounts[minorityClass]!)]
        case .notMinority:
            plan = classes.filter { $0 != minorityClass }.map { ($0, largest - classCounts[$0]!) }
        case .all:
            plan = classes.map { ($0, largest - classCounts[$0]!) }
        case let .ratio(alpha):
            guard classes.count == 2 else { throw ResamplingError.ratioNeedsTwoClasses(classes: classes.count) }
            guard alpha > 0 && alpha <= 1 else {
                throw ResamplingError.invalidParameter(
                    name: "ratio", value: "\(alpha)",
                    requirement: "must be in (0, 1]: it is the minority's size over the majority's after resampling, so above 1 the minority would become the majority")
            }
            let other = classes.first { $0 != majority }!
            let target = Int((Double(largest) * alpha - Double(classCounts[other]!)).rounded(.towardZero))
            guard target >= 0 else {
                throw ResamplingError.ratioRemovesSamples(ratio: alpha, minimum: Double(classCounts[other]!) / Double(largest))
            }
            plan = [(other, target)]
        case let .counts(targets):
            plan = []
            for label in targets.keys.sorted() {
                guard let count = classCounts[label] else { throw ResamplingError.unknownClass(label: "\(label)") }
                let target = targets[label]!
                guard target >= count else { throw ResamplingError.targetBelowCount(label: "\(label)", target: target, count: count) }
                plan.append((label, target - count))
            }
        }
        return plan
    }
}
