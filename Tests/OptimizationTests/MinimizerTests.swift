import Foundation
import LinearAlgebra
import Optimization
import TestSupport
import Testing

// Each minimiser against a closed form: Rosenbrock's minimum (1, 1), the solution A⁻¹b of a quadratic, the
// worst-case rates of first-order methods on a convex quadratic.
@Suite struct MinimizerTests {
    static let rosenbrockStart = [-1.2, 1.0]

    @Test func lbfgsWithStrongWolfeFindsRosenbrocksMinimum() throws {
        // toleranceChange = 0: PyTorch's default 1e-9 on |f_new − f_old| stops near f ≈ 1e-9, before x is at 1e-8.
        let result = try LBFGS(maxIterations: 200, toleranceGrad: 1e-10, toleranceChange: 0, lineSearch: .strongWolfe)
            .minimize(rosenbrock, from: Self.rosenbrockStart)
        #expect(result.stopReason == .gradientTolerance, "stopped by \(result.stopReason) after \(result.iterations) iterations")
        assertClose(result.x, [1, 1], relativeTolerance: 1e-8)
        #expect(result.iterations < 60)
    }

    @Test func newtonFindsRosenbrocksMinimumWithAutodiffHessians() throws {
        let objective = Objective.differentiable(Rosenbrock())
        for solver in [NewtonMethod.Solver.dense, .conjugateGradient(maxIterations: nil)] {
            let result = try NewtonMethod(solver: solver).minimize(objective, from: Self.rosenbrockStart)
            #expect(result.stopReason == .gradientTolerance, "\(solver): stopped by \(result.stopReason)")
            assertClose(result.x, [1, 1], relativeTolerance: 1e-9, "\(solver)")
            // Dense Newton takes 22 iterations (the textbook count is about 21); Newton-CG's loose forcing term
            // (‖r‖ ≤ ½‖g‖ while ‖g‖ ≥ ¼) gives near-Cauchy steps along the valley: 64 measured.
            let limit = { if case .dense = solver { return 30 } else { return 80 } }()
            #expect(result.iterations < limit, "\(solver): \(result.iterations) iterations")
        }
    }

    @Test func autodiffObjectiveMatchesTheHandWrittenGradient() throws {
        let objective = Objective.differentiable(Rosenbrock())
        for point in [[-1.2, 1.0], [0.3, -0.7], [2, 3]] {
            let ours = try objective.valueAndGradient(point), reference = try rosenbrock.valueAndGradient(point)
            assertClose(ours.value, reference.value, relativeTolerance: 1e-14)
            assertClose(ours.gradient, reference.gradient, relativeTolerance: 1e-13)
            // ∇²f = [[2 − 400(y − 3x²), −400x], [−400x, 200]] applied to (1, 2).
            let (x, y) = (point[0], point[1])
            let hv = try objective.hessianVectorProduct!(point, [1, 2])
            assertClose(hv, [2 - 400 * (y - 3 * x * x) - 800 * x, -400 * x + 400], relativeTolerance: 1e-12)
        }
    }

    @Test func nonlinearConjugateGradientFindsRosenbrocksMinimum() throws {
        for variant in [NonlinearConjugateGradient.Variant.polakRibierePlus, .fletcherReeves] {
            let result = try NonlinearConjugateGradient(variant: variant, maxIterations: 5000, squaredGradientTolerance: 1e-18)
                .minimize(rosenbrock, from: Self.rosenbrockStart)
            #expect(result.stopReason == .gradientTolerance, "\(variant): stopped by \(result.stopReason) after \(result.iterations)")
            assertClose(result.x, [1, 1], relativeTolerance: 1e-7, "\(variant)")
        }
    }

