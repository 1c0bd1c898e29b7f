import Autodiff
import Foundation
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
