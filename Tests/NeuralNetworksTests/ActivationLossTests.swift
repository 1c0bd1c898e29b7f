import Foundation
import NeuralNetworks
import TestSupport
import Testing

// Every activation and loss: the reverse-mode gradient against central differences (Double), values against the
// formulas, and the stable forms finite at ±1000.
@Suite struct ActivationLossTests {
    /// Points away from the kinks at 0.
    static let points = Tensor<Double>([-2.1, -0.7, -0.2, 0.3, 0.9, 1.7])

    static let activations: [Activation] = [
        .identity, .binaryStep, .sigmoid(slope: 2.5), .sigmoid, .tanh, .lecunTanh, .relu, .leakyReLU, .elu, .selu,
        .gelu(approximate: false), .gelu(approximate: true), .silu, .softplus, .gaussian, .softmax,
    ]

    @Test(arguments: 0..<activations.count) func gradientMatchesCentralDifferences(index: Int) throws {
        let activation = Self.activations[index]
        let weights = Tensor<Double>([0.3, -1.1, 0.8, 0.5, -0.4, 1.3])
        let report = try checkGradients(at: [Self.points]) { v in
            (activation(v[0]) * v[0].graph.constant(weights)).sum()
        }
        #expect(report.passes(tolerance: 1e-7), "\(activation): \(report)")
    }