    @Test func linearConjugateGradientSolvesAnIllConditionedSystemInAboutNSteps() throws {
        // κ = 10⁶, n = 30 distinct, evenly spaced eigenvalues: exact arithmetic needs ≤ n steps.
        // (Log-spaced spectra are the hard case for rounding: there CG needs about 2n steps to reach 1e-8.)
        let n = 30
        let lambdas = (0..<n).map { 1 + (1e6 - 1) * Double($0) / Double(n - 1) }
        let a = try matrixWithEigenvalues(lambdas, seed: 7)
        let b = Matrix.randomNormal(rows: n, columns: 1, seed: 8).elements
        let solution = try ConjugateGradient(relativeTolerance: 1e-8).solve(b) { a * $0 }
        #expect(solution.converged)
        #expect(solution.iterations <= n + 2, "\(solution.iterations) iterations for n = \(n)")
        assertClose(solution.x, try a.solve(b), relativeTolerance: 1e-4, absoluteTolerance: 1e-9)
        // Three distinct eigenvalues 1, 100, 10⁴: three steps, whatever n.
        let three = try matrixWithEigenvalues((0..<n).map { [1.0, 100, 10_000][$0 % 3] }, seed: 9)
        let fast = try ConjugateGradient(relativeTolerance: 1e-8).solve(b) { three * $0 }
        #expect(fast.iterations == 3, "\(fast.iterations) iterations for 3 distinct eigenvalues")
        assertClose(fast.x, try three.solve(b), relativeTolerance: 1e-6)
    }

