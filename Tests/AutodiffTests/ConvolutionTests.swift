import Autodiff
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// `conv2d` against a plain seven-loop cross-correlation, the closed-form output size, central differences, the
/// forward-mode tangent, and its recorded shape errors.
@Suite struct ConvolutionTests {
    struct Setting: CustomStringConvertible, Sendable {
        var input: [Int], filters: Int, kernel: (Int, Int), stride = (1, 1), padding = (0, 0), dilation = (1, 1)
        var groups = 1, bias = true
        var weightShape: [Int] { [filters, input[1] / groups, kernel.0, kernel.1] }
        var description: String {
            "input \(input), \(filters) filters \(kernel), stride \(stride), padding \(padding), dilation \(dilation), groups \(groups), bias \(bias)"
        }
    }

    /// The definition, one output scalar at a time: y[n,o,i,j] = b[o] + Σ_c Σ_u Σ_v w[o,c,u,v] x[n, c₀+c, i·s−p+u·d, j·s−p+v·d].
    static func naiveConvolution(_ x: [Double], _ w: [Double], _ b: [Double]?, _ s: Setting) -> (shape: [Int], values: [Double]) {
        let (n, c, h, wd) = (s.input[0], s.input[1], s.input[2], s.input[3])
        let (kh, kw) = s.kernel, cg = c / s.groups, og = s.filters / s.groups
        let ho = (h + 2 * s.padding.0 - s.dilation.0 * (kh - 1) - 1) / s.stride.0 + 1
        let wo = (wd + 2 * s.padding.1 - s.dilation.1 * (kw - 1) - 1) / s.stride.1 + 1
        var y = [Double](repeating: 0, count: n * s.filters * ho * wo)
        for batch in 0..<n {
            for o in 0..<s.filters {
                let group = o / og
                for i in 0..<ho {
                    for j in 0..<wo {
                        var sum = b?[o] ?? 0
                        for ci in 0..<cg {
                            for u in 0..<kh {
                                for v in 0..<kw {
                                    let row = i * s.stride.0 - s.padding.0 + u * s.dilation.0
                                    let col = j * s.stride.1 - s.padding.1 + v * s.dilation.1
                                    guard row >= 0, row < h, col >= 0, col < wd else { continue }
                                    let channel = group * cg + ci
                                    sum += w[((o * cg + ci) * kh + u) * kw + v] * x[((batch * c + channel) * h + row) * wd + col]
                                }
                            }
                        }
                        y[((batch * s.filters + o) * ho + i) * wo + j] = sum
                    }
                }
            }
        }
        return ([n, s.filters, ho, wo], y)
    }

    static func convolve<Scalar>(_ v: [Variable<Scalar>], _ s: Setting) -> Variable<Scalar> {
        conv2d(v[0], weight: v[1], bias: s.bias ? v[2] : nil, stride: s.stride, padding: s.padding, dilation: s.dilation,
               groups: s.groups)
    }

    static func operands(_ s: Setting, seed: UInt64) -> [Tensor<Double>] {
        var tensors = [normal(s.input, seed: seed), normal(s.weightShape, seed: seed + 1)]
        if s.bias { tensors.append(normal([s.filters], seed: seed + 2)) }
        return tensors
    }

