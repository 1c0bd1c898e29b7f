/// Nonlinear conjugate gradient: `p₀ = −g₀`, then
///
///     x_{k+1} = x_k + s_k p_k                      (s_k from a strong Wolfe line search, c₂ = 0.1)
///     β_FR    = g_{k+1}ᵀ g_{k+1} / g_kᵀ g_k                          (Fletcher–Reeves)
///     β_PR+   = max(0, g_{k+1}ᵀ (g_{k+1} − g_k) / g_kᵀ g_k)         (Polak–Ribière+)
///     p_{k+1} = −g_{k+1} + β p_k
///
/// with restarts (`β = 0`, a steepest-descent step) every `restartInterval` iterations (n by default), when
/// consecutive gradients are far from orthogonal (`|g_{k+1}ᵀ g_k| ≥ 0.1 ‖g_{k+1}‖²`, Powell's test), and when
/// `p_{k+1}` is not a descent direction. On a strictly convex quadratic with exact line searches both variants
/// are linear conjugate gradient. The first trial step is `s_{k−1} g_{k−1}ᵀp_{k−1} / g_kᵀp_k` (1/‖g₀‖ at first).
///
/// Stops when `‖∇f‖² ≤ squaredGradientTolerance`, after `maxIterations`, or when the line search fails.
///
/// Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), §5.2 (Algorithm 5.4, eqs. 5.41, 5.45, 5.52).
public struct NonlinearConjugateGradient {
    /// The choice of `β`.
    public enum Variant: Sendable {
        /// `β = ‖∇fₖ₊₁‖² / ‖∇fₖ‖²`.
        case fletcherReeves
        /// `β = max(0, ∇fₖ₊₁ · (∇fₖ₊₁ − ∇fₖ) / ‖∇fₖ‖²)`.
        case polakRibierePlus
    }

    /// `β`'s formula.
    public var variant: Variant
    /// Restart every this many iterations (nil: the dimension n).
    public var restartInterval: Int?
    /// The line search (strong Wolfe with `c₂ = 0.1` by default, as CG needs for descent directions).
    public var lineSearch: StrongWolfeLineSearch
    /// At most this many iterations.
    public var maxIterations: Int
    /// Stop when `‖∇f‖² ≤ ε`.
    public var squaredGradientTolerance: Double

    /// Nonlinear CG with the given `β` (Polak–Ribière+ unless given).
    public init(variant: Variant = .polakRibierePlus, restartInterval: Int? = nil,
                lineSearch: StrongWolfeLineSearch = StrongWolfeLineSearch(curvature: 0.1), maxIterations: Int = 1000,
                squaredGradientTolerance: Double = 1e-16) {
        self.variant = variant
        self.restartInterval = restartInterval
        self.lineSearch = lineSearch
        self.maxIterations = maxIterations
        self.squaredGradientTolerance = squaredGradientTolerance
    }

    /// Minimises `objective` from `start`.
    /// - Throws: `OptimizationError.invalidArgument` for an empty or non-finite start or negative limits; the
    ///   objective's errors.
    public func minimize(_ objective: Objective, from start: [Double]) throws -> MinimizationResult {
        try validate("NonlinearConjugateGradient", start: start, maxIterations: maxIterations,
                     squaredGradientTolerance: squaredGradientTolerance)
        let restart = Swift.max(restartInterval ?? start.count, 1)
        var recorder = Recorder(objective)
        var x = start
        var (value, gradient) = try recorder.evaluate(x)
        recorder.record(0, value, gradient)
        var direction = gradient.map { -$0 }
        var trialStep = 1 / Swift.max(squaredNorm(gradient).squareRoot(), 1e-300)
        var sinceRestart = 0
        for k in 0..<maxIterations {
            let gg = squaredNorm(gradient)
            if gg <= squaredGradientTolerance { return recorder.result(x, value, gradient, k, .gradientTolerance) }
            let slope = dot(gradient, direction)
            guard let found = try lineSearch.search(objective, from: x, value: value, gradient: gradient, direction: direction,
                                                    initialStep: trialStep) else {
                return recorder.result(x, value, gradient, k, .lineSearchFailed)
            }
            recorder.count(found.evaluations)
            let newGradient = found.gradient, newGG = squaredNorm(newGradient)
            sinceRestart += 1
            var beta: Double
            switch variant {
            case .fletcherReeves: beta = newGG / gg
            case .polakRibierePlus: beta = Swift.max(0, (newGG - dot(newGradient, gradient)) / gg)
            }
            if sinceRestart >= restart || Swift.abs(dot(newGradient, gradient)) >= 0.1 * newGG { beta = 0 }
            var newDirection = direction
            for i in newDirection.indices { newDirection[i] = -newGradient[i] + beta * direction[i] }
            var newSlope = dot(newGradient, newDirection)
            if newSlope >= 0 || beta == 0 {
                newDirection = newGradient.map { -$0 }
                newSlope = -newGG
                sinceRestart = 0
            }
            trialStep = newSlope != 0 ? found.step * slope / newSlope : 1
            if !(trialStep > 0 && trialStep.isFinite) { trialStep = 1 }
            (x, value, gradient, direction) = (found.x, found.value, newGradient, newDirection)
            recorder.record(k + 1, value, gradient)
        }
        let reason: StopReason = squaredNorm(gradient) <= squaredGradientTolerance ? .gradientTolerance : .maxIterations
        return recorder.result(x, value, gradient, maxIterations, reason)
    }
}
