/// Full-batch gradient descent, `x_{k+1} = x_k − s_k ∇f(x_k)`, with a fixed step or a line search.
///
/// With a fixed step `s = 1/L` on an L-smooth convex f, `f(x_k) − f* ≤ L ‖x₀ − x*‖² / (2k)`: the O(1/k) rate
/// that Nesterov's method improves to O(1/k²). With `.lineSearch(.armijo)` each step starts at `initialStep`
/// and is halved until `f(x − s∇f) ≤ f(x) − ½ s ‖∇f‖²` (the course's backtracking rule).
///
/// Stops when `‖∇f(x_k)‖² ≤ squaredGradientTolerance`, after `maxIterations`, or when the line search fails.
/// - Complexity: one evaluation per iteration with a fixed step; one per trial step with a line search.
public struct GradientDescent {
    /// How the step is chosen.
    public enum StepRule {
        /// The same step every iteration (`1/L` for an L-smooth function).
        case fixed(Double)
        /// A line search along `−∇f` from `initialStep`.
        case lineSearch(LineSearch)
    }

    /// The step rule.
    public var stepRule: StepRule
    /// The first trial step of a line search.
    public var initialStep: Double
    /// At most this many iterations.
    public var maxIterations: Int
    /// Stop when `‖∇f‖² ≤ ε`.
    public var squaredGradientTolerance: Double

    /// Gradient descent with the given step rule.
    public init(stepRule: StepRule, initialStep: Double = 1, maxIterations: Int = 1000, squaredGradientTolerance: Double = 1e-16) {
        self.stepRule = stepRule
        self.initialStep = initialStep
        self.maxIterations = maxIterations
        self.squaredGradientTolerance = squaredGradientTolerance
    }

    /// Minimises `objective` from `start`.
    /// - Throws: `OptimizationError.invalidArgument` for an empty or non-finite start, a non-positive fixed step or
    ///   negative limits; `OptimizationError.invalidObjective` for a gradient of the wrong length or a NaN value.
    public func minimize(_ objective: Objective, from start: [Double]) throws -> MinimizationResult {
        try validate("GradientDescent", start: start, maxIterations: maxIterations, squaredGradientTolerance: squaredGradientTolerance)
        if case .fixed(let s) = stepRule, !(s > 0 && s.isFinite) {
            throw OptimizationError.invalidArgument("GradientDescent: the fixed step \(s) must be positive and finite")
        }
        var recorder = Recorder(objective)
        var x = start
        var (value, gradient) = try recorder.evaluate(x)
        recorder.record(0, value, gradient)
        for k in 0..<maxIterations {
            if squaredNorm(gradient) <= squaredGradientTolerance { return recorder.result(x, value, gradient, k, .gradientTolerance) }
            switch stepRule {
            case .fixed(let s):
                x = moved(x, by: -s, along: gradient)
                (value, gradient) = try recorder.evaluate(x)
            case .lineSearch(let search):
                let direction = gradient.map { -$0 }
                guard let found = try search.search(objective, from: x, value: value, gradient: gradient, direction: direction,
                                                    initialStep: initialStep) else {
                    return recorder.result(x, value, gradient, k, .lineSearchFailed)
                }
                recorder.count(found.evaluations)
                (x, value, gradient) = (found.x, found.value, found.gradient)
            }
            recorder.record(k + 1, value, gradient)
        }
        let reason: StopReason = squaredNorm(gradient) <= squaredGradientTolerance ? .gradientTolerance : .maxIterations
        return recorder.result(x, value, gradient, maxIterations, reason)
    }
}
