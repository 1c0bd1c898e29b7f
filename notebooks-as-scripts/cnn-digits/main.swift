// A convolutional network on the bundled digits (1797 images of 8 × 8 pixels) against the mlp-digits notebook's
// multilayer perceptron on the same stratified 70/10/20 split, each trained with and without image augmentation
// (random shifts of up to one pixel, drawn per mini-batch), over ten seeds. Printed: test and validation accuracy
// of every run, the errors per seed (of 359 test images), accuracy on the test set shifted by one pixel in each
// direction (translation invariance, the course's motivation for convolution and for augmentation), a confusion
// matrix and samples/s; drawn: training curves and the confusion matrix.
//
//     CNN: [1, 8, 8] → conv 3×3 ×16 (pad 1) → ReLU → max-pool 2 → conv 3×3 ×32 (pad 1) → ReLU → global average pool → dense 10
//     CNN-BN: the same with a BatchNorm2D between each convolution and its ReLU
//     CNN-BN-wide: CNN-BN with 32 and 64 filters
//     CNN-BN-deep: conv 3×3 ×32 → conv 3×3 ×32 → max-pool 2 → conv 3×3 ×64 (each with BatchNorm2D and ReLU) → global average pool → dense 10
//     CNN-BN-flat: CNN-BN with the spatial map kept: … → conv 3×3 ×32 → BatchNorm2D → ReLU → flatten (512) → dropout 0.2 → dense 10
//     MLP: 64 → Dense 128 → BatchNorm → ReLU → Dropout 0.2 → Dense 64 → BatchNorm → ReLU → Dropout 0.2 → Dense 10
import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "cnn-digits")

/// How a CNN ends: a global average over each channel (the issue's network), or the whole last map flattened,
/// through dropout, into the dense layer (the dense layer then sees where a stroke is, not only whether).
enum Head { case globalAverage, flatten(dropout: Double) }

/// conv 3×3 ×widths.0 → ReLU → max-pool 2 → conv 3×3 ×widths.1 → ReLU → head → dense 10, He-initialised for its
/// ReLUs; with `batchNorm`, a BatchNorm2D between each convolution and its ReLU; with `extraFirstBlock`, a second
/// conv 3×3 ×widths.0 before the pool.
func convolutionalNetwork(seed: UInt64, batchNorm: Bool, widths: (Int, Int) = (16, 32), head: Head = .globalAverage,
                          extraFirstBlock: Bool = false) throws -> Sequential<Float> {
    var generator = SeededGenerator(seed: seed)
    func block(_ input: Int, _ output: Int) -> [any Layer<Float>] {
        let conv = Conv2D<Float>(input, output, kernelSize: 3, padding: 1, activation: batchNorm ? .identity : .relu,
                                 weightInitializer: .heNormal(), biasInitializer: .zeros, generator: &generator)
        return batchNorm ? [conv, BatchNorm2D<Float>(channelCount: output), ActivationLayer<Float>(.relu)] : [conv]
    }
    let first = extraFirstBlock ? block(1, widths.0) + block(widths.0, widths.0) : block(1, widths.0)
    let features = first + [MaxPool2D<Float>(kernelSize: 2)] + block(widths.0, widths.1)
    switch head {
    case .globalAverage:
        return Sequential<Float>(features + [GlobalAveragePool2D<Float>(), Dense<Float>(widths.1, 10, generator: &generator)])
    case .flatten(let dropout):
        return Sequential<Float>(features + [Flatten<Float>(), try Dropout<Float>(probability: dropout, seed: seed + 9),
                                             Dense<Float>(widths.1 * 4 * 4, 10, generator: &generator)])
    }
}

/// The mlp-digits notebook's network, on the flattened images.
func perceptron(seed: UInt64) throws -> Sequential<Float> {
    var generator = SeededGenerator(seed: seed)
    return Sequential<Float>([
        Flatten(),
        Dense(64, 128, weightInitializer: .heNormal(), biasInitializer: .zeros, generator: &generator),
        BatchNorm(featureCount: 128), ActivationLayer(.relu), try Dropout(probability: 0.2, seed: seed + 1),
        Dense(128, 64, weightInitializer: .heNormal(), biasInitializer: .zeros, generator: &generator),
        BatchNorm(featureCount: 64), ActivationLayer(.relu), try Dropout(probability: 0.2, seed: seed + 2),
        Dense(64, 10, generator: &generator),
    ])
}

