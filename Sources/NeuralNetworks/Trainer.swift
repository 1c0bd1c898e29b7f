import Foundation

/// How gradients are clipped before each optimiser step.
public enum GradientClipping: Sendable, Equatable {
    /// Scale all gradients so their global Euclidean norm is at most the bound.
    case globalNorm(Double)
    /// Clamp each gradient entry to `[−bound, bound]`.
    case value(Double)
}

/// When a `LearningRateSchedule` advances.
public enum ScheduleUnit: Sendable, Equatable {
    /// After every optimiser step.
    case step
    /// After every epoch.
    case epoch
}

/// The training loop: seeded shuffled mini-batches, forward pass in training mode, loss, backward pass, optional
/// gradient clipping, optimiser step, learning-rate schedule, per-epoch metrics (loss, accuracy for class targets,
/// the same on validation data in evaluation mode) in a `History`, and callbacks (progress bar, early stopping, …).
///
///     let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters), loss: .crossEntropy)
///     let history = try trainer.fit(train, validation: validation, epochs: 20, batchSize: 64,
///                                   callbacks: [ProgressBar(), EarlyStopping(patience: 3)])
public final class Trainer<Scalar: TensorScalar> {
    /// The model trained.
    public let model: any Layer<Scalar>
    /// The optimiser (its parameters should be the model's).
    public let optimizer: Optimizer<Scalar>
    /// The loss.
    public let loss: Loss<Scalar>
    /// An optional schedule that sets `optimizer.learningRate` before each step or epoch.
    public var schedule: LearningRateSchedule?
    /// Whether the schedule counts steps or epochs.
    public var scheduleUnit: ScheduleUnit
    /// Optional clipping before each step.
    public var clipping: GradientClipping?
    /// Stop training when a batch's gradient has `‖∇w‖² ≤ ε` over all trainable parameters (checked after the
    /// backward pass, before clipping; that batch's step is skipped and its epoch recorded). Nil: never.
    public var squaredGradientTolerance: Double?
    /// Whether the last `fit` stopped on `squaredGradientTolerance`.
    public private(set) var stoppedOnGradientNorm = false
    /// Optional random transformations of each training batch's inputs (`[N, C, H, W]` images), drawn for
    /// step `s` from `(augmentation.seed, s)`; validation and `evaluate` see the data unchanged.
    public var augmentation: ImageAugmentation?
    /// The number of slices each training batch is split into, computed concurrently on a graph each
    /// (`DataParallelGradients`, OpenBLAS at one thread per slice): the batch's mean loss and gradient are unchanged
    /// up to rounding, and a step runs up to this many times faster on as many cores. 1 (the default) computes
    /// each batch on one graph. Needs a model whose layers map samples independently (no batch normalisation or
    /// dropout: `Layer.mapsSamplesIndependently`) and a loss that is a mean over the batch, as the built-in ones
    /// are; the loss is then evaluated once per slice, concurrently, so a custom one must not change shared state.
    /// `fit` throws for a model that couples samples.
    public var dataParallelShards = 1
    private let graph = Graph<Scalar>()

    /// A trainer of `model` by `optimizer` on `loss`.
    public init(model: any Layer<Scalar>, optimizer: Optimizer<Scalar>, loss: Loss<Scalar>,
                schedule: LearningRateSchedule? = nil, scheduleUnit: ScheduleUnit = .epoch,
                clipping: GradientClipping? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
        self.schedule = schedule
        self.scheduleUnit = scheduleUnit
        self.clipping = clipping
    }

    /// Trains for up to `epochs` epochs and returns the per-epoch history (`loss`, `accuracy`, `validationLoss`,
    /// `validationAccuracy`, `learningRate`; accuracies only for class targets).
    /// - Throws: `NeuralNetworkError.invalidArgument` for a non-positive epoch count or batch size; the graph's
    ///   error if the model and data do not fit (a shape mismatch); `NeuralNetworkError.shapeMismatch` when an
    ///   `augmentation` is set and the inputs are not `[N, C, H, W]`; `NeuralNetworkError.invalidArgument` when
    ///   `dataParallelShards` is above 1 and the model couples the samples of a batch.
    @discardableResult
    public func fit<Callback: TrainingCallback>(_ training: TensorDataset<Scalar>, validation: TensorDataset<Scalar>? = nil,
                                                epochs: Int, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0,
                                                callbacks: [Callback]) throws -> History where Callback.Scalar == Scalar {
        try fit(training, validation: validation, epochs: epochs, batchSize: batchSize, shuffle: shuffle, seed: seed,
                anyCallbacks: callbacks.map { AnyCallback($0) })
    }

