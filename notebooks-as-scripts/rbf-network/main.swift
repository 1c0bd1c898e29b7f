// A radial-basis-function network trained the course's way, in stages: the centres c_j by k-means on the inputs
// (k-means++ seeding, then Lloyd's iterations), the widths from the centres (σ = d_max/√(2K)), then the output weights
// by linear least squares with centres and widths fixed (the model is linear in them), and only then everything
// jointly by gradient descent (Adam). Beside it, the same network trained jointly from a random start.
//
//     ŷ(x) = w₀ + Σ_j w_j φ_j(x),    φ_j(x) = exp(−‖x − c_j‖² / (2σ_j²))
//
// The data: two moons (200 training and 200 test points, noise 0.15), targets ±1, squared error; the class is the
// sign of ŷ. Checked (the notebook exits with an error otherwise): Lloyd's iterations do not increase the k-means
// objective; the least-squares output weights are a stationary point of the loss (its gradient in w vanishes);
// joint training from the staged start ends below the staged loss.
import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "rbf-network")

/// The k-means objective Σ_i min_j ‖x_i − c_j‖².
func kMeansObjective(_ data: Matrix, _ centres: Matrix) -> Double {
    (0..<data.rows).reduce(0.0) { total, i in
        total + (0..<centres.rows).map { j in zip(data.row(i), centres.row(j)).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }.min()!
    }
}

func tensor(_ m: Matrix) throws -> Tensor<Double> { try Tensor(shape: [m.rows, m.columns], scalars: m.elements) }

/// Training MSE and accuracies (sign of the output against ±1 targets) of `model` on the training and test sets.
/// (A top-level function: nested in the `run` closure, the debug build's module pass warned falsely that its
/// `try`s cover no throwing call.)
func evaluate(_ model: Sequential<Double>, inputs: Tensor<Double>, y: [Double], testInputs: Tensor<Double>,
              yTest: [Double]) throws -> (mse: Double, accuracy: Double, testAccuracy: Double) {
    let out = try model.predict(inputs).scalars
    let outTest = try model.predict(testInputs).scalars
    let mse = zip(out, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)
    func accuracy(_ o: [Double], _ t: [Double]) -> Double { Double(zip(o, t).filter { ($0 >= 0) == ($1 > 0) }.count) / Double(t.count) }
    return (mse, accuracy(out, y), accuracy(outTest, yTest))
}

