import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// AMSGrad, Adadelta and RMSProp with momentum / centring against PyTorch's update rules as published in its
// documentation (torch.optim.Adam(amsgrad=True), Adadelta, RMSprop), written out below as plain scalar loops on
// f(θ) = ½ c θ² (g = c θ), and against first steps worked by hand.
@Suite struct SecondMomentOptimizerTests {
    /// PyTorch's rules, one scalar parameter, `steps` steps from θ₀ with g = c θ.
    enum Reference {
        static func amsgrad(theta0: Double, c: Double, lr: Double, beta1: Double, beta2: Double, eps: Double, steps: Int) -> [Double] {
            var theta = theta0, m = 0.0, v = 0.0, vMax = 0.0, out: [Double] = []
            for t in 1...steps {
                let g = c * theta
                m = beta1 * m + (1 - beta1) * g
                v = beta2 * v + (1 - beta2) * g * g
                vMax = max(vMax, v)
                let biasCorrection1 = 1 - pow(beta1, Double(t)), biasCorrection2 = 1 - pow(beta2, Double(t))
                let denominator = vMax.squareRoot() / biasCorrection2.squareRoot() + eps
                theta -= lr / biasCorrection1 * m / denominator
                out.append(theta)
            }
            return out
        }

        static func adadelta(theta0: Double, c: Double, lr: Double, rho: Double, eps: Double, steps: Int) -> [Double] {
            var theta = theta0, squareAverage = 0.0, accumulatedDelta = 0.0, out: [Double] = []
            for _ in 0..<steps {
                let g = c * theta
                squareAverage = rho * squareAverage + (1 - rho) * g * g
                let delta = (accumulatedDelta + eps).squareRoot() / (squareAverage + eps).squareRoot() * g
                accumulatedDelta = rho * accumulatedDelta + (1 - rho) * delta * delta
                theta -= lr * delta
                out.append(theta)
            }
            return out
        }

        static func rmsprop(theta0: Double, c: Double, lr: Double, alpha: Double, eps: Double, momentum: Double,
                            centered: Bool, steps: Int) -> [Double] {
            var theta = theta0, squareAverage = 0.0, gradAverage = 0.0, buffer = 0.0, out: [Double] = []
            for _ in 0..<steps {
                let g = c * theta
                squareAverage = alpha * squareAverage + (1 - alpha) * g * g
                var average: Double
                if centered {
                    gradAverage = alpha * gradAverage + (1 - alpha) * g
                    average = (squareAverage - gradAverage * gradAverage).squareRoot() + eps
                } else {
                    average = squareAverage.squareRoot() + eps
                }
                if momentum > 0 {
                    buffer = momentum * buffer + g / average
                    theta -= lr * buffer
                } else {
                    theta -= lr * g / average
                }
                out.append(theta)
            }
            return out
        }
    }

    func iterates<Scalar: TensorScalar>(_ type: Scalar.Type, steps: Int = 6,
                                        _ make: ([Parameter<Scalar>]) throws -> Optimizer<Scalar>) throws -> [Double] {
        try quadraticIterates(type, start: [1], curvature: [2], steps: steps, optimizer: make).map { $0[0] }
    }

    @Test func amsgradFirstStepByHand() throws {
        // g = 2: m = 0.2, v = vMax = 0.004; m/(1 − 0.9) = 2, √(vMax/(1 − 0.999)) = 2: θ = 1 − 0.1 · 2/(2 + 1e-8).
        let first = try iterates(Double.self, steps: 1) { AMSGrad(parameters: $0, learningRate: 0.1) }
        assertClose(first, [1 - 0.1 * 2 / (2 + 1e-8)], relativeTolerance: 1e-14)
    }

    @Test func amsgradFollowsPyTorchsRuleAndDiffersFromAdamWhenTheSecondMomentFalls() throws {
        // beta2 = 0.5 lets v fall as the gradient shrinks, so vMax > v and AMSGrad's steps are shorter than Adam's.
        let expected = Reference.amsgrad(theta0: 1, c: 2, lr: 0.1, beta1: 0.9, beta2: 0.5, eps: 1e-8, steps: 6)
        let ours = try iterates(Double.self) { AMSGrad(parameters: $0, learningRate: 0.1, beta2: 0.5) }
        assertClose(ours, expected, relativeTolerance: 1e-13)
        let adam = try iterates(Double.self) { Adam(parameters: $0, learningRate: 0.1, beta2: 0.5) }
        #expect(abs(adam[5] - ours[5]) > 1e-3, "Adam \(adam[5]) and AMSGrad \(ours[5]) should differ")
        let single = try iterates(Float.self) { AMSGrad(parameters: $0, learningRate: 0.1, beta2: 0.5) }
        assertClose(single, expected, relativeTolerance: 1e-5)
    }

