/// An elementwise (or, for softmax, row-wise) activation function; its derivative comes from the graph.
///
///     identity        x
///     binaryStep      1 if x ≥ 0 else 0                      (zero gradient everywhere)
///     sigmoid(slope)  σ(a x) = 1/(1 + e^(−a x))              σ′ = a σ (1 − σ)
///     tanh            tanh x
///     lecunTanh       1.7159 · tanh(2x/3)                    (LeCun et al. 1998, "Efficient BackProp")
///     relu            max(x, 0)
///     leakyReLU(s)    x if x > 0 else s x                    (s = 0.01, PyTorch's default)
///     elu(α)          x if x > 0 else α (eˣ − 1)             (α = 1)
///     selu            λ · elu_α(x), α = 1.67326, λ = 1.0507  (Klambauer et al. 2017)
///     gelu            x Φ(x) exact; approximate: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
///     silu            x σ(x)
///     softplus        log(1 + eˣ)                            (stable)
///     gaussian        e^(−x²)
///     softmax         e^(xᵢ) / Σⱼ e^(xⱼ) along the last axis  (stable)
///
/// Parametric ReLU (learnable α) is the layer `PReLU`, maxout the function `maxout(_:pieces:)` and the layer
/// `Maxout`.
public enum Activation: Sendable, Equatable {
    /// `x`.
    case identity
    /// 1 if x ≥ 0 else 0 (zero gradient everywhere).
    case binaryStep
    /// `σ(a x) = 1/(1 + e^(−a x))`.
    case sigmoid(slope: Double = 1)
    /// `tanh x`.
    case tanh
    /// `1.7159 · tanh(2x/3)`.
    case lecunTanh
    /// `max(x, 0)`.
    case relu
    /// `x` if x > 0 else `s x`.
    case leakyReLU(negativeSlope: Double = 0.01)
    /// `x` if x > 0 else `α (eˣ − 1)`.
    case elu(alpha: Double = 1)
    /// `λ · elu_α(x)` with α = 1.67326, λ = 1.0507.
    case selu
    /// `x Φ(x)`, or its tanh approximation.
    case gelu(approximate: Bool = false)
    /// `x σ(x)`.
    case silu
    /// `log(1 + eˣ)`, computed stably.
    case softplus
    /// `e^(−x²)`.
    case gaussian
    /// `e^(xᵢ) / Σⱼ e^(xⱼ)` along the last axis.
    case softmax

    /// The plain logistic sigmoid (slope 1).
    public static var sigmoid: Activation { .sigmoid(slope: 1) }
    /// Leaky ReLU with slope 0.01.
    public static var leakyReLU: Activation { .leakyReLU(negativeSlope: 0.01) }
    /// ELU with α = 1.
    public static var elu: Activation { .elu(alpha: 1) }
    /// Exact GELU.
    public static var gelu: Activation { .gelu(approximate: false) }

    /// The activation applied to `x`.
    public func callAsFunction<Scalar>(_ x: Variable<Scalar>) -> Variable<Scalar> {
        switch self {
        case .identity: return x
        case .binaryStep: return Autodiff.binaryStep(x)
        case .sigmoid(let slope): return Autodiff.sigmoid(slope == 1 ? x : x.apply(.scale(slope)))
        case .tanh: return Autodiff.tanh(x)
        case .lecunTanh: return Autodiff.tanh(x.apply(.scale(2.0 / 3.0))).apply(.scale(1.7159))
        case .relu: return Autodiff.relu(x)
        case .leakyReLU(let slope): return Autodiff.leakyReLU(x, negativeSlope: slope)
        case .elu(let alpha): return Autodiff.elu(x, alpha: alpha)
        case .selu: return Autodiff.selu(x)
        case .gelu(let approximate): return Autodiff.gelu(x, approximate: approximate)
        case .silu: return Autodiff.silu(x)
        case .softplus: return Autodiff.softplus(x)
        case .gaussian: return Autodiff.gaussian(x)
        case .softmax: return x.softmax(axis: -1)
        }
    }

    /// The activation applied to `x` within a forward pass (the mode does not matter to activations).
    public func callAsFunction<Scalar>(_ x: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        self(x)
    }
}

/// An activation as a layer (for `Sequential`).
public final class ActivationLayer<Scalar: TensorScalar>: Layer {
    /// True: an elementwise (or per-row softmax) map.
    public var mapsSamplesIndependently: Bool { true }

    /// The function applied.
    public let activation: Activation

    /// A layer applying `activation`.
    public init(_ activation: Activation) { self.activation = activation }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        activation(input)
    }
}
