import Foundation

/// A learning rate as a function of the step (or epoch) count `t = 0, 1, 2, …`, in closed form. Schedules compose:
/// `.linearWarmUp(steps:startFactor:then:)` runs a warm-up before any other schedule (which then starts at its own
/// `t = 0`), and `.sequence` chains schedules for given lengths.
///
///     constant(η)                             η
///     timeBased(η₀, rate: r)                  η₀ / (1 + r t)
///     stepDecay(η₀, factor: γ, every: s)      η₀ γ^⌊t/s⌋                        (PyTorch StepLR)
///     exponential(η₀, decay: λ)               η₀ e^(−λt)
///     exponential(η₀, gamma: γ) = geometric   η₀ γᵗ                             (PyTorch ExponentialLR; γ = e^(−λ))
///     sgd(τ₀, halfLife: ℓ₀)                   τ₀ / (1 + t/ℓ₀)                   (the course's SGD schedule)
///     linearWarmUp(steps: w, startFactor: f)  η(0) (f + (1 − f) t/w) for t < w, then the next schedule at t − w
///     oneCycle(max, totalSteps: T, …)         cosine rise from max/25 to max over 30 % of T, then cosine fall to
///                                             max/(25·10⁴) at T − 1                (PyTorch OneCycleLR defaults)
///     cosineWarmRestarts(η₀, minimum, period: T₀, periodFactor: m)
///                                             η_min + (η₀ − η_min)(1 + cos(π t_cur/T_i))/2, T_i = T₀ mᶦ
///                                             (Loshchilov & Hutter 2017, PyTorch CosineAnnealingWarmRestarts)
///
/// Reduce-on-plateau depends on a monitored metric, not on `t` alone: it is the class `ReduceLROnPlateau`.
public indirect enum LearningRateSchedule: Sendable, Equatable {
    /// `η` at every step.
    case constant(Double)
    /// `η₀ / (1 + r t)`.
    case timeBased(initial: Double, rate: Double)
    /// `η₀ γ^⌊t/s⌋` (PyTorch's `StepLR`).
    case stepDecay(initial: Double, factor: Double, every: Int)
    /// `η₀ e^(−λt)`.
    case exponential(initial: Double, decay: Double)
    /// `η₀ γᵗ`, the exponential schedule written with PyTorch's factor γ (`ExponentialLR(gamma:)`); spelled
    /// `.exponential(initial:gamma:)` at call sites.
    case geometric(initial: Double, gamma: Double)
    /// `τ₀ / (1 + t/ℓ₀)`, the course's SGD schedule.
    case sgd(initial: Double, halfLife: Double)
    /// A linear warm-up over `steps`, then `then` from its own `t = 0`.
    case linearWarmUp(steps: Int, startFactor: Double, then: LearningRateSchedule)
    /// PyTorch's `OneCycleLR`: a cosine rise to `maximum`, then a cosine fall.
    case oneCycle(maximum: Double, totalSteps: Int, warmUpFraction: Double = 0.3, divisionFactor: Double = 25,
                  finalDivisionFactor: Double = 1e4)
    /// Cosine annealing with warm restarts (PyTorch's `CosineAnnealingWarmRestarts`).
    case cosineWarmRestarts(initial: Double, minimum: Double = 0, period: Int, periodFactor: Int = 1)
    /// Each schedule for its number of steps, the last one for ever (each restarts at its own `t = 0`).
    case sequence([Segment])

    /// One part of a `.sequence`.
    public struct Segment: Sendable, Equatable {
        /// The schedule of this part (restarting at its own t = 0).
        public let schedule: LearningRateSchedule
        /// How many steps the part lasts.
        public let steps: Int
        /// A part of `steps` steps.
        public init(_ schedule: LearningRateSchedule, steps: Int) { self.schedule = schedule; self.steps = steps }
    }

    /// PyTorch's `ExponentialLR(optimizer, gamma)`: `η₀ γᵗ`, the same curve as `.exponential(initial:decay:)` with
    /// `λ = −log γ` (γ = 0.95 ↔ λ ≈ 0.0513), computed from γ directly.
    public static func exponential(initial: Double, gamma: Double) -> LearningRateSchedule {
        .geometric(initial: initial, gamma: gamma)
    }

    /// The learning rate at step `t` (0-based; negative `t` counts as 0).
    public func learningRate(at step: Int) -> Double {
        let t = Swift.max(step, 0)
        switch self {
        case .constant(let eta):
            return eta
        case .timeBased(let eta, let rate):
            return eta / (1 + rate * Double(t))
        case .stepDecay(let eta, let factor, let every):
            return eta * Foundation.pow(factor, Double(t / Swift.max(every, 1)))
        case .exponential(let eta, let decay):
            return eta * Foundation.exp(-decay * Double(t))
        case .geometric(let eta, let gamma):
            return eta * Foundation.pow(gamma, Double(t))
        case .sgd(let tau, let halfLife):
            return tau / (1 + Double(t) / halfLife)
        case .linearWarmUp(let steps, let startFactor, let next):
            guard t < steps else { return next.learningRate(at: t - steps) }
            return next.learningRate(at: 0) * (startFactor + (1 - startFactor) * Double(t) / Double(steps))
        case .oneCycle(let maximum, let total, let fraction, let division, let finalDivision):
            let initial = maximum / division, final = initial / finalDivision
            let peak = Double(fraction * Double(total)) - 1
            func anneal(_ start: Double, _ end: Double, _ progress: Double) -> Double {
                end + (start - end) / 2 * (1 + Foundation.cos(Double.pi * Swift.min(Swift.max(progress, 0), 1)))
            }
            if Double(t) <= peak { return anneal(initial, maximum, peak > 0 ? Double(t) / peak : 1) }
            let end = Double(total - 1)
            return anneal(maximum, final, end > peak ? (Double(t) - peak) / (end - peak) : 1)
        case .cosineWarmRestarts(let eta, let minimum, let period, let factor):
            var current = t, length = Swift.max(period, 1)
            while current >= length {
                current -= length
                length *= Swift.max(factor, 1)
            }
            return minimum + (eta - minimum) * (1 + Foundation.cos(Double.pi * Double(current) / Double(length))) / 2
        case .sequence(let segments):
            var remaining = t
            for (index, segment) in segments.enumerated() {
                if remaining < segment.steps || index == segments.count - 1 { return segment.schedule.learningRate(at: remaining) }
                remaining -= segment.steps
            }
            return 0
        }
    }
}
