/// RMSProp (Tieleman & Hinton 2012) with PyTorch's options and defaults (`η = 0.01`, `alpha = 0.99`,
/// `epsilon = 1e-8`, `momentum = 0`, `centered = false`):
///
///     v ← alpha v + (1 − alpha) g²
///     gAverage ← alpha gAverage + (1 − alpha) g                  (centered only)
///     denominator = √max(v − gAverage², 0) + epsilon   if centered,   √v + epsilon   otherwise
///     buffer ← momentum buffer + g / denominator,  θ ← θ − η buffer      (momentum > 0)
///     θ ← θ − η g / denominator                                          (momentum = 0)
///
/// The centred form divides by an estimate of the gradient's standard deviation instead of its RMS (Graves 2013).
public final class RMSProp<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay of the squared-gradient average.
    public let alpha: Double
    /// Added to the denominator.
    public let epsilon: Double
    /// The momentum factor (0: none).
    public let momentum: Double
    /// Whether the squared average is centred by the mean gradient.
    public let centered: Bool
    private var v: [UnsafeMutableBufferPointer<Scalar>] = []
    private var gAverage: [UnsafeMutableBufferPointer<Scalar>] = []
    private var buffer: [UnsafeMutableBufferPointer<Scalar>] = []

    /// RMSProp with learning rate `η`.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 0.01, alpha: Double = 0.99,
                epsilon: Double = 1e-8, momentum: Double = 0, centered: Bool = false, weightDecay: Double = 0,
                l1Penalty: Double = 0) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.momentum = momentum
        self.centered = centered
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        v = makeState()
        if centered { gAverage = makeState() }
        if momentum != 0 { buffer = makeState() }
    }

    deinit { for state in v + gAverage + buffer { state.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let eta = Scalar(learningRate), eps = Scalar(epsilon), a = Scalar(alpha), c = Scalar(1 - alpha), mu = Scalar(momentum)
        let v = self.v[index].baseAddress!
        let gAverage = centered ? self.gAverage[index].baseAddress : nil
        let buffer = momentum != 0 ? self.buffer[index].baseAddress : nil
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            v[i] = a * v[i] + c * g * g
            var denominator: Scalar
            if let gAverage {
                gAverage[i] = a * gAverage[i] + c * g
                let variance = v[i] - gAverage[i] * gAverage[i]   // ≥ 0 in exact arithmetic; rounding may dip below
                denominator = Scalar.sqrt(variance > .zero ? variance : .zero) + eps
            } else {
                denominator = Scalar.sqrt(v[i]) + eps
            }
            if let buffer {
                buffer[i] = mu * buffer[i] + g / denominator
                theta[i] -= eta * buffer[i]
            } else {
                theta[i] -= eta * g / denominator
            }
        }
    }
}
