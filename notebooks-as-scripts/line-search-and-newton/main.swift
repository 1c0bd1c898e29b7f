// Line search, Nesterov, conjugate gradient, L-BFGS and Newton on the course's regularised logistic regression,
//
//     F(θ) = (1/n) Σᵢ log(1 + exp(−yᵢ xᵢᵀθ)) + (λ/2) ‖θ‖²,   yᵢ ∈ {−1, +1},
//
// on a seeded two-class sample whose feature scales span two decades (so F is ill-conditioned and the rates
// differ visibly). Each method is a minimiser of the Optimization module over the BLAS objective
// (`Objective.logisticRegression`); Newton's method gets its Hessian from Hessian-vector products, here checked
// against the autodiff graph's forward-over-reverse products. F* comes from Newton's method run to ‖∇F‖² ≤ 1e-26.
// The figures draw F − F* against iterations and against time on a log scale: gradient descent's O(1/k) bound
// and Nesterov's O(1/k²) bound are drawn beside them; linear convergence is a straight line, Newton's quadratic
// convergence a curve that drops off the chart.
import Foundation
import LinearAlgebra
import NotebookSupport
import Optimization
import Plotting

let notebook = Notebook(name: "line-search-and-newton")

/// The same loss on the autodiff graph, to check the BLAS objective's Hessian-vector products.
struct GraphLogisticLoss: DifferentiableFunction {
    let x: Matrix, y: [Double], lambda: Double
    func callAsFunction<T: TensorScalar>(_ theta: Variable<T>) throws -> Variable<T> {
        let features = theta.graph.constant(Tensor<T>(shape: [x.rows, x.columns]) { T(x.elements[$0]) })
        let labels = theta.graph.constant(Tensor<T>(shape: [x.rows, 1]) { T(y[$0]) })
        let margins = matmul(features, theta.reshaped([x.columns, 1])) * labels
        return softplus(0.0 - margins).sum() * T(1 / Double(x.rows)) + theta.squared().sum() * T(0.5 * lambda)
    }
}

