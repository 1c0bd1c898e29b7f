/// A step `s` along a direction `p` from `x`, with the new point's value and gradient.
public struct LineSearchResult {
    /// The accepted step `s`.
    public let step: Double
    /// `x + s p`.
    public let x: [Double]
    /// `f(x + s p)`.
    public let value: Double
    /// `∇f(x + s p)`.
    public let gradient: [Double]
    /// Objective evaluations spent by the search.
    public let evaluations: Int
}

/// How a minimiser chooses its step along the search direction.
public enum LineSearch {
    /// Backtracking until the Armijo condition holds (see `BacktrackingLineSearch`).
    case backtracking(BacktrackingLineSearch)
    /// A step meeting the strong Wolfe conditions (see `StrongWolfeLineSearch`).
    case strongWolfe(StrongWolfeLineSearch)

    /// Backtracking with the course's constant: `f(x − s∇f) ≤ f(x) − ½ s ‖∇f‖²` along steepest descent.
    public static var armijo: LineSearch { .backtracking(BacktrackingLineSearch()) }
    /// Strong Wolfe with `c₁ = 1e-4`, `c₂ = 0.9` (quasi-Newton's usual constants).
    public static var wolfe: LineSearch { .strongWolfe(StrongWolfeLineSearch()) }

    /// Searches along `direction` from `x` (where `f = value`, `∇f = gradient`); nil when no acceptable step
    /// was found within the search's evaluation limit.
    /// - Throws: `OptimizationError.invalidArgument` unless `direction` is a descent direction (`∇fᵀp < 0`);
    ///   the objective's errors.
    public func search(_ objective: Objective, from x: [Double], value: Double, gradient: [Double],
                       direction: [Double], initialStep: Double = 1) throws -> LineSearchResult? {
        switch self {
        case .backtracking(let search):
            return try search.search(objective, from: x, value: value, gradient: gradient, direction: direction, initialStep: initialStep)
        case .strongWolfe(let search):
            return try search.search(objective, from: x, value: value, gradient: gradient, direction: direction, initialStep: initialStep)
        }
    }

    /// The exact minimising step of a quadratic `f(x) = ½ xᵀ A x − bᵀ x` along `p`:
    ///
    ///     s = −∇fᵀp / pᵀ A p
    ///
    /// (`curvature` is `pᵀ A p`; it must be positive).
    public static func exactQuadraticStep(gradient: [Double], direction: [Double], curvature: Double) -> Double {
        precondition(curvature > 0, "LineSearch.exactQuadraticStep: pᵀAp = \(curvature) must be positive")
        return -dot(gradient, direction) / curvature
    }
}

/// Backtracking line search: the first step `s = s₀ ρᵏ` (k = 0, 1, …) with the Armijo sufficient decrease
///
///     f(x + s p) ≤ f(x) + c s ∇f(x)ᵀp.
///
/// The default `c = ½`, `ρ = ½` is the course's rule: along the steepest-descent direction `p = −∇f` it reads
/// `f(x − s∇f) ≤ f(x) − ½ s ‖∇f‖²`, which for an L-smooth f accepts every `s ≤ 1/L`, so the accepted step is
/// at least `ρ/L`.
///
/// Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 3.1.
public struct BacktrackingLineSearch: Sendable {
    /// The sufficient-decrease constant `c ∈ (0, 1)`.
    public var sufficientDecrease: Double
    /// The contraction `ρ ∈ (0, 1)`.
    public var contraction: Double
    /// At most this many trial steps.
    public var maxEvaluations: Int

