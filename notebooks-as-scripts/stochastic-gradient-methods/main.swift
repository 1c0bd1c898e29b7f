// Stochastic gradient methods of the course on regularised logistic classification,
//
//     F(θ) = (1/n) Σᵢ log(1 + exp(−yᵢ θ·xᵢ)) + (λ/2) ‖θ‖²,
//
// by batch gradient descent (one full gradient per step), SGD with the step τ_ℓ = τ₀/(1 + ℓ/ℓ₀), SGA (SGD with the
// step τ₀/(1 + √(ℓ/ℓ₀)) and the Cesàro average of the iterates) and SAG (a stored gradient per sample, fixed step),
// each through the optimisers of the NeuralNetworks module on the autodiff graph. The error F(θ) − F* (F* by
// Newton's method) is drawn on a log scale against the number of passes over the data. Then the course's 1-D
// example f(β) = ½ (f₁ + f₂), f₁ = (β − 1)², f₂ = (β + 1)²: many SGD runs, their spread with a constant step
// (it never vanishes: the variance settles at η/(1 − η)) and with a decreasing one.
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "stochastic-gradient-methods")

notebook.run { nb in
    let n = nb.size(400, quick: 100), d = 5, lambda = 0.01
    var generator = SeededGenerator(seed: 3)
    // Two Gaussian classes with means ±μ, μ = (0.6, 0.6, …), and a constant feature for the bias.
    var rows: [Double] = [], labels: [Double] = []
    for i in 0..<n {
        let label = i % 2 == 0 ? 1.0 : 0.0
        rows.append(1)
        for _ in 1..<d { rows.append(generator.nextNormal() + (label == 1 ? 0.6 : -0.6)) }
        labels.append(label)
    }
    let x = Matrix(rows: n, columns: d, elements: rows)
    func objective(_ theta: [Double]) -> Double {
        var total = 0.0
        for i in 0..<n {
            let z = zip(x.row(i), theta).map { $0 * $1 }.reduce(0, +), sign = labels[i] == 1 ? 1.0 : -1.0
            total += log1p(exp(-sign * z))
        }
        return total / Double(n) + 0.5 * lambda * theta.map { $0 * $0 }.reduce(0, +)
    }
    // F* by Newton's method: H = (1/n) Xᵀ diag(p(1 − p)) X + λ I, g = (1/n) Xᵀ (p − t) + λ θ.
    var optimum = [Double](repeating: 0, count: d)
    for _ in 0..<30 {
        let p = (x * optimum).map { 1 / (1 + exp(-$0)) }
        var h = Matrix.product(x.scalingRows(by: p.map { $0 * (1 - $0) / Double(n) }), x, transposingA: true)
        for j in 0..<d { h[j, j] += lambda }
        let g = zip(x.transposed * zip(p, labels).map { ($0 - $1) / Double(n) }, optimum).map { $0 + lambda * $1 }
        optimum = zip(optimum, try h.solve(g)).map { $0 - $1 }
    }
    let best = objective(optimum)
    let lipschitz = (0..<n).map { i in x.row(i).map { $0 * $0 }.reduce(0, +) }.max()! / 4 + lambda
    print("n = \(n), d = \(d), λ = \(lambda); F* = \(fmt(best, 10)) at θ* = \(optimum.map { fixed($0, 4) }); L_max = \(fixed(lipschitz, 3))")

    let features = try Tensor<Double>(shape: [n, d], scalars: x.elements), targets = try Tensor<Double>(shape: [n, 1], scalars: labels)
    let graph = Graph<Double>()
    /// The regularised loss of the samples `indices` at `theta`, backward pass filling `theta.gradient`.
    func lossAndGradient(_ theta: Parameter<Double>, _ indices: [Int]) throws {
        let context = ForwardContext(graph: graph, mode: .training)
        let t = context.variable(theta)
        let batch = indices.count == n ? features : features.rows(indices)
        let batchTargets = indices.count == n ? targets : targets.rows(indices)
        let logits = matmul(context.constant(batch), t.reshaped([d, 1]))
        let loss = binaryCrossEntropy(logits: logits, targets: context.constant(batchTargets)) + t.squared().sum() * (0.5 * lambda)
        _ = try context.backward(from: loss)
    }

    let epochs = nb.size(30, quick: 8)
    let checksPerEpoch = 10
    var curves: [LineChart.Series] = []
    var summary = Table(["method", "step rule", "F − F* after \(epochs) passes"])
    func record(_ name: String, _ rule: String, _ errors: [(Double, Double)]) {
        curves.append(.init(name: name, x: errors.map(\.0), y: errors.map { max($0.1, 1e-16) }))
        summary.append([name, rule, fmt(errors.last!.1, 3)])
    }
    let zeros = Tensor<Double>(zeros: [d])

    // Batch gradient descent, fixed step 1/L.
    do {
        let theta = Parameter(zeros)
        let optimizer = try SGD(parameters: [theta], learningRate: 1 / lipschitz)
        var errors = [(0.0, objective(theta.value.scalars) - best)]
        for epoch in 1...epochs {
            try lossAndGradient(theta, Array(0..<n))
            optimizer.step()
            errors.append((Double(epoch), objective(theta.value.scalars) - best))
        }
        record("batch gradient descent", "η = 1/L", errors)
    }
    // SGD, SGA and SAG: one sample per step, samples drawn uniformly with a seeded generator.
    let tau0 = 1 / lipschitz, halfLife = Double(n)
    for method in ["SGD", "SGA", "SAG"] {
        let theta = Parameter(zeros)
        let sgd = try SGD(parameters: [theta], learningRate: tau0)
        let sga = try AveragedSGD(parameters: [theta], learningRate: tau0, halfLifeSteps: halfLife)
        let sag = try SAG(parameters: [theta], learningRate: tau0, sampleCount: n)
        var sampler = SeededGenerator(seed: 9)
        var errors = [(0.0, objective(theta.value.scalars) - best)]
        var step = 0
        for check in 1...(epochs * checksPerEpoch) {
            for _ in 0..<(n / checksPerEpoch) {
                let i = Int(sampler.next() % UInt64(n))
                try lossAndGradient(theta, [i])
                switch method {
                case "SGD":
                    sgd.learningRate = LearningRateSchedule.sgd(initial: tau0, halfLife: halfLife).learningRate(at: step)
                    sgd.step()
                case "SGA": sga.step()
                default: sag.step(sample: i)
                }
                step += 1
            }
            let estimate = method == "SGA" ? sga.averages[0].scalars : theta.value.scalars
            errors.append((Double(check) / Double(checksPerEpoch), objective(estimate) - best))
        }
        let rule = method == "SGD" ? "τ₀/(1 + ℓ/ℓ₀)" : method == "SGA" ? "τ₀/(1 + √(ℓ/ℓ₀)), averaged" : "fixed η = 1/L, stored gradients"
        record(method, rule + (method == "SAG" ? "" : ", τ₀ = 1/L, ℓ₀ = n"), errors)
    }
    nb.section("Logistic classification: error after the same number of passes over the data")
    try nb.table(summary, csv: "logistic-errors.csv")
    try nb.write(LineChart(series: curves, title: "F(θ) − F* against passes over the data", xLabel: "passes (n gradient evaluations)",
                           yLabel: "F − F*", logarithmicY: true).svg(), to: "logistic-error.svg")
    print("\nWhat to look for: per pass, SGD and SGA beat batch GD early (n steps for the price of one) but slow down")
    print("(sublinear rate, the noise of single-sample gradients); SAG keeps the cheap steps and converges linearly.")

    // The 1-D example: f(β) = ½ [(β − 1)² + (β + 1)²], each step with the gradient of one of the two terms.
    nb.section("1-D example: f₁ = (β − 1)², f₂ = (β + 1)²; SGD runs from β₀ = 2")
    let runs = nb.size(2000, quick: 200), steps = nb.size(200, quick: 60)
    var series: [LineChart.Series] = [], samplePaths: [LineChart.Series] = []
    var spread = Table(["step rule", "mean β at the end", "sd of β at the end", "theory (constant step: √(η/(1 − η)))"])
    for (name, rate) in [("constant η = 0.1", { (_: Int) in 0.1 }), ("constant η = 0.02", { (_: Int) in 0.02 }),
                         ("τ₀/(1 + ℓ/ℓ₀), τ₀ = 0.1, ℓ₀ = 10", { (l: Int) in LearningRateSchedule.sgd(initial: 0.1, halfLife: 10).learningRate(at: l) })] {
        var betas = [Double](repeating: 2, count: runs)
        var rng = SeededGenerator(seed: 5)
        var means: [Double] = [], sds: [Double] = [], firstRuns = [[Double]](repeating: [], count: 3)
        for l in 0..<steps {
            for r in 0..<runs {
                let target = rng.next() % 2 == 0 ? 1.0 : -1.0
                betas[r] -= rate(l) * 2 * (betas[r] - target)
            }
            let mean = betas.reduce(0, +) / Double(runs)
            means.append(mean)
            sds.append((betas.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(runs - 1)).squareRoot())
            for k in 0..<3 { firstRuns[k].append(betas[k]) }
        }
        let theory = name.hasPrefix("constant") ? fixed((rate(0) / (1 - rate(0))).squareRoot(), 4) : "→ 0"
        spread.append([name, fixed(means.last!, 4), fixed(sds.last!, 4), theory])
        series.append(.init(name: name, y: sds))
        if name.hasPrefix("constant η = 0.1") || name.hasPrefix("τ₀") {
            let short = name.hasPrefix("τ₀") ? "decreasing step" : "η = 0.1"
            samplePaths += (0..<3).map { LineChart.Series(name: "\(short), run \($0 + 1)", y: firstRuns[$0]) }
        }
    }
    try nb.table(spread, csv: "one-dimensional.csv")
    try nb.write(LineChart(series: series, title: "Spread of \(runs) SGD runs on ½((β − 1)² + (β + 1)²)", xLabel: "step ℓ",
                           yLabel: "standard deviation of β over the runs", logarithmicY: true).svg(), to: "one-dimensional-spread.svg")
    try nb.write(LineChart(series: samplePaths, title: "Three runs each: constant step against decreasing step", xLabel: "step ℓ",
                           yLabel: "β").svg(), to: "one-dimensional-runs.svg")
    print("\nWith a constant step the iterates keep jumping between the two minimisers' pulls: the spread settles at")
    print("√(η/(1 − η)) instead of vanishing; a decreasing step lets it shrink to 0 (the reason for the SGD schedule).")
}
