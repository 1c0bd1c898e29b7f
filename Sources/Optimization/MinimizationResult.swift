import Dispatch

/// Why a minimiser stopped.
public enum StopReason: Equatable, Sendable {
    /// The gradient test passed (`‖∇f‖² ≤ ε`, or L-BFGS's `max |∂f/∂xᵢ| ≤ toleranceGrad`).
    case gradientTolerance
    /// The step or the change in `f` fell below the change tolerance.
    case changeTolerance
    /// The iteration limit was reached.
    case maxIterations
    /// The evaluation limit was reached.
    case maxEvaluations
    /// The line search found no acceptable step (the point is as good as the arithmetic allows, or the
    /// direction is not a descent direction).
    case lineSearchFailed
}

/// One iteration's record: the value and squared gradient norm at the iterate, and the cost so far.
public struct IterationRecord: Equatable, Sendable {
    /// The iteration (0 is the starting point).
    public let iteration: Int
    /// `f(x_k)`.
    public let value: Double
    /// `‖∇f(x_k)‖²`.
    public let squaredGradientNorm: Double
    /// Objective evaluations so far.
    public let evaluations: Int
    /// Seconds since the minimiser started (wall clock).
    public let seconds: Double
}

/// What a minimiser returns: the last iterate, its value and gradient, why it stopped, and a per-iteration trace.
public struct MinimizationResult {
    /// The final iterate `x_k`.
    public let x: [Double]
    /// `f(x_k)`.
    public let value: Double
    /// `∇f(x_k)`.
    public let gradient: [Double]
    /// Iterations taken.
    public let iterations: Int
    /// Objective evaluations (value and gradient together count as one).
    public let evaluations: Int
    /// Why the loop ended.
    public let stopReason: StopReason
    /// One record per iteration, the starting point first.
    public let trace: [IterationRecord]

    /// Whether the gradient test passed.
    public var converged: Bool { stopReason == .gradientTolerance }
    /// `‖∇f(x_k)‖`.
    public var gradientNorm: Double { squaredNorm(gradient).squareRoot() }
}

/// Counts evaluations, keeps the trace, and times the run.
struct Recorder {
    private let start = DispatchTime.now().uptimeNanoseconds
    private(set) var evaluations = 0
    private(set) var trace: [IterationRecord] = []
    let objective: Objective

    init(_ objective: Objective) { self.objective = objective }

    mutating func evaluate(_ x: [Double]) throws -> (value: Double, gradient: [Double]) {
        evaluations += 1
        return try objective.evaluate(x)
    }

    /// Adds evaluations made elsewhere (by a line search).
    mutating func count(_ n: Int) { evaluations += n }

    mutating func record(_ iteration: Int, _ value: Double, _ gradient: [Double]) {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        trace.append(IterationRecord(iteration: iteration, value: value, squaredGradientNorm: squaredNorm(gradient),
                                     evaluations: evaluations, seconds: seconds))
    }

    func result(_ x: [Double], _ value: Double, _ gradient: [Double], _ iterations: Int, _ reason: StopReason) -> MinimizationResult {
        MinimizationResult(x: x, value: value, gradient: gradient, iterations: iterations, evaluations: evaluations,
                           stopReason: reason, trace: trace)
    }
}

/// Checks the common settings of a minimiser.
func validate(_ name: String, start: [Double], maxIterations: Int, squaredGradientTolerance: Double) throws {
    guard !start.isEmpty else { throw OptimizationError.invalidArgument("\(name): the starting point is empty") }
    guard start.allSatisfy(\.isFinite) else { throw OptimizationError.invalidArgument("\(name): the starting point has a non-finite entry") }
    guard maxIterations >= 0 else { throw OptimizationError.invalidArgument("\(name): maxIterations = \(maxIterations) must be ≥ 0") }
    guard squaredGradientTolerance >= 0 else {
        throw OptimizationError.invalidArgument("\(name): squaredGradientTolerance = \(squaredGradientTolerance) must be ≥ 0")
    }
}
