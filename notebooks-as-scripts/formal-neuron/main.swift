// The formal neuron of the course: y = σ(a (w·x + b)) with w = [1, 1], b = −2 on [−5, 5]², for sigmoid slopes
// a = 10, 1 and 0.1 (a hard threshold, a soft ramp, an almost flat plane: the same decision line x₁ + x₂ = 2), then
// the three-class softmax neuron with w₁ = [1, 1], b₁ = −2; w₂ = [0, −1], b₂ = 1; w₃ = [1, −0.5], b₃ = 10, whose
// class regions are cut by the lines where two affine scores are equal. Both are Dense layers of the module.
import Foundation
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "formal-neuron")

/// A layer's outputs on a grid over [−5, 5]², one row per point, the point (x₁, x₂) = (xs[j], xs[i]) at row i·n + j.
func outputsOnGrid(_ layer: Dense<Double>, resolution n: Int) throws -> (xs: [Double], outputs: [[Double]]) {
    let xs = (0..<n).map { -5 + 10 * Double($0) / Double(n - 1) }
    var points: [Double] = []
    for i in 0..<n { for j in 0..<n { points += [xs[j], xs[i]] } }
    let out = try layer.predict(try Tensor(shape: [n * n, 2], scalars: points))
    let k = out.shape[1]
    return (xs, (0..<(n * n)).map { r in (0..<k).map { out[r, $0] } })
}

notebook.run { nb in
    let n = nb.size(81, quick: 21)
    nb.section("One neuron, w = [1, 1], b = −2: y = σ(a (x₁ + x₂ − 2))")
    var table = Table(["a", "y(0, 0)", "y(1, 1)", "y(2, 2)", "y(−5, −5)", "y(5, 5)", "width of 0.1 < y < 0.9 across the line"])
    for slope in [10.0, 1.0, 0.1] {
        let neuron = try Dense<Double>(weight: try Tensor(shape: [1, 2], scalars: [1, 1]), bias: Tensor([-2.0]), activation: .sigmoid(slope: slope))
        let probe = try neuron.predict(try Tensor(shape: [5, 2], scalars: [0, 0, 1, 1, 2, 2, -5, -5, 5, 5])).scalars
        // Along the normal direction (1, 1)/√2 the pre-activation grows by √2 per unit: 0.1 < σ < 0.9 spans 2 ln 9 /(a √2).
        table.append([fmt(slope)] + probe.map { fixed($0, 4) } + [fixed(2 * log(9) / (slope * 2.0.squareRoot()), 3)])
        let (xs, outputs) = try outputsOnGrid(neuron, resolution: n)
        var plot = FieldPlot(xRange: -5...5, yRange: -5...5, resolution: 2, title: "σ(a (x₁ + x₂ − 2)), a = \(fmt(slope))", xLabel: "x₁", yLabel: "x₂") { _, _ in 0 }
        plot.values = (0..<xs.count).map { i in (0..<xs.count).map { j in outputs[i * xs.count + j][0] } }
        plot.contourLevels = [0.1, 0.5, 0.9]
        try nb.write(plot.svg(), to: "neuron-slope-\(fmt(slope)).svg")
    }
    try nb.table(table, csv: "neuron.csv")
    print("The decision line x₁ + x₂ = 2 (y = 0.5) is the same for every a; the slope only sets how sharp the transition is.")

    nb.section("Three-class softmax neuron: p = softmax(W x + b)")
    let weight = try Tensor<Double>(shape: [3, 2], scalars: [1, 1, 0, -1, 1, -0.5])
    let softmaxLayer = try Dense<Double>(weight: weight, bias: Tensor([-2.0, 1, 10]), activation: .softmax)
    let probes: [[Double]] = [[0, 0], [5, 5], [-5, 5], [-5, -5], [5, -5], [0, 5], [-5, 0]]
    let probabilities = try softmaxLayer.predict(try Tensor(shape: [probes.count, 2], scalars: probes.flatMap { $0 }))
    var classes = Table(["x", "z₁ = x₁ + x₂ − 2", "z₂ = −x₂ + 1", "z₃ = x₁ − 0.5 x₂ + 10", "p₁", "p₂", "p₃", "class"])
    for (r, p) in probes.enumerated() {
        let z = [p[0] + p[1] - 2, -p[1] + 1, p[0] - 0.5 * p[1] + 10]
        let row = (0..<3).map { probabilities[r, $0] }
        classes.append(["(\(fmt(p[0])), \(fmt(p[1])))"] + z.map { fixed($0, 2) } + row.map { fixed($0, 4) } + [String(row.indices.max { row[$0] < row[$1] }! + 1)])
    }
    try nb.table(classes, csv: "softmax.csv")
    print("With b₃ = 10 class 3 wins almost everywhere on [−5, 5]²: z₁ > z₃ needs 1.5 x₂ > 12, z₂ > z₃ needs x₁ + 0.5 x₂ < −9;")
    print("neither happens inside the square, so the softmax neuron predicts class 3 throughout: the large bias b₃ = 10 dominates.")
    let (xs, outputs) = try outputsOnGrid(softmaxLayer, resolution: n)
    for k in 0..<3 {
        var plot = FieldPlot(xRange: -5...5, yRange: -5...5, resolution: 2, title: "softmax output p\(k + 1)", xLabel: "x₁", yLabel: "x₂") { _, _ in 0 }
        plot.values = (0..<xs.count).map { i in (0..<xs.count).map { j in outputs[i * xs.count + j][k] } }
        plot.contourLevels = [0.001, 0.01, 0.1, 0.5, 0.9]
        try nb.write(plot.svg(), to: "softmax-p\(k + 1).svg")
    }
    // The same neuron on a wider window, where all three regions appear.
    let wide = 30.0
    var regions = FieldPlot(xRange: -wide...wide, yRange: -wide...wide, resolution: nb.size(121, quick: 31),
                            title: "predicted class (1, 2, 3) on [−30, 30]²", xLabel: "x₁", yLabel: "x₂") { x1, x2 in
        let z = [x1 + x2 - 2, -x2 + 1, x1 - 0.5 * x2 + 10]
        return Double(z.indices.max { z[$0] < z[$1] }! + 1)
    }
    regions.contourLevels = [1.5, 2.5]
    try nb.write(regions.svg(), to: "softmax-regions.svg")
}
