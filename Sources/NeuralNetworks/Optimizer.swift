/// The common part of every optimiser: the parameters it updates, the learning rate (which schedules set), and the
/// penalties added to each gradient before the update rule sees it:
///
///     g ← ∂loss/∂θ + weightDecay · θ + l1Penalty · sign(θ)
///
/// (`weightDecay` is the L2 penalty `½ λ ‖θ‖²`, as PyTorch's `weight_decay`; AdamW's decoupled decay is its own.)
/// Subclasses implement `update(_:state:)` on the raw buffers; state tensors live in the optimiser, one array
/// per parameter, allocated once.
open class Optimizer<Scalar: TensorScalar> {
    /// The trainable parameters, in the order given.
    public let parameters: [Parameter<Scalar>]
    /// The step size `η` (a schedule may change it between steps).
    public var learningRate: Double
    /// L2 penalty `λ` (adds `λ θ` to the gradient).
    public var weightDecay: Double
    /// L1 penalty `μ` (adds `μ sign(θ)` to the gradient).
    public var l1Penalty: Double
    /// The number of `step()` calls so far.
    public private(set) var stepCount = 0

    /// An optimiser of `parameters` (non-trainable ones are skipped).
    public init(parameters: [Parameter<Scalar>], learningRate: Double, weightDecay: Double = 0, l1Penalty: Double = 0) {
        self.parameters = parameters.filter(\.isTrainable)
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.l1Penalty = l1Penalty
    }

    /// Applies one update to every parameter from its `gradient`.
    public func step() {
        stepCount += 1
        for (index, parameter) in parameters.enumerated() {
            let gradient = parameter.gradient
            let count = parameter.scalarCount
            precondition(gradient.scalarCount == count, "Optimizer: the gradient of parameter \(index) has shape \(gradient.shape), not \(parameter.shape)")
            gradient.withUnsafeBufferPointer { g in
                parameter.value.withUnsafeMutableBufferPointer { theta in
                    update(parameter: index, theta: theta.baseAddress!, gradient: g.baseAddress!, count: count)
                }
            }
        }
    }

    /// The update rule for one parameter (`step` is `stepCount`, starting at 1). Read gradients through
    /// `penalized(_:_:)` so the L2 / L1 penalties apply.
    open func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>, count: Int) {
        preconditionFailure("Optimizer.update must be overridden")
    }

    /// `g + weightDecay · θ + l1Penalty · sign(θ)`.
    @inline(__always)
    public func penalized(_ g: Scalar, _ theta: Scalar) -> Scalar {
        var result = g
        if weightDecay != 0 { result += Scalar(weightDecay) * theta }
        if l1Penalty != 0 { result += theta > .zero ? Scalar(l1Penalty) : (theta < .zero ? -Scalar(l1Penalty) : .zero) }
        return result
    }

    /// Zeroed state arrays, one per parameter (for subclasses).
    public func makeState() -> [UnsafeMutableBufferPointer<Scalar>] {
        parameters.map { parameter in
            let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: parameter.scalarCount)
            buffer.initialize(repeating: .zero)
            return buffer
        }
    }
}

/// Scales every gradient by `min(1, maxNorm / ‖g‖)`, `‖g‖` the Euclidean norm of all gradients together
/// (PyTorch's `clip_grad_norm_`), and returns `‖g‖` before clipping.
@discardableResult
public func clipGradients<Scalar>(_ parameters: [Parameter<Scalar>], maximumNorm: Double) -> Double {
    var sum = 0.0
    for parameter in parameters {
        parameter.gradient.withUnsafeBufferPointer { g in for v in g { let d = v.doubleValue; sum += d * d } }
    }
    let norm = sum.squareRoot()
    guard norm > maximumNorm, norm > 0 else { return norm }
    let factor = Scalar(maximumNorm / norm)
    for parameter in parameters {
        parameter.gradient.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] = g[i] * factor } }
    }
    return norm
}

/// `‖g‖²`, the squared Euclidean norm of all the parameters' gradients together (the trainer's stopping rule).
public func squaredGradientNorm<Scalar>(_ parameters: [Parameter<Scalar>]) -> Double {
    var sum = 0.0
    for parameter in parameters {
        parameter.gradient.withUnsafeBufferPointer { g in for v in g { let d = v.doubleValue; sum += d * d } }
    }
    return sum
}

/// Clamps every gradient entry to `[−maximumValue, maximumValue]` (PyTorch's `clip_grad_value_`).
public func clipGradients<Scalar>(_ parameters: [Parameter<Scalar>], maximumValue: Double) {
    let hi = Scalar(maximumValue), lo = -hi
    for parameter in parameters {
        parameter.gradient.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] = g[i] > hi ? hi : (g[i] < lo ? lo : g[i]) }
        }
    }
}
