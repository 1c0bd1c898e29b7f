// The course's cost argument for forward against reverse mode. A program x₀ → x₁ → … → x_t has the Jacobian
// J = J_t ⋯ J₂ J₁ with J_k of size n_k × n_(k−1). Forward mode starts from J₁ and multiplies towards the output
// (J₂ J₁, then J₃ (J₂ J₁), …), reverse mode starts from J_t and multiplies towards the input; the course counts
//
//     forward:   n₀ Σ_{k=1}^{t−1} n_k n_(k+1)  multiply-adds        backward:  n_t Σ_{k=0}^{t−2} n_k n_(k+1)
//
// so reverse wins for a scalar loss of many parameters (n_t = 1) and forward for few inputs and many outputs; for
// three matrices A (m × n), B (n × p), C (p × q), (AB)C costs mp(n + q) and A(BC) costs nq(m + p).
// Below: both orders multiplied with BLAS on random Jacobians, every product counted as the GEMM performs it
// (m × k by k × n: m k n multiply-adds) and the count checked against the course's formula exactly (the notebook
// exits with an error otherwise), beside the measured time; then the library's own `jacobian(at:mode:)`.
import Autodiff
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting

let notebook = Notebook(name: "forward-vs-reverse-cost")

/// Random Jacobians J_k (n_k × n_(k−1)) for the widths [n₀, n₁, …, n_t].
func chain(_ widths: [Int], seed: UInt64) -> [Matrix] {
    (1..<widths.count).map { k in
        Matrix.randomNormal(rows: widths[k], columns: widths[k - 1], standardDeviation: 1 / Double(widths[k - 1]).squareRoot(),
                            seed: seed + UInt64(k))
    }
}

/// The product `a b` (one GEMM), adding the multiply-adds it performs, rows(a) · columns(a) · columns(b), to `count`.
func product(_ a: Matrix, _ b: Matrix, _ count: inout Int) -> Matrix {
    count += a.rows * a.columns * b.columns
    return a * b
}

/// J accumulated from the input side: P ← J₁, then P ← J_k P for k = 2 … t; returns J and the multiply-adds done.
func forwardAccumulation(_ jacobians: [Matrix]) -> (jacobian: Matrix, count: Int) {
    var count = 0, p = jacobians[0]
    for j in jacobians.dropFirst() { p = product(j, p, &count) }
    return (p, count)
}

/// J accumulated from the output side: Q ← J_t, then Q ← Q J_k for k = t − 1 … 1; returns J and the multiply-adds.
func reverseAccumulation(_ jacobians: [Matrix]) -> (jacobian: Matrix, count: Int) {
    var count = 0, q = jacobians.last!
    for j in jacobians.dropLast().reversed() { q = product(q, j, &count) }
    return (q, count)
}

/// The course's forward count n₀ Σ_{k=1}^{t−1} n_k n_(k+1) for widths n = [n₀, …, n_t].
func courseForwardCount(_ n: [Int]) -> Int {
    let t = n.count - 1
    return n[0] * (1..<t).reduce(0) { $0 + n[$1] * n[$1 + 1] }
}

/// The course's backward count n_t Σ_{k=0}^{t−2} n_k n_(k+1).
func courseBackwardCount(_ n: [Int]) -> Int {
    let t = n.count - 1
    return n[t] * (0...(t - 2)).reduce(0) { $0 + n[$1] * n[$1 + 1] }
}