    @Test func linearConjugateGradientRejectsAnIndefiniteMatrix() throws {
        let a = try Matrix(rows: [[1, 0], [0, -1]])
        #expect { try ConjugateGradient().solve([0, 1]) { a * $0 } } throws: { error in
            "\(error)".contains("pᵀAp = -1.0 ≤ 0") && "\(error)".contains("not positive definite")
        }
    }

    @Test func newtonSolvesAnIllConditionedQuadraticInOneStep() throws {
        let n = 12
        let a = try matrixWithEigenvalues((0..<n).map { pow(10, 6 * Double($0) / Double(n - 1)) }, seed: 3)
        let b = Matrix.randomNormal(rows: n, columns: 1, seed: 4).elements
        let exact = try a.solve(b)
        let one = try NewtonMethod(maxIterations: 1).minimize(.quadratic(a, b), from: [Double](repeating: 0, count: n))
        #expect(one.iterations == 1)
        // One full step lands on A⁻¹b up to the rounding of a κ = 10⁶ Cholesky solve.
        let error = zip(one.x, exact).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        #expect(error <= 1e-8 * BLAS.norm2(exact), "‖x₁ − x*‖ = \(error)")
        // Newton-CG stops its inner CG at ‖r‖ ≤ min(½, √‖g‖)‖g‖, so its first step is inexact; the forcing term
        // shrinks with ‖g‖ and the outer loop converges superlinearly: ‖g‖ falls by three orders of magnitude
        // within a few iterations. Past that its Armijo line search compares values of f, and f = ½xᵀAx − bᵀx
        // carries rounding of about ε λ_max ‖x‖² ≈ 10⁻⁹ here, more than the decrease left to find (about
        // ‖g‖²/(2 λ_max) ≈ 10⁻¹³ at ‖g‖ = 10⁻³·‖g₀‖): whether the last steps are accepted depends on the
        // rounding, which differs between BLAS kernels, so the test checks the superlinear phase only.
        let truncated = try NewtonMethod(solver: .conjugateGradient(maxIterations: 10 * n), maxIterations: 12,
                                         squaredGradientTolerance: 1e-16)
            .minimize(.quadratic(a, b), from: [Double](repeating: 0, count: n))
        let norms = truncated.trace.map { $0.squaredGradientNorm.squareRoot() }
        let reached = norms.firstIndex { $0 <= 1e-3 * norms[0] }
        #expect(reached != nil && reached! <= 8, "‖g‖ per Newton-CG iteration: \(norms)")
        // Dense Newton: a second iteration finds a zero gradient to rounding.
        let two = try NewtonMethod(maxIterations: 2, squaredGradientTolerance: 1e-16).minimize(.quadratic(a, b), from: [Double](repeating: 0, count: n))
        assertClose(two.x, exact, relativeTolerance: 1e-8)
    }

    @Test func nesterovBeatsGradientDescentAtTheirRates() throws {
        // f(x) = ½ Σ λᵢ xᵢ², λᵢ = (i/n)² (L = 1, f* = 0, x* = 0), x₀ = 1: convex but with eigenvalues down to 1/n².
        let n = 200
        let objective = diagonalQuadratic((1...n).map { pow(Double($0) / Double(n), 2) })
        let start = [Double](repeating: 1, count: n), lipschitz = 1.0, distance = Double(n)   // ‖x₀ − x*‖²
        var gd: [Double] = [], nag: [Double] = []
        let ks = [20, 40, 80, 160, 320]
        for k in ks {
            gd.append(try GradientDescent(stepRule: .fixed(1 / lipschitz), maxIterations: k, squaredGradientTolerance: 0)
                .minimize(objective, from: start).value)
            nag.append(try NesterovAcceleratedGradient(step: 1 / lipschitz, maxIterations: k, squaredGradientTolerance: 0)
                .minimize(objective, from: start).value)
        }
        for (index, k) in ks.enumerated() {
            let kk = Double(k)
            #expect(gd[index] <= lipschitz * distance / (2 * kk), "GD at k = \(k): \(gd[index]) above L‖x₀ − x*‖²/(2k)")
            #expect(nag[index] <= 2 * lipschitz * distance / ((kk + 1) * (kk + 1)), "NAG at k = \(k): \(nag[index]) above 2L‖x₀ − x*‖²/(k + 1)²")
        }
        // Measured orders: the log-log slope of f(x_k) over k = 20 … 320.
        func slope(_ values: [Double]) -> Double { log(values.last! / values.first!) / log(Double(ks.last!) / Double(ks.first!)) }
        #expect(slope(nag) < -2, "Nesterov's measured order \(slope(nag)) is not O(1/k²)")
        #expect(slope(gd) > -1.8 && slope(gd) < -1, "gradient descent's measured order \(slope(gd))")
        #expect(gd.last! / nag.last! > 100)
    }

    @Test func gradientDescentWithTheCoursesBacktrackingConverges() throws {
        // The strongly convex quadratic ½ Σ λᵢ xᵢ², λ ∈ [1, 10]: linear convergence to the gradient tolerance.
        let objective = diagonalQuadratic([1, 2, 5, 10])
        let result = try GradientDescent(stepRule: .lineSearch(.armijo), maxIterations: 500, squaredGradientTolerance: 1e-20)
            .minimize(objective, from: [1, -1, 1, -1])
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.gradientNorm <= 1e-10)
        // Every accepted step met f(x − s∇f) ≤ f(x) − ½ s ‖∇f‖² with s ≥ ρ/L = 1/20, so each iteration decreased f.
        for (before, after) in zip(result.trace, result.trace.dropFirst()) { #expect(after.value < before.value) }
    }

    @Test func gradientNormStoppingRuleStopsAtTheThreshold() throws {
        let objective = diagonalQuadratic([1, 4])
        let epsilon = 1e-6
        let result = try GradientDescent(stepRule: .fixed(0.25), maxIterations: 1000, squaredGradientTolerance: epsilon)
            .minimize(objective, from: [1, 1])
        #expect(result.stopReason == .gradientTolerance)
        #expect(result.trace.last!.squaredGradientNorm <= epsilon)
        // The iterate before did not pass: the rule stopped at the first one that did. g = (0.75ᵏ, 0).
        #expect(result.trace.dropLast().last!.squaredGradientNorm > epsilon)
        #expect(result.iterations == Int(ceil(log(epsilon) / (2 * log(0.75)))))
    }

    @Test func invalidSettingsThrowNamedErrors() throws {
        #expect { try LBFGS(historySize: 0).minimize(rosenbrock, from: [0, 0]) } throws: { "\($0)" == "LBFGS: historySize = 0 must be ≥ 1" }
        #expect { try NewtonMethod().minimize(rosenbrock, from: [0, 0]) } throws: { "\($0)".contains("no Hessian-vector product") }
        #expect { try GradientDescent(stepRule: .fixed(-1)).minimize(rosenbrock, from: [0, 0]) } throws: {
            "\($0)" == "GradientDescent: the fixed step -1.0 must be positive and finite"
        }
        #expect { try NesterovAcceleratedGradient(step: 1).minimize(rosenbrock, from: [.nan, 0]) } throws: {
            "\($0)" == "NesterovAcceleratedGradient: the starting point has a non-finite entry"
        }
        let wrongLength = Objective { _ in (0, [1]) }
        #expect { try LBFGS().minimize(wrongLength, from: [0, 0]) } throws: { "\($0)" == "objective: the gradient has 1 entries, the point 2" }
        let nanGradient = Objective { x in (x[0] * x[0], [.nan]) }
        #expect { try GradientDescent(stepRule: .fixed(0.1)).minimize(nanGradient, from: [1]) } throws: {
            "\($0)" == "objective: gradient entry 0 is nan at a point with finite value"
        }
    }
}
