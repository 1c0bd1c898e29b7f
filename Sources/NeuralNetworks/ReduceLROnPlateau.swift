/// Lowers the learning rate by `factor` when a monitored metric has not improved for more than `patience` checks
/// (PyTorch's `ReduceLROnPlateau`, mode "min", relative threshold 1e-4, defaults factor 0.1, patience 10).
///
///     improved ⇔ metric < best · (1 − threshold)   (mode .minimize; > best · (1 + threshold) for .maximize)
///     after patience + 1 checks without improvement:  η' = max(η · factor, minimum);
///                                                      η ← η' if η − η' > epsilon, then wait `cooldown` checks
///
/// A reduction of at most `epsilon` (PyTorch's `eps`, default 1e-8) is skipped, so a rate at its floor, or already
/// tiny, stays exactly where it is.
public final class ReduceLROnPlateau {
    /// Whether lower or higher metric values are better.
    public enum Goal: Sendable {
        /// Lower is better (a loss).
        case minimize
        /// Higher is better (an accuracy).
        case maximize
    }

    /// Whether lower or higher values are better.
    public let goal: Goal
    /// The multiplier applied on a plateau.
    public let factor: Double
    /// Checks without improvement tolerated.
    public let patience: Int
    /// The relative improvement that counts.
    public let threshold: Double
    /// Checks to wait after a reduction before counting again.
    public let cooldown: Int
    /// The floor of the learning rate.
    public let minimum: Double
    /// PyTorch's `eps`: a reduction of at most this much is skipped.
    public let epsilon: Double
    /// The current learning rate.
    public private(set) var learningRate: Double
    /// The best metric seen.
    public private(set) var best: Double
    private var badChecks = 0
    private var cooldownLeft = 0

    /// A schedule starting at `initial`.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `0 < factor < 1`, `patience ≥ 0` and `epsilon ≥ 0`.
    public init(initial: Double, goal: Goal = .minimize, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, cooldown: Int = 0, minimum: Double = 0, epsilon: Double = 1e-8) throws {
        guard factor > 0 && factor < 1 else {
            throw NeuralNetworkError.invalidArgument("ReduceLROnPlateau: factor = \(factor) must lie in (0, 1)")
        }
        guard patience >= 0 else { throw NeuralNetworkError.invalidArgument("ReduceLROnPlateau: patience = \(patience) must be ≥ 0") }
        guard epsilon >= 0 else { throw NeuralNetworkError.invalidArgument("ReduceLROnPlateau: epsilon = \(epsilon) must be ≥ 0") }
        self.goal = goal
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.cooldown = cooldown
        self.minimum = minimum
        self.epsilon = epsilon
        learningRate = initial
        best = goal == .minimize ? .infinity : -.infinity
    }

    /// Records one value of the metric (once per epoch) and returns the learning rate to use next.
    @discardableResult
    public func step(metric: Double) -> Double {
        let improved = goal == .minimize ? metric < best * (1 - threshold) || best == .infinity
                                         : metric > best * (1 + threshold) || best == -.infinity
        if improved { best = metric; badChecks = 0 } else { badChecks += 1 }
        if cooldownLeft > 0 { cooldownLeft -= 1; badChecks = 0 }
        if badChecks > patience {
            let reduced = Swift.max(learningRate * factor, minimum)
            if learningRate - reduced > epsilon { learningRate = reduced }
            cooldownLeft = cooldown
            badChecks = 0
        }
        return learningRate
    }
}
