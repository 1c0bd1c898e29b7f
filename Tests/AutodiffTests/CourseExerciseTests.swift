import Autodiff
import Foundation
import TestSupport
import Testing

/// The course exercise f(x, y) = y·log x + √(y·log x), with b = y·log x:
///     ∂f/∂x = (y/x)(1 + 1/(2√b)),   ∂f/∂y = log x · (1 + 1/(2√b)).
@Suite struct CourseExerciseTests {
    static let points: [(Double, Double)] = [(2, 3), (1.5, 0.7), (10, 0.25), (3.3, 8), (1.01, 5)]

    static func closedForm(_ x: Double, _ y: Double) -> (value: Double, dx: Double, dy: Double) {
        let b = y * log(x)
        let factor = 1 + 1 / (2 * b.squareRoot())
        return (b + b.squareRoot(), y / x * factor, log(x) * factor)
    }

    static func f<T: TensorScalar>(_ x: T, _ y: T) -> T {
        let b = y * T.log(x)
        return b + T.sqrt(b)
    }

    @Test func reverseModeMatchesClosedForm() throws {
        for (x, y) in Self.points {
            let (value, gradients) = try valueWithGradient(at: [Tensor(x), Tensor(y)]) { v in
                let b = v[1] * log(v[0])
                return b + sqrt(b)
            }
            let expected = Self.closedForm(x, y)
            assertClose(value.scalar!, expected.value, relativeTolerance: 1e-14)
            assertClose(gradients[0].scalar!, expected.dx, relativeTolerance: 1e-14)
            assertClose(gradients[1].scalar!, expected.dy, relativeTolerance: 1e-14)
        }
    }

    @Test func forwardModeDualNumbersMatchClosedForm() {
        for (x, y) in Self.points {
            let gradient = forwardGradient(at: [x, y]) { v in Self.f(v[0], v[1]) }
            let expected = Self.closedForm(x, y)
            assertClose(gradient[0], expected.dx, relativeTolerance: 1e-14)
            assertClose(gradient[1], expected.dy, relativeTolerance: 1e-14)
        }
    }

    @Test func forwardModeTensorTangentsMatchClosedForm() throws {
        for (x, y) in Self.points {
            let expected = Self.closedForm(x, y)
            for (direction, partial) in [((1.0, 0.0), expected.dx), ((0.0, 1.0), expected.dy)] {
                let (_, tangent) = try valueWithTangent(at: [Tensor(x), Tensor(y)],
                                                        along: [Tensor(direction.0), Tensor(direction.1)]) { v in
                    let b = v[1] * log(v[0])
                    return b + sqrt(b)
                }
                assertClose(tangent.scalar!, partial, relativeTolerance: 1e-14)
            }
        }
    }

    @Test func explicitGraphAndBackwardMatchClosedForm() throws {
        let graph = Graph<Double>()
        let x = graph.variable(Tensor(2.0), name: "x"), y = graph.variable(Tensor(3.0), name: "y")
        let b = (y * log(x)).named("b")
        let f = (b + sqrt(b)).named("f")
        let gradients = try f.backward()
        let expected = Self.closedForm(2, 3)
        assertClose(gradients[x].scalar!, expected.dx, relativeTolerance: 1e-14)
        assertClose(gradients[y].scalar!, expected.dy, relativeTolerance: 1e-14)
    }

    @Test func floatGivesTheSameGradientsToSinglePrecision() throws {
        for (x, y) in Self.points {
            let (_, gradients) = try valueWithGradient(at: [Tensor(Float(x)), Tensor(Float(y))]) { v in
                let b = v[1] * log(v[0])
                return b + sqrt(b)
            }
            let expected = Self.closedForm(x, y)
            assertClose(Double(gradients[0].scalar!), expected.dx, relativeTolerance: 1e-5)
            assertClose(Double(gradients[1].scalar!), expected.dy, relativeTolerance: 1e-5)
        }
    }
}
