import LinearAlgebra

/// Over-sampling by drawing class samples with replacement (imbalanced-learn's `RandomOverSampler`).
///
/// With `shrinkage = h`, each copy is perturbed into a smoothed bootstrap sample (Silverman's rule):
///
///     x_new = x_src + h · c · σᶜ ⊙ z,   z ~ N(0, I),   c = (4 / ((d + 2) n))^(1 / (d + 4))
///
/// where `σᶜ` is the per-feature standard deviation of the class (divided by nᶜ, as NumPy's `std`), `n` the
/// number of samples and `d` the number of features.
public struct RandomOverSampler<Label: Hashable & Comparable & Sendable>: Sendable {
    /// Which classes to grow and by how much.
    public var strategy: SamplingStrategy<Label>
    /// The smoothed-bootstrap factor `h ≥ 0`; `nil` gives plain copies.
    public var shrinkage: Double?
    /// The seed of every random choice.
    public var seed: UInt64

    /// A random over-sampler with the given settings; the defaults are imbalanced-learn's (plain copies).
    public init(strategy: SamplingStrategy<Label> = .auto, shrinkage: Double? = nil, seed: UInt64 = 0) {
        self.strategy = strategy
        self.shrinkage = shrinkage
        self.seed = seed
    }

    /// The data with new samples appended (see `Resampled`).
    ///
    /// - Complexity: O(generated · d).
    /// - Throws: `ResamplingError` for mismatched labels, non-finite data, a negative shrinkage or a strategy
    ///   that cannot be met.
    // Specialised entry points for the common label types, so callers in other modules skip generic dispatch
    // (hashing and dictionary metadata per row) in the per-sample loops.
    @_specialize(where Label == Int)
    @_specialize(where Label == String)
    public func fitResample(_ x: Matrix, labels: [Label]) throws -> Resampled<Label> {
        let counts = try validatedClassCounts(x, labels)
        if let h = shrinkage, !(h >= 0 && h.isFinite) {
            throw ResamplingError.invalidParameter(name: "shrinkage", value: "\(h)", requirement: "must be a finite number ≥ 0")
        }
        let plan = try strategy.samplesToGenerate(classCounts: counts)
        let rowsByClass = rowIndicesByClass(labels)
        var generator = SeededGenerator(seed: seed)
        let d = x.columns
        let smoothing = (4 / (Double(d + 2) * Double(x.rows))).pow(1 / Double(d + 4))
        var elements = x.elements
        var outputLabels = labels
        var sources = Array(0..<x.rows)
        for (label, count) in plan where count > 0 {
            let members = rowsByClass[label]!
            let scale = shrinkage.map { h in x.rows(at: members).columnVariances(ddof: 0).map { h * smoothing * $0.squareRoot() } }
            for _ in 0..<count {
                let source = members[generator.nextIndex(below: members.count)]
                sources.append(source)
                outputLabels.append(label)
                for j in 0..<d {
                    let noise = scale.map { $0[j] * generator.nextNormal() } ?? 0
                    elements.append(x.elements[source * d + j] + noise)
                }
            }
        }
        let generated = sources.count - x.rows
        return Resampled(samples: Matrix(rows: sources.count, columns: d, elements: elements), labels: outputLabels,
                         originalCount: x.rows, sourceIndices: sources,
                         neighborIndices: [Int?](repeating: nil, count: generated),
                         interpolationSteps: [Double?](repeating: nil, count: generated))
    }
}

extension Double {
    /// `self` raised to `exponent`, for the smoothing constant.
    fileprivate func pow(_ exponent: Double) -> Double { _pow(self, exponent) }
}

#if canImport(Glibc)
import Glibc
private func _pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#else
import Foundation
private func _pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
#endif
