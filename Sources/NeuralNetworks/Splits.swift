import LinearAlgebra

/// Train / validation / test index splits and k-fold cross-validation folds, seeded, optionally stratified
/// (each class split in the same proportions, as scikit-learn's `stratify=` and `StratifiedKFold`).
public enum Splits {
    /// Disjoint index sets covering `0..<sampleCount`: `round(f_v n)` validation and `round(f_t n)` test indices (per
    /// class when stratified), the rest for training, each sorted.
    /// - Throws: `NeuralNetworkError.invalidArgument` for fractions outside `[0, 1)` whose sum reaches 1, or labels
    ///   of the wrong count.
    public static func trainValidationTest(sampleCount: Int, validationFraction: Double, testFraction: Double,
                                           stratifiedBy labels: [Int]? = nil, seed: UInt64 = 0) throws
        -> (train: [Int], validation: [Int], test: [Int]) {
        guard validationFraction >= 0, testFraction >= 0, validationFraction + testFraction < 1 else {
            throw NeuralNetworkError.invalidArgument("Splits: validation \(validationFraction) + test \(testFraction) must be ≥ 0 and sum below 1")
        }
        var generator = SeededGenerator(seed: seed)
        var train: [Int] = [], validation: [Int] = [], test: [Int] = []
        for group in try groups(sampleCount: sampleCount, labels: labels) {
            let shuffled = shuffle(group, &generator)
            let v = Int((validationFraction * Double(group.count)).rounded())
            let t = Int((testFraction * Double(group.count)).rounded())
            validation += shuffled[0..<v]
            test += shuffled[v..<(v + t)]
            train += shuffled[(v + t)...]
        }
        return (train.sorted(), validation.sorted(), test.sorted())
    }

    /// `k` folds: each sample is in exactly one validation set; the training set of a fold is the rest. Stratified
    /// folds deal each class's shuffled samples round-robin across the folds.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `2 ≤ k ≤ sampleCount`.
    public static func kFold(sampleCount: Int, folds k: Int, stratifiedBy labels: [Int]? = nil, seed: UInt64 = 0) throws
        -> [(train: [Int], validation: [Int])] {
        guard k >= 2 && k <= sampleCount else {
            throw NeuralNetworkError.invalidArgument("kFold: folds = \(k) must lie in 2...\(sampleCount) (the sample count)")
        }
        var generator = SeededGenerator(seed: seed)
        var assignment = [Int](repeating: 0, count: sampleCount)
        var next = 0
        for group in try groups(sampleCount: sampleCount, labels: labels) {
            for index in shuffle(group, &generator) {
                assignment[index] = next % k
                next += 1
            }
        }
        return (0..<k).map { fold in
            (train: (0..<sampleCount).filter { assignment[$0] != fold },
             validation: (0..<sampleCount).filter { assignment[$0] == fold })
        }
    }

    private static func groups(sampleCount: Int, labels: [Int]?) throws -> [[Int]] {
        guard let labels else { return [Array(0..<sampleCount)] }
        guard labels.count == sampleCount else {
            throw NeuralNetworkError.invalidArgument("Splits: \(labels.count) labels for \(sampleCount) samples; pass one per sample")
        }
        var byClass: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() { byClass[label, default: []].append(index) }
        return byClass.keys.sorted().map { byClass[$0]! }
    }

    private static func shuffle(_ values: [Int], _ generator: inout SeededGenerator) -> [Int] {
        var result = values
        for i in stride(from: result.count - 1, to: 0, by: -1) { result.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        return result
    }
}
