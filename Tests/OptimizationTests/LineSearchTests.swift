import Foundation
import LinearAlgebra
import Optimization
import TestSupport
import Testing

// The conditions each line search promises, checked at the steps it returns.
@Suite struct LineSearchTests {
    static let points: [[Double]] = [[-1.2, 1], [0, 0], [1.5, 2.5], [-0.5, 0.8], [2, 0]]

    @Test func backtrackingMeetsTheCoursesArmijoCondition() throws {
        for x in Self.points {
            let (f, g) = try rosenbrock.valueAndGradient(x)
            let p = g.map { -$0 }
            let found = try #require(try BacktrackingLineSearch().search(rosenbrock, from: x, value: f, gradient: g, direction: p))
            let gg = BLAS.dot(g, g)
            // f(x − s∇f) ≤ f(x) − ½ s ‖∇f‖², and s is the first of 1, ½, ¼, … that passes.
            #expect(found.value <= f - 0.5 * found.step * gg)
            #expect(found.evaluations == Int((-log2(found.step)).rounded()) + 1)
            if found.step < 1 {
                let larger = zip(x, p).map { $0 + 2 * found.step * $1 }
                #expect(try rosenbrock.valueAndGradient(larger).value > f - 0.5 * 2 * found.step * gg)
            }
            assertClose(try rosenbrock.valueAndGradient(found.x).value, found.value)
        }
    }

    @Test func strongWolfeStepsMeetBothConditions() throws {
        let (c1, c2) = (1e-4, 0.9)
        for x in Self.points {
            let (f, g) = try rosenbrock.valueAndGradient(x)
            // Steepest descent from a step far too long (forces zoom) and a scaled direction (forces bracketing).
            for (p, initial) in [(g.map { -$0 }, 1.0), (g.map { -$0 / BLAS.norm2(g) }, 1e-4)] {
                let found = try #require(try StrongWolfeLineSearch(sufficientDecrease: c1, curvature: c2)
                    .search(rosenbrock, from: x, value: f, gradient: g, direction: p, initialStep: initial))
                let slope0 = BLAS.dot(g, p), slope = BLAS.dot(found.gradient, p)
                #expect(found.value <= f + c1 * found.step * slope0, "Armijo fails at \(x), s = \(found.step)")
                #expect(abs(slope) <= c2 * abs(slope0), "curvature fails at \(x), s = \(found.step): \(slope) vs \(slope0)")
            }
        }
    }

    @Test func strongWolfeWithASmallCurvatureConstantFindsANearlyExactStep() throws {
        // φ(s) = f(x + s p) for f = ½ xᵀ A x: with c₂ = 1e-3 the step must be within 0.1% of the slope's zero.
        let a = try Matrix(rows: [[3, 1], [1, 2]])
        let objective = Objective.quadratic(a, [0, 0])
        let x = [1.0, 2.0]
        let (f, g) = try objective.valueAndGradient(x)
        let p = g.map { -$0 }
        let found = try #require(try StrongWolfeLineSearch(curvature: 1e-3).search(objective, from: x, value: f, gradient: g, direction: p))
        let exact = LineSearch.exactQuadraticStep(gradient: g, direction: p, curvature: BLAS.dot(p, a * p))
        assertClose(found.step, exact, relativeTolerance: 1e-3)
    }

    @Test func exactQuadraticStepZeroesTheDirectionalDerivative() throws {
        let a = try Matrix(rows: [[4, 1, 0], [1, 3, -1], [0, -1, 2]])
        let b = [1.0, -2, 0.5]
        let objective = Objective.quadratic(a, b)
        let x = [0.3, 0.1, -0.4], p = [1.0, -1, 2]
        let g = try objective.valueAndGradient(x).gradient
        let s = LineSearch.exactQuadraticStep(gradient: g, direction: p, curvature: BLAS.dot(p, a * p))
        // s = −gᵀp / pᵀAp; at x + s p the gradient is orthogonal to p.
        let moved = zip(x, p).map { $0 + s * $1 }
        #expect(abs(BLAS.dot(try objective.valueAndGradient(moved).gradient, p)) < 1e-14)
    }

    @Test func aNonDescentDirectionIsRejected() throws {
        let (f, g) = try rosenbrock.valueAndGradient([0, 0])
        #expect { try LineSearch.armijo.search(rosenbrock, from: [0, 0], value: f, gradient: g, direction: g) } throws: {
            "\($0)" == "line search: ∇fᵀp = 4.0 must be negative (not a descent direction)"
        }
    }
}
