import Foundation

extension UMAP {
    /// The parameters `a`, `b` of UMAP's low-dimensional membership curve, fitted to `minDistance` and `spread`
    /// as umap-learn's `find_ab_params` does:
    ///
    ///     φ(x) = 1 / (1 + a x^(2b))                                     (the curve the layout optimises)
    ///     ψ(x) = 1 for x < minDistance,  exp(−(x − minDistance) / spread) otherwise   (the target)
    ///     (a, b) = argmin Σₜ (φ(xₜ) − ψ(xₜ))²,  xₜ = 300 points evenly spaced on [0, 3 · spread]
    ///
    /// umap-learn solves the least-squares problem with SciPy's `curve_fit` (MINPACK Levenberg–Marquardt from
    /// a = b = 1); this is the same Levenberg–Marquardt iteration with the analytic Jacobian
    ///
    ///     ∂φ/∂a = −x^(2b) φ²,   ∂φ/∂b = −2 a x^(2b) ln x · φ²   (both 0 at x = 0),
    ///
    /// damping `(JᵀJ + λ diag JᵀJ) δ = −Jᵀr`, accepting a step only when it lowers the sum of squares. For the
    /// defaults (0.1, 1) it gives a ≈ 1.5769, b ≈ 0.8951.
    ///
    /// - Complexity: O(300) per iteration, a few dozen iterations.
    /// - Throws: `DimensionalityReductionError.invalidParameter` unless `0 ≤ minDistance ≤ spread`, `spread > 0`,
    ///   both finite; `numericalFailure` if the fit does not reach a finite a > 0.
    /// - Reference: umap-learn 0.5, `umap.umap_.find_ab_params`; K. Levenberg (1944), D. W. Marquardt (1963).
    public static func curveParameters(minDistance: Double, spread: Double) throws -> (a: Double, b: Double) {
        try validateCurve(minDistance: minDistance, spread: spread)
        let count = 300
        let xs = (0..<count).map { spread * 3 * Double($0) / Double(count - 1) }
        let ys = xs.map { $0 < minDistance ? 1 : exp(-($0 - minDistance) / spread) }

        func residuals(_ a: Double, _ b: Double) -> Double {
            var sum = 0.0
            for (x, y) in zip(xs, ys) {
                let r = 1 / (1 + a * pow(x, 2 * b)) - y
                sum += r * r
            }
            return sum
        }

        var (a, b) = (1.0, 1.0)
        var cost = residuals(a, b)
        var lambda = 1e-3
        for _ in 0..<500 {
            // Normal equations of the linearised problem: JᵀJ (2 × 2) and Jᵀr.
            var (jaa, jab, jbb, ga, gb) = (0.0, 0.0, 0.0, 0.0, 0.0)
            for (x, y) in zip(xs, ys) where x > 0 {
                let power = pow(x, 2 * b)
                let phi = 1 / (1 + a * power)
                let r = phi - y
                let da = -power * phi * phi
                let db = -2 * a * power * log(x) * phi * phi
                jaa += da * da; jab += da * db; jbb += db * db
                ga += da * r; gb += db * r
            }
            // Try damped steps until one lowers the cost.
            var improved = false
            while lambda < 1e16 {
                let (m11, m22) = (jaa * (1 + lambda), jbb * (1 + lambda))
                let determinant = m11 * m22 - jab * jab
                guard determinant > 0 else { lambda *= 10; continue }
                let stepA = -(m22 * ga - jab * gb) / determinant
                let stepB = -(m11 * gb - jab * ga) / determinant
                let (nextA, nextB) = (a + stepA, b + stepB)
                let nextCost = nextA > 0 ? residuals(nextA, nextB) : .infinity
                if nextCost.isFinite && nextCost <= cost {
                    let relativeStep = max(abs(stepA) / abs(a), abs(stepB) / max(abs(b), 1e-300))
                    let relativeDecrease = (cost - nextCost) / max(cost, .leastNormalMagnitude)
                    (a, b, cost) = (nextA, nextB, nextCost)
                    lambda = max(lambda / 10, 1e-12)
                    improved = true
                    if relativeStep < 1e-12 || relativeDecrease < 1e-15 { return (a, b) }
                    break
                }
                lambda *= 10
            }
            if !improved { break }   // no damped step lowers the cost: a (local) minimum
        }
        guard a.isFinite, b.isFinite, a > 0 else {
            throw DimensionalityReductionError.numericalFailure(
                method: "UMAP", underlying: "the fit of a, b to minDistance = \(minDistance), spread = \(spread) did not converge (a = \(a), b = \(b))")
        }
        return (a, b)
    }

    /// Throws unless `0 ≤ minDistance ≤ spread` and `spread > 0`, all finite.
    static func validateCurve(minDistance: Double, spread: Double) throws {
        guard spread.isFinite, spread > 0 else {
            throw DimensionalityReductionError.invalidParameter(
                method: "UMAP", name: "spread", message: "= \(spread) must be finite and > 0 (umap-learn's default is 1)")
        }
        guard minDistance.isFinite, minDistance >= 0 else {
            throw DimensionalityReductionError.invalidParameter(
                method: "UMAP", name: "minDistance", message: "= \(minDistance) must be finite and ≥ 0 (umap-learn's default is 0.1)")
        }
        guard minDistance <= spread else {
            throw DimensionalityReductionError.invalidParameter(
                method: "UMAP", name: "minDistance",
                message: "= \(minDistance) must not exceed spread = \(spread); lower minDistance or raise spread")
        }
    }
}
