import Foundation
import NeuralNetworks
import TestSupport
import Testing

// Differences found by running the same programs through PyTorch, each checked against PyTorch's documented rule
// (written out in the test), so the suite needs no PyTorch.
@Suite struct PyTorchParityTests {
    /// CrossEntropyLoss of a row of C equal logits is log C at any magnitude (torch gives 1.3862944 for four
    /// Float logits −1000; the old log-softmax gave 1.3862915), on both cross-entropy paths.
    @Test func crossEntropyOfEqualLargeLogits() throws {
        for value in [Float(-1000), 1000] {
            let graph = Graph<Float>()
            let logits = graph.constant(Tensor(repeating: value, shape: [3, 4]))
            let byClass = try crossEntropy(logits: logits, classes: [0, 2, 3]).value().scalars[0]
            var oneHot = [Float](repeating: 0, count: 12)
            oneHot[1] = 1; oneHot[4] = 1; oneHot[11] = 1
            let byDistribution = try crossEntropy(logits: logits, probabilities: graph.constant(try Tensor(shape: [3, 4], scalars: oneHot)))
                .value().scalars[0]
            assertClose(Double(byClass), log(4.0), relativeTolerance: 2e-7, "classes, logits \(value)")
            assertClose(Double(byDistribution), log(4.0), relativeTolerance: 2e-7, "probabilities, logits \(value)")
        }
    }

    /// The PReLU layer's input gradient at x = 0 is α (torch.nn.PReLU, α₀ = 0.25), inside [α, 1].
    @Test func preluLayerInputGradientAtZero() throws {
        let layer = PReLU<Double>()
        let graph = Graph<Double>()
        let context = ForwardContext(graph: graph, mode: .training)
        let x = graph.variable(Tensor([-2, 0, 3]))
        let y = layer(x, in: context).sum()
        let gradients = try graph.gradients(of: y, withRespectTo: [x])
        #expect(gradients[0].scalars == [0.25, 0.25, 1])
    }

    /// ReduceLROnPlateau's `eps` (1e-8): `if old_lr - new_lr > eps: lr = new_lr`. A rate of 1e-8 halved would drop by
    /// 5e-9 < eps and stays; 1.5e-7 drops by 7.5e-8 and is halved.
    @Test func reduceOnPlateauSkipsReductionsBelowEpsilon() throws {
        let tiny = try ReduceLROnPlateau(initial: 1e-8, factor: 0.5, patience: 0)
        #expect([1.0, 1.0, 1.0].map { tiny.step(metric: $0) } == [1e-8, 1e-8, 1e-8])
        let small = try ReduceLROnPlateau(initial: 1.5e-7, factor: 0.5, patience: 0)
        #expect([1.0, 1.0].map { small.step(metric: $0) } == [1.5e-7, 0.75e-7])
        // With eps = 0 every reduction applies (the old behaviour, on request).
        let exact = try ReduceLROnPlateau(initial: 1e-8, factor: 0.5, patience: 0, epsilon: 0)
        #expect([1.0, 1.0].map { exact.step(metric: $0) } == [1e-8, 5e-9])
        #expect(tiny.epsilon == 1e-8)
        #expect(throws: NeuralNetworkError.invalidArgument("ReduceLROnPlateau: epsilon = -1.0 must be ≥ 0")) {
            try ReduceLROnPlateau(initial: 1, epsilon: -1)
        }
    }

    /// ExponentialLR(gamma = 0.95): η_t = η₀ · γᵗ (PyTorch's closed form `base_lr * gamma ** last_epoch`), and the same
    /// curve as e^(−λt) with λ = −log γ.
    @Test func exponentialScheduleWithGamma() {
        let schedule = LearningRateSchedule.exponential(initial: 0.1, gamma: 0.95)
        for t in [0, 1, 2, 10, 100] {
            assertClose(schedule.learningRate(at: t), 0.1 * pow(0.95, Double(t)), relativeTolerance: 1e-15)
            assertClose(schedule.learningRate(at: t),
                        LearningRateSchedule.exponential(initial: 0.1, decay: -log(0.95)).learningRate(at: t),
                        relativeTolerance: 1e-13)
        }
        var eta = 0.1
        for _ in 0..<30 { eta *= 0.95 }   // PyTorch's chainable form: η ← γ η per step
        assertClose(schedule.learningRate(at: 30), eta, relativeTolerance: 1e-14)
    }
}
