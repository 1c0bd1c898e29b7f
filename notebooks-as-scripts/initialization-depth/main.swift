// Deep ReLU networks (22 and 30 layers of width 64) with He initialisation N(0, 2/fan_in) against two naive ones,
// N(0, 1) and N(0, 0.01²): the scale of the activations and of the weight gradients layer by layer at
// initialisation, and the training curves on the digits. With He's variance each ReLU layer keeps E‖h‖² constant
// (the factor 2 undoes the half the ReLU zeroes); with N(0, 1) it multiplies it by fan_in/2 = 32 per layer
// (explosion), with N(0, 0.01²) by 64 · 10⁻⁴/2 = 0.0032 (vanishing). Then the course's contrast (He et al. 2015,
// Fig. 3) with SGD: at 22 layers He's initialisation converges faster than Glorot's; at 30 layers only He's does.
import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "initialization-depth")
let width = 64

/// A `depth`-layer ReLU network 64 → 64 → … → 10 (the last layer affine), weights from `initializer`, biases zero.
func network(depth: Int, initializer: Initializer, seed: UInt64) -> [Dense<Double>] {
    var generator = SeededGenerator(seed: seed)
    return (0..<depth).map { k in
        Dense(width, k == depth - 1 ? 10 : width, activation: k == depth - 1 ? .identity : .relu,
              weightInitializer: initializer, biasInitializer: .zeros, generator: &generator)
    }
}

