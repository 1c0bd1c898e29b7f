/// The index of the largest entry of each row of a `[n, C]` tensor (the predicted class); for a single column
/// `[n, 1]` or a vector `[n]` of logits, 1 where the entry is > 0 (binary prediction).
public func predictedClasses<Scalar>(_ outputs: Tensor<Scalar>) -> [Int] {
    let n = outputs.shape.first ?? 0
    let width = n > 0 ? outputs.scalarCount / n : 0
    return outputs.withUnsafeBufferPointer { x in
        (0..<n).map { r in
            if width == 1 { return x[r] > .zero ? 1 : 0 }
            var best = 0
            for j in 1..<width where x[r * width + j] > x[r * width + best] { best = j }
            return best
        }
    }
}

/// The fraction of equal entries.
/// - Throws: `NeuralNetworkError.shapeMismatch` for different lengths or empty input.
public func accuracy(predicted: [Int], actual: [Int]) throws -> Double {
    guard predicted.count == actual.count, !actual.isEmpty else {
        throw NeuralNetworkError.shapeMismatch("accuracy: \(predicted.count) predictions for \(actual.count) labels; pass equal, non-empty arrays")
    }
    return Double(zip(predicted, actual).filter { $0 == $1 }.count) / Double(actual.count)
}

/// The confusion matrix `M[i][j]` = number of samples of true class `i` predicted as `j` (scikit-learn's layout).
/// - Throws: `NeuralNetworkError` for different lengths or a class outside `0..<classCount`.
public func confusionMatrix(predicted: [Int], actual: [Int], classCount: Int) throws -> [[Int]] {
    guard predicted.count == actual.count else {
        throw NeuralNetworkError.shapeMismatch("confusionMatrix: \(predicted.count) predictions for \(actual.count) labels")
    }
    var matrix = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
    for (p, a) in zip(predicted, actual) {
        guard p >= 0 && p < classCount && a >= 0 && a < classCount else {
            throw NeuralNetworkError.invalidArgument("confusionMatrix: class \(p < 0 || p >= classCount ? p : a) is out of 0..<\(classCount); raise classCount")
        }
        matrix[a][p] += 1
    }
    return matrix
}
