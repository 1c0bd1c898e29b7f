/// An elementwise function `y = f(x)` with its derivative `f′` written in terms of `x` and `y`.
///
/// Each case's forward formula and derivative sit side by side in `TensorScalar._unary` and
/// `TensorScalar._unaryDerivative`. The derivative is used both ways: reverse mode multiplies the incoming
/// adjoint by it (`x̄ += ȳ · f′(x)`), forward mode multiplies the tangent (`ẏ = f′(x) · ẋ`). A zero seed gives a
/// zero result even where `f′` is infinite (`log` or `sqrt` at 0), so masked-out branches leak no NaN.
public enum UnaryFunction: Equatable, Sendable {
    /// `−x`.
    case negate
    /// `eˣ`.
    case exp
    /// `log x`; derivative `1/x` (infinite at 0).
    case log
    /// `√x`; derivative `1/(2√x)` (infinite at 0).
    case sqrt
    /// `x²`.
    case square
    /// `|x|`; derivative `sign(x)`, 0 at 0.
    case abs
    /// `sin x`.
    case sin
    /// `cos x`.
    case cos
    /// `tanh x`; derivative `1 − y²`.
    case tanh
    /// `σ(x) = 1/(1 + e^(−x))`, evaluated without overflow; derivative `y(1 − y)`.
    case sigmoid
    /// `max(x, 0)`; derivative 1 for `x > 0`, else 0.
    case relu
    /// `x` for `x > 0`, else `slope · x`.
    case leakyReLU(slope: Double)
    /// `x` for `x > 0`, else `alpha · (eˣ − 1)`.
    case elu(alpha: Double)
    /// `λ · elu_α(x)` with `α = 1.67326…`, `λ = 1.0507…` (Klambauer et al. 2017).
    case selu
    /// Exact GELU `x Φ(x)`, `Φ(x) = ½(1 + erf(x/√2))`.
    case gelu
    /// GELU's tanh approximation `½x(1 + tanh(√(2/π)(x + 0.044715x³)))`.
    case geluTanh
    /// SiLU (swish) `x σ(x)`.
    case silu
    /// `log(1 + eˣ)`, evaluated as `max(x, 0) + log1p(e^(−|x|))`; derivative `σ(x)`.
    case softplus
    /// Binary step: 1 for `x ≥ 0`, else 0; derivative 0 everywhere.
    case step
    /// Gaussian `e^(−x²)`; derivative `−2x y`.
    case gaussian
    /// `x^p` for a constant exponent `p`.
    case power(Double)
    /// `c · x`.
    case scale(Double)
    /// `x + c`.
    case shift(Double)
    /// `min(max(x, lower), upper)`; derivative 1 for `lower ≤ x ≤ upper`, else 0 (as PyTorch's `clamp`).
    case clamp(lower: Double, upper: Double)

    @usableFromInline static let seluAlpha = 1.6732632423543772
    @usableFromInline static let seluLambda = 1.0507009873554805
}

extension TensorScalar {
    @inlinable public static func _unary(_ function: UnaryFunction, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>,
                              _ count: Int) {
        @inline(__always) func map(_ f: (Self) -> Self) { for i in 0..<count { y[i] = f(x[i]) } }
        let one = Self.one, zero = Self.zero
        switch function {
        case .negate: map { -$0 }
        case .exp: map { Self.exp($0) }
        case .log: map { Self.log($0) }
        case .sqrt: map { Self.sqrt($0) }
        case .square: map { $0 * $0 }
        case .abs: map { $0 < zero ? -$0 : $0 }
        case .sin: map { Self.sin($0) }
        case .cos: map { Self.cos($0) }
        case .tanh: map { Self.tanh($0) }
        case .sigmoid: map { v in v >= zero ? one / (one + Self.exp(-v)) : Self.exp(v) / (one + Self.exp(v)) }
        case .relu: map { $0 > zero ? $0 : zero }
        case .leakyReLU(let slope): let s = Self(slope); map { $0 > zero ? $0 : s * $0 }
        case .elu(let alpha): let a = Self(alpha); map { $0 > zero ? $0 : a * (Self.exp($0) - one) }
        case .selu:
            let l = Self(UnaryFunction.seluLambda), la = Self(UnaryFunction.seluLambda * UnaryFunction.seluAlpha)
            map { $0 > zero ? l * $0 : la * (Self.exp($0) - one) }
        case .gelu: let r = Self(0.7071067811865476), h = Self(0.5); map { h * $0 * (one + Self.erf($0 * r)) }
        case .geluTanh:
            let c = Self(0.7978845608028654), k = Self(0.044715), h = Self(0.5)
            map { h * $0 * (one + Self.tanh(c * ($0 + k * $0 * $0 * $0))) }
        case .silu: map { v in v * (v >= zero ? one / (one + Self.exp(-v)) : Self.exp(v) / (one + Self.exp(v))) }
        case .softplus: map { v in (v > zero ? v : zero) + Self.log1p(Self.exp(v < zero ? v : -v)) }
        case .step: map { $0 >= zero ? one : zero }
        case .gaussian: map { Self.exp(-$0 * $0) }
        case .power(let p): let e = Self(p); map { Self.pow($0, e) }
        case .scale(let c): let s = Self(c); map { s * $0 }
        case .shift(let c): let s = Self(c); map { $0 + s }
        case .clamp(let lower, let upper):
            let lo = Self(lower), hi = Self(upper)
            map { $0 < lo ? lo : ($0 > hi ? hi : $0) }
        }
    }