notebook.run { nb in
    let hidden = nb.size(400, quick: 64)
    let depth = 4
    let repeats = nb.size(3, quick: 1)
    nb.section("Multiply-adds counted against the course's formulas, and measured time (hidden width \(hidden), \(depth) hidden layers)")
    var table = Table(["n0", "nt", "forward madds", "course n₀Σ", "reverse madds", "course n_tΣ", "ratio fwd/rev",
                       "forward ms", "reverse ms", "time ratio", "max |J_fwd − J_rev|"])
    let big = nb.size(2000, quick: 200)
    for (n0, nt) in [(big, 1), (big, 10), (100, 100), (10, big), (1, big)] {
        let widths = [n0] + Array(repeating: hidden, count: depth) + [nt]
        let jacobians = chain(widths, seed: 7)
        var forward = forwardAccumulation(jacobians), reverse = reverseAccumulation(jacobians)
        let tf = bestTime(repeats: repeats) { forward = forwardAccumulation(jacobians) }
        let tr = bestTime(repeats: repeats) { reverse = reverseAccumulation(jacobians) }
        let (courseForward, courseBackward) = (courseForwardCount(widths), courseBackwardCount(widths))
        let difference = (forward.jacobian - reverse.jacobian).maxAbsolute
        table.append([String(n0), String(nt), String(forward.count), String(courseForward), String(reverse.count),
                      String(courseBackward), fmt(Double(forward.count) / Double(reverse.count), 4),
                      fixed(tf * 1e3, 3), fixed(tr * 1e3, 3), fmt(tf / tr, 3), fmt(difference, 2)])
        guard forward.count == courseForward, reverse.count == courseBackward else {
            throw NotebookFailure("widths \(widths): counted \(forward.count) and \(reverse.count) multiply-adds, the course's formulas give \(courseForward) and \(courseBackward)")
        }
        guard difference < 1e-8 * max(1, forward.jacobian.maxAbsolute) else { throw NotebookFailure("the two orders disagree by \(difference)") }
    }
    try nb.table(table, csv: "cost-table.csv")
    print("\nEvery count equals the course's formula exactly (checked). The ratio is n₀ Σ_{k≥1} / (n_t Σ_{k≤t−2}): the two sums")
    print("differ by their end terms n_(t−1) n_t and n₀ n₁, so it is not exactly n₀/n_t. The time ratio follows the counts once")
    print("the products are large enough for BLAS to run at full speed (tiny n₀ or n_t give memory-bound matrix-vector products).")

    nb.section("Three matrices: (AB)C costs mp(n + q), A(BC) costs nq(m + p)")
    var triple = Table(["m", "n", "p", "q", "(AB)C madds", "course mp(n + q)", "A(BC) madds", "course nq(m + p)", "cheaper",
                        "max |difference|"])
    for (m, n, p, q) in [(1000, 10, 1000, 10), (10, 1000, 10, 1000), (1, 500, 500, 500), (500, 500, 500, 1), (64, 64, 64, 64)] {
        let a = Matrix.randomNormal(rows: m, columns: n, seed: 21), b = Matrix.randomNormal(rows: n, columns: p, seed: 22)
        let c = Matrix.randomNormal(rows: p, columns: q, seed: 23)
        var left = 0, right = 0
        let abc = product(product(a, b, &left), c, &left), aBC = product(a, product(b, c, &right), &right)
        let (courseLeft, courseRight) = (m * p * (n + q), n * q * (m + p))
        let difference = (abc - aBC).maxAbsolute
        triple.append([String(m), String(n), String(p), String(q), String(left), String(courseLeft), String(right),
                       String(courseRight), left < right ? "(AB)C" : left > right ? "A(BC)" : "equal", fmt(difference, 2)])
        guard left == courseLeft, right == courseRight else {
            throw NotebookFailure("(AB)C / A(BC) with m, n, p, q = \(m), \(n), \(p), \(q): counted \(left) and \(right), the formulas give \(courseLeft) and \(courseRight)")
        }
        guard difference < 1e-9 * max(1, abc.maxAbsolute) else { throw NotebookFailure("(AB)C and A(BC) disagree by \(difference)") }
    }
    try nb.table(triple, csv: "three-matrices.csv")
    nb.compare("multiply-add counts", ours: "equal to both formulas in every row (checked)", course: "mp(n + q) against nq(m + p)")

    // Sweep: n₀ grows with n_t fixed.
    nb.section("Sweep over n₀ at n_t = 32: the counts cross where n₀ Σ_{k≥1} = n_t Σ_{k≤t−2} (near n₀ = n_t)")
    let nt = 32
    let sizes = nb.size([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048], quick: [1, 4, 16, 32, 64, 128])
    var fTimes: [Double] = [], rTimes: [Double] = [], fCounts: [Double] = [], rCounts: [Double] = []
    var sweep = Table(["n0", "forward madds", "reverse madds", "forward ms", "reverse ms"])
    for n0 in sizes {
        let widths = [n0] + Array(repeating: hidden, count: depth) + [nt]
        let jacobians = chain(widths, seed: 11)
        fTimes.append(bestTime(repeats: repeats) { _ = forwardAccumulation(jacobians) } * 1e3)
        rTimes.append(bestTime(repeats: repeats) { _ = reverseAccumulation(jacobians) } * 1e3)
        fCounts.append(Double(forwardAccumulation(jacobians).count))
        rCounts.append(Double(reverseAccumulation(jacobians).count))
        guard Int(fCounts.last!) == courseForwardCount(widths), Int(rCounts.last!) == courseBackwardCount(widths) else {
            throw NotebookFailure("sweep n₀ = \(n0): counts differ from the course's formulas")
        }
        sweep.append([String(n0), fmt(fCounts.last!, 3), fmt(rCounts.last!, 3), fixed(fTimes.last!, 3), fixed(rTimes.last!, 3)])
    }
    try nb.table(sweep, csv: "sweep.csv")
    let x = sizes.map(Double.init)
    try nb.write(LineChart(series: [.init(name: "forward n₀ Σ_{k=1}^{t−1} n_k n_(k+1)", x: x, y: fCounts), .init(name: "backward n_t Σ_{k=0}^{t−2} n_k n_(k+1)", x: x, y: rCounts)],
                           title: "Multiply-adds to form the Jacobian (n_t = \(nt))", xLabel: "inputs n₀", yLabel: "multiply-adds",
                           logarithmicY: true).svg(), to: "counts.svg")
    try nb.write(LineChart(series: [.init(name: "forward", x: x, y: fTimes), .init(name: "reverse", x: x, y: rTimes)],
                           title: "Measured time to form the Jacobian (n_t = \(nt))", xLabel: "inputs n₀", yLabel: "milliseconds",
                           logarithmicY: true).svg(), to: "times.svg")

    // The same choice inside the autodiff library: a recorded program, its Jacobian one column (forward) or one row
    // (reverse) per sweep.
    nb.section("The library's jacobian(at:mode:) on y = tanh(W₂ tanh(W₁ x)): sweeps = n₀ (forward) or n_t (reverse)")
    var modes = Table(["n0", "nt", "forward ms", "reverse ms", "automatic choice", "max |difference|"])
    let width = nb.size(128, quick: 32)
    for (n0, ntOut) in [(nb.size(256, quick: 32), 1), (nb.size(64, quick: 16), nb.size(64, quick: 16)), (1, nb.size(256, quick: 32))] {
        let w1 = Tensor<Double>(Matrix.randomNormal(rows: width, columns: n0, standardDeviation: 1 / Double(n0).squareRoot(), seed: 3))
        let w2 = Tensor<Double>(Matrix.randomNormal(rows: ntOut, columns: width, standardDeviation: 1 / Double(width).squareRoot(), seed: 4))
        let x0 = Tensor<Double>(Matrix.randomNormal(rows: n0, columns: 1, seed: 5))
        func program(_ x: Variable<Double>) -> Variable<Double> {
            let g = x.graph
            return tanh(matmul(g.constant(w2), tanh(matmul(g.constant(w1), x))))
        }
        var forwardJ: Jacobian<Double>?, reverseJ: Jacobian<Double>?
        let tf = try bestTime(repeats: repeats) { forwardJ = try jacobian(at: x0, mode: .forward, of: program) }
        let tr = try bestTime(repeats: repeats) { reverseJ = try jacobian(at: x0, mode: .reverse, of: program) }
        let automatic = try jacobian(at: x0, of: program).mode
        let a = forwardJ!.matrix.scalars, b = reverseJ!.matrix.scalars
        let difference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        modes.append([String(n0), String(ntOut), fixed(tf * 1e3, 3), fixed(tr * 1e3, 3), "\(automatic)", fmt(difference, 2)])
    }
    try nb.table(modes, csv: "library-jacobian.csv")
}
