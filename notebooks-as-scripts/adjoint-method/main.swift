// The course's adjoint method. A state v ∈ ℝⁿ solves a linear system whose right-hand side depends on M parameters,
// and a scalar output reads the state:
//
//     E v = b(p),     F(p) = cᵀ v(p),     p ∈ ℝᴹ
//
// Forward sensitivities differentiate the system once per parameter, ∂v/∂p_j = E⁻¹ ∂b/∂p_j, then dF/dp_j = cᵀ ∂v/∂p_j:
// M solves. The adjoint method solves Eᵀ λ = c once and reads dF/dp = λᵀ ∂b/∂p: one solve whatever M, because
// cᵀ E⁻¹ ∂b/∂p = (E⁻ᵀ c)ᵀ ∂b/∂p. It is reverse mode for a linear solve (the scalar F is the one "output").
//
// The example: a 1-D convection–diffusion operator on n interior grid points of (0, 1) (non-symmetric, so Eᵀ ≠ E
// matters), E = −D₂ + a D₁ + I; sources b(p) = Σ_j tanh(p_j) φ_j with Gaussian bumps φ_j at M centres; F the mean of
// v over [¼, ¾]. Solves are LAPACK's LU (dgesv) through LinearAlgebra's `Matrix.solve`; "one LU, M right-hand sides"
// factors E once and reuses the factors for every column of ∂b/∂p. The three gradients must agree to rounding and
// match central differences of F (the notebook exits with an error otherwise). Last, the same gradient through
// Autodiff's differentiable `solve`, whose pullback is the adjoint solve (reverse mode) and whose tangent is one
// forward sensitivity per parameter (forward mode).
import Autodiff
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting

let notebook = Notebook(name: "adjoint-method")

/// The convection–diffusion matrix E = −D₂ + a D₁ + I on n interior points (h = 1/(n + 1)), dense.
func operatorMatrix(_ n: Int, convection a: Double = 20) -> Matrix {
    let h = 1 / Double(n + 1)
    return Matrix(rows: n, columns: n) { i, j in
        switch j - i {
        case 0: return 2 / (h * h) + 1
        case 1: return -1 / (h * h) + a / (2 * h)
        case -1: return -1 / (h * h) - a / (2 * h)
        default: return 0
        }
    }
}

/// The problem for M parameters on n points: bumps Φ (n × M), the output weights c, and b(p), ∂b/∂p.
struct Problem {
    let n: Int, m: Int
    let e: Matrix
    let bumps: Matrix          // Φ: column j is φ_j on the grid
    let c: [Double]            // F = cᵀ v: the mean over [¼, ¾]

    init(n: Int, m: Int) {
        self.n = n; self.m = m
        e = operatorMatrix(n)
        let grid = (1...n).map { Double($0) / Double(n + 1) }
        let width = 0.5 / Double(m + 1)
        bumps = Matrix(rows: n, columns: m) { i, j in
            let centre = Double(j + 1) / Double(m + 1), d = (grid[i] - centre) / width
            return exp(-0.5 * d * d)
        }
        let inside = grid.map { $0 >= 0.25 && $0 <= 0.75 ? 1.0 : 0.0 }
        let count = inside.reduce(0, +)
        c = inside.map { $0 / count }
    }

    func b(_ p: [Double]) -> Matrix { bumps * Matrix(column: p.map(tanh)) }
    /// ∂b/∂p = Φ diag(1 − tanh² p), n × M.
    func db(_ p: [Double]) -> Matrix {
        Matrix(rows: n, columns: m) { i, j in bumps[i, j] * (1 - tanh(p[j]) * tanh(p[j])) }
    }
    func output(_ p: [Double]) throws -> Double { BLAS.dot(c, try e.solve(b(p)).elements) }
}

/// dF/dp by forward sensitivities, one `solve` (an LU factorisation and a pair of triangular solves) per parameter.
func forwardSeparate(_ problem: Problem, _ p: [Double]) throws -> [Double] {
    let db = problem.db(p)
    return try (0..<problem.m).map { j in BLAS.dot(problem.c, try problem.e.solve(db.column(j))) }
}

/// dF/dp by forward sensitivities with E factored once: one dgesv with the M columns of ∂b/∂p as right-hand sides.
func forwardFactoredOnce(_ problem: Problem, _ p: [Double]) throws -> [Double] {
    let sensitivities = try problem.e.solve(problem.db(p))          // ∂v/∂p, n × M
    return (Matrix(rows: 1, columns: problem.n, elements: problem.c) * sensitivities).elements
}

