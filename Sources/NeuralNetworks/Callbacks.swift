import Foundation

/// What the training loop does after a callback.
public enum CallbackAction: Sendable, Equatable {
    /// Go on training.
    case proceed
    /// Stop after this batch or epoch.
    case stop
}

/// Hooks into `Trainer.fit`: called after every batch and every epoch (with the history so far).
public protocol TrainingCallback: AnyObject {
    /// The scalar type of the model being trained.
    associatedtype Scalar: TensorScalar
    /// After each optimiser step, with the batch loss.
    func batchEnded(batch: Int, of batchCount: Int, loss: Double, trainer: Trainer<Scalar>)
    /// After each epoch's metrics are recorded; `.stop` ends training.
    func epochEnded(epoch: Int, history: History, trainer: Trainer<Scalar>) -> CallbackAction
    /// Once when training ends (normally or by a stop).
    func trainingEnded(history: History, trainer: Trainer<Scalar>)
}

extension TrainingCallback {
    /// Does nothing by default.
    public func batchEnded(batch: Int, of batchCount: Int, loss: Double, trainer: Trainer<Scalar>) {}
    /// Proceeds by default.
    public func epochEnded(epoch: Int, history: History, trainer: Trainer<Scalar>) -> CallbackAction { .proceed }
    /// Does nothing by default.
    public func trainingEnded(history: History, trainer: Trainer<Scalar>) {}
}

/// A one-line progress bar on standard error with the running loss, redrawn in place on a terminal; on a pipe or
/// file it prints one line per epoch instead.
public final class ProgressBar<Scalar: TensorScalar>: TrainingCallback {
    private let width: Int
    private let interactive: Bool
    private var epoch = 1
    private var runningLoss = 0.0

    /// A bar `width` characters wide.
    public init(width: Int = 30) {
        self.width = width
        interactive = isatty(FileHandle.standardError.fileDescriptor) != 0
    }

    /// Redraws the bar with the epoch's running mean loss (terminal only).
    public func batchEnded(batch: Int, of batchCount: Int, loss: Double, trainer: Trainer<Scalar>) {
        runningLoss = batch == 0 ? loss : runningLoss + (loss - runningLoss) / Double(batch + 1)
        guard interactive else { return }
        let filled = (batch + 1) * width / Swift.max(batchCount, 1)
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        write("\r\u{1B}[Kepoch \(epoch) [\(bar)] \(batch + 1)/\(batchCount) loss \(String(format: "%.4f", runningLoss))")
    }

    /// Prints the epoch's metrics on one line.
    public func epochEnded(epoch: Int, history: History, trainer: Trainer<Scalar>) -> CallbackAction {
        let metrics = history.names.compactMap { name in history.last(name).map { "\(name) \(String(format: "%.4g", $0))" } }
        write((interactive ? "\r\u{1B}[K" : "") + "epoch \(epoch + 1): " + metrics.joined(separator: ", ") + "\n")
        self.epoch = epoch + 2
        return .proceed
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Stops training when a monitored metric has not improved for `patience` epochs, and (by default) restores the
/// parameters of the best epoch (Keras' `EarlyStopping(restore_best_weights=True)`).
///
///     improved ⇔ value < best − minimumDelta   (for .minimize; > best + minimumDelta for .maximize)
public final class EarlyStopping<Scalar: TensorScalar>: TrainingCallback {
    /// The metric name in the history (`validationLoss` by default).
    public let monitor: String
    /// Whether lower or higher values of the metric are better.
    public let goal: ReduceLROnPlateau.Goal
    /// Epochs without improvement tolerated before stopping.
    public let patience: Int
    /// The least change that counts as an improvement.
    public let minimumDelta: Double
    /// Whether the best epoch's parameters are put back when training ends.
    public let restoreBestWeights: Bool
    /// The best value seen and its epoch (0-based).
    public private(set) var best: Double
    /// The epoch of `best` (−1 before any).
    public private(set) var bestEpoch = -1
    /// The epoch training stopped at, if it was stopped.
    public private(set) var stoppedEpoch: Int?
    private var snapshot: [Tensor<Scalar>] = []
    private var wait = 0

    /// Early stopping on `monitor`.
    public init(monitor: String = "validationLoss", goal: ReduceLROnPlateau.Goal = .minimize, patience: Int = 5,
                minimumDelta: Double = 0, restoreBestWeights: Bool = true) {
        self.monitor = monitor
        self.goal = goal
        self.patience = patience
        self.minimumDelta = minimumDelta
        self.restoreBestWeights = restoreBestWeights
        best = goal == .minimize ? .infinity : -.infinity
    }

    /// Compares the epoch's metric with the best so far; snapshots the parameters on improvement.
    public func epochEnded(epoch: Int, history: History, trainer: Trainer<Scalar>) -> CallbackAction {
        guard let value = history.last(monitor), !value.isNaN else { return .proceed }
        let improved = goal == .minimize ? value < best - minimumDelta : value > best + minimumDelta
        if improved {
            best = value
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { snapshot = trainer.model.namedParameters.map(\.parameter.value) }
            return .proceed
        }
        wait += 1
        if wait >= patience {
            stoppedEpoch = epoch
            return .stop
        }
        return .proceed
    }

    /// Restores the best epoch's parameters (when asked to).
    public func trainingEnded(history: History, trainer: Trainer<Scalar>) {
        guard restoreBestWeights, !snapshot.isEmpty else { return }
        for (parameter, value) in zip(trainer.model.namedParameters.map(\.parameter), snapshot) { parameter.value = value }
    }
}

/// Steps a `ReduceLROnPlateau` with a monitored metric after every epoch and sets the optimiser's learning rate.
public final class PlateauScheduler<Scalar: TensorScalar>: TrainingCallback {
    /// The schedule.
    public let schedule: ReduceLROnPlateau
    /// The metric name in the history.
    public let monitor: String

    /// A callback feeding `monitor` to `schedule`.
    public init(_ schedule: ReduceLROnPlateau, monitor: String = "validationLoss") {
        self.schedule = schedule
        self.monitor = monitor
    }

    /// Feeds the metric to the schedule and sets the optimiser's learning rate.
    public func epochEnded(epoch: Int, history: History, trainer: Trainer<Scalar>) -> CallbackAction {
        if let value = history.last(monitor) { trainer.optimizer.learningRate = schedule.step(metric: value) }
        return .proceed
    }
}
