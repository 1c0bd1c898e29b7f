import LinearAlgebra

/// A smooth function `f: ℝⁿ → ℝ` given by a closure returning `(f(x), ∇f(x))`, optionally with Hessian-vector
/// products `∇²f(x) v` for Newton's method.
///
///     let rosenbrock = Objective { x in
///         let a = 1 - x[0], b = x[1] - x[0] * x[0]
///         return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
///     }
///
/// Every evaluation is counted by the minimisers (`MinimizationResult.evaluations`).
public struct Objective {
    /// `(f(x), ∇f(x))`.
    public let valueAndGradient: ([Double]) throws -> (value: Double, gradient: [Double])
    /// `∇²f(x) · v`, when known (Newton's method needs it).
    public let hessianVectorProduct: (([Double], [Double]) throws -> [Double])?

    /// An objective from its value-and-gradient closure and, optionally, a Hessian-vector product.
    public init(valueAndGradient: @escaping ([Double]) throws -> (value: Double, gradient: [Double]),
                hessianVectorProduct: (([Double], [Double]) throws -> [Double])? = nil) {
        self.valueAndGradient = valueAndGradient
        self.hessianVectorProduct = hessianVectorProduct
    }

    /// An objective from its value-and-gradient closure (trailing-closure form).
    public init(_ valueAndGradient: @escaping ([Double]) throws -> (value: Double, gradient: [Double])) {
        self.init(valueAndGradient: valueAndGradient)
    }

    /// The quadratic `f(x) = ½ xᵀ A x − bᵀ x` (`A` symmetric), with `∇f = A x − b` and `∇²f = A`.
    public static func quadratic(_ a: Matrix, _ b: [Double]) -> Objective {
        precondition(a.rows == a.columns && a.rows == b.count, "Objective.quadratic: A is \(a.rows) × \(a.columns), b has \(b.count) entries")
        return Objective(valueAndGradient: { x in
            let ax = a * x
            var value = 0.0, gradient = [Double](repeating: 0, count: x.count)
            for i in x.indices {
                value += x[i] * (0.5 * ax[i] - b[i])
                gradient[i] = ax[i] - b[i]
            }
            return (value, gradient)
        }, hessianVectorProduct: { _, v in a * v })
    }

    /// The objective of a function written once on the autodiff graph, generically over the scalar type: gradients
    /// by reverse mode, Hessian-vector products by forward-over-reverse mode (`hessianVectorProduct(at:along:of:)`),
    /// so Newton's method works without a hand-written Hessian.
    public static func differentiable<F: DifferentiableFunction>(_ function: F) -> Objective {
        Objective(valueAndGradient: { x in
            let result = try valueWithGradient(at: [Tensor<Double>(x)]) { try function($0[0]) }
            return (result.value.scalars[0], result.gradients[0].scalars)
        }, hessianVectorProduct: { x, v in
            try Autodiff.hessianVectorProduct(at: Tensor<Double>(x), along: Tensor<Double>(v)) { try function($0) }.scalars
        })
    }

    /// Evaluates and checks the result: a gradient of `x`'s length, a value that is not NaN, and a finite gradient
    /// wherever the value is finite.
    func evaluate(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        let result = try valueAndGradient(x)
        guard result.gradient.count == x.count else {
            throw OptimizationError.invalidObjective("objective: the gradient has \(result.gradient.count) entries, the point \(x.count)")
        }
        guard !result.value.isNaN else {
            throw OptimizationError.invalidObjective("objective: the value at the current point is NaN")
        }
        // +∞ is a legal value (a line search rejects the step); a finite value needs a finite gradient.
        if result.value.isFinite, let bad = result.gradient.firstIndex(where: { !$0.isFinite }) {
            throw OptimizationError.invalidObjective("objective: gradient entry \(bad) is \(result.gradient[bad]) at a point with finite value")
        }
        return result
    }
}

/// A scalar function of one tensor written once for every scalar type, so it can run on `Double` (value and
/// gradient) and on dual numbers (Hessian-vector products).
///
///     struct Rosenbrock: DifferentiableFunction {
///         func callAsFunction<T: TensorScalar>(_ x: Variable<T>) throws -> Variable<T> { … }
///     }
public protocol DifferentiableFunction {
    /// `f(x)`, one scalar.
    func callAsFunction<T: TensorScalar>(_ x: Variable<T>) throws -> Variable<T>
}