struct Configuration {
    let name: String
    let makeModel: (UInt64) throws -> Sequential<Float>
    let zScored: Bool
    let augmented: Bool
}

struct Run {
    let configuration: Configuration
    let model: Sequential<Float>
    let history: History
    let seconds: Double
    let testAccuracy: Double
    let validationAccuracy: Double
    let shiftedAccuracy: Double
    let predicted: [Int]
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
func standardDeviation(_ values: [Double]) -> Double {
    guard values.count > 1 else { return 0 }
    let m = mean(values)
    return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
}

notebook.run { nb in
    let digits = try Datasets.Dataset.load(.digits)
    let labels = digits.targets!
    let split = try Splits.trainValidationTest(sampleCount: digits.count, validationFraction: 0.1, testFraction: 0.2,
                                               stratifiedBy: labels, seed: 1)
    // CNN: pixels 0…16 scaled to [0, 1], the same map at every position, so a shifted digit stays the same digit.
    // MLP: z-scored with the training part's statistics, as in mlp-digits (ε = 1).
    let scaler = try StandardScaler(epsilon: 1).fit(digits.features.rows(at: split.train))
    let zScored = try scaler.transform(digits.features)
    let scaled = try TensorDataset(inputs: try Tensor<Float>(shape: [digits.count, 1, 8, 8], scalars: digits.features.elements.map { Float($0 / 16) }),
                                   targets: .classes(labels))
    let standardized = try TensorDataset(inputs: try Tensor<Float>(shape: [digits.count, 1, 8, 8], scalars: zScored.elements.map { Float($0) }),
                                         targets: .classes(labels))
    let trainIndices = nb.quick ? Array(split.train.prefix(200)) : split.train
    let testIndices = nb.quick ? Array(split.test.prefix(60)) : split.test
    let validationIndices = nb.quick ? Array(split.validation.prefix(30)) : split.validation
    let actual = testIndices.map { labels[$0] }, validationActual = validationIndices.map { labels[$0] }
    print("training \(trainIndices.count), validation \(validationIndices.count), test \(testIndices.count) images of 1 × 8 × 8")
    // The test set moved by one pixel in each of the 8 directions (zero fill).
    let shifts = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]
    let augmentation = try ImageAugmentation(maximumShift: 1, seed: 11)

