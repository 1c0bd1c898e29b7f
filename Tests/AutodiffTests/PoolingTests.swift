import Autodiff
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// Max / average pooling against plain window loops and central differences; global average pooling and flatten.
@Suite struct PoolingTests {
    /// The definition: each output reduces its window, padding ignored by max and counted as zeros by average.
    static func naivePool(_ kind: PoolingKind, _ x: [Double], _ shape: [Int], kernel: (Int, Int), stride: (Int, Int),
                          padding: (Int, Int)) -> (shape: [Int], values: [Double]) {
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let ho = (h + 2 * padding.0 - kernel.0) / stride.0 + 1, wo = (w + 2 * padding.1 - kernel.1) / stride.1 + 1
        var y: [Double] = []
        for plane in 0..<(n * c) {
            for i in 0..<ho {
                for j in 0..<wo {
                    var best = -Double.infinity, sum = 0.0
                    for u in 0..<kernel.0 {
                        for v in 0..<kernel.1 {
                            let row = i * stride.0 - padding.0 + u, col = j * stride.1 - padding.1 + v
                            guard row >= 0, row < h, col >= 0, col < w else { continue }
                            let value = x[(plane * h + row) * w + col]
                            best = max(best, value)
                            sum += value
                        }
                    }
                    y.append(kind == .max ? best : sum / Double(kernel.0 * kernel.1))
                }
            }
        }
        return ([n, c, ho, wo], y)
    }

    static func pool<Scalar>(_ kind: PoolingKind, _ x: Variable<Scalar>, kernel: (Int, Int), stride: (Int, Int)?,
                             padding: (Int, Int)) -> Variable<Scalar> {
        kind == .max ? maxPool2d(x, kernel: kernel, stride: stride, padding: padding)
                     : avgPool2d(x, kernel: kernel, stride: stride, padding: padding)
    }

    @Test(arguments: [PoolingKind.max, .average])
    func shapesAndValuesOverAGridOfSettings(_ kind: PoolingKind) throws {
        let shape = [2, 3, 7, 6]
        let x = normal(shape, seed: 1)
        var checked = 0
        for kernel in [(1, 1), (2, 2), (3, 2), (3, 3)] {
            for stride in [nil, (1, 1), (2, 1), (2, 3)] {
                for padding in [(0, 0), (1, 0), (1, 1)] where 2 * padding.0 <= kernel.0 && 2 * padding.1 <= kernel.1 {
                    let s = stride ?? kernel
                    let graph = Graph<Double>()
                    let y = try Self.pool(kind, graph.constant(x), kernel: kernel, stride: stride, padding: padding).value()
                    let expectedShape = [2, 3, (7 + 2 * padding.0 - kernel.0) / s.0 + 1, (6 + 2 * padding.1 - kernel.1) / s.1 + 1]
                    let reference = Self.naivePool(kind, x.scalars, shape, kernel: kernel, stride: s, padding: padding)
                    #expect(y.shape == expectedShape)
                    #expect(reference.shape == expectedShape)
                    assertClose(y.scalars, reference.values, relativeTolerance: 1e-14, "\(kind) kernel \(kernel) stride \(s) padding \(padding)")
                    checked += 1
                }
            }
        }
        #expect(checked == 40)
    }

    @Test(arguments: [PoolingKind.max, .average])
    func gradientsMatchCentralDifferences(_ kind: PoolingKind) {
        for (kernel, stride, padding) in [((2, 2), nil, (0, 0)), ((3, 3), (2, 2), (1, 1)), ((3, 2), (1, 2), (1, 0))] as [((Int, Int), (Int, Int)?, (Int, Int))] {
            expectGradientsMatchFiniteDifferences([normal([2, 2, 5, 6], seed: 3)], "\(kind) \(kernel)") { v in
                weightedSum(Self.pool(kind, v[0], kernel: kernel, stride: stride, padding: padding))
            }
        }
    }

    @Test func maxTiesSendTheAdjointToTheFirstEntryOfTheWindow() throws {
        // Overlapping 2 × 2 windows with stride 1 over a constant image: each window's first entry (top-left) wins.
        let x = Tensor<Double>(repeating: 1, shape: [1, 1, 3, 3])
        let gradient = try valueWithGradient(at: [x]) { v in maxPool2d(v[0], kernel: (2, 2), stride: (1, 1)).sum() }.gradients[0]
        #expect(gradient.scalars == [1, 1, 0, 1, 1, 0, 0, 0, 0])
    }

