import Foundation
import LinearAlgebra

extension Objective {
    /// The course's regularised logistic regression, with labels `yᵢ ∈ {−1, +1}`:
    ///
    ///     F(θ)    = (1/n) Σᵢ log(1 + exp(−yᵢ xᵢᵀθ)) + (λ/2) ‖θ‖²
    ///     ∇F(θ)   = (1/n) Xᵀ r + λ θ,              rᵢ = −yᵢ σ(−yᵢ xᵢᵀθ)
    ///     ∇²F(θ) v = (1/n) Xᵀ (w ⊙ X v) + λ v,      wᵢ = σ(xᵢᵀθ) (1 − σ(xᵢᵀθ))
    ///
    /// `X` is n × d (add a column of ones for an intercept). Products with X and Xᵀ go through BLAS `dgemv`;
    /// the loss uses the stable form `log(1 + e^{−m}) = max(−m, 0) + log1p(e^{−|m|})`. F is L-smooth with
    /// `L = λ_max(XᵀX)/(4n) + λ` and, for λ > 0, λ-strongly convex.
    /// - Complexity: two `dgemv` (2 n d flops each) per value-and-gradient, two per Hessian-vector product.
    /// - Throws: `OptimizationError.invalidArgument` unless there is one label per row, each −1 or +1, and λ ≥ 0.
    public static func logisticRegression(features x: Matrix, labels y: [Double], l2 lambda: Double) throws -> Objective {
        guard y.count == x.rows else {
            throw OptimizationError.invalidArgument("logisticRegression: \(y.count) labels for \(x.rows) rows")
        }
        if let bad = y.first(where: { $0 != 1 && $0 != -1 }) {
            throw OptimizationError.invalidArgument("logisticRegression: label \(bad) must be −1 or +1")
        }
        guard lambda >= 0 else { throw OptimizationError.invalidArgument("logisticRegression: l2 = \(lambda) must be ≥ 0") }
        let n = Double(x.rows)
        return Objective(valueAndGradient: { theta in
            let z = x.multiply(theta, transposing: false)
            var loss = 0.0
            var r = z
            for i in z.indices {
                let margin = y[i] * z[i]
                // One exponential per sample: e = e^{−|m|} gives the loss and σ(−m) = 1/(1 + e^{m}) without overflow.
                let e = exp(-Swift.abs(margin))
                loss += Swift.max(-margin, 0) + log1p(e)
                let sigmaMinus = margin >= 0 ? e / (1 + e) : 1 / (1 + e)
                r[i] = -y[i] * sigmaMinus / n
            }
            var gradient = x.multiply(r, transposing: true)
            var penalty = 0.0
            for j in theta.indices {
                gradient[j] += lambda * theta[j]
                penalty += theta[j] * theta[j]
            }
            return (loss / n + 0.5 * lambda * penalty, gradient)
        }, hessianVectorProduct: { theta, v in
            let z = x.multiply(theta, transposing: false)
            var xv = x.multiply(v, transposing: false)
            for i in z.indices {
                let p = 1 / (1 + exp(-z[i]))
                xv[i] *= p * (1 - p) / n
            }
            var result = x.multiply(xv, transposing: true)
            for j in v.indices { result[j] += lambda * v[j] }
            return result
        })
    }
}