    let configurations = [
        Configuration(name: "MLP (mlp-digits)", makeModel: { try perceptron(seed: $0) }, zScored: true, augmented: false),
        Configuration(name: "MLP + augmentation", makeModel: { try perceptron(seed: $0) }, zScored: true, augmented: true),
        Configuration(name: "CNN", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: false) }, zScored: false, augmented: false),
        Configuration(name: "CNN + augmentation", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: false) }, zScored: false, augmented: true),
        Configuration(name: "CNN-BN", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: true) }, zScored: false, augmented: false),
        Configuration(name: "CNN-BN-wide", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: true, widths: (32, 64)) },
                      zScored: false, augmented: false),
        Configuration(name: "CNN-BN-deep", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: true, widths: (32, 64), extraFirstBlock: true) },
                      zScored: false, augmented: false),
        Configuration(name: "CNN-BN-flat", makeModel: { try convolutionalNetwork(seed: $0, batchNorm: true, head: .flatten(dropout: 0.2)) },
                      zScored: false, augmented: false),
    ]
    let epochs = nb.size(30, quick: 1), batchSize = 32
    let seeds: [UInt64] = nb.quick ? [3] : Array(3...12)
    var runs: [[Run]] = []
    for configuration in configurations {
        let data = configuration.zScored ? standardized : scaled
        let train = data.subset(trainIndices), validation = data.subset(validationIndices), test = data.subset(testIndices)
        let shiftedInputs = try shifts.map { try ImageAugmentation.apply(.init(dx: $0.0, dy: $0.1), to: test.inputs) }
        var perSeed: [Run] = []
        for seed in seeds {
            let model = try configuration.makeModel(seed)
            let stepsPerEpoch = (train.count + batchSize - 1) / batchSize
            let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 0.01), loss: .crossEntropy,
                                  schedule: .oneCycle(maximum: 0.01, totalSteps: epochs * stepsPerEpoch), scheduleUnit: .step)
            trainer.augmentation = configuration.augmented ? augmentation : nil
            let (history, seconds) = try timed { try trainer.fit(train, validation: validation, epochs: epochs, batchSize: batchSize, seed: seed + 3) }
            let predicted = predictedClasses(try model.predict(test.inputs))
            var shiftedCorrect = 0
            for inputs in shiftedInputs {
                shiftedCorrect += zip(predictedClasses(try model.predict(inputs)), actual).filter { $0 == $1 }.count
            }
            perSeed.append(Run(configuration: configuration, model: model, history: history, seconds: seconds,
                               testAccuracy: try accuracy(predicted: predicted, actual: actual),
                               validationAccuracy: try accuracy(predicted: predictedClasses(try model.predict(validation.inputs)), actual: validationActual),
                               shiftedAccuracy: Double(shiftedCorrect) / Double(shiftedInputs.count * actual.count), predicted: predicted))
        }
        runs.append(perSeed)
    }

    nb.section("Accuracy over \(seeds.count) seed(s) \(seeds.first!)…\(seeds.last!) (\(epochs) epochs, Adam with a one-cycle schedule, max η = 0.01, batch \(batchSize))")
    var table = Table(["model", "parameters", "test accuracy (mean ± sd)", "test errors per seed (of \(actual.count))",
                       "validation accuracy", "test shifted by 1 px", "samples/s"])
    for perSeed in runs {
        let first = perSeed[0], test = perSeed.map(\.testAccuracy)
        table.append([first.configuration.name, String(first.model.parameterCount),
                      "\(fixed(mean(test), 4)) ± \(fixed(standardDeviation(test), 4))",
                      perSeed.map { String(Int(((1 - $0.testAccuracy) * Double(actual.count)).rounded())) }.joined(separator: " "),
                      fixed(mean(perSeed.map(\.validationAccuracy)), 4), fixed(mean(perSeed.map(\.shiftedAccuracy)), 4),
                      String(format: "%.0f", Double(trainIndices.count * epochs * perSeed.count) / perSeed.map(\.seconds).reduce(0, +))])
    }
    try nb.table(table, csv: "accuracy.csv")
    let mlp = runs[0], best = runs[2...].max { mean($0.map(\.testAccuracy)) < mean($1.map(\.testAccuracy)) }!
    let bestName = best[0].configuration.name
    let (mlpTest, bestTest) = (mean(mlp.map(\.testAccuracy)), mean(best.map(\.testAccuracy)))
    nb.compare("best CNN (\(bestName)) test accuracy against the MLP's, mean ± sd of \(seeds.count) seed(s)",
               ours: "\(fixed(bestTest, 4)) ± \(fixed(standardDeviation(best.map(\.testAccuracy)), 4)) vs \(fixed(mlpTest, 4)) ± \(fixed(standardDeviation(mlp.map(\.testAccuracy)), 4))",
               course: "CNN > MLP", source: "the issue's target")
    let paired = zip(best, mlp).map { $0.testAccuracy - $1.testAccuracy }
    let wins = paired.filter { $0 > 0 }.count, ties = paired.filter { $0 == 0 }.count
    let pairedError = standardDeviation(paired) / Double(paired.count).squareRoot()
    nb.compare("same, seed by seed (same seed for both models): CNN better / tied / worse",
               ours: "\(wins) / \(ties) / \(paired.count - wins - ties); mean difference \(fixed(mean(paired), 4)) ± \(fixed(pairedError, 4)) (standard error)",
               course: "CNN > MLP", source: "the issue's target")
    nb.compare("validation accuracy (\(validationActual.count) images, also never trained on), \(bestName) against the MLP",
               ours: "\(fixed(mean(best.map(\.validationAccuracy)), 4)) vs \(fixed(mean(mlp.map(\.validationAccuracy)), 4))",
               course: "CNN > MLP", source: "the issue's target")
    print("One test image is \(fixed(1 / Double(actual.count), 4)) of accuracy. Both models sit within a few images of the")
    print("ceiling; read the mean difference against its standard error, and the validation part as a second, independent")
    print("held-out set: a model that wins on one part and loses on the other has not shown it is better.")
    let cnnShifted = mean(runs[2].map(\.shiftedAccuracy)), cnnAugmentedShifted = mean(runs[3].map(\.shiftedAccuracy))
    let mlpShifted = mean(runs[0].map(\.shiftedAccuracy))
    nb.compare("CNN on test digits shifted by 1 px, with against without augmentation (MLP without: \(fixed(mlpShifted, 4)))",
               ours: "\(fixed(cnnAugmentedShifted, 4)) vs \(fixed(cnnShifted, 4))", course: "augmented > plain",
               source: "the course's motivation: translation invariance")
    if !nb.quick {
        guard cnnAugmentedShifted > cnnShifted, cnnShifted > mlpShifted else {
            throw NotebookFailure("shifted digits: CNN \(cnnShifted), CNN + augmentation \(cnnAugmentedShifted), MLP \(mlpShifted); expected MLP < CNN < CNN + augmentation")
        }
    }
    let cnnAugmented = runs[3][0]

    nb.section("Confusion matrix of the CNN trained with augmentation, seed \(seeds[0]) (rows: true digit)")
    let confusion = try confusionMatrix(predicted: cnnAugmented.predicted, actual: actual, classCount: 10)
    var matrix = Table(["true \\ predicted"] + (0..<10).map(String.init))
    for k in 0..<10 { matrix.append([String(k)] + confusion[k].map(String.init)) }
    try nb.table(matrix, csv: "confusion-matrix.csv")
    try nb.write(MatrixHeatmap(values: confusion.map { $0.map(Double.init) }, rowLabels: (0..<10).map(String.init), columnLabels: (0..<10).map(String.init),
                               title: "CNN + augmentation, test accuracy \(fixed(cnnAugmented.testAccuracy, 3))", xLabel: "predicted digit", yLabel: "true digit").svg(),
                 to: "confusion-matrix.svg")
    let firstSeed = runs.map { $0[0] }
    try nb.write(LineChart(series: firstSeed.map { .init(name: $0.configuration.name, y: $0.history.series("validationLoss")) },
                           title: "Validation cross-entropy per epoch", xLabel: "epoch", yLabel: "loss", logarithmicY: true).svg(), to: "validation-loss.svg")
    try nb.write(LineChart(series: firstSeed.map { .init(name: $0.configuration.name, y: $0.history.series("loss")) },
                           title: "Training cross-entropy per epoch (augmented batches for the augmented runs)", xLabel: "epoch", yLabel: "loss", logarithmicY: true).svg(), to: "training-loss.svg")
    try nb.write(LineChart(series: firstSeed.map { .init(name: $0.configuration.name, y: $0.history.series("validationAccuracy")) },
                           title: "Validation accuracy per epoch", xLabel: "epoch", yLabel: "accuracy").svg(), to: "validation-accuracy.svg")
    for run in firstSeed {
        try nb.write(run.history.csv, to: "history-\(run.configuration.name.replacingOccurrences(of: " + ", with: "-").replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "(", with: "").replacingOccurrences(of: ")", with: "")).csv")
    }

    print("\nWhat to look for: the CNNs have a fraction of the MLP's parameters (one 3 × 3 kernel is shared by every")
    print("position). On centred digits the issue's CNN trails the MLP by a few images; BatchNorm2D closes most of the")
    print("gap; twice the filters, or keeping the last map's positions (flatten instead of the global average), close")
    print("more, and a second 32-filter convolution before the pool (CNN-BN-deep) overtakes the MLP on average. Moved by one pixel, the MLP's digits lose most of their accuracy (each weight is")
    print("tied to a pixel position), the CNN's lose far less (shared kernels, max-pooling, the global average), and")
    print("training on shifted batches recovers most of the rest. A convolution costs more flops per parameter than a")
    print("dense layer, hence the lower samples/s.")
}