notebook.run { nb in
    let n = nb.size(4000, quick: 400), d = nb.size(30, quick: 10), lambda = 1e-3
    var generator = SeededGenerator(seed: 12)
    var rows: [Double] = [], labels: [Double] = []
    for i in 0..<n {
        let label: Double = i % 2 == 0 ? 1 : -1
        rows.append(1)   // intercept
        for j in 1..<d {
            let scale = pow(10, -2 * Double(j - 1) / Double(max(d - 2, 1)))   // 1 down to 0.01
            rows.append(scale * (generator.nextNormal() + 0.4 * label))
        }
        labels.append(label)
    }
    let x = Matrix(rows: n, columns: d, elements: rows)
    let objective = try Objective.logisticRegression(features: x, labels: labels, l2: lambda)
    let gram = x.columnGram()
    let lipschitz = try gram.symmetricEigen(computeVectors: false).eigenvalues.max()! / (4 * Double(n)) + lambda
    let start = [Double](repeating: 0, count: d)
    print("n = \(n), d = \(d) (intercept included), λ = \(lambda); L = λ_max(XᵀX)/(4n) + λ = \(fixed(lipschitz, 4)), μ ≥ λ: κ ≤ \(fmt(lipschitz / lambda, 3))")

    // Newton's Hessian-vector products from the closed form against the autodiff graph's (forward-over-reverse).
    let graphObjective = Objective.differentiable(GraphLogisticLoss(x: x, y: labels, lambda: lambda))
    let probe = (0..<d).map { 0.1 * Double($0 % 3) - 0.1 }, direction = (0..<d).map { Double($0 % 5) - 2 }
    let closedForm = try objective.hessianVectorProduct!(probe, direction), autodiff = try graphObjective.hessianVectorProduct!(probe, direction)
    let hvpError = zip(closedForm, autodiff).map { abs($0 - $1) }.max()! / autodiff.map(abs).max()!
    nb.compare("∇²F v, BLAS closed form against autodiff forward-over-reverse (max relative difference)", ours: fmt(hvpError, 2),
               course: "equal to rounding", source: "autodiff")
    guard hvpError < 1e-10 else { throw NotebookFailure("Hessian-vector products differ by \(hvpError)") }

    let reference = try NewtonMethod(maxIterations: 50, squaredGradientTolerance: 1e-26).minimize(objective, from: start)
    let best = reference.value
    let distance = reference.x.map { $0 * $0 }.reduce(0, +)   // ‖x₀ − x*‖², x₀ = 0
    print("F* = \(fmt(best, 15)) (Newton, ‖∇F‖ = \(fmt(reference.gradientNorm, 2))); ‖θ₀ − θ*‖² = \(fmt(distance, 4))")

    let firstOrderIterations = nb.size(1500, quick: 300)
    // The course's stopping rule ‖∇F‖² ≤ ε for every method. Below F − F* ≈ ‖∇F‖²/(2μ) ≈ 1e-13 the rounding of
    // F itself (a sum of n terms) decides the line searches' comparisons, so ε is not taken smaller.
    let epsilon = 1e-16
    print("Stopping rule for every method: ‖∇F(θ_k)‖² ≤ ε = \(fmt(epsilon, 1)), or the iteration limit (\(firstOrderIterations); 30 for Newton)")
    let methods: [(name: String, run: () throws -> MinimizationResult)] = [
        ("GD, fixed step 1/L", { try GradientDescent(stepRule: .fixed(1 / lipschitz), maxIterations: firstOrderIterations, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
        ("GD, backtracking (Armijo, c = ½)", { try GradientDescent(stepRule: .lineSearch(.armijo), initialStep: 4 / lipschitz, maxIterations: firstOrderIterations, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
        ("Nesterov, β_k = (k − 1)/(k + 2)", { try NesterovAcceleratedGradient(step: 1 / lipschitz, maxIterations: firstOrderIterations, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
        ("nonlinear CG (PR+)", { try NonlinearConjugateGradient(maxIterations: firstOrderIterations, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
        ("L-BFGS (m = 10, strong Wolfe)", { try LBFGS(maxIterations: firstOrderIterations, maxEvaluations: 4 * firstOrderIterations, toleranceGrad: 0, toleranceChange: 0, historySize: 10, lineSearch: .strongWolfe, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
        ("Newton (dense Hessian from ∇²F v)", { try NewtonMethod(maxIterations: 30, squaredGradientTolerance: epsilon).minimize(objective, from: start) }),
    ]
    var byIteration: [LineChart.Series] = [], byTime: [LineChart.Series] = []
    var table = Table(["method", "iterations", "evaluations", "F − F* at the end", "iterations to F − F* ≤ 1e-10", "ms to 1e-10", "measured rate"])
    var results: [String: MinimizationResult] = [:]
    for method in methods {
        let result = try method.run()
        results[method.name] = result
        let gaps = result.trace.map { max($0.value - best, 1e-16) }
        byIteration.append(.init(name: method.name, x: result.trace.map { Double($0.iteration) }, y: gaps))
        byTime.append(.init(name: method.name, x: result.trace.map { 1000 * $0.seconds }, y: gaps))
        let reached = result.trace.first { $0.value - best <= 1e-10 }
        // Rate: the geometric mean of (F_k − F*)/(F_{k−1} − F*) over the middle of the run (above rounding).
        let usable = gaps.enumerated().filter { $0.element > 1e-13 }.map(\.offset)
        let rate: String
        if let last = usable.last, last >= 4 {
            let from = last / 2
            rate = fixed(pow(gaps[last] / gaps[from], 1 / Double(last - from)), 4) + " per iteration"
        } else {
            rate = "superlinear"
        }
        table.append([method.name, "\(result.iterations)", "\(result.evaluations)", fmt(result.value - best, 2),
                      reached.map { "\($0.iteration)" } ?? "—", reached.map { fixed(1000 * $0.seconds, 2) } ?? "—", rate])
    }
    nb.section("F − F* by method (F* from Newton)")
    try nb.table(table, csv: "convergence.csv")

    // The worst-case bounds drawn beside the measured curves.
    let ks = (1...firstOrderIterations).map(Double.init)
    byIteration.append(.init(name: "bound L‖θ₀ − θ*‖²/(2k) (GD)", x: ks, y: ks.map { lipschitz * distance / (2 * $0) }))
    byIteration.append(.init(name: "bound 2L‖θ₀ − θ*‖²/(k + 1)² (Nesterov)", x: ks, y: ks.map { 2 * lipschitz * distance / (($0 + 1) * ($0 + 1)) }))
    try nb.write(LineChart(series: byIteration, title: "Logistic regression: F − F* against iterations", xLabel: "iteration k",
                           yLabel: "F(θ_k) − F*", logarithmicY: true).svg(), to: "gap-by-iteration.svg")
    try nb.write(LineChart(series: byTime, title: "Logistic regression: F − F* against time", xLabel: "milliseconds",
                           yLabel: "F(θ_k) − F*", logarithmicY: true).svg(), to: "gap-by-time.svg")

    nb.section("The course's rates beside the measured gaps")
    var failures: [String] = []
    for (name, bound, label) in [("GD, fixed step 1/L", { (k: Double) in lipschitz * distance / (2 * k) }, "L‖θ₀ − θ*‖²/(2k)"),
                                 ("Nesterov, β_k = (k − 1)/(k + 2)", { (k: Double) in 2 * lipschitz * distance / ((k + 1) * (k + 1)) }, "2L‖θ₀ − θ*‖²/(k + 1)²")] {
        let trace = results[name]!.trace
        for k in [10, 100, nb.size(1000, quick: 200)] where k < trace.count {
            let gap = trace[k].value - best
            nb.compare("\(name), F − F* after k = \(k)", ours: fmt(gap, 3), course: "≤ \(label) = \(fmt(bound(Double(k)), 3))", source: "bound")
            if gap > bound(Double(k)) * (1 + 1e-9) { failures.append("\(name) at k = \(k): \(gap) above the bound") }
        }
    }
    let newton = results["Newton (dense Hessian from ∇²F v)"]!
    let newtonGaps = newton.trace.map { $0.value - best }
    nb.compare("Newton, F − F* per iteration", ours: newtonGaps.prefix(8).map { fmt($0, 2) }.joined(separator: ", "),
               course: "quadratic convergence near θ* (the exponent doubles)", source: "theory")
    if newton.iterations > 15 || !newton.converged { failures.append("Newton took \(newton.iterations) iterations") }
    // Near θ*, F − F* ≈ ½ (θ − θ*)ᵀ H (θ − θ*): a gap of 1e-15 in the flattest direction (curvature μ) leaves θ
    // about √(2 · 1e-15/μ) away, so θ is compared relative to ‖θ*‖ with that slack.
    let lbfgs = results["L-BFGS (m = 10, strong Wolfe)"]!
    let agreement = zip(lbfgs.x, reference.x).map { abs($0 - $1) }.max()! / reference.x.map(abs).max()!
    nb.compare("L-BFGS θ against Newton's θ* (max difference / max |θ*ᵢ|)", ours: fmt(agreement, 2), course: "→ 0", source: "Newton")
    if agreement > 1e-4 { failures.append("L-BFGS ends \(agreement) (relative) from θ*") }
    // Gradient descent's linear phase: with step 1/L, F − F* shrinks at best by 1 − μ/L per step, μ = λ_min(∇²F(θ*)).
    var hessian = Matrix(rows: d, columns: d)
    for j in 0..<d {
        let column = try objective.hessianVectorProduct!(reference.x, (0..<d).map { $0 == j ? 1 : 0 })
        for i in 0..<d { hessian[i, j] = column[i] }
    }
    let mu = try hessian.symmetrized.symmetricEigen(computeVectors: false).eigenvalues.min()!
    let gdTrace = results["GD, fixed step 1/L"]!.trace
    let tail = gdTrace.count - 1, middle = tail / 2
    let measured = pow((gdTrace[tail].value - best) / (gdTrace[middle].value - best), 1 / Double(tail - middle))
    nb.compare("GD, fixed step 1/L, contraction of F − F* per step (second half of the run)", ours: fixed(measured, 5),
               course: "≤ 1 − μ/L = \(fixed(1 - mu / lipschitz, 5)), μ = λ_min(∇²F(θ*)) = \(fmt(mu, 3))", source: "strong convexity")
    if measured > (1 - mu / lipschitz) * (1 + 1e-6) { failures.append("GD contracts by \(measured) per step, slower than 1 − μ/L") }
    if let failure = failures.first { throw NotebookFailure(failure) }

    print("\nWhat to look for: with a fixed step 1/L gradient descent follows its O(1/k) bound until strong convexity")
    print("(μ ≥ λ) makes it linear, but with the ratio 1 − μ/L, close to 1 here; backtracking from 4/L takes longer steps")
    print("where the curvature allows; Nesterov's momentum overshoots (the ripples) yet stays under 2L‖θ₀ − θ*‖²/(k + 1)²;")
    print("conjugate gradient and L-BFGS use curvature information from past gradients and converge in tens of iterations;")
    print("Newton's method, with the exact Hessian, reaches rounding in a handful of steps — each one costing d")
    print("Hessian-vector products and a Cholesky solve, which the time axis shows.")
}
