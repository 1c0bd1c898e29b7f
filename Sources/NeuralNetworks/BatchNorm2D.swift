/// Batch normalisation of `[N, C, H, W]` feature maps with one mean and variance per channel (Ioffe & Szegedy
/// 2015, §3.2: in a convolutional layer every location of a channel shares the statistics):
///
///     training:    μ_c = mean over (n, h, w) of x[n, c, h, w],  σ²_c = mean of (x − μ_c)²   (biased, m = N·H·W)
///                  y[n, c, h, w] = γ_c (x[n, c, h, w] − μ_c)/√(σ²_c + ε) + β_c
///                  running_mean_c ← (1 − momentum) running_mean_c + momentum μ_c
///                  running_var_c  ← (1 − momentum) running_var_c  + momentum σ²_c · m/(m − 1)   (unbiased)
///     evaluation:  y = γ_c (x − running_mean_c)/√(running_var_c + ε) + β_c
///
/// As PyTorch's `BatchNorm2d`: momentum 0.1 weighs the new batch, ε = 1e-5, γ = 1 and β = 0 initially, running
/// statistics start at mean 0, variance 1 and are non-trainable parameters (saved with the model). Parameter names
/// follow `BatchNorm`: `scale` (γ), `offset` (β), `runningMean`, `runningVariance`, each of shape `[C]`.
/// - Complexity: O(N·C·H·W) per pass.
public final class BatchNorm2D<Scalar: TensorScalar>: Layer {
    /// The scale `γ` (`[channels]`).
    public let scale: Parameter<Scalar>
    /// The shift `β` (`[channels]`).
    public let offset: Parameter<Scalar>
    /// The running mean (non-trainable).
    public let runningMean: Parameter<Scalar>
    /// The running variance (non-trainable).
    public let runningVariance: Parameter<Scalar>
    /// The weight of the new batch in the running statistics.
    public let momentum: Double
    /// Added to the variance.
    public let epsilon: Double

    /// A layer for `channelCount` channels.
    /// - Precondition: a positive channel count and momentum in [0, 1] (programming errors).
    public init(channelCount: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        precondition(channelCount > 0, "BatchNorm2D: channelCount = \(channelCount) must be positive")
        precondition((0...1).contains(momentum), "BatchNorm2D: momentum = \(momentum) must be in [0, 1]")
        scale = Parameter(Tensor(repeating: Scalar.one, shape: [channelCount]))
        offset = Parameter(Tensor(zeros: [channelCount]))
        runningMean = Parameter(Tensor(zeros: [channelCount]), isTrainable: false)
        runningVariance = Parameter(Tensor(repeating: Scalar.one, shape: [channelCount]), isTrainable: false)
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// The number of channels.
    public var channelCount: Int { scale.scalarCount }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let channels = channelCount
        guard input.shape.count == 4, input.shape[1] == channels else {
            return context.graph.recordFailure(.shapeMismatch("BatchNorm2D: input shape \(input.shape) must be [batch, \(channels), height, width]"), shape: input.shape)
        }
        let perChannel = [channels, 1, 1]
        let gamma = context.variable(scale).reshaped(perChannel), beta = context.variable(offset).reshaped(perChannel)
        guard context.isTraining else {
            let mean = context.constant(try! runningMean.value.reshaped(to: perChannel))
            let variance = context.constant(try! runningVariance.value.reshaped(to: perChannel))
            return gamma * (input - mean) / sqrt(variance + Scalar(epsilon)) + beta
        }
        let m = input.shape[0] * input.shape[2] * input.shape[3]
        guard m > 1 else {
            return context.graph.recordFailure(.invalidArgument("BatchNorm2D: a training batch with N·H·W = \(m) value per channel has no variance; use more samples or larger maps"), shape: input.shape)
        }
        let mean = input.mean(alongAxes: [0, 2, 3], keepingDimensions: true)
        let centred = input - mean
        let variance = centred.squared().mean(alongAxes: [0, 2, 3], keepingDimensions: true)
        let output = gamma * centred / sqrt(variance + Scalar(epsilon)) + beta
        runningMean.updateRunningAverage(with: mean, momentum: momentum)
        runningVariance.updateRunningAverage(with: variance, momentum: momentum, correction: Double(m) / Double(m - 1))
        return output
    }
}
