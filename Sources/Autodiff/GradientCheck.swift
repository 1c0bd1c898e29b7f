/// The result of comparing reverse-mode gradients with central finite differences.
public struct GradientCheckReport: CustomStringConvertible, Sendable {
    /// One compared partial derivative.
    public struct Entry: Sendable {
        /// Which input tensor and which of its row-major scalars.
        public let input: Int, index: Int
        /// Reverse mode's value and the central difference.
        public let analytic: Double, numeric: Double
        /// `|analytic − numeric| / max(|analytic|, |numeric|, 1)`.
        public let relativeError: Double

        @inlinable init(input: Int, index: Int, analytic: Double, numeric: Double, relativeError: Double) {
            self.input = input
            self.index = index
            self.analytic = analytic
            self.numeric = numeric
            self.relativeError = relativeError
        }
    }

    /// Every compared partial derivative.
    public let entries: [Entry]

    @inlinable init(entries: [Entry]) { self.entries = entries }

    /// The largest relative error (0 when there are no entries).
    @inlinable public var maximumRelativeError: Double { entries.map(\.relativeError).max() ?? 0 }
    /// The entry with the largest relative error.
    @inlinable public var worst: Entry? { entries.max { $0.relativeError < $1.relativeError } }

    /// Whether every relative error is at most `tolerance`.
    @inlinable public func passes(tolerance: Double) -> Bool { maximumRelativeError <= tolerance }

    @inlinable public var description: String {
        guard let worst else { return "gradient check: no inputs" }
        return "gradient check: \(entries.count) partials, max relative error \(maximumRelativeError) at input \(worst.input)[\(worst.index)] (analytic \(worst.analytic), numeric \(worst.numeric))"
    }
}

/// Compares the reverse-mode gradient of a one-scalar function with central differences, scalar by scalar:
///
///     ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / (2h),   h = step · max(1, |xᵢ|)
///     error  = |analytic − numeric| / max(|analytic|, |numeric|, 1)
///
/// The floor of 1 in the denominator makes the error absolute for gradients below 1 in size, where a relative
/// error is dominated by rounding. In `Double` with the default step, truncation (`O(h²)`) and rounding
/// (`O(ε/h)`) errors are both about 1e-10 for well-scaled functions.
/// - Complexity: `2 Σ count(xᵢ)` evaluations of `f` plus one reverse pass.
/// - Throws: the first error `f` recorded.
@inlinable public func checkGradients<Scalar>(at inputs: [Tensor<Scalar>], step: Double = 1e-5,
                                   of f: ([Variable<Scalar>]) throws -> Variable<Scalar>) throws -> GradientCheckReport {
    let analytic = try valueWithGradient(at: inputs, in: f).gradients
    func evaluate(_ point: [Tensor<Scalar>]) throws -> Double {
        let graph = Graph<Scalar>()
        return try f(point.map { graph.constant($0) }).scalarValue().doubleValue
    }
    var entries: [GradientCheckReport.Entry] = []
    for (input, tensor) in inputs.enumerated() {
        for index in 0..<tensor.scalarCount {
            let x = tensor.buffer.pointer[index].doubleValue
            let h = step * Swift.max(1, Swift.abs(x))
            var point = inputs
            point[input].withUnsafeMutableBufferPointer { $0[index] = Scalar(x + h) }
            let plus = try evaluate(point)
            point[input].withUnsafeMutableBufferPointer { $0[index] = Scalar(x - h) }
            let minus = try evaluate(point)
            let numeric = (plus - minus) / (2 * h)
            let exact = analytic[input].buffer.pointer[index].doubleValue
            let error = Swift.abs(exact - numeric) / Swift.max(Swift.abs(exact), Swift.abs(numeric), 1)
            entries.append(.init(input: input, index: index, analytic: exact, numeric: numeric,
                                 relativeError: error.isNaN ? .infinity : error))
        }
    }
    return GradientCheckReport(entries: entries)
}
