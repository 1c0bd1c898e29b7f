/// Limited-memory BFGS with PyTorch's semantics (`torch.optim.LBFGS`): the same settings, defaults, tests and order
/// of operations, over a closure that re-evaluates the loss and its gradient.
///
/// Iteration k: the direction `d = −H g` by the two-loop recursion over the last `historySize` pairs
/// `(s, y) = (t d, g_new − g_old)`, kept only when the curvature `yᵀs > 1e-10`, with the initial scaling
/// `H₀ = (yᵀs / yᵀy) I` from the newest pair. The step `t` is `learningRate` (`min(1, 1/‖g₀‖₁) · learningRate` on
/// the first iteration), used as it is with `lineSearch: .none`, or as the first trial of a strong Wolfe search
/// with `.strongWolfe` (c₁ = 1e-4, c₂ = 0.9, 25 evaluations). The loop ends when
/// - `max |gᵢ| ≤ toleranceGrad` (PyTorch's first-order test; checked at the start too),
/// - `gᵀd > −toleranceChange` (no descent left), `max |t dᵢ| ≤ toleranceChange`, or `|f_new − f_old| < toleranceChange`,
/// - `maxIterations` iterations or `maxEvaluations` evaluations (PyTorch's `max_iter`, `max_eval`),
/// - and, beyond PyTorch, `‖g‖² ≤ squaredGradientTolerance` (the course's rule; 0 turns it off).
///
/// Why a full-batch minimiser and not an `Optimizer` of NeuralNetworks: PyTorch's `step(closure)` has to call the
/// closure several times per step (the line search's trial points, the gradient after each update), and its
/// curvature pairs assume every call sees the same function. NeuralNetworks' `Optimizer.step()` is one update from
/// a gradient already stored by the caller's backward pass, which cannot re-evaluate anything. So `LBFGS` takes an
/// `Objective` (value and gradient of `x`) and owns the loop, as SciPy's `minimize` does; one `minimize` call is
/// one PyTorch `step(closure)` on a fresh optimiser (a fresh history), with the same default of 20 iterations —
/// raise `maxIterations` to run to convergence.
///
/// Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 7.4 and 7.5; PyTorch
/// `torch/optim/lbfgs.py`.
public struct LBFGS {
    /// How the step along the quasi-Newton direction is chosen.
    public enum LineSearchKind: Sendable, Equatable {
        /// The fixed step `learningRate` (PyTorch's `line_search_fn=None`).
        case none
        /// A strong Wolfe search starting at `learningRate` (PyTorch's `line_search_fn="strong_wolfe"`).
        case strongWolfe
    }

    /// The step (PyTorch's `lr`, default 1).
    public var learningRate: Double
    /// At most this many iterations per `minimize` call (PyTorch's `max_iter`, default 20).
    public var maxIterations: Int
    /// At most this many evaluations (PyTorch's `max_eval`; nil: `maxIterations · 5/4`).
    public var maxEvaluations: Int?
    /// The first-order test `max |gᵢ| ≤ toleranceGrad` (default 1e-7).
    public var toleranceGrad: Double
    /// The step / value-change test (default 1e-9).
    public var toleranceChange: Double
    /// The number of curvature pairs kept (default 100).
    public var historySize: Int
    /// The step rule.
    public var lineSearch: LineSearchKind
    /// The course's test `‖g‖² ≤ ε` in addition to PyTorch's (0, the default, turns it off).
    public var squaredGradientTolerance: Double

    /// L-BFGS with PyTorch's defaults unless given.
    public init(learningRate: Double = 1, maxIterations: Int = 20, maxEvaluations: Int? = nil, toleranceGrad: Double = 1e-7,
                toleranceChange: Double = 1e-9, historySize: Int = 100, lineSearch: LineSearchKind = .none,
                squaredGradientTolerance: Double = 0) {
        self.learningRate = learningRate
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.toleranceGrad = toleranceGrad
        self.toleranceChange = toleranceChange
        self.historySize = historySize
        self.lineSearch = lineSearch
        self.squaredGradientTolerance = squaredGradientTolerance
    }

