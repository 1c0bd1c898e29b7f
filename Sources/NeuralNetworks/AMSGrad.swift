import Foundation

/// AMSGrad (Reddi, Kale & Kumar 2018): Adam whose denominator uses the largest second moment seen so far, so the
/// effective step `η / √v̂max` never grows — PyTorch's `Adam(amsgrad=True)`, with its defaults:
///
///     m    ← beta1 m + (1 − beta1) g
///     v    ← beta2 v + (1 − beta2) g²
///     vMax ← max(vMax, v)
///     θ    ← θ − (η / (1 − beta1ᵗ)) m / (√vMax / √(1 − beta2ᵗ) + epsilon)
///
/// `weightDecay` adds `λ θ` to `g` (as PyTorch's Adam).
///
/// Reference: S. J. Reddi, S. Kale, S. Kumar, *On the Convergence of Adam and Beyond*, ICLR 2018.
public final class AMSGrad<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// Decay of the first moment.
    public let beta1: Double
    /// Decay of the second moment.
    public let beta2: Double
    /// Added to `√vMax / √(1 − beta2ᵗ)`.
    public let epsilon: Double
    private var m: [UnsafeMutableBufferPointer<Scalar>] = []
    private var v: [UnsafeMutableBufferPointer<Scalar>] = []
    private var vMax: [UnsafeMutableBufferPointer<Scalar>] = []

    /// AMSGrad with `η = 1e-3`, `beta1 = 0.9`, `beta2 = 0.999`, `epsilon = 1e-8` unless given.
    public init(parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        m = makeState()
        v = makeState()
        vMax = makeState()
    }

    deinit { for buffer in m + v + vMax { buffer.deallocate() } }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let t = Double(stepCount)
        let b1 = Scalar(beta1), b2 = Scalar(beta2), c1 = Scalar(1 - beta1), c2 = Scalar(1 - beta2)
        let stepSize = Scalar(learningRate / (1 - Foundation.pow(beta1, t)))
        let correction2 = Scalar(1 / (1 - Foundation.pow(beta2, t)).squareRoot())
        let eps = Scalar(epsilon)
        let m = self.m[index].baseAddress!, v = self.v[index].baseAddress!, vMax = self.vMax[index].baseAddress!
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            m[i] = b1 * m[i] + c1 * g
            v[i] = b2 * v[i] + c2 * g * g
            if v[i] > vMax[i] { vMax[i] = v[i] }
            theta[i] -= stepSize * m[i] / (Scalar.sqrt(vMax[i]) * correction2 + eps)
        }
    }
}