    /// The 2 × 2 stride-2 fast path against the general window loop, on small integers (many ties) with a NaN, on
    /// odd sizes (the last row and column dropped): the same values and the same winner (the first maximal entry
    /// in row-major order, a NaN over any number), hence the same adjoint.
    @Test func twoByTwoFastPathAgreesWithTheWindowLoopOnTies() throws {
        var generator = SeededGenerator(seed: 12)
        var x = (0..<(2 * 3 * 7 * 5)).map { _ in Double(generator.next() % 3) }
        x[17] = .nan
        let g = ConvolutionGeometry(inputShape: [2, 3, 7, 5], kernel: (2, 2), stride: (2, 2), padding: (0, 0))
        let count = 2 * 3 * g.outputHeight * g.outputWidth
        var fast = [Double](repeating: 0, count: count), loop = fast
        var fastWinner = [Int](repeating: -1, count: count), loopWinner = fastWinner
        Double._maxPool2x2(g, x, &fast, argmax: &fastWinner)
        Double._pool2dWindows(.max, g, x, &loop, argmax: &loopWinner)
        #expect(fastWinner == loopWinner)
        #expect(zip(fast, loop).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(fast.contains { $0.isNaN })
        // The ties really are ties: some window holds its maximum twice, and the winner is its first occurrence.
        let reference = Self.naivePool(.max, x.map { $0.isNaN ? 9 : $0 }, [2, 3, 7, 5], kernel: (2, 2), stride: (2, 2), padding: (0, 0))
        var ties = 0
        for (o, winner) in fastWinner.enumerated() where !x[winner].isNaN {
            #expect(x[winner] == reference.values[o])
            let plane = o / (g.outputHeight * g.outputWidth), oy = (o / g.outputWidth) % g.outputHeight, ox = o % g.outputWidth
            let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (plane * 7 + 2 * oy + $0.0) * 5 + 2 * ox + $0.1 }
            #expect(winner == window.first { x[$0] == reference.values[o] })
            if window.filter({ x[$0] == reference.values[o] }).count > 1 { ties += 1 }
        }
        #expect(ties > 5)
    }

    @Test func averagePoolingCountsThePaddingAsPyTorchDoes() throws {
        // count_include_pad = True: a 3 × 3 window at the corner of a ones image padded by 1 sees 4 ones in 9.
        let graph = Graph<Double>()
        let y = try avgPool2d(graph.constant(Tensor(repeating: 1, shape: [1, 1, 4, 4])), kernel: (3, 3), stride: (1, 1),
                              padding: (1, 1)).value()
        assertClose(y[0, 0, 0, 0], 4.0 / 9)
        assertClose(y[0, 0, 0, 1], 6.0 / 9)
        assertClose(y[0, 0, 1, 1], 1)
    }

    @Test(arguments: [PoolingKind.max, .average])
    func floatAgreesWithDoubleAndTheTangentIsThePullbacksTranspose(_ kind: PoolingKind) throws {
        let x = normal([2, 3, 6, 5], seed: 4), direction = normal([2, 3, 6, 5], seed: 5)
        let graph = Graph<Double>()
        let variable = graph.variable(x)
        let y = Self.pool(kind, variable, kernel: (3, 2), stride: (2, 1), padding: (1, 1))
        let singleGraph = Graph<Float>()
        let single = try Self.pool(kind, singleGraph.constant(Tensor<Float>(converting: x)), kernel: (3, 2), stride: (2, 1),
                                   padding: (1, 1)).value()
        assertClose(single.scalars.map(Double.init), try y.value().scalars, relativeTolerance: 1e-6, absoluteTolerance: 1e-6)
        let w = Tensor<Double>.randomNormal(shape: y.shape, seed: 6)
        let jvp = try graph.tangent(of: y, along: [(variable, direction)])
        let vjp = try graph.gradients(of: y, withRespectTo: [variable], seed: w)[0]
        assertClose(zip(w.scalars, jvp.scalars).map { $0 * $1 }.reduce(0, +),
                    zip(vjp.scalars, direction.scalars).map { $0 * $1 }.reduce(0, +), relativeTolerance: 1e-12)
    }

    @Test func badSettingsAreRecorded() {
        func failure(_ shape: [Int], kernel: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) -> String {
            let graph = Graph<Double>()
            _ = maxPool2d(graph.constant(Tensor(zeros: shape)), kernel: kernel, stride: stride, padding: padding)
            return graph.error?.description ?? "no error"
        }
        #expect(failure([2, 4, 4], kernel: (2, 2)) == "maxPool2d: input has shape [2, 4, 4]; it must be [N, C, H, W]")
        #expect(failure([1, 1, 4, 4], kernel: (2, 2), padding: (2, 0)) == "maxPool2d: padding (2, 0) must be between 0 and half the kernel (2, 2)")
        #expect(failure([1, 1, 4, 4], kernel: (0, 2)) == "maxPool2d: kernel (0, 2) and stride (0, 2) must be ≥ 1")
        #expect(failure([1, 1, 2, 4], kernel: (3, 3)).hasPrefix("maxPool2d: a 3×3 window does not fit in input [1, 1, 2, 4]"))
        #expect(failure([1, 1, 4, 4], kernel: (2, 2)) == "no error")
    }

    @Test func globalAveragePoolingIsThePlaneMean() throws {
        let x = normal([2, 3, 4, 5], seed: 8)
        let graph = Graph<Double>()
        let y = try globalAveragePool2d(graph.constant(x)).value()
        #expect(y.shape == [2, 3])
        let expected = (0..<6).map { plane in x.scalars[(plane * 20)..<(plane * 20 + 20)].reduce(0, +) / 20 }
        assertClose(y.scalars, expected, relativeTolerance: 1e-14)
        expectGradientsMatchFiniteDifferences([x]) { v in weightedSum(globalAveragePool2d(v[0])) }
        _ = globalAveragePool2d(graph.constant(Tensor<Double>(zeros: [2, 3])))
        #expect(graph.error?.description == "globalAveragePool2d: input has shape [2, 3]; it must be [N, C, H, W]")
    }

    @Test func flattenKeepsTheBatchAxis() throws {
        let x = normal([2, 3, 4, 5], seed: 9)
        let graph = Graph<Double>()
        let y = flatten(graph.constant(x))
        #expect(y.shape == [2, 60])
        #expect(try y.value().scalars == x.scalars)
        #expect(flatten(graph.constant(Tensor<Double>(zeros: [7]))).shape == [7, 1])
        expectGradientsMatchFiniteDifferences([x]) { v in weightedSum(flatten(v[0])) }
    }
}
