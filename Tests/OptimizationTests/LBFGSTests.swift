import Foundation
import LinearAlgebra
import Optimization
import TestSupport
import Testing

// PyTorch's L-BFGS as published (torch/optim/lbfgs.py), written out here for the first two iterations:
//
//     iteration 1:  d = −g₀,  t = min(1, 1/‖g₀‖₁) · lr,  x₁ = x₀ + t d
//     iteration 2:  s = t d,  y = g₁ − g₀,  ρ = 1/yᵀs,  H₀ = (yᵀs / yᵀy) I
//                   d = −H g₁,  H = (I − ρ s yᵀ) H₀ (I − ρ y sᵀ) + ρ s sᵀ      (the two-loop recursion, one pair)
//                   x₂ = x₁ + lr · d
@Suite struct LBFGSTests {
    @Test func firstTwoIterationsFollowPyTorchsRule() throws {
        let a = try Matrix(rows: [[3, 1], [1, 2]])
        let b = [1.0, -1]
        let objective = Objective.quadratic(a, b)
        let x0 = [2.0, -3.0], lr = 0.5
        let g0 = try objective.valueAndGradient(x0).gradient
        let t = min(1, 1 / g0.map(abs).reduce(0, +)) * lr
        let x1 = zip(x0, g0).map { $0 - t * $1 }
        let one = try LBFGS(learningRate: lr, maxIterations: 1).minimize(objective, from: x0)
        assertClose(one.x, x1, relativeTolerance: 1e-14)

        let g1 = try objective.valueAndGradient(x1).gradient
        let s = zip(x1, x0).map { $0 - $1 }, y = zip(g1, g0).map { $0 - $1 }
        let ys = BLAS.dot(y, s), rho = 1 / ys, gamma = ys / BLAS.dot(y, y)
        // H = γ (I − ρ s yᵀ)(I − ρ y sᵀ) + ρ s sᵀ, entry by entry.
        var h = Matrix(rows: 2, columns: 2)
        for i in 0..<2 {
            for j in 0..<2 {
                var sum = 0.0
                for k in 0..<2 {
                    let left = (i == k ? 1 : 0) - rho * s[i] * y[k], right = (k == j ? 1 : 0) - rho * y[k] * s[j]
                    sum += left * right
                }
                h[i, j] = gamma * sum + rho * s[i] * s[j]
            }
        }
        let d = (h * g1).map { -$0 }
        let x2 = zip(x1, d).map { $0 + lr * $1 }
        // maxEvaluations raised: PyTorch's default max_iter · 5 // 4 = 2 would stop after the first iteration.
        let two = try LBFGS(learningRate: lr, maxIterations: 2, maxEvaluations: 10).minimize(objective, from: x0)
        assertClose(two.x, x2, relativeTolerance: 1e-13)
        #expect(two.evaluations == 3)
    }

    @Test func stopsAtTheStartWhenTheGradientTestPasses() throws {
        let objective = Objective.quadratic(try Matrix(rows: [[2, 0], [0, 1]]), [2, 1])
        let result = try LBFGS().minimize(objective, from: [1, 1])
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.iterations == 0 && result.evaluations == 1)
    }

    @Test func convergesOnAnIllConditionedQuadraticToTheGradientTolerance() throws {
        let n = 40
        let a = try matrixWithEigenvalues((0..<n).map { pow(10, 3 * Double($0) / Double(n - 1)) }, seed: 11)
        let b = Matrix.randomNormal(rows: n, columns: 1, seed: 12).elements
        for search in [LBFGS.LineSearchKind.strongWolfe, .none] {
            let result = try LBFGS(maxIterations: 2000, maxEvaluations: 4000, toleranceGrad: 1e-6, toleranceChange: 0, lineSearch: search)
                .minimize(.quadratic(a, b), from: [Double](repeating: 0, count: n))
            #expect(result.stopReason == .gradientTolerance, "\(search): \(result.stopReason) after \(result.iterations)")
            #expect(result.gradient.map(abs).max()! <= 1e-6)
            // ‖x − x*‖ ≤ ‖g‖ / λ_min = ‖g‖ (λ_min = 1).
            assertClose(result.x, try a.solve(b), relativeTolerance: 0, absoluteTolerance: 1e-6 * Double(n).squareRoot(), "\(search)")
        }
    }

    @Test func defaultsAreTorchs() {
        let lbfgs = LBFGS()
        #expect(lbfgs.learningRate == 1 && lbfgs.maxIterations == 20 && lbfgs.maxEvaluations == nil)
        #expect(lbfgs.toleranceGrad == 1e-7 && lbfgs.toleranceChange == 1e-9 && lbfgs.historySize == 100)
        #expect(lbfgs.lineSearch == .none)
    }

    @Test func theCoursesGradientRuleStopsEarlierThanTorchsOwn() throws {
        let result = try LBFGS(maxIterations: 500, toleranceGrad: 0, lineSearch: .strongWolfe, squaredGradientTolerance: 1e-6)
            .minimize(rosenbrock, from: [-1.2, 1])
        #expect(result.stopReason == .gradientTolerance)
        #expect(BLAS.dot(result.gradient, result.gradient) <= 1e-6)
        #expect(result.trace.dropLast().allSatisfy { $0.squaredGradientNorm > 1e-6 })
    }
}
