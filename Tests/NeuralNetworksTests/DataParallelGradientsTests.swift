import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// DataParallelGradients against the one-graph reference (ForwardContext over the whole batch): the same mean loss and
// the same parameter gradients whatever the number of slices, uneven slices included; refusals for models whose
// batch cannot be sliced.
@Suite struct DataParallelGradientsTests {
    /// A small CNN of the benchmark's shape (conv → ReLU → max-pool → conv → ReLU → GAP → dense).
    static func network<Scalar: TensorScalar>(_: Scalar.Type, seed: UInt64 = 5) -> Sequential<Scalar> {
        var generator = SeededGenerator(seed: seed)
        return Sequential<Scalar>([
            Conv2D(1, 4, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            MaxPool2D(kernelSize: 2),
            Conv2D(4, 6, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            GlobalAveragePool2D(),
            Dense(6, 3, generator: &generator),
        ])
    }

    /// The reference: one graph over the rows `rows` of `data`, mean cross-entropy; gradients copied out.
    static func serial<Scalar>(_ model: Sequential<Scalar>, _ data: Tensor<Scalar>, _ labels: [Int], rows: [Int])
        throws -> (loss: Double, gradients: [[Double]]) {
        var batch = Tensor<Scalar>(zeros: [0])
        data.gatherRows(rows, into: &batch)
        let context = ForwardContext<Scalar>(mode: .training)
        let logits = model(context.constant(batch), in: context)
        let loss = try context.backward(from: crossEntropy(logits: logits, classes: rows.map { labels[$0] })).doubleValue
        return (loss, model.parameters.map { $0.gradient.scalars.map(\.doubleValue) })
    }

    static func parallel<Scalar>(_ model: Sequential<Scalar>, shards: Int, _ data: Tensor<Scalar>, _ labels: [Int],
                                 rows: [Int]) throws -> (loss: Double, gradients: [[Double]]) {
        let gradients = try DataParallelGradients(model: model, shards: shards)
        let loss = try gradients.compute(rows: rows, of: data) { logits, slice, _ in
            crossEntropy(logits: logits, classes: slice.map { labels[rows[$0]] })
        }
        return (loss, model.parameters.map { $0.gradient.scalars.map(\.doubleValue) })
    }

    @Test(arguments: [1, 2, 3, 7])
    func slicedGradientsEqualTheWholeBatchsInDouble(shards: Int) throws {
        let model = Self.network(Double.self)
        let data = Tensor<Double>.randomNormal(shape: [12, 1, 6, 6], seed: 6)
        var generator = SeededGenerator(seed: 7)
        let labels = (0..<12).map { _ in Int(generator.next() % 3) }
        let rows = [9, 2, 5, 11, 0, 7, 3]   // 7 rows: uneven slices for 2 and 3 shards, one row each for 7
        let reference = try Self.serial(model, data, labels, rows: rows)
        let sliced = try Self.parallel(model, shards: shards, data, labels, rows: rows)
        assertClose(sliced.loss, reference.loss, relativeTolerance: 1e-13)
        for (p, expected) in reference.gradients.enumerated() {
            #expect(expected.contains { $0 != 0 }, "parameter \(p) has a gradient to compare")
            assertClose(sliced.gradients[p], expected, relativeTolerance: 1e-11, absoluteTolerance: 1e-14, "parameter \(p), \(shards) shards")
        }
    }

    @Test func floatSlicesAgreeWithTheWholeBatchToSinglePrecision() throws {
        let model = Self.network(Float.self)
        let data = Tensor<Float>.randomNormal(shape: [16, 1, 8, 8], seed: 8)
        let labels = (0..<16).map { $0 % 3 }
        let rows = Array((0..<16).reversed())
        let reference = try Self.serial(model, data, labels, rows: rows)
        let sliced = try Self.parallel(model, shards: 2, data, labels, rows: rows)
        assertClose(sliced.loss, reference.loss, relativeTolerance: 1e-5)
        let scale = reference.gradients.flatMap { $0 }.map(abs).max()!
        for (p, expected) in reference.gradients.enumerated() {
            assertClose(sliced.gradients[p], expected, relativeTolerance: 1e-4, absoluteTolerance: 1e-5 * scale, "parameter \(p)")
        }
    }

    @Test func aBatchSmallerThanTheShardsUsesOneSlicePerRow() throws {
        let model = Self.network(Double.self)
        let gradients = try DataParallelGradients(model: model, shards: 4)
        #expect(gradients.slices(ofBatch: 2) == [0..<1, 1..<2])
        #expect(gradients.slices(ofBatch: 10) == [0..<2, 2..<5, 5..<7, 7..<10])
        let data = Tensor<Double>.randomNormal(shape: [3, 1, 6, 6], seed: 9)
        let reference = try Self.serial(model, data, [0, 1, 2], rows: [2, 0])
        let sliced = try Self.parallel(model, shards: 4, data, [0, 1, 2], rows: [2, 0])
        assertClose(sliced.loss, reference.loss, relativeTolerance: 1e-13)
        for (p, expected) in reference.gradients.enumerated() {
            assertClose(sliced.gradients[p], expected, relativeTolerance: 1e-11, absoluteTolerance: 1e-14)
        }
    }

    @Test func modelsThatCoupleSamplesOrKeepStateAreRefused() throws {
        var generator = SeededGenerator(seed: 1)
        let withBatchNorm = Sequential<Double>([Conv2D(1, 2, kernelSize: 3, generator: &generator), BatchNorm2D(channelCount: 2)])
        let withDropout = Sequential<Double>([Dense(4, 4, generator: &generator), try Dropout(probability: 0.5, seed: 2)])
        for model in [withBatchNorm, withDropout] {
            #expect(!model.mapsSamplesIndependently)
            #expect(throws: NeuralNetworkError.self) { try DataParallelGradients(model: model) }
        }
        do {
            _ = try DataParallelGradients(model: withDropout)
            Issue.record("a model with dropout was accepted")
        } catch {
            #expect("\(error)".contains("couples the samples of a batch or changes state in training"))
        }
        #expect(Self.network(Double.self).mapsSamplesIndependently)
        #expect(throws: NeuralNetworkError.self) { try DataParallelGradients(model: Self.network(Double.self), shards: 0) }
        let gradients = try DataParallelGradients(model: Self.network(Double.self))
        #expect(throws: NeuralNetworkError.self) {
            try gradients.compute(rows: [], of: Tensor<Double>(zeros: [1, 1, 6, 6])) { logits, _, _ in logits.sum() }
        }
    }

    @Test func aSlicesRecordedErrorIsThrown() throws {
        let gradients = try DataParallelGradients(model: Self.network(Double.self))
        // Inputs with 2 channels for a first convolution expecting 1: every slice records a shape mismatch.
        #expect(throws: (any Error).self) {
            try gradients.compute(rows: [0, 1, 2], of: Tensor<Double>(zeros: [3, 2, 6, 6])) { logits, _, _ in logits.sum() }
        }
    }