    /// `fit` without callbacks, or with callbacks of several kinds wrapped as `AnyCallback`.
    @discardableResult
    public func fit(_ training: TensorDataset<Scalar>, validation: TensorDataset<Scalar>? = nil, epochs: Int, batchSize: Int,
                    shuffle: Bool = true, seed: UInt64 = 0, anyCallbacks callbacks: [AnyCallback<Scalar>] = []) throws -> History {
        guard epochs > 0 else { throw NeuralNetworkError.invalidArgument("Trainer.fit: epochs = \(epochs) must be positive") }
        let batches = try MiniBatches(sampleCount: training.count, batchSize: batchSize, shuffle: shuffle, seed: seed)
        var history = History()
        var step = 0
        var inputs = Tensor<Scalar>(zeros: [0])
        let parallel = dataParallelShards == 1 ? nil : try DataParallelGradients(model: model, shards: dataParallelShards)
        stoppedOnGradientNorm = false
        defer { callbacks.forEach { $0.trainingEnded(history, self) } }
        for epoch in 0..<epochs {
            if let schedule, scheduleUnit == .epoch { optimizer.learningRate = schedule.learningRate(at: epoch) }
            var lossSum = 0.0, correct = 0, seen = 0
            let epochBatches = batches.batches(epoch: epoch)
            for (b, indices) in epochBatches.enumerated() {
                if let schedule, scheduleUnit == .step { optimizer.learningRate = schedule.learningRate(at: step) }
                training.inputs.gatherRows(indices, into: &inputs)
                if let augmentation { try augmentation.augment(&inputs, step: step) }
                let targets = training.targets.subset(indices)
                let value: Double
                if let parallel {
                    let (batchLoss, batchCorrect) = try parallelStep(parallel, inputs: inputs, targets: targets)
                    value = batchLoss
                    correct += batchCorrect
                } else {
                    let context = ForwardContext(graph: graph, mode: .training)
                    let outputs = model(context.constant(inputs), in: context)
                    let batchLoss = loss.compute(outputs, targets, context)
                    correct += correctCount(outputs, targets)
                    value = try context.backward(from: batchLoss).doubleValue
                }
                if let epsilon = squaredGradientTolerance, squaredGradientNorm(optimizer.parameters) <= epsilon {
                    stoppedOnGradientNorm = true
                }
                switch clipping {
                case .globalNorm(let bound): clipGradients(optimizer.parameters, maximumNorm: bound)
                case .value(let bound): clipGradients(optimizer.parameters, maximumValue: bound)
                case nil: break
                }
                if !stoppedOnGradientNorm { optimizer.step() }
                lossSum += value * Double(indices.count)
                seen += indices.count
                step += 1
                callbacks.forEach { $0.batchEnded(b, epochBatches.count, value, self) }
                if stoppedOnGradientNorm { break }
            }
            var metrics: [(String, Double)] = [("loss", lossSum / Double(seen))]
            if case .classes = training.targets { metrics.append(("accuracy", Double(correct) / Double(seen))) }
            if let validation {
                let result = try evaluate(validation, batchSize: Swift.max(batchSize, 256))
                metrics.append(("validationLoss", result.loss))
                if let accuracy = result.accuracy { metrics.append(("validationAccuracy", accuracy)) }
            }
            metrics.append(("learningRate", optimizer.learningRate))
            history.record(metrics)
            var stop = stoppedOnGradientNorm
            for callback in callbacks where callback.epochEnded(epoch, history, self) == .stop { stop = true }
            if stop { break }
        }
        return history
    }

    /// One batch's loss and correct predictions, its gradient set on the parameters by `parallel` over slices of the
    /// batch (each slice's loss is the loss of its rows against its targets).
    private func parallelStep(_ parallel: DataParallelGradients<Scalar>, inputs: Tensor<Scalar>,
                              targets: Targets<Scalar>) throws -> (loss: Double, correct: Int) {
        let rows = inputs.shape.first ?? 0
        let slices = parallel.slices(ofBatch: rows)
        var correct = [Int](repeating: 0, count: slices.count)
        let value = try correct.withUnsafeMutableBufferPointer { counts in
            // Each slice writes only its own count.
            try parallel.compute(rows: Array(0..<rows), of: inputs) { outputs, slice, context in
                let sliceTargets = targets.subset(Array(slice))
                counts[slices.firstIndex(of: slice)!] = correctCount(outputs, sliceTargets)
                return loss.compute(outputs, sliceTargets, context)
            }
        }
        return (value, correct.reduce(0, +))
    }

    /// How many of `outputs`' predicted classes equal `targets` (0 for value targets, or outputs not computed).
    private func correctCount(_ outputs: Variable<Scalar>, _ targets: Targets<Scalar>) -> Int {
        guard case .classes(let labels) = targets, let values = try? outputs.value() else { return 0 }
        return zip(predictedClasses(values), labels).filter { $0 == $1 }.count
    }

    /// The mean loss (and accuracy, for class targets) of the model on `data` in evaluation mode.
    /// - Throws: the graph's error if the model and data do not fit.
    public func evaluate(_ data: TensorDataset<Scalar>, batchSize: Int = 256) throws -> (loss: Double, accuracy: Double?) {
        let batches = try MiniBatches(sampleCount: data.count, batchSize: batchSize, shuffle: false)
        var lossSum = 0.0, correct = 0
        var inputs = Tensor<Scalar>(zeros: [0])
        for indices in batches.batches(epoch: 0) {
            data.inputs.gatherRows(indices, into: &inputs)
            let targets = data.targets.subset(indices)
            let context = ForwardContext(graph: graph, mode: .evaluation)
            let outputs = model(context.constant(inputs), in: context)
            lossSum += try loss.compute(outputs, targets, context).scalarValue().doubleValue * Double(indices.count)
            if case .classes(let labels) = targets {
                correct += zip(predictedClasses(try outputs.value()), labels).filter { $0 == $1 }.count
            }
            graph.reset()
        }
        if case .classes = data.targets { return (lossSum / Double(data.count), Double(correct) / Double(data.count)) }
        return (lossSum / Double(data.count), nil)
    }
}

/// A type-erased training callback (to mix kinds in one array).
public struct AnyCallback<Scalar: TensorScalar> {
    let batchEnded: (Int, Int, Double, Trainer<Scalar>) -> Void
    let epochEnded: (Int, History, Trainer<Scalar>) -> CallbackAction
    let trainingEnded: (History, Trainer<Scalar>) -> Void

    /// Wraps `callback`.
    public init<Callback: TrainingCallback>(_ callback: Callback) where Callback.Scalar == Scalar {
        batchEnded = { callback.batchEnded(batch: $0, of: $1, loss: $2, trainer: $3) }
        epochEnded = { callback.epochEnded(epoch: $0, history: $1, trainer: $2) }
        trainingEnded = { callback.trainingEnded(history: $0, trainer: $1) }
    }
}
