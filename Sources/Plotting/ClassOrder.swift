/// The order of a categorical plot's classes: legend order and colour index, the same in every picture drawn
/// with the same label set or the same explicit order.
///
/// Without an explicit order the classes are the distinct labels sorted, numbers numerically:
///
///     labels that parse as finite numbers first, by value ("2" < "10"; equal values by their text),
///     then the others by Unicode scalar order of their text ("a" < "b" < "é")
///
/// so `["10", "2", "b", "a", "2"]` gives `["2", "10", "a", "b"]`. Sorting, rather than the order of first
/// appearance, makes the colour of a class depend only on the label set: two shards of one data set, or the
/// training and the new rows, colour every class alike. When shards may miss classes, pass the full order
/// (`ScatterPlot.classOrder`, `dimred plot --class-order`), e.g. the sorted label set of the training data.
public enum ClassOrder {
    /// The distinct `labels`, sorted as the type describes.
    ///
    /// - Complexity: O(n + c log c) for n labels of c classes.
    public static func sorted<S: Sequence>(_ labels: S) -> [String] where S.Element == String {
        Array(Set(labels)).sorted(by: precedes)
    }

    /// Whether class `a` comes before class `b`: numbers (finite, as `Double` parses them) first by value, then
    /// text by Unicode scalars.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        switch (number(a), number(b)) {
        case let (x?, y?): return x != y ? x < y : a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
        }
    }

    /// The classes of `labels` and each label's index into them: `order` (duplicates dropped) followed by any
    /// label it does not list, sorted; without `order`, the sorted distinct labels.
    ///
    /// - Complexity: O(n + c log c).
    public static func codes(_ labels: [String], order: [String]? = nil) -> (names: [String], codes: [Int]) {
        var index: [String: Int] = [:]
        var names: [String] = []
        for name in order ?? [] where index[name] == nil {
            index[name] = names.count
            names.append(name)
        }
        let missing = sorted(labels.lazy.filter { index[$0] == nil })
        for name in missing {
            index[name] = names.count
            names.append(name)
        }
        return (names, labels.map { index[$0]! })
    }

    private static func number(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
