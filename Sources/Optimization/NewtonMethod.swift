import LinearAlgebra

/// Newton's method with a backtracking line search: solve `∇²f(x_k) p_k = −∇f(x_k)`, then
/// `x_{k+1} = x_k + s_k p_k` with `s_k` the first of 1, ½, ¼, … meeting Armijo's condition (c = 1e-4).
///
/// The Hessian comes from the objective's Hessian-vector products (`Objective.differentiable` gives exact ones by
/// forward-over-reverse autodiff), either
/// - `.dense`: `∇²f` formed column by column from n products `∇²f eⱼ`, symmetrised, solved by Cholesky; when it
///   is not positive definite, `∇²f + τI` with τ raised until Cholesky succeeds (Nocedal & Wright Algorithm 3.3),
///   so `p` is always a descent direction. O(n) products and O(n³) flops per iteration: small n.
/// - `.conjugateGradient`: matrix-free Newton-CG (Nocedal & Wright Algorithm 7.1): linear CG on the products,
///   stopped when `‖r‖ ≤ min(½, √‖∇f‖) ‖∇f‖` or at negative curvature (then the CG iterate so far, or `−∇f` on
///   the first CG step). No Hessian is stored.
///
/// On a strictly convex quadratic the first full step lands on the minimiser (`.dense` exactly; `.conjugateGradient`
/// up to its forcing tolerance). Near a minimiser with positive definite Hessian convergence is quadratic
/// (`.dense`) or superlinear (`.conjugateGradient`).
///
/// Stops when `‖∇f‖² ≤ squaredGradientTolerance`, after `maxIterations`, or when the line search fails.
public struct NewtonMethod {
    /// How the Newton system is solved.
    public enum Solver: Sendable {
        /// Form the Hessian from n Hessian-vector products and factor it (with a diagonal shift if needed).
        case dense
        /// Truncated CG on Hessian-vector products (at most `maxIterations` per Newton step; nil: n).
        case conjugateGradient(maxIterations: Int?)
    }

    /// The linear solver.
    public var solver: Solver
    /// The step search (Armijo with c = 1e-4 from s = 1).
    public var lineSearch: BacktrackingLineSearch
    /// At most this many iterations.
    public var maxIterations: Int
    /// Stop when `‖∇f‖² ≤ ε`.
    public var squaredGradientTolerance: Double

    /// Newton's method with the given solver (dense unless given).
    public init(solver: Solver = .dense, lineSearch: BacktrackingLineSearch = BacktrackingLineSearch(sufficientDecrease: 1e-4),
                maxIterations: Int = 100, squaredGradientTolerance: Double = 1e-20) {
        self.solver = solver
        self.lineSearch = lineSearch
        self.maxIterations = maxIterations
        self.squaredGradientTolerance = squaredGradientTolerance
    }

    /// Minimises `objective` from `start`.
    /// - Throws: `OptimizationError.invalidArgument` when the objective has no Hessian-vector product, for an
    ///   empty or non-finite start or negative limits; the objective's errors.
    public func minimize(_ objective: Objective, from start: [Double]) throws -> MinimizationResult {
        try validate("NewtonMethod", start: start, maxIterations: maxIterations, squaredGradientTolerance: squaredGradientTolerance)
        guard let hessianTimes = objective.hessianVectorProduct else {
            throw OptimizationError.invalidArgument("NewtonMethod: the objective has no Hessian-vector product; build it with Objective.differentiable or pass hessianVectorProduct")
        }
        var recorder = Recorder(objective)
        var x = start
        var (value, gradient) = try recorder.evaluate(x)
        recorder.record(0, value, gradient)
        for k in 0..<maxIterations {
            if squaredNorm(gradient) <= squaredGradientTolerance { return recorder.result(x, value, gradient, k, .gradientTolerance) }
            let point = x
            let direction: [Double]
            switch solver {
            case .dense: direction = try Self.denseDirection(gradient) { try hessianTimes(point, $0) }
            case .conjugateGradient(let limit):
                direction = try Self.truncatedCGDirection(gradient, maxIterations: limit ?? x.count) { try hessianTimes(point, $0) }
            }
            guard dot(direction, gradient) < 0,
                  let found = try lineSearch.search(objective, from: x, value: value, gradient: gradient, direction: direction) else {
                return recorder.result(x, value, gradient, k, .lineSearchFailed)
            }
            recorder.count(found.evaluations)
            (x, value, gradient) = (found.x, found.value, found.gradient)
            recorder.record(k + 1, value, gradient)
        }
        let reason: StopReason = squaredNorm(gradient) <= squaredGradientTolerance ? .gradientTolerance : .maxIterations
        return recorder.result(x, value, gradient, maxIterations, reason)
    }

    /// `−(H + τI)⁻¹ g` with the smallest τ in 0, β, 2β, 4β, … (β = 1e-3 · max|Hᵢᵢ|) for which Cholesky succeeds.
    static func denseDirection(_ g: [Double], hessianTimes: ([Double]) throws -> [Double]) throws -> [Double] {
        let n = g.count
        var h = Matrix(rows: n, columns: n)
        var unit = [Double](repeating: 0, count: n)
        for j in 0..<n {
            unit[j] = 1
            let column = try hessianTimes(unit)
            unit[j] = 0
            for i in 0..<n { h[i, j] = column[i] }
        }
        h = h.symmetrized
        let rhs = Matrix(column: g.map { -$0 })
        let diagonal = h.diagonal
        let beta = 1e-3 * Swift.max(diagonal.map { Swift.abs($0) }.max() ?? 1, 1e-8)
        var tau = (diagonal.min() ?? 0) > 0 ? 0 : -(diagonal.min() ?? 0) + beta
        for _ in 0..<80 {
            var shifted = h
            if tau > 0 { for i in 0..<n { shifted[i, i] += tau } }
            if let p = try? shifted.solvePositiveDefinite(rhs).elements { return p }
            tau = Swift.max(2 * tau, beta)
        }
        return g.map { -$0 }
    }

    /// Newton-CG's inner loop (Nocedal & Wright Algorithm 7.1).
    static func truncatedCGDirection(_ g: [Double], maxIterations: Int,
                                     hessianTimes: ([Double]) throws -> [Double]) throws -> [Double] {
        let n = g.count
        let gNorm = squaredNorm(g).squareRoot()
        let tolerance = Swift.min(0.5, gNorm.squareRoot()) * gNorm
        var z = [Double](repeating: 0, count: n), r = g, d = g.map { -$0 }
        var rr = squaredNorm(r)
        for j in 0..<Swift.max(maxIterations, 1) {
            let hd = try hessianTimes(d)
            let curvature = dot(d, hd)
            if curvature <= 0 { return j == 0 ? g.map { -$0 } : z }
            let s = rr / curvature
            for i in 0..<n {
                z[i] += s * d[i]
                r[i] += s * hd[i]
            }
            let newRR = squaredNorm(r)
            if newRR.squareRoot() <= tolerance { return z }
            let beta = newRR / rr
            for i in 0..<n { d[i] = -r[i] + beta * d[i] }
            rr = newRR
        }
        return z
    }
}