/// dF/dp by the adjoint: Eᵀ λ = c (one solve), then dF/dp = λᵀ ∂b/∂p.
func adjoint(_ problem: Problem, _ p: [Double]) throws -> [Double] {
    let lambda = try problem.e.transposed.solve(problem.c)
    return (Matrix(rows: 1, columns: problem.n, elements: lambda) * problem.db(p)).elements
}

/// dF/dp recorded on the autodiff graph: F = cᵀ solve(E, Φ tanh(p)), one reverse pass (its `solve` pullback
/// solves Eᵀλ = c with the forward pass's LU factors).
func autodiffReverse(_ problem: Problem, _ p: [Double]) throws -> [Double] {
    try valueWithGradient(at: [Tensor(p)]) { autodiffOutput(problem, $0[0]) }.gradients[0].scalars
}

/// dF/dp by forward mode on the same program: one tangent pass per parameter (the forward sensitivities).
func autodiffForward(_ problem: Problem, _ p: [Double]) throws -> [Double] {
    try (0..<problem.m).map { j in
        var direction = [Double](repeating: 0, count: problem.m)
        direction[j] = 1
        return try valueWithTangent(at: [Tensor(p)], along: [Tensor(direction)]) { autodiffOutput(problem, $0[0]) }.tangent.scalars[0]
    }
}

func autodiffOutput(_ problem: Problem, _ p: Variable<Double>) -> Variable<Double> {
    let graph = p.graph
    let b = matmul(graph.constant(Tensor(problem.bumps)), tanh(p).reshaped([problem.m, 1]))
    let v = solve(graph.constant(Tensor(problem.e)), b).reshaped([problem.n])
    return (v * graph.constant(Tensor(problem.c))).sum()
}

func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    let scale = b.map(abs).max() ?? 1
    return zip(a, b).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
}

