import Foundation

/// Adam (Kingma & Ba 2015) with bias correction, PyTorch's defaults:
///
///     m ← beta1 m + (1 − beta1) g
///     v ← beta2 v + (1 − beta2) g²
///     m̂ = m / (1 − beta1ᵗ),   v̂ = v / (1 − beta2ᵗ)
///     θ ← θ − η m̂ / (√v̂ + epsilon)
///
/// `weightDecay` adds `λ θ` to `g` (PyTorch's Adam); for decoupled decay use `AdamW`.
public class Adam<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Decay of the first moment.
    public let beta1: Double
    /// Decay of the second moment.
    public let beta2: Double
    /// Added to `√v̂`.
    public let epsilon: Double
    private let m: [UnsafeMutableBufferPointer<Scalar>]
    private let v: [UnsafeMutableBufferPointer<Scalar>]

    /// Adam with `η = 1e-3`, `beta1 = 0.9`, `beta2 = 0.999`, `epsilon = 1e-8` unless given.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        let trainable = parameters.filter(\.isTrainable)
        m = trainable.map { let b = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: $0.scalarCount); b.initialize(repeating: .zero); return b }
        v = trainable.map { let b = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: $0.scalarCount); b.initialize(repeating: .zero); return b }
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
    }

    deinit {
        for buffer in m + v { buffer.deallocate() }
    }

    /// The decoupled decay applied before the Adam step (0 for Adam; AdamW's `λ`).
    var decoupledDecay: Double { 0 }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let t = Double(stepCount)
        let b1 = Scalar(beta1), b2 = Scalar(beta2), c1 = Scalar(1 - beta1), c2 = Scalar(1 - beta2)
        // θ ← θ − (η/(1 − beta1ᵗ)) m / (√v / √(1 − beta2ᵗ) + ε)
        let stepSize = Scalar(learningRate / (1 - Foundation.pow(beta1, t)))
        let correction2 = Scalar(1 / (1 - Foundation.pow(beta2, t)).squareRoot())
        let eps = Scalar(epsilon)
        let decoupled = decoupledDecay
        let decay = Scalar(1 - learningRate * decoupled)
        let m = self.m[index].baseAddress!, v = self.v[index].baseAddress!
        if decoupled != 0 { for i in 0..<count { theta[i] = theta[i] * decay } }
        if weightDecay == 0 && l1Penalty == 0,
           adamStep(count: count, theta: theta, gradient: gradient, m: m, v: v, beta1: beta1, beta2: beta2,
                    stepSize: learningRate / (1 - Foundation.pow(beta1, t)),
                    correction2: 1 / (1 - Foundation.pow(beta2, t)).squareRoot(), epsilon: epsilon) {
            return
        } else if weightDecay == 0 && l1Penalty == 0 {
            for i in 0..<count {
                let g = gradient[i]
                let mi = b1 * m[i] + c1 * g
                let vi = b2 * v[i] + c2 * g * g
                m[i] = mi
                v[i] = vi
                theta[i] -= stepSize * mi / (Scalar.sqrt(vi) * correction2 + eps)
            }
        } else {
            for i in 0..<count {
                let g = penalized(gradient[i], theta[i])
                let mi = b1 * m[i] + c1 * g
                let vi = b2 * v[i] + c2 * g * g
                m[i] = mi
                v[i] = vi
                theta[i] -= stepSize * mi / (Scalar.sqrt(vi) * correction2 + eps)
            }
        }
    }
}
