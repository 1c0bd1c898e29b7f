/// Linear conjugate gradient for `A x = b` with `A` symmetric positive definite, given only through products
/// `v ↦ A v` — equivalently, the minimisation of `½ xᵀ A x − bᵀ x` along A-conjugate directions with exact line
/// searches:
///
///     r₀ = A x₀ − b,  p₀ = −r₀
///     s_k     = −r_kᵀ p_k / p_kᵀ A p_k         (LineSearch.exactQuadraticStep; equals r_kᵀr_k / p_kᵀAp_k)
///     x_{k+1} = x_k + s_k p_k,   r_{k+1} = r_k + s_k A p_k
///     β_k     = r_{k+1}ᵀ r_{k+1} / r_kᵀ r_k,   p_{k+1} = −r_{k+1} + β_k p_k
///
/// In exact arithmetic it reaches the solution in at most n steps (at most the number of distinct eigenvalues
/// of A); in floating point the error falls like `2 ((√κ − 1)/(√κ + 1))ᵏ` in the A-norm.
///
/// Stops when `‖r_k‖ ≤ relativeTolerance · ‖b‖` or after `maxIterations` (nil: 10 n).
///
/// Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 5.2.
public struct ConjugateGradient {
    /// The residual test `‖A x − b‖ ≤ relativeTolerance ‖b‖`.
    public var relativeTolerance: Double
    /// At most this many iterations (nil: 10 n).
    public var maxIterations: Int?

    /// The solution and how it was reached.
    public struct Solution {
        /// `x ≈ A⁻¹ b`.
        public let x: [Double]
        /// Iterations (products with A) taken.
        public let iterations: Int
        /// `‖r_k‖ = ‖A x_k − b‖` after each iteration, `‖r₀‖` first.
        public let residualNorms: [Double]
        /// Whether the residual test passed.
        public let converged: Bool
    }

    /// Linear CG with the given residual tolerance.
    public init(relativeTolerance: Double = 1e-10, maxIterations: Int? = nil) {
        self.relativeTolerance = relativeTolerance
        self.maxIterations = maxIterations
    }

    /// Solves `A x = b` from `start` (zeros by default), `A` given by `multiply(v) = A v`.
    /// - Throws: `OptimizationError.invalidArgument` for a start of the wrong length, a negative tolerance or
    ///   when `pᵀAp ≤ 0` (A is not positive definite); the product's errors.
    public func solve(_ b: [Double], start: [Double]? = nil, multiply: ([Double]) throws -> [Double]) throws -> Solution {
        let n = b.count
        guard relativeTolerance >= 0 else {
            throw OptimizationError.invalidArgument("ConjugateGradient: relativeTolerance = \(relativeTolerance) must be ≥ 0")
        }
        var x = start ?? [Double](repeating: 0, count: n)
        guard x.count == n else { throw OptimizationError.invalidArgument("ConjugateGradient: the start has \(x.count) entries, b has \(n)") }
        var r = try multiply(x)
        for i in 0..<n { r[i] -= b[i] }
        var rr = squaredNorm(r)
        var norms = [rr.squareRoot()]
        let target = relativeTolerance * squaredNorm(b).squareRoot()
        var p = r.map { -$0 }
        let limit = maxIterations ?? 10 * n
        var k = 0
        while norms.last! > target && k < limit {
            let ap = try multiply(p)
            let curvature = dot(p, ap)
            guard curvature > 0 else {
                throw OptimizationError.invalidArgument("ConjugateGradient: pᵀAp = \(curvature) ≤ 0 at iteration \(k): A is not positive definite")
            }
            let s = LineSearch.exactQuadraticStep(gradient: r, direction: p, curvature: curvature)
            for i in 0..<n {
                x[i] += s * p[i]
                r[i] += s * ap[i]
            }
            let newRR = squaredNorm(r)
            let beta = newRR / rr
            for i in 0..<n { p[i] = -r[i] + beta * p[i] }
            rr = newRR
            norms.append(rr.squareRoot())
            k += 1
        }
        return Solution(x: x, iterations: k, residualNorms: norms, converged: norms.last! <= target)
    }
}
