import Foundation
import LinearAlgebra
import Optimization
import TestSupport
import Testing

// The BLAS logistic-regression objective against the same loss written on the autodiff graph (gradients by
// reverse mode, Hessian-vector products by forward-over-reverse mode), and Newton / L-BFGS agreeing on θ*.
@Suite struct LogisticRegressionTests {
    static let n = 40, d = 3, lambda = 0.05
    static let features = Matrix.randomNormal(rows: n, columns: d, seed: 21)
    static let labels: [Double] = (0..<n).map { i in features[i, 0] - 0.5 * features[i, 1] + 0.3 > 0 ? 1 : -1 }

    /// (1/n) Σ softplus(−yᵢ xᵢᵀθ) + (λ/2)‖θ‖² on the graph.
    struct GraphLoss: DifferentiableFunction {
        func callAsFunction<T: TensorScalar>(_ theta: Variable<T>) throws -> Variable<T> {
            let x = theta.graph.constant(Tensor<T>(shape: [n, d]) { T(features.elements[$0]) })
            let y = theta.graph.constant(Tensor<T>(shape: [n, 1]) { T(labels[$0]) })
            let margins = matmul(x, theta.reshaped([d, 1])) * y
            return softplus(0.0 - margins).sum() * T(1 / Double(n)) + theta.squared().sum() * T(0.5 * lambda)
        }
    }

    @Test func valueGradientAndHessianProductsMatchAutodiff() throws {
        let blas = try Objective.logisticRegression(features: Self.features, labels: Self.labels, l2: Self.lambda)
        let graph = Objective.differentiable(GraphLoss())
        for seed in UInt64(0)..<4 {
            let theta = Matrix.randomNormal(rows: Self.d, columns: 1, seed: 30 + seed).elements
            let v = Matrix.randomNormal(rows: Self.d, columns: 1, seed: 40 + seed).elements
            let ours = try blas.valueAndGradient(theta), reference = try graph.valueAndGradient(theta)
            assertClose(ours.value, reference.value, relativeTolerance: 1e-13)
            assertClose(ours.gradient, reference.gradient, relativeTolerance: 1e-12)
            assertClose(try blas.hessianVectorProduct!(theta, v), try graph.hessianVectorProduct!(theta, v), relativeTolerance: 1e-12)
        }
    }

    @Test func newtonAndLBFGSAgreeOnTheMinimiser() throws {
        let objective = try Objective.logisticRegression(features: Self.features, labels: Self.labels, l2: Self.lambda)
        let start = [Double](repeating: 0, count: Self.d)
        let newton = try NewtonMethod().minimize(objective, from: start)
        let lbfgs = try LBFGS(maxIterations: 200, toleranceGrad: 1e-9, toleranceChange: 0, lineSearch: .strongWolfe)
            .minimize(objective, from: start)
        #expect(newton.stopReason == .gradientTolerance && newton.iterations <= 8, "Newton: \(newton.iterations) iterations")
        #expect(lbfgs.stopReason == .gradientTolerance)
        // λ-strong convexity: ‖θ − θ*‖ ≤ ‖∇F(θ)‖/λ ≤ √3 · 1e-9 / 0.05 ≈ 3.5e-8.
        assertClose(lbfgs.x, newton.x, relativeTolerance: 0, absoluteTolerance: 4e-8)
    }

    @Test func rejectsLabelsOutsidePlusMinusOne() throws {
        #expect { try Objective.logisticRegression(features: Self.features, labels: [Double](repeating: 0, count: Self.n), l2: 0) } throws: {
            "\($0)" == "logisticRegression: label 0.0 must be −1 or +1"
        }
    }
}
