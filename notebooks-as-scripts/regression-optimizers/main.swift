// The course's linear-regression example: y = 3x + 2 + U(−0.1, 0.1) at N = 30 points x ~ U(0, 1), the model
// ŷ = θ₀ + θ₁x fitted from θ = [10, 5] with α = 0.005 for 1000 full-batch iterations on L(θ) = ½ Σ (ŷᵢ − yᵢ)², by
// plain gradient descent, momentum (β = 0.6) and Nesterov (β = 0.8), the optimisers of the NeuralNetworks module
// on the autodiff graph. Printed: the final θ of each beside the least-squares solution; drawn: the paths over the
// loss contours and the loss per iteration.
//
// Momentum is shown in the course's exponential-average form m ← βm + (1 − β)g and in PyTorch's v ← βv + g.
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "regression-optimizers")
notebook.run { nb in
    var generator = SeededGenerator(seed: 12)
    let n = 30
    let x = (0..<n).map { _ in generator.nextUniform() }
    let y = x.map { 3 * $0 + 2 + (generator.nextUniform() * 0.2 - 0.1) }
    let design = Matrix(rows: n, columns: 2) { i, j in j == 0 ? 1 : x[i] }
    let exact = try design.leastSquares(Matrix(column: y)).solution.elements
    let features = try Tensor<Double>(shape: [n, 2], scalars: design.elements), targets = try Tensor<Double>(shape: [n, 1], scalars: y)
    func loss(_ t0: Double, _ t1: Double) -> Double { 0.5 * zip(x, y).map { pow(t0 + t1 * $0 - $1, 2) }.reduce(0, +) }

    let iterations = nb.size(1000, quick: 300)
    let methods: [(name: String, make: (Parameter<Double>) throws -> Optimizer<Double>)] = [
        ("gradient descent", { try SGD(parameters: [$0], learningRate: 0.005) }),
        ("momentum β = 0.6 (course form)", { try SGD(parameters: [$0], learningRate: 0.005, momentum: 0.6, form: .exponentialAverage) }),
        ("Nesterov β = 0.8 (course form)", { try SGD(parameters: [$0], learningRate: 0.005, momentum: 0.8, nesterov: true, form: .exponentialAverage) }),
        ("momentum β = 0.6 (PyTorch form)", { try SGD(parameters: [$0], learningRate: 0.005, momentum: 0.6) }),
        ("Nesterov β = 0.8 (PyTorch form)", { try SGD(parameters: [$0], learningRate: 0.005, momentum: 0.8, nesterov: true) }),
    ]
    var table = Table(["method", "θ₀ (intercept)", "θ₁ (slope)", "final loss", "iterations to ‖θ − θ*‖ < 0.01"])
    var paths: [FieldPlot.Path] = [], curves: [LineChart.Series] = []
    let graph = Graph<Double>()
    for method in methods {
        let theta = Parameter(Tensor<Double>([10, 5]))
        let optimizer = try method.make(theta)
        var path = [(x: 10.0, y: 5.0)], losses: [Double] = []
        var reached: Int?
        for iteration in 0..<iterations {
            let context = ForwardContext(graph: graph, mode: .training)
            let prediction = matmul(context.constant(features), context.variable(theta).reshaped([2, 1]))
            let value = try context.backward(from: meanSquaredError(predictions: prediction, targets: context.constant(targets), reduction: .sum) * 0.5)
            losses.append(value)
            optimizer.step()
            let t = theta.value.scalars
            path.append((t[0], t[1]))
            if reached == nil, hypot(t[0] - exact[0], t[1] - exact[1]) < 0.01 { reached = iteration + 1 }
        }
        let t = theta.value.scalars
        table.append([method.name, fixed(t[0], 4), fixed(t[1], 4), fmt(loss(t[0], t[1]), 4), reached.map(String.init) ?? "—"])
        paths.append(.init(name: method.name, points: path))
        curves.append(.init(name: method.name, y: losses))
    }
    table.append(["least squares (LAPACK)", fixed(exact[0], 4), fixed(exact[1], 4), fmt(loss(exact[0], exact[1]), 4), ""])
    try nb.table(table, csv: "final-theta.csv")
    nb.compare("final θ of every method", ours: "≈ [\(fixed(exact[0], 2)), \(fixed(exact[1], 2))]", course: "close to [2, 3]")

    let all = paths.flatMap(\.points)
    let lowX = min(all.map(\.x).min()!, 0) - 0.5, highX = max(all.map(\.x).max()!, 11) + 0.5
    let lowY = min(all.map(\.y).min()!, 0) - 0.5, highY = max(all.map(\.y).max()!, 6) + 0.5
    var plot = FieldPlot(xRange: lowX...highX, yRange: lowY...highY, resolution: nb.size(120, quick: 40),
                         title: "Paths from θ = [10, 5] over the contours of L(θ)", xLabel: "θ₀ (intercept)", yLabel: "θ₁ (slope)") { loss($0, $1) }
    plot.filled = false
    plot.contourLevels = FieldPlot.logLevels(plot.values, count: 16)
    plot.paths = Array(paths.prefix(3))
    plot.width = 820
    try nb.write(plot.svg(), to: "paths-course-form.svg")
    plot.paths = [paths[0], paths[3], paths[4]]
    plot.title = "The same with PyTorch's momentum form (steps 1/(1 − β) larger)"
    try nb.write(plot.svg(), to: "paths-pytorch-form.svg")
    try nb.write(LineChart(series: curves, title: "Loss per iteration", xLabel: "iteration", yLabel: "½ Σ (ŷ − y)²",
                           logarithmicY: true).svg(), to: "loss.svg")
    print("\nWhat to look for: the loss valley is long and narrow (θ₀ and θ₁ are correlated through x ∈ [0, 1]); gradient")
    print("descent crawls along its floor. In the course's form a steady gradient still gives steps of α g, so momentum and")
    print("Nesterov mostly differ at the turn into the valley (they overshoot it); in PyTorch's form the steps grow to")
    print("α g/(1 − β) and the same α reaches the minimum 2.5 (β = 0.6) to 6 (Nesterov, β = 0.8) times sooner.")
}
