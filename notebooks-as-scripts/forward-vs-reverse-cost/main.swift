// The course's cost argument for forward against reverse mode. A program x₀ → x₁ → … → x_t has the Jacobian
// J = J_t ⋯ J₂ J₁ with J_k of size n_k × n_(k−1). Forward mode carries the n₀ input directions through the chain
// (J₁ first), reverse mode carries the n_t output adjoints back (J_t first):
//
//     forward:  n₀ · Σ n_(k−1) n_k  multiply-adds        reverse:  n_t · Σ n_(k−1) n_k  multiply-adds
//
// so reverse wins for a scalar loss of many parameters (n_t = 1) and forward for few inputs and many outputs.
// Below: both orders multiplied with BLAS on random Jacobians, the count beside the measured time, then the
// library's own `jacobian(at:mode:)` doing the same on a recorded program.
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

/// J accumulated from the input side: P ← J_k P starting from the n₀ × n₀ identity (n₀ tangent directions).
func forwardAccumulation(_ jacobians: [Matrix]) -> Matrix {
    var p = Matrix.identity(jacobians[0].columns)
    for j in jacobians { p = j * p }
    return p
}

/// J accumulated from the output side: Q ← Q J_k starting from the n_t × n_t identity (n_t adjoint seeds).
func reverseAccumulation(_ jacobians: [Matrix]) -> Matrix {
    var q = Matrix.identity(jacobians.last!.rows)
    for j in jacobians.reversed() { q = q * j }
    return q
}

func chainSum(_ widths: [Int]) -> Double { (1..<widths.count).reduce(0.0) { $0 + Double(widths[$1 - 1] * widths[$1]) } }

notebook.run { nb in
    let hidden = nb.size(400, quick: 64)
    let depth = 4
    let repeats = nb.size(3, quick: 1)
    nb.section("Multiply-adds and measured time for each order (hidden width \(hidden), \(depth) hidden layers)")
    var table = Table(["n0", "nt", "forward madds", "reverse madds", "ratio fwd/rev", "forward ms", "reverse ms",
                       "time ratio", "max |J_fwd − J_rev|"])
    let big = nb.size(2000, quick: 200)
    for (n0, nt) in [(big, 1), (big, 10), (100, 100), (10, big), (1, big)] {
        let widths = [n0] + Array(repeating: hidden, count: depth) + [nt]
        let jacobians = chain(widths, seed: 7)
        let forwardCount = Double(n0) * chainSum(widths), reverseCount = Double(nt) * chainSum(widths)
        var jf = Matrix(rows: 1, columns: 1), jr = jf
        let tf = bestTime(repeats: repeats) { jf = forwardAccumulation(jacobians) }
        let tr = bestTime(repeats: repeats) { jr = reverseAccumulation(jacobians) }
        let difference = (jf - jr).maxAbsolute
        table.append([String(n0), String(nt), fmt(forwardCount, 3), fmt(reverseCount, 3), fmt(forwardCount / reverseCount, 3),
                      fixed(tf * 1e3, 3), fixed(tr * 1e3, 3), fmt(tf / tr, 3), fmt(difference, 2)])
        guard difference < 1e-8 * max(1, jf.maxAbsolute) else { throw NotebookFailure("the two orders disagree by \(difference)") }
    }
    try nb.table(table, csv: "cost-table.csv")
    print("\nThe count ratio is n₀/n_t exactly; the time ratio follows it once the products are large enough for BLAS to")
    print("run at full speed (for tiny n₀ or n_t both orders are matrix-vector products and memory-bound).")

    // Sweep: n₀ grows with n_t fixed; the predicted crossover is n₀ = n_t.
    nb.section("Sweep over n₀ at n_t = 32: the two orders cross at n₀ = n_t")
    let nt = 32
    let sizes = nb.size([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048], quick: [1, 4, 16, 32, 64, 128])
    var fTimes: [Double] = [], rTimes: [Double] = [], fCounts: [Double] = [], rCounts: [Double] = []
    var sweep = Table(["n0", "forward madds", "reverse madds", "forward ms", "reverse ms"])
    for n0 in sizes {
        let widths = [n0] + Array(repeating: hidden, count: depth) + [nt]
        let jacobians = chain(widths, seed: 11)
        fTimes.append(bestTime(repeats: repeats) { _ = forwardAccumulation(jacobians) } * 1e3)
        rTimes.append(bestTime(repeats: repeats) { _ = reverseAccumulation(jacobians) } * 1e3)
        fCounts.append(Double(n0) * chainSum(widths))
        rCounts.append(Double(nt) * chainSum(widths))
        sweep.append([String(n0), fmt(fCounts.last!, 3), fmt(rCounts.last!, 3), fixed(fTimes.last!, 3), fixed(rTimes.last!, 3)])
    }
    try nb.table(sweep, csv: "sweep.csv")
    let x = sizes.map(Double.init)
    try nb.write(LineChart(series: [.init(name: "forward (n₀ Σ n n)", x: x, y: fCounts), .init(name: "reverse (n_t Σ n n)", x: x, y: rCounts)],
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
