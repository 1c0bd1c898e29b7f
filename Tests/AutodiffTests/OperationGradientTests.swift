import Autodiff
import LinearAlgebra
import Foundation
import TestSupport
import Testing

/// Every operation's reverse-mode gradient against central differences (Double, relative error ≤ 1e-6).
@Suite struct OperationGradientTests {
    static let unaryFunctions: [(UnaryFunction, positiveDomain: Bool)] = [
        (.negate, false), (.exp, false), (.log, true), (.sqrt, true), (.square, false), (.abs, false),
        (.sin, false), (.cos, false), (.tanh, false), (.sigmoid, false), (.relu, false),
        (.leakyReLU(slope: 0.01), false), (.elu(alpha: 1), false), (.selu, false), (.gelu, false),
        (.geluTanh, false), (.silu, false), (.softplus, false), (.step, false), (.gaussian, false),
        (.power(2.5), true), (.scale(-1.7), false), (.shift(0.3), false), (.clamp(lower: -0.5, upper: 0.5), false),
    ]

    @Test(arguments: 0..<unaryFunctions.count)
    func unaryFunction(_ position: Int) {
        let (function, positiveDomain) = Self.unaryFunctions[position]
        let x = positiveDomain ? positive([3, 4], seed: UInt64(position)) : normal([3, 4], seed: UInt64(position))
        expectGradientsMatchFiniteDifferences([x], "\(function)") { v in weightedSum(v[0].apply(function)) }
    }

    static let broadcastShapes: [([Int], [Int])] = [
        ([3, 4], [3, 4]), ([3, 4], [4]), ([3, 4], []), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([4], [2, 3, 4]),
        ([2, 1, 3, 2], [1, 2, 1, 2]),
    ]

    @Test(arguments: [BinaryFunction.add, .subtract, .multiply, .divide, .power, .maximum, .minimum])
    func binaryFunctionWithBroadcasting(_ function: BinaryFunction) {
        for (index, (a, b)) in Self.broadcastShapes.enumerated() {
            let seed = UInt64(10 * index)
            let positiveOperands = function == .power || function == .divide
            let x = positiveOperands ? positive(a, seed: seed) : normal(a, seed: seed)
            let y = positiveOperands ? positive(b, seed: seed + 1) : normal(b, seed: seed + 1)
            expectGradientsMatchFiniteDifferences([x, y], "\(function) \(a) with \(b)") { v in
                weightedSum(v[0].combined(with: v[1], function))
            }
        }
    }

