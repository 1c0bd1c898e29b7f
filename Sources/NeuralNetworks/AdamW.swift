/// AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient, PyTorch's defaults
/// (`weightDecay = 0.01`):
///
///     θ ← θ − η λ θ,   then the Adam step (m, v, bias correction) with the plain gradient
public final class AdamW<Scalar: TensorScalar>: Adam<Scalar> {
    /// The decoupled decay `λ`.
    public let decoupledWeightDecay: Double

    /// AdamW with `η = 1e-3`, `beta1 = 0.9`, `beta2 = 0.999`, `epsilon = 1e-8`, `λ = 0.01` unless given.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0.01) {
        decoupledWeightDecay = weightDecay
        super.init(parameters: parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    override var decoupledDecay: Double { decoupledWeightDecay }
}
