import _Differentiation
import Autodiff
import Foundation
import TestSupport
import Testing

// The Swift compiler's own automatic differentiation as an independent oracle for scalar functions.

@differentiable(reverse)
func courseExercise(_ x: Double, _ y: Double) -> Double {
    let b = y * log(x)
    return b + sqrt(b)
}

@differentiable(reverse)
func smoothMix(_ x: Double, _ y: Double) -> Double {
    exp(-x * x) * y + tanh(x * y) / (1 + y * y) + sin(x) * cos(y)
}

@Suite struct DifferentiationOracleTests {
    static let points: [(Double, Double)] = [(2, 3), (0.4, 1.7), (1.3, -0.6), (3.1, 0.2)]

    @Test func courseExerciseAgreesWithSwiftAutodiff() throws {
        for (x, y) in Self.points where x > 1 && y > 0 {
            let oracle = gradient(at: x, y, of: courseExercise)
            let ours = try valueWithGradient(at: [Tensor(x), Tensor(y)]) { v in
                let b = v[1] * log(v[0])
                return b + sqrt(b)
            }.gradients
            assertClose(ours[0].scalar!, oracle.0, relativeTolerance: 1e-13)
            assertClose(ours[1].scalar!, oracle.1, relativeTolerance: 1e-13)
        }
    }

    @Test func smoothFunctionAgreesWithSwiftAutodiff() throws {
        for (x, y) in Self.points {
            let oracle = gradient(at: x, y, of: smoothMix)
            let ours = try valueWithGradient(at: [Tensor(x), Tensor(y)]) { v in
                let (x, y) = (v[0], v[1])
                return exp(-(x * x)) * y + tanh(x * y) / (1.0 + y * y) + sin(x) * cos(y)
            }.gradients
            assertClose(ours[0].scalar!, oracle.0, relativeTolerance: 1e-13)
            assertClose(ours[1].scalar!, oracle.1, relativeTolerance: 1e-13)
            let forward = forwardGradient(at: [x, y]) { v in
                Dual.exp(-v[0] * v[0]) * v[1] + Dual.tanh(v[0] * v[1]) / (Dual(1) + v[1] * v[1])
                    + Dual.sin(v[0]) * Dual.cos(v[1])
            }
            assertClose(forward[0], oracle.0, relativeTolerance: 1e-13)
            assertClose(forward[1], oracle.1, relativeTolerance: 1e-13)
        }
    }
}
