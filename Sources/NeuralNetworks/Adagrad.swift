/// Adagrad (Duchi et al. 2011), PyTorch's defaults (`η = 0.01`, `epsilon = 1e-10`, accumulator starting at 0):
///
///     G ← G + g²
///     θ ← θ − η g / (√G + epsilon)
public final class Adagrad<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Added to `√G`.
    public let epsilon: Double
    private let accumulator: [UnsafeMutableBufferPointer<Scalar>]

    /// Adagrad with learning rate `η`.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 0.01, epsilon: Double = 1e-10,
                weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.epsilon = epsilon
        accumulator = parameters.filter(\.isTrainable).map {
            let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: $0.scalarCount)
            buffer.initialize(repeating: .zero)
            return buffer
        }
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
    }

    deinit { accumulator.forEach { $0.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let eta = Scalar(learningRate), eps = Scalar(epsilon), G = accumulator[index].baseAddress!
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            G[i] += g * g
            theta[i] -= eta * g / (Scalar.sqrt(G[i]) + eps)
        }
    }
}
