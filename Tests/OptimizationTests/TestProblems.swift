import LinearAlgebra
import Optimization

/// Rosenbrock's function f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1), on the autodiff graph (so
/// Newton's method gets exact Hessian-vector products by forward-over-reverse mode).
struct Rosenbrock: DifferentiableFunction {
    func callAsFunction<T: TensorScalar>(_ v: Variable<T>) throws -> Variable<T> {
        let x = v.sliced(axis: 0, 0..<1), y = v.sliced(axis: 0, 1..<2)
        return ((1.0 - x).squared() + (y - x.squared()).squared() * T(100)).sum()
    }
}

/// The same function with its hand-written gradient (independent of the autodiff one).
var rosenbrock: Objective {   // computed: `Objective` holds closures and is not Sendable, so no global `let`
    Objective { p in
        let a = 1 - p[0], b = p[1] - p[0] * p[0]
        return (a * a + 100 * b * b, [-2 * a - 400 * p[0] * b, 200 * b])
    }
}

/// `f(x) = ½ Σ λᵢ xᵢ²` (minimum 0 at 0), its gradient and Hessian-vector product.
func diagonalQuadratic(_ lambdas: [Double]) -> Objective {
    Objective(valueAndGradient: { x in
        var value = 0.0
        for i in x.indices { value += 0.5 * lambdas[i] * x[i] * x[i] }
        return (value, zip(lambdas, x).map { $0 * $1 })
    }, hessianVectorProduct: { _, v in zip(lambdas, v).map { $0 * $1 } })
}

/// A symmetric positive definite matrix `Q diag(λ) Qᵀ` with the given eigenvalues and a seeded orthogonal Q.
func matrixWithEigenvalues(_ lambdas: [Double], seed: UInt64) throws -> Matrix {
    let n = lambdas.count
    let q = try Matrix.randomNormal(rows: n, columns: n, seed: seed).qr().q
    return Matrix.product(q.scalingColumns(by: lambdas), q, transposingB: true).symmetrized
}
