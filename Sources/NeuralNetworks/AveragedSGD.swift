/// SGD with iterate averaging (SGA; Polyak & Juditsky 1992): plain SGD steps with the decaying step size of the
/// course, and the Cesàro average of the iterates as the estimate.
///
///     τ_ℓ = τ₀ / (1 + √(ℓ/ℓ₀))            (ℓ = 0, 1, 2, … counts the steps taken before this one)
///     θ_{ℓ+1} = θ_ℓ − τ_ℓ g_ℓ
///     θ̄_{ℓ+1} = θ̄_ℓ + (θ_{ℓ+1} − θ̄_ℓ)/(ℓ + 1)     (the mean of θ₁ … θ_{ℓ+1})
///
/// `learningRate` is `τ₀`. The parameters hold the SGD iterate; `averages` holds `θ̄`, and `loadAverages()` copies
/// it into the parameters (for evaluation or at the end of training).
public final class AveragedSGD<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// `ℓ₀`, the step count at which the step size has halved.
    public let halfLifeSteps: Double
    private var averageBuffers: [UnsafeMutableBufferPointer<Scalar>] = []

    /// SGA with `τ₀ = learningRate` and `ℓ₀ = halfLifeSteps`.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `halfLifeSteps > 0`.
    public init(parameters: [Parameter<Scalar>], learningRate: Double, halfLifeSteps: Double,
                weightDecay: Double = 0, l1Penalty: Double = 0) throws {
        guard halfLifeSteps > 0 else {
            throw NeuralNetworkError.invalidArgument("AveragedSGD: halfLifeSteps = \(halfLifeSteps) must be positive")
        }
        self.halfLifeSteps = halfLifeSteps
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        averageBuffers = makeState()
    }

    deinit { averageBuffers.forEach { $0.deallocate() } }

    /// The step size `τ_ℓ` of the step after `ℓ` steps.
    public func stepSize(after steps: Int) -> Double { learningRate / (1 + (Double(steps) / halfLifeSteps).squareRoot()) }

    /// The averaged iterates `θ̄`, one per parameter.
    public var averages: [Tensor<Scalar>] {
        zip(parameters, averageBuffers).map { parameter, buffer in
            try! Tensor(shape: parameter.shape, scalars: Array(buffer))
        }
    }

    /// Copies `θ̄` into the parameters.
    public func loadAverages() {
        for (parameter, buffer) in zip(parameters, averageBuffers) {
            parameter.value.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: buffer.baseAddress!, count: buffer.count) }
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let steps = stepCount - 1
        let tau = Scalar(stepSize(after: steps)), weight = Scalar(1 / Double(steps + 1))
        let average = averageBuffers[index].baseAddress!
        for i in 0..<count {
            theta[i] -= tau * penalized(gradient[i], theta[i])
            average[i] += (theta[i] - average[i]) * weight
        }
    }
}
