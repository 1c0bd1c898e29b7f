import Autodiff
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// The differentiable linear solve: values against LAPACK's `Matrix.solve`, gradients against central
/// differences and against the forward sensitivities ∂v/∂p = A⁻¹ ∂b/∂p (one solve per parameter), and the
/// recorded failures.
@Suite struct LinearSolveTests {
    /// A well-conditioned general matrix: random entries plus n on the diagonal.
    static func general(_ n: Int, seed: UInt64) -> Tensor<Double> {
        var a = normal([n, n], seed: seed)
        a.withUnsafeMutableBufferPointer { for i in 0..<n { $0[i * n + i] += Double(n) } }
        return a
    }

    /// A = M Mᵀ + n I, symmetric positive definite, as a differentiable function of M.
    static func positiveDefinite<Scalar>(_ m: Variable<Scalar>) -> Variable<Scalar> {
        let n = m.shape[0]
        let identity = m.graph.constant(Tensor(shape: [n, n]) { $0 / n == $0 % n ? Scalar(Double(n)) : .zero })
        return matmul(m, m, transposeB: true) + identity
    }

    @Test(arguments: [[5], [5, 3]])
    func valuesMatchLAPACKSolve(_ rhsShape: [Int]) throws {
        let a = Self.general(5, seed: 1), b = normal(rhsShape, seed: 2)
        let graph = Graph<Double>()
        let x = try solve(graph.constant(a), graph.constant(b)).value()
        #expect(x.shape == rhsShape)
        let reference = try a.matrix!.solve(Matrix(rows: 5, columns: rhsShape.count == 2 ? 3 : 1, elements: b.scalars))
        assertClose(x.scalars, reference.elements, relativeTolerance: 1e-12)
        let m = normal([5, 5], seed: 3)
        let spd = try Self.positiveDefinite(graph.constant(m)).value()
        let y = try solvePositiveDefinite(graph.constant(spd), graph.constant(b)).value()
        let spdReference = try spd.matrix!.solvePositiveDefinite(Matrix(rows: 5, columns: rhsShape.count == 2 ? 3 : 1, elements: b.scalars))
        assertClose(y.scalars, spdReference.elements, relativeTolerance: 1e-12)
    }

    @Test(arguments: [[4], [4, 2]])
    func gradientsMatchCentralDifferences(_ rhsShape: [Int]) {
        expectGradientsMatchFiniteDifferences([Self.general(4, seed: 4), normal(rhsShape, seed: 5)], "LU \(rhsShape)") { v in
            weightedSum(solve(v[0], v[1]))
        }
        expectGradientsMatchFiniteDifferences([normal([4, 4], seed: 6), normal(rhsShape, seed: 7)], "Cholesky \(rhsShape)") { v in
            weightedSum(solvePositiveDefinite(Self.positiveDefinite(v[0]), v[1]))
        }
    }

    /// The course's setting E v = b(p), F = cᵀ v: the adjoint gradient (one transposed solve) against the M forward
    /// sensitivities ∂v/∂pⱼ = E⁻¹ ∂b/∂pⱼ, each an independent LAPACK solve, and against forward mode.
    @Test func adjointGradientEqualsTheForwardSensitivities() throws {
        let n = 6, parameters = 4
        let e = Self.general(n, seed: 8), c = normal([n], seed: 9), p = normal([parameters], seed: 10)
        let jacobian = normal([n, parameters], seed: 11)   // b(p) = B p + sin(p)₀ e₀, so ∂b/∂p = B + cos(p₀) e₀ e₀ᵀ
        func program(_ v: [Variable<Double>]) -> Variable<Double> {
            let graph = v[0].graph
            let linear = matmul(graph.constant(jacobian), v[0].reshaped([parameters, 1])).reshaped([n])
            let bump = concatenate([sin(v[0].sliced(axis: 0, 0..<1)), graph.constant(Tensor(zeros: [n - 1]))], axis: 0)
            return (solve(graph.constant(e), linear + bump) * graph.constant(c)).sum()
        }
        let adjoint = try valueWithGradient(at: [p], in: program).gradients[0]
        var forward: [Double] = []
        for j in 0..<parameters {
            var column = (0..<n).map { jacobian[$0, j] }
            if j == 0 { column[0] += Foundation.cos(p[0]) }
            let sensitivity = try e.matrix!.solve(column)   // ∂v/∂pⱼ
            forward.append(zip(c.scalars, sensitivity).map { $0 * $1 }.reduce(0, +))
        }
        assertClose(adjoint.scalars, forward, relativeTolerance: 1e-12)
        for j in 0..<parameters {
            let direction = Tensor(shape: [parameters]) { $0 == j ? 1.0 : 0 }
            let tangent = try valueWithTangent(at: [p], along: [direction], in: program).tangent
            assertClose(tangent.scalar!, forward[j], relativeTolerance: 1e-12, "forward mode, parameter \(j)")
        }
    }

