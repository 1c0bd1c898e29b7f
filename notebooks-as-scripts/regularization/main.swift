// Over-fitting and three cures on a small task: 2-D two-moons with 80 noisy training points, a 2-128-128-2 ReLU
// network trained with Adam long past the point where it has learned the moons. Without regularisation it carves
// out islands around individual noisy points (training loss → 0, validation loss rises). L2 weight decay
// (g ← g + λθ), inverted dropout (p = 0.5 on both hidden layers, identity at evaluation) and early stopping (on the
// validation loss, patience 30, best weights restored) each keep the decision boundary smooth.
import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "regularization")

func tensor(_ m: Matrix) throws -> Tensor<Double> { try Tensor(shape: [m.rows, m.columns], scalars: m.elements) }

notebook.run { nb in
    let train = try Datasets.Dataset.moons(samples: 80, noise: 0.35, seed: 1)
    let validation = try Datasets.Dataset.moons(samples: 400, noise: 0.35, seed: 2)
    let test = try Datasets.Dataset.moons(samples: nb.size(2000, quick: 400), noise: 0.35, seed: 3)
    let trainData = try TensorDataset(inputs: try tensor(train.features), targets: .classes(train.targets!))
    let validationData = try TensorDataset(inputs: try tensor(validation.features), targets: .classes(validation.targets!))
    let testData = try TensorDataset(inputs: try tensor(test.features), targets: .classes(test.targets!))
    let epochs = nb.size(400, quick: 25)

    let variants: [(name: String, file: String, weightDecay: Double, dropout: Double?, earlyStopping: Bool)] = [
        ("no regularisation", "none", 0, nil, false),
        ("L2 weight decay λ = 0.003", "l2", 0.003, nil, false),
        ("dropout p = 0.5", "dropout", 0, 0.5, false),
        ("early stopping (patience 30)", "early-stopping", 0, nil, true),
    ]
    var table = Table(["variant", "epochs run", "train loss", "train acc.", "validation loss", "test loss", "test acc."])
    var panels: [SmallMultiples.Panel] = []
    for variant in variants {
        var generator = SeededGenerator(seed: 7)
        var layers: [any Layer<Double>] = [Dense<Double>(2, 128, activation: .relu, weightInitializer: .heNormal(), generator: &generator)]
        if let p = variant.dropout { layers.append(try Dropout<Double>(probability: p, seed: 11)) }
        layers.append(Dense<Double>(128, 128, activation: .relu, weightInitializer: .heNormal(), generator: &generator))
        if let p = variant.dropout { layers.append(try Dropout<Double>(probability: p, seed: 12)) }
        layers.append(Dense<Double>(128, 2, generator: &generator))
        let model = Sequential<Double>(layers)
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 0.002, weightDecay: variant.weightDecay),
                              loss: .crossEntropy)
        let stopper = EarlyStopping<Double>(patience: 30)
        let history = try trainer.fit(trainData, validation: validationData, epochs: epochs, batchSize: 16, seed: 5,
                                      anyCallbacks: variant.earlyStopping ? [AnyCallback(stopper)] : [])
        let trained = try trainer.evaluate(trainData), held = try trainer.evaluate(validationData), tested = try trainer.evaluate(testData)
        let ran = history.epochs.count
        table.append([variant.name, variant.earlyStopping ? "\(ran) (best \(stopper.bestEpoch + 1))" : String(ran), fmt(trained.loss, 3),
                      fixed(trained.accuracy!, 3), fmt(held.loss, 3), fmt(tested.loss, 3), fixed(tested.accuracy!, 3)])
        panels.append(.line(LineChart(series: [.init(name: "training", y: history.series("loss")), .init(name: "validation", y: history.series("validationLoss"))],
                                      title: variant.name, xLabel: "epoch", yLabel: "cross-entropy", logarithmicY: true)))
        // The decision function over the plane with the 80 training points.
        var field = FieldPlot(xRange: -2...3, yRange: -1.5...2, resolution: nb.size(90, quick: 25),
                              title: "\(variant.name): test accuracy \(fixed(tested.accuracy!, 3))", xLabel: "x₁", yLabel: "x₂") { _, _ in 0 }
        let xs = (0..<field.values.count).map { -2 + 5 * Double($0) / Double(field.values.count - 1) }
        let ys = (0..<field.values.count).map { -1.5 + 3.5 * Double($0) / Double(field.values.count - 1) }
        var grid: [Double] = []
        for y in ys { for x in xs { grid += [x, y] } }
        let probabilities = try model.predict(try Tensor(shape: [grid.count / 2, 2], scalars: grid))
        field.values = ys.indices.map { i in xs.indices.map { j in
            let r = i * xs.count + j, a = probabilities[r, 0], b = probabilities[r, 1], top = max(a, b)
            return exp(b - top) / (exp(a - top) + exp(b - top))
        } }
        field.contourLevels = [0.5]
        field.markers = (0..<train.count).map { .init(x: train.features[$0, 0], y: train.features[$0, 1], category: train.targets![$0]) }
        try nb.write(field.svg(), to: "decision-\(variant.file).svg")
    }
    try nb.table(table, csv: "regularization.csv")
    try nb.write(SmallMultiples(panels: panels, columns: 2, panelWidth: 480, panelHeight: 330,
                                title: "Training and validation loss (80 training points, 2-128-128-2 ReLU, Adam 0.002)").svg(), to: "loss-curves.svg")
    print("\nWhat to look for: without regularisation the training loss keeps falling while the validation loss turns")
    print("up (over-fitting); each cure keeps the validation loss lower and the test accuracy higher, and its decision")
    print("boundary (white line in the decision-*.svg figures) smooth.")
}
