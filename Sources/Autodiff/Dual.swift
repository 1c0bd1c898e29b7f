/// A dual number `a + b ε` with `ε² = 0`: forward-mode differentiation of scalar code.
///
/// Evaluating `f` at `x + 1·ε` gives `f(x) + f′(x) ε`: the `derivative` part carries `∂x_k/∂x_i` forward from
/// the input, one input direction per pass (the course's forward mode). `Dual` conforms to `TensorScalar`, so a
/// tensor program can also run on dual numbers: reverse mode over dual numbers is forward-over-reverse, which is
/// how `hessianVectorProduct(at:along:of:)` gets exact Hessian-vector products.
///
///     (a + a′ε) · (b + b′ε) = ab + (a′b + ab′) ε
///     g(a + a′ε) = g(a) + g′(a) a′ ε
///
/// Edge cases: comparisons (`<`, `max`, ReLU's test) look at the primal part only; `==` compares both parts.
public struct Dual<Base: TensorScalar>: TensorScalar {
    /// The primal value `a`.
    public var value: Base
    /// The tangent `a′`: the derivative of `value` along the seeded direction.
    public var derivative: Base

    /// The dual number `value + derivative · ε`.
    @inlinable public init(_ value: Base, derivative: Base) {
        self.value = value
        self.derivative = derivative
    }

    /// A constant (zero derivative).
    @inlinable public init(_ value: Double) { self.init(Base(value), derivative: .zero) }

    /// A constant (zero derivative).
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant (zero derivative).
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }

    @inlinable public var doubleValue: Double { value.doubleValue }
    @inlinable public var description: String { "\(value) + \(derivative)ε" }
    @inlinable public static var zero: Dual { Dual(.zero, derivative: .zero) }

    @inlinable public static func == (lhs: Dual, rhs: Dual) -> Bool { lhs.value == rhs.value && lhs.derivative == rhs.derivative }
    @inlinable public static func < (lhs: Dual, rhs: Dual) -> Bool { lhs.value < rhs.value }

    @inlinable public static func + (lhs: Dual, rhs: Dual) -> Dual { Dual(lhs.value + rhs.value, derivative: lhs.derivative + rhs.derivative) }
    /// The difference `(a − b, a′ − b′)`.
    @inlinable public static func - (lhs: Dual, rhs: Dual) -> Dual { Dual(lhs.value - rhs.value, derivative: lhs.derivative - rhs.derivative) }
    /// The negation `(−a, −a′)`.
    @inlinable public static prefix func - (operand: Dual) -> Dual { Dual(-operand.value, derivative: -operand.derivative) }
    /// The product rule: `(a b, a′ b + a b′)`.
    @inlinable public static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(lhs.value * rhs.value, derivative: lhs.derivative * rhs.value + lhs.value * rhs.derivative)
    }
    /// The quotient rule: `(a / b, (a′ b − a b′) / b²)`.
    @inlinable public static func / (lhs: Dual, rhs: Dual) -> Dual {
        let quotient = lhs.value / rhs.value
        return Dual(quotient, derivative: (lhs.derivative - quotient * rhs.derivative) / rhs.value)
    }

    /// `g(a) + g′(a) a′ ε`, skipping `g′` when `a′ = 0` (so an infinite `g′` at a constant gives no NaN).
    @inlinable @inline(__always) static func chain(_ x: Dual, _ value: Base, _ slope: @autoclosure () -> Base) -> Dual {
        Dual(value, derivative: x.derivative == .zero ? .zero : slope() * x.derivative)
    }

    @inlinable public static func exp(_ x: Dual) -> Dual { let e = Base.exp(x.value); return chain(x, e, e) }
    @inlinable public static func log(_ x: Dual) -> Dual { chain(x, Base.log(x.value), Base.one / x.value) }
    @inlinable public static func log1p(_ x: Dual) -> Dual { chain(x, Base.log1p(x.value), Base.one / (Base.one + x.value)) }
    @inlinable public static func sqrt(_ x: Dual) -> Dual { let s = Base.sqrt(x.value); return chain(x, s, Base.one / (s + s)) }
    @inlinable public static func tanh(_ x: Dual) -> Dual { let t = Base.tanh(x.value); return chain(x, t, Base.one - t * t) }
    @inlinable public static func erf(_ x: Dual) -> Dual {
        chain(x, Base.erf(x.value), Base(1.1283791670955126) * Base.exp(-x.value * x.value))
    }
    @inlinable public static func sin(_ x: Dual) -> Dual { chain(x, Base.sin(x.value), Base.cos(x.value)) }
    @inlinable public static func cos(_ x: Dual) -> Dual { chain(x, Base.cos(x.value), -Base.sin(x.value)) }
    @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let z = Base.pow(x.value, y.value)
        var derivative = Base.zero
        if x.derivative != .zero { derivative += y.value * Base.pow(x.value, y.value - Base.one) * x.derivative }
        if y.derivative != .zero { derivative += z * Base.log(x.value) * y.derivative }
        return Dual(z, derivative: derivative)
    }

    /// A plain triple loop: dual-number products are for second-derivative checks, not for speed.
    @inlinable public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Dual,
                            a: UnsafePointer<Dual>, lda: Int, b: UnsafePointer<Dual>, ldb: Int,
                            beta: Dual, c: UnsafeMutablePointer<Dual>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = Dual.zero
                for p in 0..<k {
                    let left = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let right = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum = sum + left * right
                }
                c[i * ldc + j] = beta == .zero ? alpha * sum : alpha * sum + beta * c[i * ldc + j]
            }
        }
    }

    @inlinable public static func _add(_ count: Int, _ x: UnsafePointer<Dual>, into y: UnsafeMutablePointer<Dual>) {
        for i in 0..<count { y[i] = y[i] + x[i] }
    }
}

/// The derivative of a scalar function by forward mode: one pass with the input seeded as `x + 1·ε`.
///
///     f′(x) = derivative part of f(x + ε)
///
/// Write `f` generically (`func f<T: TensorScalar>(_ x: T) -> T`) and pass it here at `Dual<Double>`.
/// - Complexity: one evaluation of `f` on dual numbers.
@inlinable public func derivative<Scalar: TensorScalar>(at x: Scalar, of f: (Dual<Scalar>) throws -> Dual<Scalar>) rethrows -> Scalar {
    try f(Dual(x, derivative: Scalar.one)).derivative
}

/// The gradient of a scalar function of several variables by forward mode: one pass per input, the `i`-th
/// with input `i` seeded by `ε` and the others constant (the course's `n₀` forward passes).
/// - Complexity: `n` evaluations of `f` on dual numbers.
@inlinable public func forwardGradient<Scalar: TensorScalar>(at point: [Scalar],
                                                  of f: ([Dual<Scalar>]) throws -> Dual<Scalar>) rethrows -> [Scalar] {
    try point.indices.map { i in
        let seeded = point.indices.map { j in Dual(point[j], derivative: i == j ? Scalar.one : .zero) }
        return try f(seeded).derivative
    }
}
