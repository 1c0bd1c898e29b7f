import Autodiff
import Testing

/// A random weighting that turns any tensor output into a scalar loss `Σ w ⊙ y`, so every entry of the
/// output's Jacobian is exercised by a gradient check.
func weightedSum(_ y: Variable<Double>, seed: UInt64 = 99) -> Variable<Double> {
    let w = y.graph.constant(Tensor<Double>.randomNormal(shape: y.shape, seed: seed))
    return (y * w).sum()
}

/// Records an issue unless reverse mode matches central differences to `tolerance` (relative, floor 1).
func expectGradientsMatchFiniteDifferences(_ inputs: [Tensor<Double>], tolerance: Double = 1e-6,
                                           _ comment: Comment? = nil,
                                           sourceLocation: SourceLocation = #_sourceLocation,
                                           _ f: ([Variable<Double>]) -> Variable<Double>) {
    do {
        let report = try checkGradients(at: inputs, of: f)
        #expect(report.passes(tolerance: tolerance), "\(report)\(comment.map { " (\($0))" } ?? "")",
                sourceLocation: sourceLocation)
        #expect(!report.entries.isEmpty, sourceLocation: sourceLocation)
    } catch {
        Issue.record("gradient check threw \(error)", sourceLocation: sourceLocation)
    }
}

func normal(_ shape: [Int], seed: UInt64) -> Tensor<Double> { Tensor.randomNormal(shape: shape, seed: seed) }
func positive(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    Tensor.randomUniform(shape: shape, lower: 0.5, upper: 2, seed: seed)
}