    /// Every stride / padding / dilation / kernel combination on a 7 × 6 image: shape against the closed form
    /// ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1 and values against the seven loops.
    @Test func shapesAndValuesOverAGridOfSettings() throws {
        var checked = 0
        for stride in 1...3 {
            for padding in 0...2 {
                for dilation in 1...2 {
                    for kernel in [(1, 1), (3, 3), (2, 3)] {
                        let s = Setting(input: [2, 2, 7, 6], filters: 3, kernel: kernel, stride: (stride, stride + 1 > 3 ? 1 : stride + 1),
                                        padding: (padding, 2 - padding), dilation: (dilation, 3 - dilation), bias: stride != 2)
                        let expectedHeight = (7 + 2 * s.padding.0 - s.dilation.0 * (kernel.0 - 1) - 1) / s.stride.0 + 1
                        let expectedWidth = (6 + 2 * s.padding.1 - s.dilation.1 * (kernel.1 - 1) - 1) / s.stride.1 + 1
                        guard expectedHeight >= 1, expectedWidth >= 1 else { continue }
                        let tensors = Self.operands(s, seed: UInt64(checked))
                        let graph = Graph<Double>()
                        let y = try Self.convolve(tensors.map { graph.constant($0) }, s).value()
                        #expect(y.shape == [2, 3, expectedHeight, expectedWidth], "\(s)")
                        let reference = Self.naiveConvolution(tensors[0].scalars, tensors[1].scalars, s.bias ? tensors[2].scalars : nil, s)
                        #expect(reference.shape == y.shape)
                        assertClose(y.scalars, reference.values, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "\(s)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 40)
    }

    static let settings: [Setting] = [
        Setting(input: [2, 3, 5, 6], filters: 4, kernel: (3, 3), padding: (1, 1)),
        Setting(input: [2, 4, 6, 5], filters: 4, kernel: (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2), groups: 2),
        Setting(input: [1, 4, 7, 7], filters: 4, kernel: (2, 2), stride: (2, 3), padding: (1, 1), dilation: (2, 1), groups: 4, bias: false),
        Setting(input: [2, 3, 4, 3], filters: 2, kernel: (1, 1)),
    ]

    @Test(arguments: 0..<settings.count)
    func valuesAgreeWithTheSevenLoopDefinition(_ index: Int) throws {
        let s = Self.settings[index]
        let tensors = Self.operands(s, seed: UInt64(10 * index))
        let graph = Graph<Double>()
        let y = try Self.convolve(tensors.map { graph.constant($0) }, s).value()
        let reference = Self.naiveConvolution(tensors[0].scalars, tensors[1].scalars, s.bias ? tensors[2].scalars : nil, s)
        #expect(y.shape == reference.shape)
        assertClose(y.scalars, reference.values, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "\(s)")
    }

    @Test(arguments: 0..<settings.count)
    func gradientsMatchCentralDifferences(_ index: Int) {
        let s = Self.settings[index]
        expectGradientsMatchFiniteDifferences(Self.operands(s, seed: UInt64(index)), "\(s)") { v in
            weightedSum(Self.convolve(v, s))
        }
    }

    @Test(arguments: 0..<settings.count)
    func floatAgreesWithDouble(_ index: Int) throws {
        let s = Self.settings[index]
        let tensors = Self.operands(s, seed: UInt64(index))
        let doubleGraph = Graph<Double>()
        let double = try Self.convolve(tensors.map { doubleGraph.constant($0) }, s).value()
        let singles = tensors.map { Tensor<Float>(converting: $0) }
        let graph = Graph<Float>()
        let single = try Self.convolve(singles.map { graph.constant($0) }, s).value()
        assertClose(single.scalars.map(Double.init), double.scalars, relativeTolerance: 1e-5, absoluteTolerance: 1e-5, "\(s)")
        // The Float pullback against the Double one, through the same weighted sum.
        let weights = Tensor<Double>.randomNormal(shape: double.shape, seed: 7)
        let gradientsDouble = try valueWithGradient(at: tensors) { v in (Self.convolve(v, s) * v[0].graph.constant(weights)).sum() }.gradients
        let gradientsFloat = try valueWithGradient(at: singles) { v in
            (Self.convolve(v, s) * v[0].graph.constant(Tensor<Float>(converting: weights))).sum()
        }.gradients
        for (single, double) in zip(gradientsFloat, gradientsDouble) {
            assertClose(single.scalars.map(Double.init), double.scalars, relativeTolerance: 1e-4, absoluteTolerance: 1e-4, "\(s)")
        }
    }

    /// Forward mode against reverse mode: ⟨w, J ẋ⟩ = ⟨Jᵀ w, ẋ⟩ for random w and ẋ (all three operands seeded).
    @Test(arguments: 0..<settings.count)
    func tangentIsTheTransposeOfThePullback(_ index: Int) throws {
        let s = Self.settings[index]
        let tensors = Self.operands(s, seed: UInt64(index)), directions = Self.operands(s, seed: UInt64(index) + 50)
        let graph = Graph<Double>()
        let variables = tensors.map { graph.variable($0) }
        let y = Self.convolve(variables, s)
        let w = Tensor<Double>.randomNormal(shape: y.shape, seed: 3)
        let jvp = try graph.tangent(of: y, along: Array(zip(variables, directions)))
        let vjp = try graph.gradients(of: y, withRespectTo: variables, seed: w)
        let left = zip(w.scalars, jvp.scalars).map { $0 * $1 }.reduce(0, +)
        let right = zip(vjp, directions).map { zip($0.scalars, $1.scalars).map { $0 * $1 }.reduce(0, +) }.reduce(0, +)
        assertClose(left, right, relativeTolerance: 1e-10, "\(s)")
    }

    /// The adjoint of the seven loops, scattered one output scalar at a time: x̄ += w·ȳ, w̄ += x·ȳ, b̄ += ȳ.
    static func naivePullback(_ x: [Double], _ w: [Double], _ seed: [Double], _ s: Setting)
        -> (input: [Double], weight: [Double], bias: [Double]) {
        let (n, c, h, wd) = (s.input[0], s.input[1], s.input[2], s.input[3])
        let (kh, kw) = s.kernel, cg = c / s.groups, og = s.filters / s.groups
        let ho = (h + 2 * s.padding.0 - s.dilation.0 * (kh - 1) - 1) / s.stride.0 + 1
        let wo = (wd + 2 * s.padding.1 - s.dilation.1 * (kw - 1) - 1) / s.stride.1 + 1
        var xbar = [Double](repeating: 0, count: x.count), wbar = [Double](repeating: 0, count: w.count)
        var bbar = [Double](repeating: 0, count: s.filters)
        for batch in 0..<n {
            for o in 0..<s.filters {
                for i in 0..<ho {
                    for j in 0..<wo {
                        let ybar = seed[((batch * s.filters + o) * ho + i) * wo + j]
                        bbar[o] += ybar
                        for ci in 0..<cg {
                            for u in 0..<kh {
                                for v in 0..<kw {
                                    let row = i * s.stride.0 - s.padding.0 + u * s.dilation.0
                                    let col = j * s.stride.1 - s.padding.1 + v * s.dilation.1
                                    guard row >= 0, row < h, col >= 0, col < wd else { continue }
                                    let xi = ((batch * c + (o / og) * cg + ci) * h + row) * wd + col
                                    let wi = ((o * cg + ci) * kh + u) * kw + v
                                    xbar[xi] += w[wi] * ybar
                                    wbar[wi] += x[xi] * ybar
                                }
                            }
                        }
                    }
                }
            }
        }
        return (xbar, wbar, bbar)
    }

    /// One setting per packing path of im2col / col2im (ConvolutionPacking.swift), each named.
    static let packingPaths: [(path: String, setting: Setting)] = [
        ("whole groups per tap, centre tap copied", Setting(input: [2, 3, 5, 6], filters: 4, kernel: (3, 3), padding: (1, 1))),
        ("whole groups per tap, dilation 2, centre tap copied", Setting(input: [2, 2, 6, 7], filters: 3, kernel: (3, 3), padding: (2, 2), dilation: (2, 2))),
        ("whole groups per tap, no centre tap (2×2 dilated): zero-filled", Setting(input: [2, 2, 5, 6], filters: 3, kernel: (2, 2), padding: (1, 1), dilation: (2, 2))),
        ("shifted planes per channel, shorter output (Ho < H): zero-filled", Setting(input: [2, 2, 6, 5], filters: 3, kernel: (3, 3), padding: (0, 1))),
        ("whole groups per tap, asymmetric 3×5 kernel, groups 2", Setting(input: [2, 4, 6, 7], filters: 4, kernel: (3, 5), padding: (1, 2), groups: 2)),
        ("whole groups per tap, 24×24 (long bands)", Setting(input: [1, 2, 24, 24], filters: 2, kernel: (3, 3), padding: (1, 1))),
        ("whole groups per tap in runs of channels (40×40: two planes per run, then one)", Setting(input: [1, 3, 40, 40], filters: 2, kernel: (3, 3), padding: (1, 1))),
        ("whole groups per tap, depthwise (groups = C: one channel per group)", Setting(input: [2, 3, 5, 5], filters: 3, kernel: (3, 3), padding: (1, 1), groups: 3)),
        ("shifted planes per channel, Ho < H, groups 2", Setting(input: [2, 4, 6, 5], filters: 4, kernel: (3, 3), padding: (0, 1), groups: 2)),
        ("unit column stride, no padding (Wo < W): a copy per row", Setting(input: [2, 3, 6, 7], filters: 2, kernel: (3, 3))),
        ("unit column stride, row stride 2, dilation 2", Setting(input: [2, 2, 7, 6], filters: 3, kernel: (2, 3), stride: (2, 1), padding: (1, 2), dilation: (2, 2))),
        ("column stride 2: element loop", Setting(input: [2, 2, 7, 8], filters: 3, kernel: (3, 3), stride: (1, 2), padding: (1, 1))),
        ("1×1 kernel, no packing", Setting(input: [2, 3, 4, 3], filters: 2, kernel: (1, 1))),
    ]

    /// Every packing path's pullback (input, weight and bias) against the scattered seven loops, in Double and Float.
    @Test(arguments: 0..<packingPaths.count)
    func pullbackAgreesWithTheSevenLoopAdjoint(_ index: Int) throws {
        let (path, s) = Self.packingPaths[index]
        let tensors = Self.operands(s, seed: UInt64(100 + index))
        let graph = Graph<Double>()
        let variables = tensors.map { graph.variable($0) }
        let y = Self.convolve(variables, s)
        let seed = Tensor<Double>.randomNormal(shape: y.shape, seed: UInt64(200 + index))
        let seedBefore = seed.scalars
        let gradients = try graph.gradients(of: y, withRespectTo: variables, seed: seed)
        let reference = Self.naivePullback(tensors[0].scalars, tensors[1].scalars, seed.scalars, s)
        assertClose(gradients[0].scalars, reference.input, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "input, \(path)")
        assertClose(gradients[1].scalars, reference.weight, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "weight, \(path)")
        assertClose(gradients[2].scalars, reference.bias, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "bias, \(path)")
        // The sweep reads a conv2d output's seed in place: it must come back unchanged.
        #expect(seed.scalars == seedBefore, "\(path)")

        let floatGraph = Graph<Float>()
        let floats = tensors.map { floatGraph.variable(Tensor<Float>(converting: $0)) }
        let floatGradients = try floatGraph.gradients(of: Self.convolve(floats, s), withRespectTo: floats,
                                                      seed: Tensor<Float>(converting: seed))
        for (single, double) in zip(floatGradients, [reference.input, reference.weight, reference.bias]) {
            assertClose(single.scalars.map(Double.init), double, relativeTolerance: 1e-4, absoluteTolerance: 1e-4, "Float, \(path)")
        }
    }

    /// col2im is the adjoint of im2col on every path: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, and overwriting equals
    /// adding to zeros. im2col's entries against the definition columns[g·kh·kw·Cg + (i·kw + j)·Cg + c, oy·Wo + ox]
    /// (tap-major rows within each group).
    @Test(arguments: 0..<packingPaths.count)
    func col2imIsTheAdjointOfIm2col(_ index: Int) {
        let s = Self.packingPaths[index].setting
        let g = ConvolutionGeometry(inputShape: [1, s.input[1], s.input[2], s.input[3]], kernel: s.kernel, stride: s.stride,
                                    padding: s.padding, dilation: s.dilation)
        let (c, h, w, kh, kw) = (g.channels, g.height, g.width, g.kernelHeight, g.kernelWidth)
        let plane = g.outputPlane, rows = g.columnRows
        let x = normal([c * h * w], seed: UInt64(300 + index)).scalars
        let columnsSeed = normal([rows * plane], seed: UInt64(400 + index)).scalars
        var packed = [Double](repeating: .nan, count: rows * plane)   // NaN: an entry left unwritten shows
        var added = [Double](repeating: 0, count: x.count), overwritten = [Double](repeating: .nan, count: x.count)
        x.withUnsafeBufferPointer { image in
            packed.withUnsafeMutableBufferPointer { Double._im2col(g, groups: s.groups, image: image.baseAddress!, columns: $0.baseAddress!) }
        }
        var scratch = columnsSeed   // col2im may zero the padding entries of its columns
        scratch.withUnsafeMutableBufferPointer { columns in
            added.withUnsafeMutableBufferPointer { Double._col2im(g, groups: s.groups, columns: columns.baseAddress!, into: $0.baseAddress!) }
        }
        scratch = columnsSeed
        scratch.withUnsafeMutableBufferPointer { columns in
            overwritten.withUnsafeMutableBufferPointer {
                Double._col2im(g, groups: s.groups, columns: columns.baseAddress!, into: $0.baseAddress!, overwriting: true)
            }
        }
        var expected = [Double](repeating: 0, count: rows * plane)
        let groupChannels = c / s.groups
        for channel in 0..<c {
            let (group, local) = channel.quotientAndRemainder(dividingBy: groupChannels)
            for i in 0..<kh {
                for j in 0..<kw {
                    for oy in 0..<g.outputHeight {
                        for ox in 0..<g.outputWidth {
                            let row = oy * g.strideHeight - g.paddingHeight + i * g.dilationHeight
                            let col = ox * g.strideWidth - g.paddingWidth + j * g.dilationWidth
                            guard row >= 0, row < h, col >= 0, col < w else { continue }
                            let r = group * kh * kw * groupChannels + (i * kw + j) * groupChannels + local
                            expected[r * plane + oy * g.outputWidth + ox] = x[(channel * h + row) * w + col]
                        }
                    }
                }
            }
        }
        #expect(packed == expected, "\(Self.packingPaths[index].path)")
        let left = zip(packed, columnsSeed).map { $0 * $1 }.reduce(0, +)
        let right = zip(x, added).map { $0 * $1 }.reduce(0, +)
        assertClose(left, right, relativeTolerance: 1e-12, "\(Self.packingPaths[index].path)")
        assertClose(overwritten, added, relativeTolerance: 1e-14, absoluteTolerance: 1e-14, "\(Self.packingPaths[index].path)")
    }

    /// A weight and bias shared by two convolutions (the second pullback adds to the gradients the first wrote),
    /// a frozen weight with a trained bias (the bias cannot ride in the weight's GEMM), and an empty batch (zero
    /// gradients): each against the seven-loop adjoint.
    @Test func sharedWeightsFrozenWeightsAndAnEmptyBatch() throws {
        let s = Setting(input: [2, 3, 5, 5], filters: 4, kernel: (3, 3), padding: (1, 1))
        let tensors = Self.operands(s, seed: 500), otherInput = normal(s.input, seed: 510)
        let seeds = [normal([2, 4, 5, 5], seed: 520), normal([2, 4, 5, 5], seed: 521)]
        let first = Self.naivePullback(tensors[0].scalars, tensors[1].scalars, seeds[0].scalars, s)
        let second = Self.naivePullback(otherInput.scalars, tensors[1].scalars, seeds[1].scalars, s)

        let graph = Graph<Double>()
        let v = tensors.map { graph.variable($0) }
        let total = (Self.convolve(v, s) * graph.constant(seeds[0])).sum()
            + (Self.convolve([graph.constant(otherInput), v[1], v[2]], s) * graph.constant(seeds[1])).sum()
        let shared = try graph.gradients(of: total, withRespectTo: [v[1], v[2]])
        assertClose(shared[0].scalars, zip(first.weight, second.weight).map(+), relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "shared weight")
        assertClose(shared[1].scalars, zip(first.bias, second.bias).map(+), relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "shared bias")

        let frozenGraph = Graph<Double>()
        let frozen = [frozenGraph.variable(tensors[0]), frozenGraph.constant(tensors[1]), frozenGraph.variable(tensors[2])]
        let frozenGradients = try frozenGraph.gradients(of: Self.convolve(frozen, s), withRespectTo: [frozen[0], frozen[2]], seed: seeds[0])
        assertClose(frozenGradients[0].scalars, first.input, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "input, frozen weight")
        assertClose(frozenGradients[1].scalars, first.bias, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "bias, frozen weight")

        let emptyGraph = Graph<Double>()
        let empty = [emptyGraph.variable(Tensor(zeros: [0, 3, 5, 5])), emptyGraph.variable(tensors[1]), emptyGraph.variable(tensors[2])]
        let emptyGradients = try emptyGraph.gradients(of: Self.convolve(empty, s), withRespectTo: empty, seed: Tensor(zeros: [0, 4, 5, 5]))
        #expect(emptyGradients[1].scalars == [Double](repeating: 0, count: tensors[1].scalars.count))
        #expect(emptyGradients[2].scalars == [Double](repeating: 0, count: 4))
    }

    /// Batches large enough to be split over cores (`ConvolutionWorkers`): with OpenBLAS at two threads the images
    /// go to two workers, each with its own scratch and its own sums of W̄ and b̄ (folded into the GEMM with one
    /// group, summed over the positions with two), and the forward values and all three gradients still equal the
    /// seven loops. (On a one-core machine both runs are serial and the test checks the serial path.)
    @Test(arguments: [1, 2])
    func aBatchSplitOverWorkersAgreesWithTheSevenLoops(groups: Int) throws {
        let s = Setting(input: [4, 16, 16, 16], filters: 32, kernel: (3, 3), padding: (1, 1), groups: groups)
        let tensors = Self.operands(s, seed: UInt64(600 + groups))
        let reference = Self.naiveConvolution(tensors[0].scalars, tensors[1].scalars, tensors[2].scalars, s)
        let seed = normal(reference.shape, seed: UInt64(610 + groups))
        let adjoint = Self.naivePullback(tensors[0].scalars, tensors[1].scalars, seed.scalars, s)
        try BLAS.withThreads(2) {
            let graph = Graph<Double>()
            let v = tensors.map { graph.variable($0) }
            let y = Self.convolve(v, s)
            assertClose(try y.value().scalars, reference.values, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "forward, groups \(groups)")
            let gradients = try graph.gradients(of: y, withRespectTo: v, seed: seed)
            assertClose(gradients[0].scalars, adjoint.input, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "input, groups \(groups)")
            assertClose(gradients[1].scalars, adjoint.weight, relativeTolerance: 1e-12, absoluteTolerance: 1e-11, "weight, groups \(groups)")
            assertClose(gradients[2].scalars, adjoint.bias, relativeTolerance: 1e-12, absoluteTolerance: 1e-11, "bias, groups \(groups)")
        }
    }

    /// An input read by two convolutions: the second pullback adds to the adjoint the first one wrote.
    @Test func anInputUsedTwiceAccumulatesBothPullbacks() {
        let s = Setting(input: [2, 2, 5, 5], filters: 3, kernel: (3, 3), padding: (1, 1), bias: false)
        let other = Setting(input: [2, 2, 5, 5], filters: 3, kernel: (2, 2), stride: (2, 1), bias: false)
        expectGradientsMatchFiniteDifferences([normal(s.input, seed: 1), normal(s.weightShape, seed: 2), normal(other.weightShape, seed: 3)],
                                              "input used twice") { v in
            weightedSum(Self.convolve([v[0], v[1]], s)) + weightedSum(Self.convolve([v[0], v[2]], other), seed: 98)
        }
    }

    @Test func badShapesAreRecordedWithTheShapesNamed() {
        func failure(_ input: [Int], _ weight: [Int], bias: [Int]? = nil, stride: (Int, Int) = (1, 1), groups: Int = 1) -> String {
            let graph = Graph<Double>()
            _ = conv2d(graph.constant(Tensor(zeros: input)), weight: graph.constant(Tensor(zeros: weight)),
                       bias: bias.map { graph.constant(Tensor(zeros: $0)) }, stride: stride, groups: groups)
            return graph.error?.description ?? "no error"
        }
        #expect(failure([3, 5, 5], [2, 3, 3, 3]) == "conv2d: input [3, 5, 5] and weight [2, 3, 3, 3] must both have rank 4 (input [N, C, H, W], weight [O, C/groups, kh, kw])")
        #expect(failure([1, 4, 5, 5], [2, 3, 3, 3]).hasPrefix("conv2d: input [1, 4, 5, 5] has 4 channels and weight [2, 3, 3, 3] expects 3 per group"))
        #expect(failure([1, 4, 5, 5], [3, 2, 3, 3], groups: 2).contains("filters divisible by groups"))
        #expect(failure([1, 3, 5, 5], [2, 3, 3, 3], bias: [3]) == "conv2d: bias has shape [3]; it must be [2], one per filter of weight [2, 3, 3, 3]")
        #expect(failure([1, 3, 2, 5], [2, 3, 3, 3]).hasPrefix("conv2d: a 3×3 kernel with dilation (1, 1) does not fit in input [1, 3, 2, 5]"))
        #expect(failure([1, 3, 5, 5], [2, 3, 3, 3], stride: (0, 1)).hasPrefix("conv2d: stride (0, 1)"))
        #expect(failure([1, 3, 5, 5], [2, 3, 3, 3]) == "no error")
    }

    @Test func aBadShapeIsThrownByValue() {
        let graph = Graph<Double>()
        let y = conv2d(graph.constant(Tensor(zeros: [1, 2, 4, 4])), weight: graph.constant(Tensor(zeros: [1, 3, 2, 2])))
        #expect(y.shape == [1, 1, 1, 1])
        #expect(throws: AutodiffError.self) { try y.value() }
    }
}