    @inlinable public static func _unaryDerivative(_ function: UnaryFunction, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
                                        seed: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>, count: Int,
                                        accumulate: Bool) {
        // out = (out or 0) + seed · f′(x, y), with a zero seed giving exactly zero.
        @inline(__always) func apply(_ d: (Self, Self) -> Self) {
            if accumulate {
                for i in 0..<count { let g = seed[i]; if g != .zero { out[i] += g * d(x[i], y[i]) } }
            } else {
                for i in 0..<count { let g = seed[i]; out[i] = g == .zero ? .zero : g * d(x[i], y[i]) }
            }
        }
        let one = Self.one, zero = Self.zero, two = Self(2)
        // ReLU: a select instead of a product and a branch on the seed, so the loop vectorises; where x ≤ 0 the
        // result is 0 even for an infinite seed (PyTorch's threshold_backward does the same).
        // Both operands are loaded before the select: a load under the condition is a data-dependent branch
        // (half the ReLU inputs are negative, so it mispredicts often) and keeps the loop from vectorising.
        if function == .relu {
            if accumulate {
                for i in 0..<count { let g = seed[i], v = x[i]; out[i] += v > zero ? g : zero }
            } else {
                for i in 0..<count { let g = seed[i], v = x[i]; out[i] = v > zero ? g : zero }
            }
            return
        }
        switch function {
        case .negate: apply { _, _ in -one }
        case .exp: apply { _, y in y }
        case .log: apply { x, _ in one / x }
        case .sqrt: apply { _, y in one / (two * y) }
        case .square: apply { x, _ in two * x }
        case .abs: apply { x, _ in x > zero ? one : (x < zero ? -one : zero) }
        case .sin: apply { x, _ in Self.cos(x) }
        case .cos: apply { x, _ in -Self.sin(x) }
        case .tanh: apply { _, y in one - y * y }
        case .sigmoid: apply { _, y in y * (one - y) }
        case .relu: apply { x, _ in x > zero ? one : zero }
        case .leakyReLU(let slope): let s = Self(slope); apply { x, _ in x > zero ? one : s }
        case .elu(let alpha): let a = Self(alpha); apply { x, y in x > zero ? one : y + a }
        case .selu:
            let l = Self(UnaryFunction.seluLambda), la = Self(UnaryFunction.seluLambda * UnaryFunction.seluAlpha)
            apply { x, y in x > zero ? l : y + la }
        case .gelu:
            let r = Self(0.7071067811865476), density = Self(0.3989422804014327), h = Self(0.5)
            apply { x, _ in h * (one + Self.erf(x * r)) + x * density * Self.exp(-h * x * x) }
        case .geluTanh:
            let c = Self(0.7978845608028654), k = Self(0.044715), h = Self(0.5), k3 = Self(3 * 0.044715)
            apply { x, _ in
                let t = Self.tanh(c * (x + k * x * x * x))
                return h * (one + t) + h * x * (one - t * t) * c * (one + k3 * x * x)
            }
        case .silu:
            apply { x, _ in
                let s = x >= zero ? one / (one + Self.exp(-x)) : Self.exp(x) / (one + Self.exp(x))
                return s * (one + x * (one - s))
            }
        case .softplus:
            apply { x, _ in x >= zero ? one / (one + Self.exp(-x)) : Self.exp(x) / (one + Self.exp(x)) }
        case .step: apply { _, _ in zero }
        case .gaussian: apply { x, y in -two * x * y }
        case .power(let p): let e = Self(p), e1 = Self(p - 1); apply { x, _ in e * Self.pow(x, e1) }
        case .scale(let c): let s = Self(c); apply { _, _ in s }
        case .shift: apply { _, _ in one }
        case .clamp(let lower, let upper):
            let lo = Self(lower), hi = Self(upper)
            apply { x, _ in x >= lo && x <= hi ? one : zero }
        }
    }
}