/// Forward through the layers; the root-mean-square of each layer's output and of each weight gradient.
func scales(_ layers: [Dense<Double>], inputs: Tensor<Double>, labels: [Int]) throws -> (activations: [Double], gradients: [Double]) {
    let context = ForwardContext<Double>(mode: .training)
    var h = context.constant(inputs)
    var activations: [Double] = []
    for layer in layers {
        h = layer(h, in: context)
        let values = try h.value().scalars
        activations.append((values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot())
    }
    _ = try context.backward(from: crossEntropy(logits: h, classes: labels))
    let gradients = layers.map { layer -> Double in
        let g = layer.weight.gradient.scalars
        return (g.map { $0 * $0 }.reduce(0, +) / Double(g.count)).squareRoot()
    }
    return (activations, gradients)
}

let contrastRate = 0.003

notebook.run { nb in
    let digits = try Datasets.Dataset.load(.digits)
    let scaled = try StandardScaler(epsilon: 1).fit(digits.features).transform(digits.features)
    let count = nb.size(digits.count, quick: 256)
    let inputs = try Tensor<Double>(shape: [count, 64], scalars: Array(scaled.elements.prefix(count * 64)))
    let labels = Array(digits.targets!.prefix(count))
    let schemes: [(name: String, initializer: Initializer)] = [
        ("He N(0, 2/fan_in)", .heNormal()), ("naive N(0, 1)", .normal(standardDeviation: 1)), ("naive N(0, 0.01²)", .normal(standardDeviation: 0.01)),
    ]
    for depth in [22, 30] {
        nb.section("\(depth) layers: RMS of activations and weight gradients by layer at initialisation (\(min(count, 256)) digits)")
        var table = Table(["layer"] + schemes.flatMap { ["act. " + $0.name, "grad. " + $0.name] })
        var activationSeries: [LineChart.Series] = [], gradientSeries: [LineChart.Series] = []
        var columns: [[Double]] = []
        let probe = try Tensor<Double>(shape: [min(count, 256), 64], scalars: Array(inputs.scalars.prefix(min(count, 256) * 64)))
        for scheme in schemes {
            let result = try scales(network(depth: depth, initializer: scheme.initializer, seed: 1), inputs: probe,
                                    labels: Array(labels.prefix(min(count, 256))))
            columns += [result.activations, result.gradients]
            let layerAxis = (1...depth).map(Double.init)
            activationSeries.append(.init(name: scheme.name, x: layerAxis, y: result.activations))
            gradientSeries.append(.init(name: scheme.name, x: layerAxis, y: result.gradients))
        }
        for k in [0, 1, 2, 4, 9, 14, 19, depth - 2, depth - 1] {
            table.append([String(k + 1)] + columns.map { fmt($0[k], 3) })
        }
        try nb.table(table, csv: "scales-\(depth).csv")
        try nb.write(LineChart(series: activationSeries, title: "\(depth) ReLU layers: RMS activation by layer", xLabel: "layer",
                               yLabel: "RMS of the layer output", logarithmicY: true).svg(), to: "activations-\(depth).svg")
        try nb.write(LineChart(series: gradientSeries, title: "\(depth) ReLU layers: RMS weight gradient by layer", xLabel: "layer",
                               yLabel: "RMS of ∂loss/∂W", logarithmicY: true).svg(), to: "gradients-\(depth).svg")
    }

    nb.section("Training on the digits: Adam 1e-3, batch 64")
    let data = try TensorDataset(inputs: inputs, targets: .classes(labels))
    let epochs = nb.size(15, quick: 2)
    var results = Table(["depth", "initialisation", "loss after epoch 1", "final loss", "final accuracy"])
    var curves: [LineChart.Series] = []
    for depth in [22, 30] {
        for scheme in schemes {
            let model = Sequential<Double>(network(depth: depth, initializer: scheme.initializer, seed: 1))
            let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 1e-3), loss: .crossEntropy)
            let history = try trainer.fit(data, epochs: epochs, batchSize: 64, seed: 2)
            let losses = history.series("loss")
            results.append([String(depth), scheme.name, fmt(losses[0], 4), fmt(losses.last!, 4), fixed(history.last("accuracy") ?? .nan, 3)])
            curves.append(.init(name: "\(depth) layers, \(scheme.name)", y: losses))
        }
    }
    try nb.table(results, csv: "training.csv")
    try nb.write(LineChart(series: curves, title: "Training loss of deep ReLU networks on the digits", xLabel: "epoch",
                           yLabel: "cross-entropy", logarithmicY: true, width: 820).svg(), to: "training-loss.svg")
    // The course's contrast (He et al. 2015, Fig. 3: 22- and 30-layer ReLU networks, SGD): at 22 layers the He
    // initialisation converges faster than Glorot's N(0, 2/(fan_in + fan_out)); at 30 layers only He's converges.
    nb.section("The course's contrast: He against Glorot N(0, 2/(fan_in + fan_out)) with SGD (α = \(contrastRate), momentum 0.9, batch 64)")
    let contrastEpochs = nb.size(30, quick: 1)
    let threshold = 2.2   // below log 10 = 2.303: the network has left the plateau of uniform predictions
    var contrast = Table(["depth", "initialisation", "loss after epoch 1", "final loss", "final accuracy", "first epoch with loss < \(fmt(threshold, 2)) (off the log 10 plateau)", "course"])
    var contrastCurves: [LineChart.Series] = []
    var firstBelow: [String: Int] = [:]
    for depth in [22, 30] {
        for (name, initializer) in [("He N(0, 2/fan_in)", Initializer.heNormal()), ("Glorot N(0, 2/(fan_in + fan_out))", .glorotNormal())] {
            let model = Sequential<Double>(network(depth: depth, initializer: initializer, seed: 1))
            let optimizer = try SGD(parameters: model.parameters, learningRate: contrastRate, momentum: 0.9)
            let trainer = Trainer(model: model, optimizer: optimizer, loss: .crossEntropy)
            let history = try trainer.fit(data, epochs: contrastEpochs, batchSize: 64, seed: 2)
            let losses = history.series("loss")
            let first = losses.firstIndex { $0 < threshold }.map { $0 + 1 }
            firstBelow["\(depth) \(name)"] = first
            let course = name.hasPrefix("He") ? (depth == 22 ? "converges first" : "converges") : (depth == 22 ? "converges later" : "stalls")
            contrast.append([String(depth), name, fmt(losses[0], 4), fmt(losses.last!, 4), fixed(history.last("accuracy") ?? .nan, 3),
                             first.map(String.init) ?? "never (in \(contrastEpochs))", course])
            contrastCurves.append(.init(name: "\(depth) layers, \(name)", y: losses))
        }
    }
    try nb.table(contrast, csv: "he-against-glorot.csv")
    try nb.write(LineChart(series: contrastCurves, title: "He against Glorot initialisation, deep ReLU networks, SGD", xLabel: "epoch",
                           yLabel: "cross-entropy", logarithmicY: true, width: 820).svg(), to: "he-against-glorot.svg")

    print("\nWhat to look for: He keeps the activation RMS flat over depth and the gradients of the same order in every")
    print("layer; N(0, 1) grows by about √32 ≈ 5.7 per layer (losses of 10¹⁶ and more); N(0, 0.01²) shrinks by about")
    print("√0.0032 ≈ 0.057 per layer, so the logits are ≈ 0 (loss log 10 ≈ 2.303) and every weight gradient is ~1e-30:")
    print("neither naive network learns, the He network does. With SGD the contrast of He et al.'s figure appears: Glorot's")
    print("variance 1/fan_in halves E‖h‖² at every ReLU layer (2⁻²² and 2⁻³⁰ of the input's at the top), so at 22 layers it")
    print("leaves the log 10 plateau many epochs after He's, and at 30 layers its gradients are too small to leave it at all.")
}
