import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Small convolutional networks trained on the bundled 8 × 8 digits (debug build, a few seconds each): one reaches
// a stated test accuracy, and augmentation by random shifts makes shifted digits keep their class more often.
@Suite struct CNNLearningTests {
    /// Digits as [n, 1, 8, 8] images scaled to [0, 1], with a stratified 80/20 split.
    static func digits() throws -> (train: TensorDataset<Float>, test: TensorDataset<Float>, testLabels: [Int]) {
        let digits = try Dataset.load(.digits)
        let labels = try #require(digits.targets)
        let split = try Splits.trainValidationTest(sampleCount: digits.count, validationFraction: 0, testFraction: 0.2,
                                                   stratifiedBy: labels, seed: 1)
        let images = try Tensor<Float>(shape: [digits.count, 1, 8, 8], scalars: digits.features.elements.map { Float($0 / 16) })
        let all = try TensorDataset(inputs: images, targets: .classes(labels))
        return (all.subset(split.train), all.subset(split.test), split.test.map { labels[$0] })
    }

    /// conv 3×3 ×8 (padding 1) → ReLU → max-pool 2 → flatten → dense 10: 80 + 1290 parameters.
    static func smallCNN(seed: UInt64) -> Sequential<Float> {
        var generator = SeededGenerator(seed: seed)
        return Sequential<Float>([
            Conv2D(1, 8, kernelSize: 3, padding: 1, activation: .relu, weightInitializer: .heNormal(), biasInitializer: .zeros, generator: &generator),
            MaxPool2D(kernelSize: 2), Flatten(), Dense(8 * 4 * 4, 10, generator: &generator),
        ])
    }

    static func accuracy(_ model: Sequential<Float>, _ inputs: Tensor<Float>, _ labels: [Int]) throws -> Double {
        Double(zip(predictedClasses(try model.predict(inputs)), labels).filter { $0 == $1 }.count) / Double(labels.count)
    }

    /// REQUIREMENT (issue): a small CNN trains to a stated accuracy in a few seconds in a debug build.
    /// 6 epochs of Adam 1e-2, batch 32, on 1437 images (about 3 s): ≥ 0.93 test accuracy (measured 0.947–0.975
    /// over model and shuffle seeds 3–7; 0.969 for the seed below).
    @Test func smallCNNLearnsTheDigits() throws {
        let (train, test, labels) = try Self.digits()
        let model = Self.smallCNN(seed: 3)
        #expect(model.parameterCount == 8 * 9 + 8 + 128 * 10 + 10)
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 1e-2), loss: .crossEntropy)
        let history = try trainer.fit(train, epochs: 6, batchSize: 32, seed: 2)
        let testAccuracy = try Self.accuracy(model, test.inputs, labels)
        #expect(testAccuracy >= 0.93, "test accuracy \(testAccuracy), losses \(history.series("loss"))")
        print("small CNN on the digits: test accuracy \(testAccuracy) after 6 epochs")
    }

    /// REQUIREMENT (issue): the course's motivation for augmentation, measured. The same CNN, same seeds, trained
    /// with and without random shifts of up to 2 pixels; every test digit is then moved by 2 pixels in each of the
    /// 4 axis directions (zero fill) and classified. With augmentation it keeps its class more often, by a margin
    /// (measured 0.373 against 0.128, also with OpenBLAS's Nehalem kernels on one thread).
    @Test func augmentationMakesShiftedDigitsKeepTheirClass() throws {
        let (train, test, labels) = try Self.digits()
        let shifted = try [(2, 0), (-2, 0), (0, 2), (0, -2)].map { try ImageAugmentation.apply(.init(dx: $0.0, dy: $0.1), to: test.inputs) }
        var results: [(plain: Double, shifted: Double)] = []
        for augmentation in [nil, try ImageAugmentation(maximumShift: 2, seed: 5)] {
            let model = Self.smallCNN(seed: 3)
            let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 3e-3), loss: .crossEntropy)
            trainer.augmentation = augmentation
            try trainer.fit(train, epochs: 4, batchSize: 32, seed: 2)
            let onShifted = try shifted.map { try Self.accuracy(model, $0, labels) }.reduce(0, +) / 4
            results.append((try Self.accuracy(model, test.inputs, labels), onShifted))
        }
        let (without, with) = (results[0], results[1])
        #expect(with.shifted > without.shifted + 0.1,
                "shifted-digit accuracy with augmentation \(with.shifted) against \(without.shifted) without (unshifted: \(with.plain), \(without.plain))")
        print("CNN on digits shifted by 2 px: \(with.shifted) with augmentation, \(without.shifted) without (unshifted \(with.plain), \(without.plain))")
    }
}
