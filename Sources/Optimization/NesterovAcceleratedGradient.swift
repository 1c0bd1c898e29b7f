/// Nesterov's accelerated gradient for convex L-smooth functions, with the momentum `β_k = (k − 1)/(k + 2)`:
///
///     y_k     = x_k + β_k (x_k − x_{k−1})        (k = 1, 2, …; β₁ = 0, x₀ = x₁ = start)
///     x_{k+1} = y_k − s ∇f(y_k)                  (s = 1/L)
///
/// For convex f with an L-Lipschitz gradient and `s = 1/L`, `f(x_k) − f* ≤ 2L ‖x₀ − x*‖² / (k + 1)²`: O(1/k²),
/// against gradient descent's O(1/k) with the same step. The iterates are not monotone in f.
///
/// One evaluation per iteration, at `y_k`; the trace records `f(y_k)` and `‖∇f(y_k)‖²`. The loop stops when
/// `‖∇f(y_k)‖² ≤ squaredGradientTolerance` (and returns `y_k`, where the gradient is small) or after
/// `maxIterations` (and returns `x_{k+1}`, the iterate the bound is about).
///
/// Reference: Y. Nesterov (1983), *A method of solving a convex programming problem with convergence rate O(1/k²)*;
/// the form with (k − 1)/(k + 2) is that of Beck & Teboulle's FISTA without a proximal step.
public struct NesterovAcceleratedGradient {
    /// The step `s` (`1/L`).
    public var step: Double
    /// At most this many iterations.
    public var maxIterations: Int
    /// Stop when `‖∇f(y_k)‖² ≤ ε`.
    public var squaredGradientTolerance: Double

    /// Nesterov's method with step `s` (take `1/L`).
    public init(step: Double, maxIterations: Int = 1000, squaredGradientTolerance: Double = 1e-16) {
        self.step = step
        self.maxIterations = maxIterations
        self.squaredGradientTolerance = squaredGradientTolerance
    }

    /// Minimises `objective` from `start`.
    /// - Throws: `OptimizationError.invalidArgument` for a non-positive step, an empty or non-finite start or
    ///   negative limits; the objective's errors.
    public func minimize(_ objective: Objective, from start: [Double]) throws -> MinimizationResult {
        try validate("NesterovAcceleratedGradient", start: start, maxIterations: maxIterations,
                     squaredGradientTolerance: squaredGradientTolerance)
        guard step > 0 && step.isFinite else {
            throw OptimizationError.invalidArgument("NesterovAcceleratedGradient: step = \(step) must be positive and finite")
        }
        var recorder = Recorder(objective)
        var x = start, previous = start
        var y = start
        var value = 0.0, gradient: [Double] = []
        for k in 1...Swift.max(maxIterations, 1) {
            let beta = Double(k - 1) / Double(k + 2)
            for i in y.indices { y[i] = x[i] + beta * (x[i] - previous[i]) }
            (value, gradient) = try recorder.evaluate(y)
            recorder.record(k - 1, value, gradient)
            if squaredNorm(gradient) <= squaredGradientTolerance { return recorder.result(y, value, gradient, k - 1, .gradientTolerance) }
            if maxIterations == 0 { return recorder.result(y, value, gradient, 0, .maxIterations) }
            previous = x
            x = moved(y, by: -step, along: gradient)
        }
        // Report x_{k+1} with its own value and gradient.
        (value, gradient) = try recorder.evaluate(x)
        recorder.record(maxIterations, value, gradient)
        let reason: StopReason = squaredNorm(gradient) <= squaredGradientTolerance ? .gradientTolerance : .maxIterations
        return recorder.result(x, value, gradient, maxIterations, reason)
    }
}