    /// Forward mode through both operands against reverse mode: ⟨w, J ẋ⟩ = ⟨Jᵀ w, ẋ⟩.
    @Test(arguments: [LinearSolveKind.lu, .cholesky])
    func tangentIsThePullbacksTranspose(_ kind: LinearSolveKind) throws {
        let graph = Graph<Double>()
        let m = graph.variable(normal([4, 4], seed: 12)), b = graph.variable(normal([4, 3], seed: 13))
        let x = kind == .lu ? solve(m, b) : solvePositiveDefinite(Self.positiveDefinite(m), b)
        let dm = normal([4, 4], seed: 14), db = normal([4, 3], seed: 15), w = normal([4, 3], seed: 16)
        let jvp = try graph.tangent(of: x, along: [(m, dm), (b, db)])
        let vjp = try graph.gradients(of: x, withRespectTo: [m, b], seed: w)
        let left = zip(w.scalars, jvp.scalars).map { $0 * $1 }.reduce(0, +)
        let right = zip(vjp[0].scalars, dm.scalars).map { $0 * $1 }.reduce(0, +) + zip(vjp[1].scalars, db.scalars).map { $0 * $1 }.reduce(0, +)
        assertClose(left, right, relativeTolerance: 1e-11)
    }

    /// Float (LAPACK s-routines) and dual numbers (the generic loops, forward-over-reverse) against Double.
    @Test(arguments: [LinearSolveKind.lu, .cholesky])
    func floatAndDualNumbersAgreeWithDouble(_ kind: LinearSolveKind) throws {
        let m = normal([5, 5], seed: 17), b = normal([5, 2], seed: 18), w = normal([5, 2], seed: 19)
        func loss<Scalar>(_ v: [Variable<Scalar>]) -> Variable<Scalar> {
            let x = kind == .lu ? solve(v[0] + v[0].graph.constant(Tensor(converting: Self.general(5, seed: 20))), v[1])
                                : solvePositiveDefinite(Self.positiveDefinite(v[0]), v[1])
            return (x * v[0].graph.constant(Tensor(converting: w))).sum()
        }
        let double = try valueWithGradient(at: [m, b], in: loss)
        let single = try valueWithGradient(at: [Tensor<Float>(converting: m), Tensor<Float>(converting: b)], in: loss)
        let dual = try valueWithGradient(at: [Tensor<Dual<Double>>(converting: m), Tensor<Dual<Double>>(converting: b)], in: loss)
        assertClose(Double(single.value.scalar!), double.value.scalar!, relativeTolerance: 1e-4)
        assertClose(dual.value.scalar!.value, double.value.scalar!, relativeTolerance: 1e-12)
        for i in 0..<2 {
            assertClose(single.gradients[i].scalars.map(Double.init), double.gradients[i].scalars, relativeTolerance: 1e-3, absoluteTolerance: 1e-4)
            assertClose(dual.gradients[i].scalars.map(\.value), double.gradients[i].scalars, relativeTolerance: 1e-10, absoluteTolerance: 1e-12)
        }
    }

    @Test func singularAndIndefiniteMatricesAreRecorded() {
        let graph = Graph<Double>()
        let singular = try! Tensor<Double>(shape: [3, 3], scalars: [1, 2, 3, 0, 0, 0, 4, 5, 6])
        let x = solve(graph.variable(singular), graph.constant(Tensor([1.0, 2, 3])))
        #expect(x.shape == [3])
        #expect(graph.error?.description.hasPrefix("solve: the 3 × 3 matrix is singular (pivot") == true)
        #expect(throws: AutodiffError.self) { try x.value() }

        let indefinite = Graph<Double>()
        _ = solvePositiveDefinite(indefinite.constant(try! Tensor(shape: [2, 2], scalars: [1, 2, 2, 1])), indefinite.constant(Tensor([1.0, 1])))
        #expect(indefinite.error?.description == "solvePositiveDefinite: the 2 × 2 matrix is not positive definite (its leading minor of order 2 is not positive); use solve for a general matrix")

        let shapes = Graph<Double>()
        _ = solve(shapes.constant(Tensor(zeros: [3, 2])), shapes.constant(Tensor(zeros: [3])))
        #expect(shapes.error?.description == "solve: the matrix has shape [3, 2]; it must be square [n, n] with n ≥ 1")
        let rhs = Graph<Double>()
        _ = solve(rhs.constant(Self.general(3, seed: 1)), rhs.constant(Tensor(zeros: [4])))
        #expect(rhs.error?.description == "solve: the right-hand side has shape [4]; for a matrix of shape [3, 3] it must be [3] or [3, k]")
    }
}