notebook.run { nb in
    let n = nb.size(300, quick: 60)
    let parameterCounts = nb.size([1, 2, 5, 10, 20, 50, 100, 200, 300], quick: [1, 2, 5, 10, 20, 40])
    let repeats = nb.size(5, quick: 3)

    nb.section("Check on n = \(n) points, M = 8 parameters: the three gradients and central differences of F")
    let small = Problem(n: n, m: 8)
    var generator = SeededGenerator(seed: 4)
    let p8 = (0..<8).map { _ in generator.nextUniform() * 2 - 1 }
    let gSeparate = try forwardSeparate(small, p8), gOnce = try forwardFactoredOnce(small, p8), gAdjoint = try adjoint(small, p8)
    let step = 1e-5
    let central = try (0..<8).map { j -> Double in
        var plus = p8, minus = p8
        plus[j] += step; minus[j] -= step
        return (try small.output(plus) - small.output(minus)) / (2 * step)
    }
    var check = Table(["j", "p_j", "forward (M solves)", "forward (one LU)", "adjoint (one solve)", "central difference"])
    for j in 0..<8 {
        check.append([String(j + 1), fixed(p8[j], 4), fmt(gSeparate[j], 12), fmt(gOnce[j], 12), fmt(gAdjoint[j], 12), fmt(central[j], 8)])
    }
    try nb.table(check, csv: "gradient-check.csv")
    let agreement = max(relativeDifference(gSeparate, gAdjoint), relativeDifference(gOnce, gAdjoint))
    let finiteDifference = relativeDifference(central, gAdjoint)
    nb.compare("max |forward − adjoint| / max |dF/dp|", ours: fmt(agreement, 2), course: "equal in exact arithmetic", source: "maths")
    nb.compare("max |central difference − adjoint| / max |dF/dp|", ours: fmt(finiteDifference, 2), course: "O(h²) = O(1e-10) plus rounding/h",
               source: "maths")
    guard agreement < 1e-9 else { throw NotebookFailure("forward and adjoint gradients differ by \(agreement) (relative)") }
    guard finiteDifference < 1e-6 else { throw NotebookFailure("the adjoint gradient is \(finiteDifference) (relative) from central differences") }
    let reverse = try autodiffReverse(small, p8), forward = try autodiffForward(small, p8)
    let throughAutodiff = max(relativeDifference(reverse, gAdjoint), relativeDifference(forward, gAdjoint))
    nb.compare("Autodiff's solve: max |reverse or forward mode − adjoint| / max |dF/dp|", ours: fmt(throughAutodiff, 2),
               course: "equal in exact arithmetic", source: "maths")
    guard throughAutodiff < 1e-9 else { throw NotebookFailure("the gradient through Autodiff's solve differs by \(throughAutodiff) (relative)") }

    nb.section("Cost as M grows (n = \(n)): solves and flops counted, time measured")
    var costs = Table(["M", "forward solves", "forward flops", "one-LU RHS", "one-LU flops", "adjoint solves", "adjoint flops",
                       "forward ms", "one-LU ms", "adjoint ms", "autodiff reverse ms", "forward/adjoint time", "max rel. difference"])
    var separateTimes: [Double] = [], onceTimes: [Double] = [], adjointTimes: [Double] = [], autodiffTimes: [Double] = []
    let nd = Double(n), factorFlops = 2.0 / 3.0 * nd * nd * nd, solveFlops = 2 * nd * nd
    for m in parameterCounts {
        let problem = Problem(n: n, m: m)
        let p = (0..<m).map { _ in generator.nextUniform() * 2 - 1 }
        var a: [Double] = [], b: [Double] = [], g: [Double] = []
        let ts = try bestTime(repeats: repeats) { a = try forwardSeparate(problem, p) }
        let to = try bestTime(repeats: repeats) { b = try forwardFactoredOnce(problem, p) }
        let ta = try bestTime(repeats: repeats) { g = try adjoint(problem, p) }
        var r: [Double] = []
        let tr = try bestTime(repeats: repeats) { r = try autodiffReverse(problem, p) }
        let difference = max(relativeDifference(a, g), relativeDifference(b, g), relativeDifference(r, g))
        guard difference < 1e-9 else { throw NotebookFailure("M = \(m): forward and adjoint differ by \(difference) (relative)") }
        let md = Double(m)
        // LU ⅔n³, one pair of triangular solves 2n², the contraction with c or with ∂b/∂p 2nM.
        costs.append([String(m), String(m), fmt(md * (factorFlops + solveFlops) + 2 * nd * md, 3), String(m),
                      fmt(factorFlops + md * solveFlops + 2 * nd * md, 3), "1", fmt(factorFlops + solveFlops + 2 * nd * md, 3),
                      fixed(ts * 1e3, 3), fixed(to * 1e3, 3), fixed(ta * 1e3, 3), fixed(tr * 1e3, 3), fmt(ts / ta, 3), fmt(difference, 2)])
        separateTimes.append(ts * 1e3); onceTimes.append(to * 1e3); adjointTimes.append(ta * 1e3); autodiffTimes.append(tr * 1e3)
    }
    try nb.table(costs, csv: "cost-table.csv")
    let x = parameterCounts.map(Double.init)
    try nb.write(LineChart(series: [.init(name: "forward sensitivities: M solves", x: x, y: separateTimes),
                                    .init(name: "forward sensitivities: one LU, M right-hand sides", x: x, y: onceTimes),
                                    .init(name: "adjoint: one solve of Eᵀλ = c", x: x, y: adjointTimes),
                                    .init(name: "Autodiff: solve's pullback (reverse mode)", x: x, y: autodiffTimes)],
                           title: "Time for dF/dp against the number of parameters M (n = \(n))", xLabel: "parameters M",
                           yLabel: "milliseconds", logarithmicY: true).svg(), to: "cost.svg")
    nb.compare("solves for dF/dp", ours: "M forward, 1 adjoint (time ratio \(fmt(separateTimes.last! / adjointTimes.last!, 3)) at M = \(parameterCounts.last!))",
               course: "M forward solves against one adjoint solve")

    print("\nWhat to look for: the forward sensitivities cost one solve per parameter, so their time grows linearly with M;")
    print("the adjoint costs one solve of the transposed system whatever M (its only M-dependent part is the product")
    print("λᵀ ∂b/∂p). Factoring E once and reusing the LU for all M right-hand sides narrows the gap to the 2n²M of the")
    print("triangular solves, but the adjoint still needs one. The three gradients are the same number: the difference is")
    print("the order of the products cᵀ E⁻¹ ∂b/∂p, (cᵀ E⁻¹) ∂b/∂p against cᵀ (E⁻¹ ∂b/∂p), as in reverse against forward mode.")
}
