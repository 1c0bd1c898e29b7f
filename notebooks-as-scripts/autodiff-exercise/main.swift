// The course exercise f(x, y) = y·log x + √(y·log x), differentiated by hand in the evaluation trace, by forward
// mode (one pass per input) and by reverse mode (one pass for both partials), each table step by step, checked
// against the closed form and exported as a Graphviz graph with every node's value and adjoint.
import Autodiff
import Foundation
import NotebookSupport
import Plotting

let notebook = Notebook(name: "autodiff-exercise")
notebook.run { nb in
    // The closed form: with b = y log x,  ∂f/∂x = (y/x)(1 + 1/(2√b)),  ∂f/∂y = log x · (1 + 1/(2√b)).
    func closedForm(_ x: Double, _ y: Double) -> (f: Double, dx: Double, dy: Double) {
        let b = y * log(x)
        return (b + b.squareRoot(), y / x * (1 + 1 / (2 * b.squareRoot())), log(x) * (1 + 1 / (2 * b.squareRoot())))
    }
    let (x, y) = (2.0, 3.0)

    // The evaluation trace: v₁ = x, v₂ = y, v₃ = log v₁, v₄ = v₂·v₃, v₅ = √v₄, v₆ = v₄ + v₅ = f.
    let graph = Graph<Double>()
    let v1 = graph.variable(Tensor(x), name: "v1 = x")
    let v2 = graph.variable(Tensor(y), name: "v2 = y")
    let v3 = log(v1).named("v3 = log v1")
    let v4 = (v2 * v3).named("v4 = v2 · v3")
    let v5 = sqrt(v4).named("v5 = √v4")
    let v6 = (v4 + v5).named("v6 = v4 + v5 = f")
    let trace = [v1, v2, v3, v4, v5, v6]
    let values = try trace.map { try $0.scalarValue() }
    let rules = ["x", "y", "log v1", "v2 · v3", "√v4", "v4 + v5"]

    nb.section("Forward mode at (x, y) = (\(fmt(x)), \(fmt(y))): tangents v̇ₖ = Σ ∂vₖ/∂vⱼ · v̇ⱼ, one pass per input")
    // Each tangent by hand from its rule, then the same from the library's forward sweep.
    func handTangents(_ dx: Double, _ dy: Double) -> [Double] {
        let d1 = dx, d2 = dy, d3 = d1 / values[0], d4 = d2 * values[2] + values[1] * d3
        let d5 = d4 / (2 * values[4]), d6 = d4 + d5
        return [d1, d2, d3, d4, d5, d6]
    }
    let tangentRules = ["ẋ", "ẏ", "v̇1 / v1", "v̇2·v3 + v2·v̇3", "v̇4 / (2 v5)", "v̇4 + v̇5"]
    var forward = Table(["node", "rule", "value", "tangent rule", "v̇ (seed x)", "library", "v̇ (seed y)", "library"])
    let seedX = handTangents(1, 0), seedY = handTangents(0, 1)
    for k in 0..<6 {
        let libraryX = try graph.tangent(of: trace[k], along: [(v1, Tensor(1.0)), (v2, Tensor(0.0))]).scalar!
        let libraryY = try graph.tangent(of: trace[k], along: [(v1, Tensor(0.0)), (v2, Tensor(1.0))]).scalar!
        forward.append(["v\(k + 1)", rules[k], fixed(values[k], 6), tangentRules[k], fixed(seedX[k], 6), fixed(libraryX, 6),
                        fixed(seedY[k], 6), fixed(libraryY, 6)])
    }
    try nb.table(forward, csv: "forward-mode.csv")

    nb.section("Reverse mode: adjoints v̄ⱼ = Σ v̄ₖ · ∂vₖ/∂vⱼ from v̄₆ = 1, one pass for both partials")
    var bar = [Double](repeating: 0, count: 6)
    bar[5] = 1                                    // v̄6 = 1
    bar[4] = bar[5]                               // v6 = v4 + v5
    bar[3] = bar[5] + bar[4] / (2 * values[4])    // v4 feeds v6 and v5
    bar[2] = bar[3] * values[1]                   // v4 = v2 · v3
    bar[1] = bar[3] * values[2]
    bar[0] = bar[2] / values[0]                   // v3 = log v1
    let adjointRules = ["v̄3 / v1", "v̄4 · v3", "v̄4 · v2", "v̄6 + v̄5 / (2 v5)", "v̄6", "1"]
    let libraryAdjoints = try graph.gradients(of: v6, withRespectTo: trace).map { $0.scalar! }
    var reverse = Table(["node", "adjoint rule", "v̄ by hand", "library"])
    for k in (0..<6).reversed() {
        reverse.append(["v\(k + 1)", adjointRules[k], fixed(bar[k], 6), fixed(libraryAdjoints[k], 6)])
    }
    try nb.table(reverse, csv: "reverse-mode.csv")

    nb.section("Both modes against the closed form at several points")
    var check = Table(["x", "y", "f", "∂f/∂x closed", "forward", "reverse", "∂f/∂y closed", "forward", "reverse", "max rel. error"])
    var worst = 0.0
    for (px, py) in [(2.0, 3.0), (1.5, 0.5), (3.0, 2.0), (10.0, 0.25), (1.1, 20.0)] {
        let exact = closedForm(px, py)
        let forwardGrad = forwardGradient(at: [px, py]) { v -> Dual<Double> in
            let b = v[1] * Dual.log(v[0])
            return b + Dual.sqrt(b)
        }
        let (value, grads) = try valueWithGradient(at: [Tensor(px), Tensor(py)]) { v in
            let b = v[1] * log(v[0])
            return b + sqrt(b)
        }
        let reverseGrad = grads.map { $0.scalar! }
        let errors = [forwardGrad[0] / exact.dx, reverseGrad[0] / exact.dx, forwardGrad[1] / exact.dy, reverseGrad[1] / exact.dy]
            .map { abs($0 - 1) }
        worst = max(worst, errors.max()!)
        check.append([fmt(px), fmt(py), fixed(value.scalar!, 6), fixed(exact.dx, 6), fixed(forwardGrad[0], 6),
                      fixed(reverseGrad[0], 6), fixed(exact.dy, 6), fixed(forwardGrad[1], 6), fixed(reverseGrad[1], 6),
                      fmt(errors.max()!, 2)])
    }
    try nb.table(check, csv: "closed-form-check.csv")
    print("\nLargest relative error of either mode against the closed form: \(fmt(worst, 2)) (round-off: expect ≲ 1e-15).")
    guard worst < 1e-12 else { throw NotebookFailure("forward or reverse mode disagrees with the closed form (\(worst))") }

    nb.section("The graph with values and adjoints (Graphviz DOT; render with `dot -Tsvg graph.dot`)")
    let dot = try graph.graphviz(adjointsFrom: v6)
    print(dot)
    try nb.write(dot, to: "graph.dot")

    // Figure: ∂f/∂x along x for fixed y, reverse mode beside the closed form and a central difference.
    let y0 = 3.0
    let xs = stride(from: 1.05, through: 6.0, by: nb.size(0.05, quick: 0.25)).map { $0 }
    var ad: [Double] = [], exact: [Double] = [], central: [Double] = []
    for px in xs {
        ad.append(try gradient(at: Tensor(px)) { v in
            let b = y0 * log(v)
            return b + sqrt(b)
        }.scalar!)
        exact.append(closedForm(px, y0).dx)
        let h = 1e-5
        central.append((closedForm(px + h, y0).f - closedForm(px - h, y0).f) / (2 * h))
    }
    let chart = LineChart(series: [.init(name: "closed form", x: xs, y: exact), .init(name: "reverse mode", x: xs, y: ad),
                                   .init(name: "central difference", x: xs, y: central)],
                          title: "∂f/∂x of f = y log x + √(y log x) at y = 3", xLabel: "x", yLabel: "∂f/∂x")
    try nb.write(chart.svg(), to: "partial-x.svg")
    let fPlot = FieldPlot(xRange: 1.05...6, yRange: 0.1...5, resolution: nb.size(60, quick: 20),
                          title: "f(x, y) = y log x + √(y log x)", xLabel: "x", yLabel: "y") { closedForm($0, $1).f }
    var contour = fPlot
    contour.contourLevels = stride(from: 0.5, through: 12, by: 0.5).map { $0 }
    contour.markers = [.init(x: x, y: y, category: 1)]
    try nb.write(contour.svg(), to: "function.svg")
}