    /// The trainer with sliced batches against the one-graph trainer: the same shuffled, augmented batches and
    /// Adam steps from the same start give the same parameters and the same per-epoch loss and accuracy.
    @Test(arguments: [2, 3])
    func theTrainerWithSlicedBatchesFollowsTheOneGraphTrainer(shards: Int) throws {
        let data = Tensor<Double>.randomNormal(shape: [20, 1, 6, 6], seed: 11)
        let labels = (0..<20).map { ($0 * 7) % 3 }
        let training = try TensorDataset(inputs: data, targets: .classes(labels))
        func train(shards: Int) throws -> (model: Sequential<Double>, history: History) {
            let model = Self.network(Double.self)
            let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 0.01), loss: .crossEntropy)
            trainer.dataParallelShards = shards
            trainer.augmentation = try ImageAugmentation(maximumShift: 1, horizontalFlipProbability: 0.5, seed: 3)
            let history = try trainer.fit(training, epochs: 3, batchSize: 7, seed: 4)
            return (model, history)
        }
        let reference = try train(shards: 1), sliced = try train(shards: shards)
        #expect(sliced.history.series("accuracy") == reference.history.series("accuracy"))
        assertClose(sliced.history.series("loss"), reference.history.series("loss"), relativeTolerance: 1e-11)
        #expect(reference.history.series("loss").last! < reference.history.series("loss").first!, "training moved the loss")
        for (slicedParameter, parameter) in zip(sliced.model.parameters, reference.model.parameters) {
            assertClose(slicedParameter.value.scalars, parameter.value.scalars, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        }
    }

    @Test func theTrainerRefusesToSliceAModelWithDropout() throws {
        var generator = SeededGenerator(seed: 1)
        let model = Sequential<Double>([Dense(4, 3, generator: &generator), try Dropout(probability: 0.5, seed: 2)])
        let trainer = Trainer(model: model, optimizer: try SGD(parameters: model.parameters, learningRate: 0.1), loss: .crossEntropy)
        trainer.dataParallelShards = 2
        let training = try TensorDataset(inputs: Tensor<Double>.randomNormal(shape: [6, 4], seed: 3), targets: .classes([0, 1, 2, 0, 1, 2]))
        do {
            try trainer.fit(training, epochs: 1, batchSize: 3)
            Issue.record("a model with dropout was trained on sliced batches")
        } catch {
            #expect("\(error)".contains("couples the samples of a batch or changes state in training"))
        }
    }
}
