/// Batch normalisation (Ioffe & Szegedy 2015) over the batch axis of `[batch, features]` inputs:
///
///     training:    μ_B = mean(x),  σ²_B = mean((x − μ_B)²)   (biased, over the batch)
///                  y = γ (x − μ_B)/√(σ²_B + ε) + β
///                  running_mean ← (1 − momentum) running_mean + momentum μ_B
///                  running_var  ← (1 − momentum) running_var  + momentum σ²_B · n/(n − 1)   (unbiased)
///     evaluation:  y = γ (x − running_mean)/√(running_var + ε) + β
///
/// As PyTorch's `BatchNorm1d`: momentum 0.1 weighs the new batch, ε = 1e-5, γ = 1, β = 0 initially, running
/// statistics start at mean 0, variance 1 and are non-trainable parameters (saved with the model).
public final class BatchNorm<Scalar: TensorScalar>: Layer {
    /// The scale `γ` (`[features]`).
    public let scale: Parameter<Scalar>
    /// The shift `β` (`[features]`).
    public let offset: Parameter<Scalar>
    /// The running mean (non-trainable).
    public let runningMean: Parameter<Scalar>
    /// The running variance (non-trainable).
    public let runningVariance: Parameter<Scalar>
    /// The weight of the new batch in the running statistics.
    public let momentum: Double
    /// Added to the variance.
    public let epsilon: Double

    /// A layer for `featureCount` features.
    public init(featureCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        scale = Parameter(Tensor(repeating: Scalar.one, shape: [featureCount]))
        offset = Parameter(Tensor(zeros: [featureCount]))
        runningMean = Parameter(Tensor(zeros: [featureCount]), isTrainable: false)
        runningVariance = Parameter(Tensor(repeating: Scalar.one, shape: [featureCount]), isTrainable: false)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let features = scale.scalarCount
        guard input.shape.count == 2, input.shape[1] == features else {
            return context.graph.recordFailure(.shapeMismatch("BatchNorm: input shape \(input.shape) must be [batch, \(features)]"), shape: input.shape)
        }
        let gamma = context.variable(scale), beta = context.variable(offset)
        guard context.isTraining else {
            let mean = context.constant(runningMean.value), variance = context.constant(runningVariance.value)
            return gamma * (input - mean) / sqrt(variance + Scalar(epsilon)) + beta
        }
        let n = input.shape[0]
        guard n > 1 else {
            return context.graph.recordFailure(.invalidArgument("BatchNorm: a training batch of \(n) row has no variance; use batches of at least 2 rows"), shape: input.shape)
        }
        let mean = input.mean(alongAxes: [0])
        let centred = input - mean
        let variance = centred.squared().mean(alongAxes: [0])
        let output = gamma * centred / sqrt(variance + Scalar(epsilon)) + beta
        runningMean.updateRunningAverage(with: mean, momentum: momentum)
        runningVariance.updateRunningAverage(with: variance, momentum: momentum, correction: Double(n) / Double(n - 1))
        return output
    }
}
