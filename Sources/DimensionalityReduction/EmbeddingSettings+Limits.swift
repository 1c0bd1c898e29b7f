/// The range every `EmbeddingSettings` field must lie in, in one place: the model-file reader checks a stored
/// model's settings against them, and a front end (the `dimred` CLI) can check its options against the same
/// numbers before any arithmetic.
///
/// The upper bounds are far above any useful value and only keep sizes such as `neighbors + 1`,
/// `landmarks × n` or the `degree` products of the polynomial kernel from overflowing or running for ever;
/// the data imposes the tighter limits (`components < n`, `neighbors < n`, `landmarks ≤ n`) when a method fits.
extension EmbeddingSettings {
    /// The bounds of the settings.
    public enum Limits {
        /// `components`: the output dimension.
        public static let components = 1...1 << 20
        /// `neighbors`: neighbours per point.
        public static let neighbors = 1...1 << 20
        /// `landmarks`: landmark count of landmark Isomap.
        public static let landmarks = 2...1 << 20
        /// `degree`: the polynomial kernel's degree (each kernel entry takes `degree − 1` products).
        public static let degree = 1...100
        /// `iterations`: iterations of an iterative method.
        public static let iterations = 1...1 << 20
    }

    /// A setting outside its limits: the field's name (as in `EmbeddingSettings`), its value, and what it
    /// must be.
    public struct InvalidSetting: Error, Equatable, CustomStringConvertible {
        /// The field, as spelt in `EmbeddingSettings` (`neighbors`, `degree`, `regularization`, …).
        public let field: String
        /// The value, as text.
        public let value: String
        /// The requirement, e.g. `"must be in 1...100"`.
        public let requirement: String

        /// A setting `field = value` that fails `requirement`.
        public init(field: String, value: String, requirement: String) {
            (self.field, self.value, self.requirement) = (field, value, requirement)
        }

        public var description: String { "\(field) = \(value) \(requirement)" }
    }

    /// The first setting outside `Limits` or its domain (γ and the radius positive and finite, `coef0` finite,
    /// the regularisation non-negative and finite), or `nil` when every setting is acceptable.
    ///
    /// - Complexity: O(1).
    public var invalidSetting: InvalidSetting? {
        func outside(_ field: String, _ value: Int, _ range: ClosedRange<Int>) -> InvalidSetting? {
            range.contains(value) ? nil
                : InvalidSetting(field: field, value: "\(value)", requirement: "must be in \(range.lowerBound)...\(range.upperBound)")
        }
        if let bad = outside("components", components, Limits.components) { return bad }
        if let bad = outside("neighbors", neighbors, Limits.neighbors) { return bad }
        if let bad = outside("landmarks", landmarks, Limits.landmarks) { return bad }
        if let bad = outside("degree", degree, Limits.degree) { return bad }
        if let iterations, let bad = outside("iterations", iterations, Limits.iterations) { return bad }
        if let radius, !(radius > 0 && radius.isFinite) {
            return InvalidSetting(field: "radius", value: "\(radius)", requirement: "must be positive and finite")
        }
        if let gamma, !(gamma > 0 && gamma.isFinite) {
            return InvalidSetting(field: "gamma", value: "\(gamma)", requirement: "must be positive and finite")
        }
        if !coef0.isFinite { return InvalidSetting(field: "coef0", value: "\(coef0)", requirement: "must be finite") }
        if !(regularization >= 0 && regularization.isFinite) {
            return InvalidSetting(field: "regularization", value: "\(regularization)", requirement: "must be ≥ 0 and finite")
        }
        if let iterations, let bad = outside("iterations", iterations, Limits.iterations) { return bad }
        if let perplexity, !(perplexity >= 1 && perplexity.isFinite) {
            return InvalidSetting(field: "perplexity", value: "\(perplexity)", requirement: "must be ≥ 1 and finite")
        }
        if let exaggeration, !(exaggeration > 0 && exaggeration.isFinite) {
            return InvalidSetting(field: "exaggeration", value: "\(exaggeration)", requirement: "must be positive and finite")
        }
        let spread = self.spread ?? 1
        if !(spread > 0 && spread.isFinite) {
            return InvalidSetting(field: "spread", value: "\(spread)", requirement: "must be positive and finite")
        }
        if let minDistance, !(minDistance >= 0 && minDistance <= spread) {
            return InvalidSetting(field: "minDistance", value: "\(minDistance)", requirement: "must be in 0...spread = 0...\(spread)")
        }
        return nil
    }
}
