import Autodiff
import Foundation
import TestSupport
import Testing

// Differences found by running the same programs through PyTorch, each checked against the closed form PyTorch
// computes (written out in the test), so the suite needs no PyTorch.
@Suite struct PyTorchSemanticsTests {
    /// log-softmax of Float logits near ±1000 against the same formula in Double on the same Float inputs:
    /// `(xᵢ − m) − log Σⱼ e^(xⱼ − m)` (torch.log_softmax). Forming `m + log Σ` first rounds to the ulp of 1000
    /// (6.1e-5 in Float) and left errors of 1e-5 to 3e-5.
    @Test func logSoftmaxKeepsPrecisionForLargeFloatLogits() throws {
        for offset in [Float(1000), -1000, 4000] {
            let logits: [Float] = [0, 0.3, 1.1, 2.9, 3.0, 0.7, 1.9, 2.2].map { offset + $0 }
            let graph = Graph<Float>()
            let values = try graph.constant(Tensor(logits)).logSoftmax().value().scalars
            let x = logits.map(Double.init), m = x.max()!
            let logSum = Foundation.log(x.map { Foundation.exp($0 - m) }.reduce(0, +))
            let expected = x.map { ($0 - m) - logSum }
            // Float rounding of values of size ≤ 4: a few units of 2.4e-7.
            assertClose(values.map(Double.init), expected, relativeTolerance: 0, absoluteTolerance: 1e-6,
                        "offset \(offset)")
        }
    }

    /// torch.nn.functional.cross_entropy of a row of four equal logits −1000 is log 4 = 1.3862944 in Float (the
    /// old form gave 1.3862915); through the log-softmax node and a gather, as `crossEntropy(logits:classes:)` is.
    @Test func crossEntropyOfEqualLargeLogitsIsLogOfClassCount() throws {
        for value in [Float(-1000), 1000] {
            let graph = Graph<Float>()
            let logits = graph.constant(try Tensor(shape: [2, 4], scalars: Array(repeating: value, count: 8)))
            let losses = try (-logits.logSoftmax(axis: -1).gather(classes: [0, 3])).value().scalars
            for loss in losses { assertClose(Double(loss), Foundation.log(4.0), relativeTolerance: 2e-7, "logits \(value)") }
        }
    }

    /// torch.nn.functional.prelu: y = x (x > 0), α x (x ≤ 0); its backward gives ∂y/∂x = α at x = 0 (PyTorch's
    /// `input > 0 ? grad : weight * grad`) and ∂y/∂α = min(x, 0), so 0 at x = 0. The same rule as `leakyReLU`.
    @Test func parametricReLUGradientAtZeroIsAlpha() throws {
        let x = Tensor<Double>([-1.5, 0, 0, 2.5]), alpha = Tensor<Double>([0.25])
        let (value, gradients) = try valueWithGradient(at: [x, alpha]) { v in
            (parametricReLU(v[0], alpha: v[1]) * v[0].graph.constant(Tensor([1, 1, 3, 1]))).sum()
        }
        assertClose(value.scalars[0], -0.375 + 2.5)
        #expect(gradients[0].scalars == [0.25, 0.25, 0.75, 1])
        #expect(gradients[1].scalars == [-1.5])
        // leakyReLU with the same slope: the same input gradient, 0 included.
        let leaky = try gradient(at: x) { leakyReLU($0, negativeSlope: 0.25).sum() }
        #expect(leaky.scalars == [0.25, 0.25, 0.25, 1])
    }

    /// Away from 0, the gradient still matches central differences, for a per-channel α.
    @Test func parametricReLUGradientMatchesCentralDifferences() {
        expectGradientsMatchFiniteDifferences([normal([3, 4], seed: 5), Tensor([0.1, 0.2, -0.3, 0.4])]) { v in
            weightedSum(parametricReLU(v[0], alpha: v[1]))
        }
    }
}