    /// A backtracking search with `c = ½`, `ρ = ½`, at most 60 trials unless given.
    public init(sufficientDecrease: Double = 0.5, contraction: Double = 0.5, maxEvaluations: Int = 60) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < 1, "BacktrackingLineSearch: c = \(sufficientDecrease) must be in (0, 1)")
        precondition(contraction > 0 && contraction < 1, "BacktrackingLineSearch: ρ = \(contraction) must be in (0, 1)")
        self.sufficientDecrease = sufficientDecrease
        self.contraction = contraction
        self.maxEvaluations = maxEvaluations
    }

    /// The first step `s₀ ρᵏ` satisfying the Armijo condition, or nil after `maxEvaluations` trials.
    /// - Throws: `OptimizationError.invalidArgument` unless `p` is a descent direction; the objective's errors.
    public func search(_ objective: Objective, from x: [Double], value: Double, gradient: [Double],
                       direction: [Double], initialStep: Double = 1) throws -> LineSearchResult? {
        let slope = dot(gradient, direction)
        guard slope < 0 else {
            throw OptimizationError.invalidArgument("line search: ∇fᵀp = \(slope) must be negative (not a descent direction)")
        }
        var step = initialStep
        for trial in 1...Swift.max(maxEvaluations, 1) {
            let point = moved(x, by: step, along: direction)
            let (trialValue, trialGradient) = try objective.evaluate(point)
            if trialValue <= value + sufficientDecrease * step * slope {
                return LineSearchResult(step: step, x: point, value: trialValue, gradient: trialGradient, evaluations: trial)
            }
            step *= contraction
        }
        return nil
    }
}

/// A line search whose step meets the strong Wolfe conditions
///
///     f(x + s p) ≤ f(x) + c₁ s ∇f(x)ᵀp            (sufficient decrease)
///     |∇f(x + s p)ᵀp| ≤ c₂ |∇f(x)ᵀp|               (curvature)
///
/// by bracketing (Nocedal & Wright Algorithm 3.5: the trial step grows by cubic extrapolation, at most tenfold per
/// trial as in PyTorch, until it brackets an acceptable one)
/// and zoom (Algorithm 3.6: the bracket shrinks around the minimiser of the cubic that interpolates φ and φ' at
/// both ends, falling back to the quadratic through φ(lo), φ'(lo), φ(hi), safeguarded to stay 10% inside
/// the bracket). The curvature condition keeps `sᵀy > 0`, which BFGS updates need, and bounds `|∇fᵀp|` as
/// nonlinear conjugate gradient needs (take `c₂ = 0.1` there).
///
/// Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.5.
public struct StrongWolfeLineSearch: Sendable {
    /// `c₁`, the sufficient-decrease constant.
    public var sufficientDecrease: Double
    /// `c₂ ∈ (c₁, 1)`, the curvature constant.
    public var curvature: Double
    /// At most this many evaluations (PyTorch's `max_ls = 25`).
    public var maxEvaluations: Int
    /// The search gives up when the bracket is shorter than this in `x` (`|hi − lo| · max|pᵢ|`), PyTorch's
    /// `tolerance_change`.
    public var toleranceChange: Double

    /// A strong Wolfe search with `c₁ = 1e-4`, `c₂ = 0.9`, 25 evaluations, `toleranceChange = 1e-9` unless given.
    public init(sufficientDecrease: Double = 1e-4, curvature: Double = 0.9, maxEvaluations: Int = 25,
                toleranceChange: Double = 1e-9) {
        precondition(sufficientDecrease > 0 && sufficientDecrease < curvature && curvature < 1,
                     "StrongWolfeLineSearch: need 0 < c₁ = \(sufficientDecrease) < c₂ = \(curvature) < 1")
        self.sufficientDecrease = sufficientDecrease
        self.curvature = curvature
        self.maxEvaluations = maxEvaluations
        self.toleranceChange = toleranceChange
    }

    private struct Trial {
        var step: Double, value: Double, slope: Double, x: [Double], gradient: [Double]
    }