    @Test func adadeltaFirstStepByHand() throws {
        // v = 0.1 · 4 = 0.4; delta = √(0 + 1e-6)/√(0.4 + 1e-6) · 2; θ = 1 − 1 · delta.
        let first = try iterates(Double.self, steps: 1) { Adadelta(parameters: $0) }
        assertClose(first, [1 - 1e-3 / (0.4 + 1e-6).squareRoot() * 2], relativeTolerance: 1e-14)
    }

    @Test func adadeltaFollowsPyTorchsRule() throws {
        let expected = Reference.adadelta(theta0: 1, c: 2, lr: 1, rho: 0.9, eps: 1e-6, steps: 6)
        assertClose(try iterates(Double.self) { Adadelta(parameters: $0) }, expected, relativeTolerance: 1e-13)
        assertClose(try iterates(Float.self) { Adadelta(parameters: $0) }, expected, relativeTolerance: 1e-5)
        let faster = Reference.adadelta(theta0: 1, c: 2, lr: 0.5, rho: 0.5, eps: 1e-3, steps: 6)
        assertClose(try iterates(Double.self) { Adadelta(parameters: $0, learningRate: 0.5, rho: 0.5, epsilon: 1e-3) }, faster,
                    relativeTolerance: 1e-13)
    }

    @Test func centredRMSPropFirstStepByHand() throws {
        // v = 0.01 · 4 = 0.04, gAverage = 0.01 · 2 = 0.02; denominator = √(0.04 − 0.0004) + 1e-8; θ = 1 − 0.01 · 2/denominator.
        let first = try iterates(Double.self, steps: 1) { RMSProp(parameters: $0, learningRate: 0.01, centered: true) }
        assertClose(first, [1 - 0.01 * 2 / (0.0396.squareRoot() + 1e-8)], relativeTolerance: 1e-14)
    }

    @Test func rmsPropWithMomentumAndCentringFollowsPyTorchsRule() throws {
        for (momentum, centered) in [(0.0, true), (0.9, false), (0.9, true)] {
            let expected = Reference.rmsprop(theta0: 1, c: 2, lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: momentum,
                                             centered: centered, steps: 6)
            let ours = try iterates(Double.self) { RMSProp(parameters: $0, learningRate: 0.01, momentum: momentum, centered: centered) }
            assertClose(ours, expected, relativeTolerance: 1e-13, "momentum \(momentum), centered \(centered)")
            let single = try iterates(Float.self) { RMSProp(parameters: $0, learningRate: 0.01, momentum: momentum, centered: centered) }
            assertClose(single, expected, relativeTolerance: 1e-5, "Float, momentum \(momentum), centered \(centered)")
        }
        // Plain RMSProp is unchanged by the new options.
        let plain = Reference.rmsprop(theta0: 1, c: 2, lr: 0.01, alpha: 0.99, eps: 1e-8, momentum: 0, centered: false, steps: 6)
        assertClose(try iterates(Double.self) { RMSProp(parameters: $0, learningRate: 0.01) }, plain, relativeTolerance: 1e-13)
    }
}

@Suite struct GradientNormStoppingTests {
    func regression() throws -> (TensorDataset<Double>, Dense<Double>) {
        var generator = SeededGenerator(seed: 5)
        let x = (0..<32).map { _ in 2 * generator.nextUniform() - 1 }
        let inputs = try Tensor<Double>(shape: [32, 1], scalars: x)
        let targets = try Tensor<Double>(shape: [32, 1], scalars: x.map { 1 - 3 * $0 })
        return (try TensorDataset(inputs: inputs, targets: .values(targets)), Dense<Double>(1, 1, seed: 2))
    }

    @Test func trainerStopsWhenTheSquaredGradientNormFallsBelowEpsilon() throws {
        let (data, layer) = try regression()
        let trainer = Trainer(model: layer, optimizer: try SGD(parameters: layer.parameters, learningRate: 0.3), loss: .meanSquaredError)
        trainer.squaredGradientTolerance = 1e-12
        let history = try trainer.fit(data, epochs: 500, batchSize: 32, shuffle: false)
        #expect(trainer.stoppedOnGradientNorm)
        #expect(history.series("loss").count < 500)
        // Full batch: ‖∇w‖² ≤ 1e-12 means the exact fit w = −3, b = 1 to about 1e-6.
        assertClose(layer.weight.value.scalars + layer.bias!.value.scalars, [-3, 1], relativeTolerance: 1e-5)

        let (sameData, other) = try regression()
        let unlimited = Trainer(model: other, optimizer: try SGD(parameters: other.parameters, learningRate: 0.3), loss: .meanSquaredError)
        let full = try unlimited.fit(sameData, epochs: 500, batchSize: 32, shuffle: false)
        #expect(!unlimited.stoppedOnGradientNorm)
        #expect(full.series("loss").count == 500)
    }
}