    @Test func valuesMatchFormulas() throws {
        func values(_ activation: Activation) throws -> [Double] {
            let graph = Graph<Double>()
            return try activation(graph.constant(Self.points)).value().scalars
        }
        let x = Self.points.scalars
        assertClose(try values(.sigmoid(slope: 2.5)), x.map { 1 / (1 + exp(-2.5 * $0)) }, relativeTolerance: 1e-14)
        assertClose(try values(.lecunTanh), x.map { 1.7159 * tanh(2 * $0 / 3) }, relativeTolerance: 1e-14)
        assertClose(try values(.leakyReLU), x.map { $0 > 0 ? $0 : 0.01 * $0 }, relativeTolerance: 1e-14)
        assertClose(try values(.selu), x.map { 1.0507009873554805 * ($0 > 0 ? $0 : 1.6732632423543772 * (exp($0) - 1)) },
                    relativeTolerance: 1e-14)
        assertClose(try values(.gelu), x.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot())) }, relativeTolerance: 1e-14)
        assertClose(try values(.gaussian), x.map { exp(-$0 * $0) }, relativeTolerance: 1e-14)
        assertClose(try values(.binaryStep), x.map { $0 >= 0 ? 1 : 0 })
        let e = x.map(exp), total = e.reduce(0, +)
        assertClose(try values(.softmax), e.map { $0 / total }, relativeTolerance: 1e-14)
    }

    @Test func parametricReLUGradientIncludesSlope() throws {
        let report = try checkGradients(at: [Self.points, Tensor([0.25])]) { v in
            (parametricReLU(v[0], alpha: v[1]) * v[0]).sum()
        }
        #expect(report.passes(tolerance: 1e-7), "\(report)")
        // ∂/∂α Σ prelu(x) = Σ min(x, 0)
        let (_, gradients) = try valueWithGradient(at: [Self.points, Tensor([0.25])]) { v in parametricReLU(v[0], alpha: v[1]).sum() }
        assertClose(gradients[1].scalars[0], -2.1 - 0.7 - 0.2, relativeTolerance: 1e-14)
    }

    @Test func maxoutTakesGroupMaxima() throws {
        let x = try Tensor<Double>(shape: [2, 6], scalars: [1, 5, -2, 0, 3, 3.5, -1, -4, 2, 8, 0.5, 0.25])
        let graph = Graph<Double>()
        #expect(try maxout(graph.constant(x), pieces: 2).value().scalars == [5, 0, 3.5, -1, 8, 0.5])
        #expect(try maxout(graph.constant(x), pieces: 3).value().scalars == [5, 3.5, 2, 8])
        let report = try checkGradients(at: [x]) { v in (maxout(v[0], pieces: 3) * maxout(v[0], pieces: 3)).sum() }
        #expect(report.passes(tolerance: 1e-7), "\(report)")
        let bad = Graph<Double>()
        _ = maxout(bad.constant(x), pieces: 4)
        #expect(throws: AutodiffError.self) { try bad.checkError() }
    }

    // MARK: Losses

    static let logits = try! Tensor<Double>(shape: [3, 4], scalars: [0.2, -1.3, 2.2, 0.7, -0.4, 0.1, 0.9, -2.0, 1.5, 0.3, -0.6, 0.05])
    static let probabilities = Tensor<Double>([0.15, 0.62, 0.91, 0.4, 0.03, 0.77])
    static let binaryTargets = Tensor<Double>([0, 1, 1, 0, 0, 1])

    @Test(arguments: [LossReduction.mean, .sum]) func lossGradients(reduction: LossReduction) throws {
        let targets = Tensor<Double>([0.5, -0.2, 1.1, 0.0, 0.3, 2.0])
        let checks: [GradientCheckReport] = [
            try checkGradients(at: [Self.probabilities]) { v in
                meanSquaredError(predictions: v[0], targets: v[0].graph.constant(targets), reduction: reduction)
            },
            try checkGradients(at: [Self.probabilities]) { v in
                binaryCrossEntropy(probabilities: v[0], targets: v[0].graph.constant(Self.binaryTargets), reduction: reduction)
            },
            try checkGradients(at: [targets]) { v in
                binaryCrossEntropy(logits: v[0], targets: v[0].graph.constant(Self.binaryTargets), reduction: reduction)
            },
            try checkGradients(at: [Self.logits]) { v in crossEntropy(logits: v[0], classes: [2, 0, 3], reduction: reduction) },
            try checkGradients(at: [Self.logits]) { v in
                crossEntropy(logits: v[0], probabilities: v[0].graph.constant(try! Tensor.oneHot([2, 0, 3], count: 4)),
                             reduction: reduction)
            },
        ]
        for report in checks { #expect(report.passes(tolerance: 1e-7), "\(report)") }
    }

    @Test func lossValuesMatchFormulas() throws {
        let graph = Graph<Double>()
        let p = Self.probabilities.scalars, y = Self.binaryTargets.scalars
        let bce = zip(p, y).map { -($1 * log($0) + (1 - $1) * log(1 - $0)) }
        let perElement = try binaryCrossEntropy(probabilities: graph.constant(Self.probabilities),
                                                targets: graph.constant(Self.binaryTargets), reduction: .none).value()
        assertClose(perElement.scalars, bce, relativeTolerance: 1e-14)
        // Cross-entropy: −log softmax at the target, averaged over rows.
        let rows = Self.logits.scalars
        let expected = [(0, 2), (1, 0), (2, 3)].map { r, c -> Double in
            let row = Array(rows[(4 * r)..<(4 * r + 4)])
            return log(row.map(exp).reduce(0, +)) - row[c]
        }
        let ce = try crossEntropy(logits: graph.constant(Self.logits), classes: [2, 0, 3], reduction: .none).value()
        assertClose(ce.scalars, expected, relativeTolerance: 1e-14)
        // BCE on probabilities 0 and 1 stays finite (logs clamped at −100).
        let clamped = try binaryCrossEntropy(probabilities: graph.constant(Tensor([0.0, 1.0])),
                                             targets: graph.constant(Tensor([1.0, 0.0])), reduction: .none).value()
        #expect(clamped.scalars == [100, 100])
    }

    @Test func stableAtPlusMinusThousand() throws {
        let extreme = Tensor<Double>([1000, -1000, 0.5, -999])
        let (value, gradients) = try valueWithGradient(at: [extreme]) { v in
            binaryCrossEntropy(logits: v[0], targets: v[0].graph.constant(Tensor([0, 1, 1, 0])))
        }
        // Per element: softplus(z) − y z = 1000, 1000, log(1 + e^−0.5), ≈ 0; gradient (σ(z) − y)/4.
        assertClose(value.scalar!, (2000 + log1p(exp(-0.5)) + exp(-999)) / 4, relativeTolerance: 1e-14)
        assertClose(gradients[0].scalars, [0.25, -0.25, (1 / (1 + exp(-0.5)) - 1) / 4, 0], relativeTolerance: 1e-12,
                    absoluteTolerance: 1e-300)
        let logits = try Tensor<Double>(shape: [2, 3], scalars: [1000, -1000, 0, -1000, 1000, 999])
        let (loss, grad) = try valueWithGradient(at: [logits]) { v in crossEntropy(logits: v[0], classes: [1, 2]) }
        #expect(loss.scalar!.isFinite && grad[0].scalars.allSatisfy(\.isFinite))
        assertClose(loss.scalar!, (2000 + (1 + log1p(exp(-1)))) / 2, relativeTolerance: 1e-12)
        let graph = Graph<Double>()
        #expect(try graph.constant(logits).logSoftmax().value().scalars.allSatisfy(\.isFinite))
    }
}