    /// Minimises `objective` from `start`.
    /// - Throws: `OptimizationError.invalidArgument` for `historySize < 1`, a non-positive learning rate, an empty
    ///   or non-finite start or negative limits; the objective's errors.
    public func minimize(_ objective: Objective, from start: [Double]) throws -> MinimizationResult {
        try validate("LBFGS", start: start, maxIterations: maxIterations, squaredGradientTolerance: squaredGradientTolerance)
        guard historySize >= 1 else { throw OptimizationError.invalidArgument("LBFGS: historySize = \(historySize) must be ≥ 1") }
        guard learningRate > 0 && learningRate.isFinite else {
            throw OptimizationError.invalidArgument("LBFGS: learningRate = \(learningRate) must be positive and finite")
        }
        let evaluationLimit = maxEvaluations ?? maxIterations * 5 / 4
        let wolfe = StrongWolfeLineSearch(toleranceChange: toleranceChange)
        var recorder = Recorder(objective)
        var x = start
        var (loss, g) = try recorder.evaluate(x)
        recorder.record(0, loss, g)
        func gradientTestPasses(_ g: [Double]) -> Bool {
            maxAbsolute(g) <= toleranceGrad || squaredNorm(g) <= squaredGradientTolerance
        }
        if gradientTestPasses(g) { return recorder.result(x, loss, g, 0, .gradientTolerance) }

        let n = x.count
        var steps: [[Double]] = [], differences: [[Double]] = [], rho: [Double] = []
        var alpha = [Double](repeating: 0, count: historySize)
        var direction = [Double](repeating: 0, count: n), previousGradient = g
        var t = 0.0, hDiagonal = 1.0
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            if iteration == 1 {
                direction = g.map { -$0 }
            } else {
                var y = g, s = direction
                for i in 0..<n {
                    y[i] -= previousGradient[i]
                    s[i] *= t
                }
                let ys = dot(y, s)
                if ys > 1e-10 {
                    if steps.count == historySize {
                        steps.removeFirst(); differences.removeFirst(); rho.removeFirst()
                    }
                    steps.append(s); differences.append(y); rho.append(1 / ys)
                    hDiagonal = ys / dot(y, y)
                }
                // Two-loop recursion: d = −H g.
                var q = g.map { -$0 }
                for i in stride(from: steps.count - 1, through: 0, by: -1) {
                    alpha[i] = dot(steps[i], q) * rho[i]
                    for j in 0..<n { q[j] -= alpha[i] * differences[i][j] }
                }
                for j in 0..<n { q[j] *= hDiagonal }
                for i in 0..<steps.count {
                    let beta = dot(differences[i], q) * rho[i]
                    for j in 0..<n { q[j] += steps[i][j] * (alpha[i] - beta) }
                }
                direction = q
            }
            previousGradient = g
            let previousLoss = loss
            if iteration == 1 {
                var l1 = 0.0
                for v in g { l1 += Swift.abs(v) }
                t = Swift.min(1, 1 / l1) * learningRate
            } else {
                t = learningRate
            }
            let slope = dot(g, direction)
            if slope > -toleranceChange { return recorder.result(x, loss, g, iteration - 1, .changeTolerance) }

            switch lineSearch {
            case .strongWolfe:
                guard let found = try wolfe.search(objective, from: x, value: loss, gradient: g, direction: direction, initialStep: t) else {
                    return recorder.result(x, loss, g, iteration - 1, .lineSearchFailed)
                }
                recorder.count(found.evaluations)
                (t, x, loss, g) = (found.step, found.x, found.value, found.gradient)
            case .none:
                x = moved(x, by: t, along: direction)
                if iteration == maxIterations {
                    // PyTorch skips the re-evaluation on the last iteration; we evaluate once so the result
                    // reports the value and gradient at the returned point.
                    (loss, g) = try recorder.evaluate(x)
                    recorder.record(iteration, loss, g)
                    return recorder.result(x, loss, g, iteration, gradientTestPasses(g) ? .gradientTolerance : .maxIterations)
                }
                (loss, g) = try recorder.evaluate(x)
            }
            recorder.record(iteration, loss, g)
            if iteration == maxIterations { return recorder.result(x, loss, g, iteration, .maxIterations) }
            if recorder.evaluations >= evaluationLimit { return recorder.result(x, loss, g, iteration, .maxEvaluations) }
            if gradientTestPasses(g) { return recorder.result(x, loss, g, iteration, .gradientTolerance) }
            if maxAbsolute(direction) * Swift.abs(t) <= toleranceChange { return recorder.result(x, loss, g, iteration, .changeTolerance) }
            if Swift.abs(loss - previousLoss) < toleranceChange { return recorder.result(x, loss, g, iteration, .changeTolerance) }
        }
        return recorder.result(x, loss, g, iteration, .maxIterations)
    }
}