    @Test func broadcastGradientsAreSummedBackToTheInputShape() throws {
        // d/db Σ (A + b) over rows = number of rows, for every entry of the row vector b.
        let a = normal([5, 3], seed: 1), b = normal([3], seed: 2)
        let gradients = try valueWithGradient(at: [a, b]) { v in (v[0] + v[1]).sum() }.gradients
        #expect(gradients[1].shape == [3])
        assertClose(gradients[1].scalars, [5, 5, 5])
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matrixProduct(_ transposes: (Bool, Bool)) {
        let (ta, tb) = transposes
        let a = normal(ta ? [4, 3] : [3, 4], seed: 3), b = normal(tb ? [2, 4] : [4, 2], seed: 4)
        expectGradientsMatchFiniteDifferences([a, b], "transposeA \(ta), transposeB \(tb)") { v in
            weightedSum(matmul(v[0], v[1], transposeA: ta, transposeB: tb))
        }
    }

    @Test func matrixProductMatchesLinearAlgebraGemm() throws {
        let a = normal([3, 5], seed: 5), b = normal([5, 2], seed: 6)
        let graph = Graph<Double>()
        let product = try matmul(graph.constant(a), graph.constant(b)).value()
        assertClose(product.matrix!, a.matrix! * b.matrix!, relativeTolerance: 1e-14)
    }

    @Test func shapeOperations() {
        let x = normal([2, 3, 4], seed: 7), y = normal([2, 2, 4], seed: 8)
        expectGradientsMatchFiniteDifferences([x], "reshape") { v in weightedSum(v[0].reshaped([6, -1]).squared()) }
        expectGradientsMatchFiniteDifferences([x], "transpose") { v in weightedSum(v[0].transposed() * 2.0) }
        expectGradientsMatchFiniteDifferences([x], "permute") { v in weightedSum(v[0].permuted([2, 0, 1]).squared()) }
        expectGradientsMatchFiniteDifferences([x], "slice") { v in weightedSum(v[0].sliced(axis: 1, 1..<3).squared()) }
        expectGradientsMatchFiniteDifferences([x, y], "concatenate") { v in
            weightedSum(concatenate([v[0], v[1], v[0]], axis: 1).squared())
        }
    }

    @Test func reductions() {
        let x = normal([3, 4, 5], seed: 9)
        for axes: [Int]? in [nil, [0], [1], [2], [0, 2], [-1]] {
            for keep in [false, true] {
                expectGradientsMatchFiniteDifferences([x], "sum \(String(describing: axes)) keep \(keep)") { v in
                    weightedSum(v[0].squared().sum(alongAxes: axes, keepingDimensions: keep))
                }
                expectGradientsMatchFiniteDifferences([x], "mean \(String(describing: axes))") { v in
                    weightedSum(v[0].squared().mean(alongAxes: axes, keepingDimensions: keep))
                }
                expectGradientsMatchFiniteDifferences([x], "max \(String(describing: axes))") { v in
                    weightedSum(v[0].max(alongAxes: axes, keepingDimensions: keep))
                }
                expectGradientsMatchFiniteDifferences([x], "logSumExp \(String(describing: axes))") { v in
                    weightedSum(v[0].logSumExp(alongAxes: axes, keepingDimensions: keep))
                }
            }
        }
    }

    @Test(arguments: [0, 1, 2])
    func softmaxAndLogSoftmax(_ axis: Int) {
        let x = normal([2, 3, 4], seed: 11)
        expectGradientsMatchFiniteDifferences([x], "softmax axis \(axis)") { v in weightedSum(v[0].softmax(axis: axis)) }
        expectGradientsMatchFiniteDifferences([x], "logSoftmax axis \(axis)") { v in weightedSum(v[0].logSoftmax(axis: axis)) }
    }

    @Test func gatherAndWhere() {
        let x = normal([4, 3], seed: 12), y = normal([4, 3], seed: 13), row = normal([3], seed: 14)
        expectGradientsMatchFiniteDifferences([x], "gather") { v in
            weightedSum(v[0].logSoftmax().gather(classes: [2, 0, 1, 2]))
        }
        let mask = Tensor<Double>(shape: [4, 3]) { $0 % 3 == 1 ? 1 : 0 }
        expectGradientsMatchFiniteDifferences([x, y], "where") { v in
            weightedSum(`where`(v[0].graph.constant(mask), v[0].squared(), v[1] * 3.0))
        }
        expectGradientsMatchFiniteDifferences([x, row], "where broadcast") { v in
            weightedSum(`where`(v[0].isGreater(than: v[1]), v[0], v[1]))
        }
    }

    @Test func checkpointedSegment() {
        let x = normal([3, 4], seed: 15), w = normal([4, 4], seed: 16)
        expectGradientsMatchFiniteDifferences([x, w], "checkpoint") { v in
            let h = v[0].graph.checkpoint([v[0], v[1]]) { s in tanh(matmul(s[0], s[1])) }
            return weightedSum(h.squared())
        }
    }
}

@Suite struct ActivationCompositionTests {
    @Test func compositeActivationsMatchTheirFormulasAndFiniteDifferences() throws {
        let x = normal([2, 6], seed: 60), alpha = positive([6], seed: 61)
        let graph = Graph<Double>()
        let v = graph.constant(x)
        let xs = x.scalars
        assertClose(try sigmoid(v, slope: 2).value().scalars, xs.map { 1 / (1 + exp(-2 * $0)) }, relativeTolerance: 1e-14)
        assertClose(try lecunTanh(v).value().scalars, xs.map { 1.7159 * tanh(2 * $0 / 3) }, relativeTolerance: 1e-14)
        let prelu = try parametricReLU(v, alpha: graph.constant(alpha)).value().scalars
        assertClose(prelu, xs.enumerated().map { $0.element > 0 ? $0.element : alpha.scalars[$0.offset % 6] * $0.element })
        let groups = try maxout(v, pieces: 3).value()
        #expect(groups.shape == [2, 2])
        assertClose(groups.scalars, stride(from: 0, to: 12, by: 3).map { xs[$0..<$0 + 3].max()! })
        expectGradientsMatchFiniteDifferences([x, alpha], "prelu, lecun, sigmoid slope, maxout") { v in
            weightedSum(parametricReLU(v[0], alpha: v[1]) + lecunTanh(v[0]) + sigmoid(v[0], slope: 0.5))
                + weightedSum(maxout(v[0], pieces: 2))
        }
    }

    /// ReLU over its input's buffer: the values of `relu`, its gradient by central differences (accumulating too, the
    /// input's adjoint also fed by a later use of the input's input), and no overwrite of a leaf's tensor.
    @Test func reluOverwritingItsInputMatchesRelu() throws {
        let x = normal([3, 5], seed: 41)
        let graph = Graph<Double>()
        let product = graph.constant(x) * 2.0
        let inPlace = try reluOverwritingInput(product).value()
        #expect(inPlace.scalars == x.scalars.map { Swift.max(2 * $0, 0) })
        expectGradientsMatchFiniteDifferences([x], "in place, fresh") { v in weightedSum(reluOverwritingInput(v[0] * 1.5)) }
        expectGradientsMatchFiniteDifferences([x], "in place, accumulated") { v in
            let scaled = v[0] * 1.5
            return weightedSum(reluOverwritingInput(scaled)) + weightedSum(v[0].apply(.sin), seed: 7)
        }
        let leaf = Graph<Double>()
        let original = x.scalars
        #expect(try reluOverwritingInput(leaf.constant(x)).value().scalars == original.map { Swift.max($0, 0) })
        #expect(x.scalars == original)
    }
}
