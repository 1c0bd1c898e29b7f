// SGD, momentum, Adagrad, RMSProp and Adam on the ill-conditioned quadratic
//
//     f(θ) = ½ (θ₁² + κ θ₂²),  κ = 50,  from θ = (−4, 1.5),
//
// each the optimiser of the NeuralNetworks module driven by gradients from the autodiff graph. Plain gradient
// descent must keep η < 2/κ for the steep direction and so crawls along the flat one; momentum accumulates speed
// along the valley; the adaptive methods divide each coordinate's step by a running size of its own gradients, so
// both directions move at a similar pace (Adam and RMSProp go almost straight to the minimum at first).
import Foundation
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "adaptive-optimizers")
let kappa = 50.0
func f(_ a: Double, _ b: Double) -> Double { 0.5 * (a * a + kappa * b * b) }

notebook.run { nb in
    let iterations = nb.size(300, quick: 120)
    let methods: [(name: String, make: (Parameter<Double>) throws -> Optimizer<Double>)] = [
        ("SGD η = 0.035", { try SGD(parameters: [$0], learningRate: 0.035) }),
        ("momentum η = 0.01, μ = 0.9", { try SGD(parameters: [$0], learningRate: 0.01, momentum: 0.9) }),
        ("Adagrad η = 0.5", { Adagrad(parameters: [$0], learningRate: 0.5) }),
        ("RMSProp η = 0.02", { RMSProp(parameters: [$0], learningRate: 0.02) }),
        ("Adam η = 0.1", { Adam(parameters: [$0], learningRate: 0.1) }),
    ]
    let scale = try Tensor<Double>(shape: [2], scalars: [0.5, 0.5 * kappa])
    let graph = Graph<Double>()
    var table = Table(["method", "θ after \(iterations) steps", "f(θ)", "steps to f < 1e-4"])
    var paths: [FieldPlot.Path] = [], curves: [LineChart.Series] = []
    for method in methods {
        let theta = Parameter(try Tensor<Double>(shape: [2], scalars: [-4, 1.5]))
        let optimizer = try method.make(theta)
        var path = [(x: -4.0, y: 1.5)], values = [f(-4, 1.5)]
        var reached: Int?
        for step in 1...iterations {
            let context = ForwardContext(graph: graph, mode: .training)
            let t = context.variable(theta)
            _ = try context.backward(from: (t.squared() * context.constant(scale)).sum())
            optimizer.step()
            let s = theta.value.scalars
            path.append((s[0], s[1]))
            values.append(f(s[0], s[1]))
            if reached == nil, values.last! < 1e-4 { reached = step }
        }
        let s = theta.value.scalars
        table.append([method.name, "(\(fixed(s[0], 4)), \(fixed(s[1], 4)))", fmt(f(s[0], s[1]), 3), reached.map(String.init) ?? "> \(iterations)"])
        paths.append(.init(name: method.name, points: path))
        curves.append(.init(name: method.name, x: (0...iterations).map(Double.init), y: values))
    }
    try nb.table(table, csv: "optimizers.csv")
    var plot = FieldPlot(xRange: -4.5...1.5, yRange: -2...2, resolution: nb.size(120, quick: 40),
                         title: "Paths on f = ½(θ₁² + 50 θ₂²) from (−4, 1.5)", xLabel: "θ₁", yLabel: "θ₂") { f($0, $1) }
    plot.filled = false
    plot.contourLevels = FieldPlot.logLevels(plot.values, count: 14)
    plot.paths = paths
    plot.width = 860
    try nb.write(plot.svg(), to: "paths.svg")
    try nb.write(LineChart(series: curves, title: "f(θ) per step", xLabel: "step", yLabel: "f(θ)", logarithmicY: true).svg(), to: "loss.svg")
    print("\nWhat to look for: SGD zig-zags in θ₂ at the largest stable step and creeps along θ₁; momentum overshoots but")
    print("is faster along the valley; Adagrad's steps shrink as it accumulates squared gradients; RMSProp and Adam")
    print("normalise each coordinate (sign-like first steps), so the path starts along the diagonal, not the gradient.")
}
