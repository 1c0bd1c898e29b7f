/// How momentum accumulates gradients.
public enum MomentumForm: Sendable, Equatable {
    /// PyTorch's `SGD`: `v ← μ v + g`, `θ ← θ − η v` (the step grows to `η g/(1 − μ)` for a constant gradient).
    case pytorch
    /// The course's exponential average: `m ← β m + (1 − β) g`, `θ ← θ − η m` (the step stays `η g` for a constant
    /// gradient; `η` plays the role of PyTorch's `η/(1 − μ)`).
    case exponentialAverage
}

/// Stochastic gradient descent, with optional momentum and Nesterov's look-ahead:
///
///     plain:                   θ ← θ − η g
///     momentum (.pytorch):     v ← μ v + g;                θ ← θ − η v
///     nesterov (.pytorch):     v ← μ v + g;                θ ← θ − η (g + μ v)
///     momentum (.exponentialAverage):  m ← β m + (1 − β) g;  θ ← θ − η m
///     nesterov (.exponentialAverage):  m ← β m + (1 − β) g;  θ ← θ − η (β m + (1 − β) g)
///
/// Nesterov's method evaluates the gradient at the look-ahead point `θ − η μ v`; the forms above are its usual
/// re-parametrisation (Sutskever et al. 2013), which needs the gradient at the current iterate only, as PyTorch's.
/// `g` includes the `weightDecay` / `l1Penalty` terms. Defaults: `momentum = 0` (plain SGD), PyTorch's form.
public final class SGD<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// `μ` (or `β` in the exponential-average form).
    public let momentum: Double
    /// Whether the Nesterov look-ahead is used.
    public let nesterov: Bool
    /// How the momentum buffer accumulates.
    public let form: MomentumForm
    private var velocity: [UnsafeMutableBufferPointer<Scalar>] = []

    /// SGD with learning rate `η`.
    /// - Throws: `NeuralNetworkError.invalidArgument` for momentum outside `[0, 1)` or Nesterov without momentum.
    public init(parameters: [Parameter<Scalar>], learningRate: Double, momentum: Double = 0, nesterov: Bool = false,
                form: MomentumForm = .pytorch, weightDecay: Double = 0, l1Penalty: Double = 0) throws {
        guard momentum >= 0 && momentum < 1 else {
            throw NeuralNetworkError.invalidArgument("SGD: momentum = \(momentum) must lie in [0, 1)")
        }
        guard !nesterov || momentum > 0 else {
            throw NeuralNetworkError.invalidArgument("SGD: Nesterov needs momentum > 0 (got \(momentum))")
        }
        self.momentum = momentum
        self.nesterov = nesterov
        self.form = form
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        if momentum > 0 { velocity = makeState() }
    }

    deinit { velocity.forEach { $0.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let eta = Scalar(learningRate)
        guard momentum > 0 else {
            for i in 0..<count { theta[i] -= eta * penalized(gradient[i], theta[i]) }
            return
        }
        let mu = Scalar(momentum), v = velocity[index].baseAddress!
        let gain = form == .pytorch ? Scalar.one : Scalar(1 - momentum)
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            v[i] = mu * v[i] + gain * g
            theta[i] -= eta * (nesterov ? mu * v[i] + gain * g : v[i])
        }
    }
}
