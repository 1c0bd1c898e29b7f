import Foundation
import LinearAlgebra

/// How a weight tensor is filled before training. `fanIn` / `fanOut` are the number of inputs / outputs of a unit:
/// for a dense weight `[out, in]` they are `in` and `out`; for a convolution kernel `[out, in/groups, kh, kw]` each
/// output sees `in/groups · kh · kw` inputs and each input feeds `out · kh · kw` outputs (per group), as PyTorch's
/// `_calculate_fan_in_and_fan_out` (`Initializer.fans(ofWeightShape:)`). Each variance-scaled scheme multiplies its
/// standard deviation (and its uniform bound) by `gain`.
///
///     uniform(bound: a)       U(−a, a)                                  variance a²/3
///     normal(std: σ)          N(0, σ²)
///     lecunNormal / Uniform   variance gain² / fan_in                   (bound gain·√(3/fan_in))
///     glorotNormal / Uniform  variance gain² · 2/(fan_in + fan_out)     (bound gain·√(6/(fan_in + fan_out)))
///     heNormal / Uniform      variance gain² · 2/fan                    (bound gain·√(6/fan)),
///                             fan = fan_in (mode .fanIn, the default) or fan_out (mode .fanOut)
///     fanInUniform            U(−1/√fan_in, 1/√fan_in)                  PyTorch's nn.Linear default (weight and bias)
///
/// The course's He initialisation is `heNormal()` / `heUniform()` with gain 1 (its variance already holds ReLU's
/// factor 2); PyTorch's `kaiming_*` with `nonlinearity="relu"` gives the same numbers, and `mode: .fanOut` is its
/// `mode="fan_out"` (keeps the variance of the gradients, rather than of the activations, through the layers).
/// Reference: LeCun et al. (1998), Glorot & Bengio (2010), He et al. (2015, arXiv:1502.01852).
public enum Initializer: Sendable, Equatable {
    /// Which fan He's initialisation scales by: `fanIn` keeps the forward signal's variance, `fanOut` the
    /// backward gradient's (He et al. 2015, §2.2).
    public enum FanMode: Sendable, Equatable {
        /// Scale by the number of inputs of a unit.
        case fanIn
        /// Scale by the number of outputs of a unit.
        case fanOut
    }

    /// All zeros.
    case zeros
    /// Every entry the given value.
    case constant(Double)
    /// `U(−a, a)`.
    case uniform(bound: Double)
    /// `N(0, σ²)`.
    case normal(standardDeviation: Double)
    /// LeCun's normal: variance `gain² / fan_in`.
    case lecunNormal(gain: Double = 1)
    /// LeCun's uniform: bound `gain·√(3/fan_in)`.
    case lecunUniform(gain: Double = 1)
    /// Glorot's normal: variance `gain² · 2/(fan_in + fan_out)`.
    case glorotNormal(gain: Double = 1)
    /// Glorot's uniform: bound `gain·√(6/(fan_in + fan_out))`.
    case glorotUniform(gain: Double = 1)
    /// He's normal: variance `gain² · 2/fan`.
    case heNormal(gain: Double = 1, mode: FanMode = .fanIn)
    /// He's uniform: bound `gain·√(6/fan)`.
    case heUniform(gain: Double = 1, mode: FanMode = .fanIn)
    /// `U(−1/√fan_in, 1/√fan_in)`, PyTorch's `nn.Linear` default.
    case fanInUniform

    /// The variance of one draw for the given fans.
    public func variance(fanIn: Int, fanOut: Int) -> Double {
        switch distribution(fanIn: fanIn, fanOut: fanOut) {
        case .constant: return 0
        case .uniform(let a): return a * a / 3
        case .normal(let s): return s * s
        }
    }

    private enum Distribution { case constant(Double), uniform(Double), normal(Double) }

    private func distribution(fanIn: Int, fanOut: Int) -> Distribution {
        let fi = Double(Swift.max(fanIn, 1)), fio = Double(Swift.max(fanIn + fanOut, 1))
        func he(_ mode: FanMode) -> Double { mode == .fanIn ? fi : Double(Swift.max(fanOut, 1)) }
        switch self {
        case .zeros: return .constant(0)
        case .constant(let c): return .constant(c)
        case .uniform(let a): return .uniform(a)
        case .normal(let s): return .normal(s)
        case .lecunNormal(let g): return .normal(g * (1 / fi).squareRoot())
        case .lecunUniform(let g): return .uniform(g * (3 / fi).squareRoot())
        case .glorotNormal(let g): return .normal(g * (2 / fio).squareRoot())
        case .glorotUniform(let g): return .uniform(g * (6 / fio).squareRoot())
        case .heNormal(let g, let mode): return .normal(g * (2 / he(mode)).squareRoot())
        case .heUniform(let g, let mode): return .uniform(g * (6 / he(mode)).squareRoot())
        case .fanInUniform: return .uniform(1 / fi.squareRoot())
        }
    }

    /// A tensor of `shape` with independent draws from the scheme, taken from `generator`.
    /// - Complexity: O(count).
    public func tensor<Scalar: TensorScalar>(shape: [Int], fanIn: Int, fanOut: Int,
                                             generator: inout SeededGenerator) -> Tensor<Scalar> {
        var result = Tensor<Scalar>(zeros: shape)
        let distribution = distribution(fanIn: fanIn, fanOut: fanOut)
        result.withUnsafeMutableBufferPointer { buffer in
            switch distribution {
            case .constant(let c):
                buffer.initialize(repeating: Scalar(c))
            case .uniform(let a):
                for i in buffer.indices { buffer[i] = Scalar(a * (2 * generator.nextUniform() - 1)) }
            case .normal(let s):
                for i in buffer.indices { buffer[i] = Scalar(s * generator.nextNormal()) }
            }
        }
        return result
    }

    /// The fans of a weight of `shape`, as PyTorch's `_calculate_fan_in_and_fan_out`: `[out, in]` gives
    /// `(in, out)`; a kernel `[out, in/groups, k₁, …]` gives `(in/groups · k₁ · …, out · k₁ · …)` (the receptive
    /// field multiplies both); a vector `[n]` gives `(n, n)`.
    /// - Precondition: rank ≥ 1 (a programming error).
    public static func fans(ofWeightShape shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        precondition(!shape.isEmpty, "Initializer.fans: a scalar weight has no fans")
        if shape.count == 1 { return (shape[0], shape[0]) }
        let receptiveField = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptiveField, shape[0] * receptiveField)
    }

    /// A tensor of `shape` with fans from `fans(ofWeightShape:)` (a dense weight `[out, in]` or a convolution
    /// kernel `[out, in/groups, kh, kw]`).
    public func tensor<Scalar: TensorScalar>(shape: [Int], generator: inout SeededGenerator) -> Tensor<Scalar> {
        let (fanIn, fanOut) = Self.fans(ofWeightShape: shape)
        return tensor(shape: shape, fanIn: fanIn, fanOut: fanOut, generator: &generator)
    }
}
