/// RMSProp (Tieleman & Hinton 2012), PyTorch's defaults (`η = 0.01`, `alpha = 0.99`, `epsilon = 1e-8`):
///
///     v ← alpha v + (1 − alpha) g²
///     θ ← θ − η g / (√v + epsilon)
public final class RMSProp<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay of the squared-gradient average.
    public let alpha: Double
    /// Added to `√v`.
    public let epsilon: Double
    private let average: [UnsafeMutableBufferPointer<Scalar>]

    /// RMSProp with learning rate `η`.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 0.01, alpha: Double = 0.99,
                epsilon: Double = 1e-8, weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.alpha = alpha
        self.epsilon = epsilon
        average = parameters.filter(\.isTrainable).map {
            let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: $0.scalarCount)
            buffer.initialize(repeating: .zero)
            return buffer
        }
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
    }

    deinit { average.forEach { $0.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let eta = Scalar(learningRate), eps = Scalar(epsilon), a = Scalar(alpha), c = Scalar(1 - alpha)
        let v = average[index].baseAddress!
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            v[i] = a * v[i] + c * g * g
            theta[i] -= eta * g / (Scalar.sqrt(v[i]) + eps)
        }
    }
}