    /// A step meeting the strong Wolfe conditions, or nil when none was found within `maxEvaluations` (or the
    /// bracket shrank below `toleranceChange` without one).
    /// - Throws: `OptimizationError.invalidArgument` unless `p` is a descent direction; the objective's errors.
    public func search(_ objective: Objective, from x: [Double], value: Double, gradient: [Double],
                       direction: [Double], initialStep: Double = 1) throws -> LineSearchResult? {
        let slope0 = dot(gradient, direction)
        guard slope0 < 0 else {
            throw OptimizationError.invalidArgument("line search: ∇fᵀp = \(slope0) must be negative (not a descent direction)")
        }
        let scale = maxAbsolute(direction)
        var evaluations = 0
        func trial(_ step: Double) throws -> Trial {
            evaluations += 1
            let point = moved(x, by: step, along: direction)
            let (v, g) = try objective.evaluate(point)
            return Trial(step: step, value: v, slope: dot(g, direction), x: point, gradient: g)
        }
        func accepted(_ t: Trial) -> LineSearchResult {
            LineSearchResult(step: t.step, x: t.x, value: t.value, gradient: t.gradient, evaluations: evaluations)
        }
        func armijo(_ t: Trial) -> Bool { t.value <= value + sufficientDecrease * t.step * slope0 }
        func curvatureHolds(_ t: Trial) -> Bool { Swift.abs(t.slope) <= -curvature * slope0 }

        // Bracketing phase (Algorithm 3.5).
        var previous = Trial(step: 0, value: value, slope: slope0, x: x, gradient: gradient)
        var current = try trial(initialStep)
        var lo: Trial, hi: Trial
        while true {
            if !armijo(current) || (evaluations > 1 && current.value >= previous.value) {
                lo = previous; hi = current; break
            }
            if curvatureHolds(current) { return accepted(current) }
            if current.slope >= 0 { lo = current; hi = previous; break }
            guard evaluations < maxEvaluations else { return nil }
            // Extrapolate by the cubic through the last two trials, kept in [s + 0.01 (s − s_prev), 10 s] (PyTorch's
            // bounds; the midpoint when the cubic has no minimiser).
            let low = current.step + 0.01 * (current.step - previous.step), high = 10 * current.step
            let next = Self.cubicMinimizer(previous, current).map { Swift.min(Swift.max($0, low), high) } ?? 0.5 * (low + high)
            previous = current
            current = try trial(next)
        }
        // Zoom phase (Algorithm 3.6): lo satisfies Armijo and has the lowest value so far; φ'(lo)(hi − lo) < 0.
        while evaluations < maxEvaluations {
            let width = Swift.abs(hi.step - lo.step)
            if width * scale < toleranceChange { break }
            let a = Swift.min(lo.step, hi.step), b = Swift.max(lo.step, hi.step)
            var step = Self.cubicMinimizer(lo, hi) ?? Self.quadraticMinimizer(lo, hi) ?? 0.5 * (a + b)
            step = Swift.min(Swift.max(step, a + 0.1 * width), b - 0.1 * width)
            let t = try trial(step)
            if !armijo(t) || t.value >= lo.value {
                hi = t
            } else {
                if curvatureHolds(t) { return accepted(t) }
                if t.slope * (hi.step - lo.step) >= 0 { hi = lo }
                lo = t
            }
        }
        // No Wolfe point: keep the best Armijo point found, if the search moved at all (as PyTorch does).
        return lo.step > 0 ? accepted(lo) : nil
    }

    /// The minimiser of the cubic through `(a, φ(a), φ'(a))` and `(b, φ(b), φ'(b))`, nil when it has none.
    private static func cubicMinimizer(_ p: Trial, _ q: Trial) -> Double? {
        let d1 = p.slope + q.slope - 3 * (p.value - q.value) / (p.step - q.step)
        let discriminant = d1 * d1 - p.slope * q.slope
        guard discriminant >= 0 else { return nil }
        let d2 = discriminant.squareRoot() * (q.step >= p.step ? 1 : -1)
        let denominator = q.slope - p.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let result = q.step - (q.step - p.step) * (q.slope + d2 - d1) / denominator
        return result.isFinite ? result : nil
    }

    /// The minimiser of the quadratic through `φ(a)`, `φ'(a)`, `φ(b)`, nil when it is not convex.
    private static func quadraticMinimizer(_ p: Trial, _ q: Trial) -> Double? {
        let h = q.step - p.step
        let c = (q.value - p.value - p.slope * h) / (h * h)
        guard c > 0 else { return nil }
        return p.step - p.slope / (2 * c)
    }
}
