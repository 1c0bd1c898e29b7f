import Autodiff
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// Forward mode against reverse mode, Jacobians against finite differences, Hessian-vector products against
/// finite differences of the gradient.
@Suite struct ForwardModeTests {
    /// A random program built from a seed: a chain of operations drawn from most of the operation groups.
    static func randomProgram<T>(_ seed: UInt64) -> ([Variable<T>]) -> Variable<T> {
        { v in
            var rng = SeededGenerator(seed: seed)
            var h = v[0]                                   // [4, 3]
            let w = v[1]                                   // [3, 3]
            for _ in 0..<4 {
                switch rng.next() % 7 {
                case 0: h = tanh(matmul(h, w))
                case 1: h = h * sigmoid(h) + h.sum(alongAxes: [0], keepingDimensions: true)
                case 2: h = h.softmax(axis: 1) + h / (1.0 + h.squared())
                case 3: h = concatenate([h.sliced(axis: 1, 1..<3), h.sliced(axis: 1, 0..<1)], axis: 1) * w.sum(alongAxes: [0])
                case 4: h = matmul(h, matmul(h.transposed().transposed(), h, transposeA: true)) * 0.1 + elu(h)
                case 5: h = h.logSoftmax() - h.logSumExp(alongAxes: [1], keepingDimensions: true) * 0.5 + gelu(h)
                default: h = softplus(h) * exp(h * -0.3) + h.max(alongAxes: [1], keepingDimensions: true)
                }
            }
            return h
        }
    }

    @Test func forwardModeAgreesWithReverseModeOnRandomPrograms() throws {
        for seed in UInt64(0)..<12 {
            let x = normal([4, 3], seed: 100 + seed), w = normal([3, 3], seed: 200 + seed)
            let u = normal([4, 3], seed: 300 + seed), uw = normal([3, 3], seed: 400 + seed)
            let program: ([Variable<Double>]) -> Variable<Double> = Self.randomProgram(seed)
            // ⟨s, J u⟩ (forward mode) must equal ⟨Jᵀ s, u⟩ (reverse mode) for any s and u.
            let (value, tangent) = try valueWithTangent(at: [x, w], along: [u, uw], in: program)
            let s = normal(value.shape, seed: 500 + seed)
            let graph = Graph<Double>()
            let vx = graph.variable(x), vw = graph.variable(w)
            let output = program([vx, vw])
            let adjoints = try graph.gradients(of: output, withRespectTo: [vx, vw], seed: s)
            let forward = zip(s.scalars, tangent.scalars).map { $0 * $1 }.reduce(0, +)
            let reverse = zip(adjoints[0].scalars, u.scalars).map { $0 * $1 }.reduce(0, +)
                + zip(adjoints[1].scalars, uw.scalars).map { $0 * $1 }.reduce(0, +)
            assertClose(forward, reverse, relativeTolerance: 1e-11, "seed \(seed)")
        }
    }

    @Test func jacobianChoosesModeByShapeAndMatchesFiniteDifferences() throws {
        // Wide input, one output: reverse. Narrow input, many outputs: forward.
        let wide = normal([6], seed: 20)
        let narrow = normal([2], seed: 21)
        let reduce: (Variable<Double>) -> Variable<Double> = { x in (tanh(x) * x).sum(alongAxes: [0], keepingDimensions: true) }
        let expand: (Variable<Double>) -> Variable<Double> = { x in
            let outer = matmul(x.reshaped([2, 1]), x.reshaped([1, 2]))
            return sin(outer).reshaped([4])
        }
        for (x, f, expectedMode) in [(wide, reduce, DifferentiationMode.reverse), (narrow, expand, .forward)] {
            let chosen = try jacobian(at: x, of: f)
            #expect(chosen.mode == expectedMode)
            let other = try jacobian(at: x, mode: expectedMode == .forward ? .reverse : .forward, of: f)
            assertClose(chosen.matrix.scalars, other.matrix.scalars, relativeTolerance: 1e-13)
            // Column j by central differences.
            let m = chosen.value.scalarCount, n = x.scalarCount, h = 1e-6
            for j in 0..<n {
                var plus = x, minus = x
                plus.withUnsafeMutableBufferPointer { $0[j] += h }
                minus.withUnsafeMutableBufferPointer { $0[j] -= h }
                let graph = Graph<Double>()
                let fp = try f(graph.constant(plus)).value(), fm = try f(graph.constant(minus)).value()
                for i in 0..<m {
                    let numeric = (fp.scalars[i] - fm.scalars[i]) / (2 * h)
                    assertClose(chosen.matrix.scalars[i * n + j], numeric, relativeTolerance: 1e-7, absoluteTolerance: 1e-9)
                }
            }
        }
    }

