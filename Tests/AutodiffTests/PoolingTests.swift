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

    /// The eight-lane Float kernel (and Double's row loop) against the window loop on rows wide enough (35 columns: 17
    /// windows, two 8-window blocks and a scalar tail of one, the odd last column dropped), with ties and NaNs.
    @Test func laneKernelsPickTheWindowLoopsWinner() throws {
        func check<Scalar: TensorScalar & BinaryFloatingPoint>(_: Scalar.Type, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            let shape = [2, 2, 6, 35]
            var x = (0..<(2 * 2 * 6 * 35)).map { _ in Scalar(Double(generator.next() % 4)) }
            for position in [3, 36, 70, 71, 140, 143, 400, 401, 436] { x[position] = .nan }
            let g = ConvolutionGeometry(inputShape: shape, kernel: (2, 2), stride: (2, 2), padding: (0, 0))
            #expect(g.outputWidth == 17)
            let count = 2 * 2 * g.outputHeight * g.outputWidth
            var fast = [Scalar](repeating: 0, count: count), loop = fast
            var fastWinner = [Int](repeating: -1, count: count), loopWinner = fastWinner
            Scalar._maxPool2x2(g, x, &fast, argmax: &fastWinner)
            Scalar._pool2dWindows(.max, g, x, &loop, argmax: &loopWinner)
            #expect(fastWinner == loopWinner, "\(Scalar.self)")
            #expect(zip(fast, loop).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(Scalar.self)")
            #expect(fast.filter(\.isNaN).count >= 5)
        }
        check(Float.self, seed: 31)
        check(Double.self, seed: 32)
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
        // Eight interleaved partial sums: the same sum up to rounding, so an absolute floor for means near zero.
        assertClose(y.scalars, expected, relativeTolerance: 1e-13, absoluteTolerance: 1e-15)
        expectGradientsMatchFiniteDifferences([x]) { v in weightedSum(globalAveragePool2d(v[0])) }
        _ = globalAveragePool2d(graph.constant(Tensor<Double>(zeros: [2, 3])))
        #expect(graph.error?.description == "globalAveragePool2d: input has shape [2, 3]; it must be [N, C, H, W]")
    }

    /// The adjoint of a 2 × 2 max pool whose windows tile the input (the written, not accumulated, fast path) and of
    /// one that adds to an adjoint another use of the input already started: each against the definition, the seed
    /// sent to the window's first maximal entry (a loop written here), on small integers so many windows tie.
    @Test func twoByTwoMaxPoolPullbackWritesTheSeedAtEachWinner() throws {
        var generator = SeededGenerator(seed: 21)
        let shape = [2, 3, 6, 8]
        let x = try Tensor<Double>(shape: shape, scalars: (0..<(2 * 3 * 6 * 8)).map { _ in Double(generator.next() % 3) })
        let seed = normal([2, 3, 3, 4], seed: 22), other = normal(shape, seed: 23)
        var expected = [Double](repeating: 0, count: x.scalarCount)
        for plane in 0..<6 {
            for oy in 0..<3 {
                for ox in 0..<4 {
                    let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (plane * 6 + 2 * oy + $0.0) * 8 + 2 * ox + $0.1 }
                    let best = window.map { x.scalars[$0] }.max()!
                    expected[window.first { x.scalars[$0] == best }!] += seed.scalars[(plane * 3 + oy) * 4 + ox]
                }
            }
        }
        // Alone: the pool's pullback is the first to reach x, so it writes x̄ whole.
        let graph = Graph<Double>()
        let variable = graph.variable(x)
        let pooled = maxPool2d(variable, kernel: (2, 2))
        let fresh = try graph.gradients(of: pooled, withRespectTo: [variable], seed: seed)[0]
        #expect(fresh.scalars == expected)
        // After another use of x recorded later (so its pullback runs first): the pool adds to x̄.
        let both = Graph<Double>()
        let shared = both.variable(x)
        let sum = (maxPool2d(shared, kernel: (2, 2)) * both.constant(seed)).sum() + (shared * both.constant(other)).sum()
        let accumulated = try both.gradients(of: sum, withRespectTo: [shared])[0]
        assertClose(accumulated.scalars, zip(expected, other.scalars).map { $0 + $1 }, relativeTolerance: 1e-15)
        expectGradientsMatchFiniteDifferences([normal(shape, seed: 24)], "tiling 2 × 2 windows") { v in
            weightedSum(maxPool2d(v[0], kernel: (2, 2)))
        }
    }

    /// Global average pooling's whole-plane kernels: the values against the plane sums on planes that are not a
    /// multiple of the eight partial sums (7 × 5 = 35), and the pullback written alone and added to another use.
    @Test func globalAveragePoolingPullbackSpreadsTheSeedOverThePlane() throws {
        let x = normal([2, 3, 7, 5], seed: 25), seed = normal([2, 3], seed: 26), other = normal([2, 3, 7, 5], seed: 27)
        let graph = Graph<Double>()
        let variable = graph.variable(x)
        let y = globalAveragePool2d(variable)
        let expected = (0..<6).map { plane in x.scalars[(plane * 35)..<(plane * 35 + 35)].reduce(0, +) / 35 }
        assertClose(try y.value().scalars, expected, relativeTolerance: 1e-13, absoluteTolerance: 1e-15)
        let spread = (0..<(6 * 35)).map { seed.scalars[$0 / 35] / 35 }
        let fresh = try graph.gradients(of: y, withRespectTo: [variable], seed: seed)[0]
        assertClose(fresh.scalars, spread, relativeTolerance: 1e-15)
        let both = Graph<Double>()
        let shared = both.variable(x)
        let sum = (globalAveragePool2d(shared) * both.constant(seed)).sum() + (shared * both.constant(other)).sum()
        let accumulated = try both.gradients(of: sum, withRespectTo: [shared])[0]
        assertClose(accumulated.scalars, zip(spread, other.scalars).map { $0 + $1 }, relativeTolerance: 1e-14)
        _ = globalAveragePool2d(graph.constant(Tensor<Double>(zeros: [2, 3, 0, 4])))
        #expect(graph.error?.description == "globalAveragePool2d: input [2, 3, 0, 4] has an empty 0×4 plane; it needs at least one pixel per channel")
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