notebook.run { nb in
    let k = 12
    let epochs = nb.size(400, quick: 40)
    let training = try Dataset.moons(samples: 200, noise: 0.15, seed: 1)
    let test = try Dataset.moons(samples: 200, noise: 0.15, seed: 2)
    let x = training.features, y = training.targets!.map { $0 == 1 ? 1.0 : -1.0 }
    let xTest = test.features, yTest = test.targets!.map { $0 == 1 ? 1.0 : -1.0 }
    let inputs = try tensor(x), targets = try Tensor<Double>(shape: [x.rows, 1], scalars: y), testInputs = try tensor(xTest)

    var table = Table(["stage", "training MSE", "training accuracy", "test accuracy"])
    func record(_ stage: String, _ model: Sequential<Double>) throws -> Double {
        let e = try evaluate(model, inputs: inputs, y: y, testInputs: testInputs, yTest: yTest)
        table.append([stage, fmt(e.mse, 4), fixed(e.accuracy, 3), fixed(e.testAccuracy, 3)])
        return e.mse
    }

    // Stage 1: centres and widths.
    nb.section("Stage 1: k-means centres (K = \(k)) and widths from the centres")
    var generator = SeededGenerator(seed: 3)
    let seeded = try RadialBasisLayer<Double>.kMeansCentres(x, count: k, maximumIterations: 0, generator: &generator)
    generator = SeededGenerator(seed: 3)
    let centres = try RadialBasisLayer<Double>.kMeansCentres(x, count: k, generator: &generator)
    let (seededObjective, lloydObjective) = (kMeansObjective(x, seeded), kMeansObjective(x, centres))
    nb.compare("k-means objective Σ min ‖x − c‖²", ours: "\(fmt(seededObjective, 5)) after k-means++ seeding → \(fmt(lloydObjective, 5)) after Lloyd",
               course: "Lloyd's iterations never increase it", source: "theory")
    guard lloydObjective <= seededObjective * (1 + 1e-12) else { throw NotebookFailure("Lloyd's iterations increased the k-means objective") }
    let widths = try RadialBasisLayer<Double>.widths(centres: centres, rule: .maximumDistance)
    print("  width σ = d_max/√(2K) = \(fmt(widths[0], 5))")

    // Stage 2: the output weights by least squares on the design [1, Φ].
    nb.section("Stage 2: output weights by linear least squares, centres and widths fixed")
    let rbf = try RadialBasisLayer<Double>(centres: try tensor(centres), widths: Tensor(widths))
    let phi = try rbf.predict(inputs)
    let design = Matrix(rows: x.rows, columns: k + 1) { i, j in j == 0 ? 1 : phi.scalars[i * k + j - 1] }
    let solution = try design.leastSquares(Matrix(column: y)).solution.elements
    let output = try Dense<Double>(weight: Tensor(shape: [1, k], scalars: Array(solution.dropFirst())), bias: Tensor([solution[0]]))
    let staged = Sequential<Double>([rbf, output])
    // The least-squares weights are where the squared error's gradient in (w₀, w) vanishes.
    let context = ForwardContext<Double>(mode: .training)
    _ = try context.backward(from: meanSquaredError(predictions: staged(context.constant(inputs), in: context), targets: context.constant(targets)))
    let outputGradient = (output.weight.gradient.scalars + output.bias!.gradient.scalars).map(abs).max()!
    nb.compare("max |∂MSE/∂w| at the least-squares weights", ours: fmt(outputGradient, 2), course: "0 (normal equations)", source: "theory")
    guard outputGradient < 1e-8 else { throw NotebookFailure("the least-squares output weights are not stationary: gradient \(outputGradient)") }
    let stagedLoss = try record("stages 1–2: k-means centres, widths, least-squares output", staged)

    // Stage 3: everything jointly.
    let data = try TensorDataset(inputs: inputs, targets: .values(targets))
    let jointHistory = try Trainer(model: staged, optimizer: Adam(parameters: staged.parameters, learningRate: 0.01),
                                   loss: .meanSquaredError).fit(data, epochs: epochs, batchSize: x.rows, seed: 4)
    let jointLoss = try record("stage 3: then all parameters jointly (Adam, \(epochs) full-batch epochs)", staged)
    guard jointLoss < stagedLoss else { throw NotebookFailure("joint training raised the loss from \(stagedLoss) to \(jointLoss)") }

    // Baseline: random centres N(0, 1), widths 1, random output weights, trained jointly for as long.
    var baselineGenerator = SeededGenerator(seed: 5)
    let random = Sequential<Double>([RadialBasisLayer(inputSize: 2, centreCount: k, generator: &baselineGenerator),
                                     Dense(k, 1, generator: &baselineGenerator)])
    _ = try record("random start (centres N(0, 1), σ = 1), before training", random)
    let randomHistory = try Trainer(model: random, optimizer: Adam(parameters: random.parameters, learningRate: 0.01),
                                    loss: .meanSquaredError).fit(data, epochs: epochs, batchSize: x.rows, seed: 4)
    _ = try record("random start, all parameters jointly (Adam, \(epochs) full-batch epochs)", random)
    nb.section("Squared error and accuracy after each stage (two moons, K = \(k) centres)")
    try nb.table(table, csv: "stages.csv")

    try nb.write(LineChart(series: [.init(name: "joint training after the stages (starts at the least-squares fit)", y: jointHistory.series("loss")),
                                    .init(name: "joint training from a random start", y: randomHistory.series("loss"))],
                           title: "RBF network on two moons: training MSE per epoch", xLabel: "epoch", yLabel: "MSE",
                           logarithmicY: true).svg(), to: "training-loss.svg")
    let trained = staged.parameters[0].value.scalars
    var plot = FieldPlot(xRange: -1.6...2.6, yRange: -1.2...1.7, resolution: nb.size(100, quick: 30),
                         title: "Staged RBF network after joint training: ŷ(x), centres (white) and training points",
                         xLabel: "x₁", yLabel: "x₂") { a, b in
        (try? staged.predict(Tensor(shape: [1, 2], scalars: [a, b])).scalars[0]) ?? 0
    }
    plot.contourLevels = [0]
    plot.markers = (0..<x.rows).map { .init(x: x[$0, 0], y: x[$0, 1], category: training.targets![$0]) }
        + (0..<k).map { .init(x: trained[2 * $0], y: trained[2 * $0 + 1], category: 2) }
    try nb.write(plot.svg(), to: "decision-function.svg")
    print("\nWhat to look for: the staged start is already a good classifier — k-means puts the centres where the data")
    print("are, the widths make neighbouring bumps overlap, and the output layer is the exact least-squares fit; joint")
    print("training then moves centres and widths a little further. From a random start the same optimiser must first")
    print("drag the centres onto the data and ends higher after the same number of epochs.")
}
