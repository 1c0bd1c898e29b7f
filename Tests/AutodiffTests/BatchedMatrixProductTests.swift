import Autodiff
import Foundation
import TestSupport
import Testing

/// `batchedMatmul` against a triple loop per batch entry, central differences and the forward-mode tangent, with
/// either operand shared (rank 2) and every transpose combination.
@Suite struct BatchedMatrixProductTests {
    static let batch = 3, m = 2, k = 4, n = 3

    /// Operand shapes for the transposes and which operand is shared (rank 2).
    static func shapes(_ ta: Bool, _ tb: Bool, sharedA: Bool, sharedB: Bool) -> ([Int], [Int]) {
        let a = ta ? [k, m] : [m, k], b = tb ? [n, k] : [k, n]
        return (sharedA ? a : [batch] + a, sharedB ? b : [batch] + b)
    }

    static func naive(_ a: [Double], _ b: [Double], _ ta: Bool, _ tb: Bool, sharedA: Bool, sharedB: Bool) -> [Double] {
        var c: [Double] = []
        for i in 0..<batch {
            let ai = sharedA ? 0 : i * m * k, bi = sharedB ? 0 : i * k * n
            for r in 0..<m {
                for s in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        sum += a[ai + (ta ? p * m + r : r * k + p)] * b[bi + (tb ? s * k + p : p * n + s)]
                    }
                    c.append(sum)
                }
            }
        }
        return c
    }

    static let cases: [(Bool, Bool, Bool, Bool)] = [false, true].flatMap { ta in
        [false, true].flatMap { tb in [(false, false), (true, false), (false, true)].map { (ta, tb, $0.0, $0.1) } }
    }

    @Test(arguments: 0..<cases.count)
    func valuesGradientsAndTangents(_ index: Int) throws {
        let (ta, tb, sharedA, sharedB) = Self.cases[index]
        let (shapeA, shapeB) = Self.shapes(ta, tb, sharedA: sharedA, sharedB: sharedB)
        let a = normal(shapeA, seed: UInt64(index)), b = normal(shapeB, seed: UInt64(index) + 20)
        let label = "transposeA \(ta), transposeB \(tb), shapes \(shapeA) × \(shapeB)"
        let graph = Graph<Double>()
        let va = graph.variable(a), vb = graph.variable(b)
        let c = batchedMatmul(va, vb, transposeA: ta, transposeB: tb)
        #expect(c.shape == [Self.batch, Self.m, Self.n], "\(label)")
        assertClose(try c.value().scalars, Self.naive(a.scalars, b.scalars, ta, tb, sharedA: sharedA, sharedB: sharedB),
                    relativeTolerance: 1e-13, absoluteTolerance: 1e-13, "\(label)")
        expectGradientsMatchFiniteDifferences([a, b], "\(label)") { v in
            weightedSum(batchedMatmul(v[0], v[1], transposeA: ta, transposeB: tb))
        }
        let da = normal(shapeA, seed: 40), db = normal(shapeB, seed: 41), w = normal(c.shape, seed: 42)
        let jvp = try graph.tangent(of: c, along: [(va, da), (vb, db)])
        let vjp = try graph.gradients(of: c, withRespectTo: [va, vb], seed: w)
        let left = zip(w.scalars, jvp.scalars).map { $0 * $1 }.reduce(0, +)
        let right = zip(vjp[0].scalars, da.scalars).map { $0 * $1 }.reduce(0, +) + zip(vjp[1].scalars, db.scalars).map { $0 * $1 }.reduce(0, +)
        assertClose(left, right, relativeTolerance: 1e-12, "\(label)")
    }

    @Test func floatAgreesWithDouble() throws {
        let a = normal([4, 5, 6], seed: 1), b = normal([6, 3], seed: 2)
        let graph = Graph<Double>(), singleGraph = Graph<Float>()
        let double = try batchedMatmul(graph.constant(a), graph.constant(b)).value()
        let single = try batchedMatmul(singleGraph.constant(Tensor<Float>(converting: a)),
                                       singleGraph.constant(Tensor<Float>(converting: b))).value()
        assertClose(single.scalars.map(Double.init), double.scalars, relativeTolerance: 1e-5, absoluteTolerance: 1e-5)
    }

    @Test func mismatchedShapesAreRecorded() {
        func failure(_ a: [Int], _ b: [Int]) -> String {
            let graph = Graph<Double>()
            _ = batchedMatmul(graph.constant(Tensor(zeros: a)), graph.constant(Tensor(zeros: b)))
            return graph.error?.description ?? "no error"
        }
        #expect(failure([2, 3], [3, 4]).hasPrefix("batchedMatmul: operands have shapes [2, 3] and [3, 4]; one must be rank 3"))
        #expect(failure([2, 3, 4], [3, 4, 5]).hasPrefix("batchedMatmul: op(a) is 3 × 4 and op(b) is 4 × 5 per batch entry (shapes [2, 3, 4], [3, 4, 5]"))
        #expect(failure([2, 3, 4], [2, 5, 5]).hasPrefix("batchedMatmul: op(a) is 3 × 4 and op(b) is 5 × 5"))
        #expect(failure([2, 3, 4], [4, 5]) == "no error")
    }
}
