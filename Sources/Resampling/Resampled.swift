import LinearAlgebra

/// The output of an over-sampler: the original rows first and unchanged, then the new rows in blocks by
/// class in ascending label order, with where each new row came from.
public struct Resampled<Label: Hashable & Comparable & Sendable>: Sendable {
    /// All rows: `originalCount` originals, then the generated ones.
    public let samples: Matrix
    /// One label per row of `samples`.
    public let labels: [Label]
    /// The number of original rows at the top of `samples`.
    public let originalCount: Int
    /// For each row of `samples`, the original row it was built from: itself for an original, the bootstrap
    /// source or the interpolation base `xᵢ` for a generated row.
    public let sourceIndices: [Int]
    /// For each generated row (row `originalCount + j` is entry `j`), the original row of the neighbour it was
    /// interpolated toward (`nil` for bootstrap copies).
    public let neighborIndices: [Int?]
    /// For each generated row, the interpolation parameter `u ∈ [0, 1)` of `x = xᵢ + u (x_nn − xᵢ)` (`nil` for
    /// bootstrap copies).
    public let interpolationSteps: [Double?]

    /// The number of generated rows.
    public var generatedCount: Int { samples.rows - originalCount }

    /// The number of rows per class.
    public var classCounts: [Label: Int] { labels.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
}

/// Checks shapes and finiteness and counts the classes, shared by every over-sampler.
func validatedClassCounts<Label: Hashable>(_ x: Matrix, _ labels: [Label]) throws -> [Label: Int] {
    guard x.rows > 0 && x.columns > 0 else { throw ResamplingError.empty }
    guard labels.count == x.rows else { throw ResamplingError.labelCountMismatch(rows: x.rows, labels: labels.count) }
    if let index = x.elements.firstIndex(where: { !$0.isFinite }) {
        throw ResamplingError.nonFinite(row: index / x.columns, column: index % x.columns)
    }
    return labels.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}

/// The row indices of each class, in ascending row order.
func rowIndicesByClass<Label: Hashable>(_ labels: [Label]) -> [Label: [Int]] {
    var result: [Label: [Int]] = [:]
    for (row, label) in labels.enumerated() { result[label, default: []].append(row) }
    return result
}

extension SeededGenerator {
    /// A uniform integer in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
    mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}
