import Foundation
import LinearAlgebra

/// How a weight tensor is filled before training. `fanIn` / `fanOut` are the number of inputs / outputs of a unit
/// (for a dense weight of shape `[out, in]`: `in` and `out`). Each variance-scaled scheme multiplies its standard
/// deviation (and its uniform bound) by `gain`.
///
///     uniform(bound: a)       U(−a, a)                                  variance a²/3
///     normal(std: σ)          N(0, σ²)
///     lecunNormal / Uniform   variance gain² / fan_in                   (bound gain·√(3/fan_in))
///     glorotNormal / Uniform  variance gain² · 2/(fan_in + fan_out)     (bound gain·√(6/(fan_in + fan_out)))
///     heNormal / Uniform      variance gain² · 2/fan_in                 (bound gain·√(6/fan_in))
///     fanInUniform            U(−1/√fan_in, 1/√fan_in)                  PyTorch's nn.Linear default (weight and bias)
///
/// The course's He initialisation is `heNormal()` / `heUniform()` with gain 1 (its variance already holds ReLU's
/// factor 2); PyTorch's `kaiming_*` with `nonlinearity="relu"` gives the same numbers.
/// Reference: LeCun et al. (1998), Glorot & Bengio (2010), He et al. (2015, arXiv:1502.01852).
public enum Initializer: Sendable, Equatable {
    case zeros
    case constant(Double)
    case uniform(bound: Double)
    case normal(standardDeviation: Double)
    case lecunNormal(gain: Double = 1)
    case lecunUniform(gain: Double = 1)
    case glorotNormal(gain: Double = 1)
    case glorotUniform(gain: Double = 1)
    case heNormal(gain: Double = 1)
    case heUniform(gain: Double = 1)
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
        switch self {
        case .zeros: return .constant(0)
        case .constant(let c): return .constant(c)
        case .uniform(let a): return .uniform(a)
        case .normal(let s): return .normal(s)
        case .lecunNormal(let g): return .normal(g * (1 / fi).squareRoot())
        case .lecunUniform(let g): return .uniform(g * (3 / fi).squareRoot())
        case .glorotNormal(let g): return .normal(g * (2 / fio).squareRoot())
        case .glorotUniform(let g): return .uniform(g * (6 / fio).squareRoot())
        case .heNormal(let g): return .normal(g * (2 / fi).squareRoot())
        case .heUniform(let g): return .uniform(g * (6 / fi).squareRoot())
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
}
