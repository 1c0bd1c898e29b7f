/// Adadelta (Zeiler 2012): steps scaled by the ratio of running RMS values of past updates and of gradients, so
/// no global step size is needed — PyTorch's `Adadelta` and its defaults (`η = 1`, `rho = 0.9`, `epsilon = 1e-6`):
///
///     v     ← rho v + (1 − rho) g²
///     delta = √(u + epsilon) / √(v + epsilon) · g
///     u     ← rho u + (1 − rho) delta²
///     θ     ← θ − η delta
///
/// (`v` averages squared gradients, `u` squared updates.) `weightDecay` adds `λ θ` to `g`.
///
/// Reference: M. D. Zeiler, *ADADELTA: An Adaptive Learning Rate Method*, arXiv:1212.5701.
public final class Adadelta<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The decay of both running averages.
    public let rho: Double
    /// Added under both square roots.
    public let epsilon: Double
    private var v: [UnsafeMutableBufferPointer<Scalar>] = []
    private var u: [UnsafeMutableBufferPointer<Scalar>] = []

    /// Adadelta with `η = 1`, `rho = 0.9`, `epsilon = 1e-6` unless given.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1, rho: Double = 0.9, epsilon: Double = 1e-6,
                weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        v = makeState()
        u = makeState()
    }

    deinit { for buffer in v + u { buffer.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let eta = Scalar(learningRate), eps = Scalar(epsilon), r = Scalar(rho), c = Scalar(1 - rho)
        let v = self.v[index].baseAddress!, u = self.u[index].baseAddress!
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            v[i] = r * v[i] + c * g * g
            let delta = Scalar.sqrt(u[i] + eps) / Scalar.sqrt(v[i] + eps) * g
            u[i] = r * u[i] + c * delta * delta
            theta[i] -= eta * delta
        }
    }
}