    @Test func forwardModeThroughACheckpointMatchesThePlainProgram() throws {
        let x = normal([3, 4], seed: 70), w = normal([4, 4], seed: 71)
        let u = normal([3, 4], seed: 72), uw = normal([4, 4], seed: 73)
        func segment(_ v: [Variable<Double>]) -> Variable<Double> { tanh(matmul(v[0], v[1])).softmax() }
        let plain = try valueWithTangent(at: [x, w], along: [u, uw]) { v in segment(v).squared() }
        let checkpointed = try valueWithTangent(at: [x, w], along: [u, uw]) { v in
            v[0].graph.checkpoint(v, segment).squared()
        }
        assertClose(checkpointed.value.scalars, plain.value.scalars, relativeTolerance: 1e-15)
        assertClose(checkpointed.tangent.scalars, plain.tangent.scalars, relativeTolerance: 1e-13)
    }

    static func rosenbrockLike<T>(_ x: Variable<T>) -> Variable<T> {
        let head = x.sliced(axis: 0, 0..<3), tail = x.sliced(axis: 0, 1..<4)
        let valley = tail - head.squared()
        let rosenbrock = (valley.squared() * T(10) + (1.0 - head).squared()).sum()
        let barrier = log(1.0 + x.squared()).sum()
        let coupling = matmul(x.reshaped([1, 4]), tanh(x).reshaped([4, 1])).sum()
        return rosenbrock + barrier + coupling
    }

    @Test func hessianVectorProductMatchesFiniteDifferencesOfTheGradient() throws {
        for seed in UInt64(0)..<5 {
            let x = normal([4], seed: 30 + seed), v = normal([4], seed: 40 + seed)
            let hv = try hessianVectorProduct(at: x, along: v, of: Self.rosenbrockLike)
            let h = 1e-5
            var plus = x, minus = x
            try plus.add(v, scaledBy: h)
            try minus.add(v, scaledBy: -h)
            let gp = try gradient(at: plus, in: Self.rosenbrockLike), gm = try gradient(at: minus, in: Self.rosenbrockLike)
            let numeric = zip(gp.scalars, gm.scalars).map { ($0 - $1) / (2 * h) }
            assertClose(hv.scalars, numeric, relativeTolerance: 1e-6, absoluteTolerance: 1e-7)
        }
    }

    @Test func hessianVectorProductOfAQuadraticIsExact() throws {
        // f(x) = ½ xᵀ A x with symmetric A has ∇²f = A.
        let a = try Tensor<Double>(shape: [3, 3], scalars: [4, 1, 0, 1, 3, -1, 0, -1, 2])
        func f<T>(_ x: Variable<T>) -> Variable<T> {
            let matrix = x.graph.constant(Tensor<T>(shape: [3, 3]) { T(a.scalars[$0]) })
            return matmul(matmul(x.reshaped([1, 3]), matrix), x.reshaped([3, 1])).sum() * T(0.5)
        }
        let v = Tensor<Double>([1, -2, 0.5])
        let hv = try hessianVectorProduct(at: normal([3], seed: 50), along: v, of: f)
        assertClose(hv.scalars, [4 - 2, 1 - 6 - 0.5, 2 + 1])
    }
}
