import Foundation
import LinearAlgebra
import Datasets
import NeuralNetworks
import TestSupport
import Testing

// Learning works: XOR with a 2-4-1 sigmoid network, the course's linear regression with SGD, momentum and
// Nesterov, and an MLP on the bundled digits.
@Suite struct LearningTests {
    @Test func xorWithTwoFourOneSigmoidNetwork() throws {
        let inputs = try Tensor<Double>(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let targets = try Tensor<Double>(shape: [4, 1], scalars: [0, 1, 1, 0])
        var generator = SeededGenerator(seed: 11)
        let model = Sequential<Double>([
            Dense(2, 4, activation: .sigmoid, weightInitializer: .glorotUniform(), biasInitializer: .zeros, generator: &generator),
            Dense(4, 1, activation: .sigmoid, weightInitializer: .glorotUniform(), biasInitializer: .zeros, generator: &generator),
        ])
        let optimizer = try SGD(parameters: model.parameters, learningRate: 2, momentum: 0.9, form: .exponentialAverage)
        let graph = Graph<Double>()
        for _ in 0..<2000 {
            let context = ForwardContext(graph: graph, mode: .training)
            let output = model(context.constant(inputs), in: context)
            try context.backward(from: meanSquaredError(predictions: output, targets: context.constant(targets)))
            optimizer.step()
        }
        let output = try model.predict(inputs).scalars
        #expect(zip(output, [0.0, 1, 1, 0]).allSatisfy { abs($0 - $1) < 0.2 }, "XOR outputs \(output)")
    }

    /// y = 3x + 2 + U(−0.1, 0.1) at 30 points x ~ U(0, 1); θ = [intercept, slope] from [10, 5], α = 0.005, 1000
    /// full-batch iterations on ½ Σ (θ₀ + θ₁x − y)². The reference is the least-squares solution (LAPACK).
    @Test(arguments: ["sgd", "momentum", "nesterov"]) func linearRegressionLandsNearTwoThree(method: String) throws {
        var generator = SeededGenerator(seed: 12)
        let x = (0..<30).map { _ in generator.nextUniform() }
        let y = x.map { 3 * $0 + 2 + (generator.nextUniform() * 0.2 - 0.1) }
        let design = Matrix(rows: 30, columns: 2) { i, j in j == 0 ? 1 : x[i] }
        let leastSquares = try design.leastSquares(Matrix(column: y)).solution.elements
        let theta = Parameter(Tensor<Double>([10, 5]))
        let optimizer: Optimizer<Double>
        switch method {
        case "sgd": optimizer = try SGD(parameters: [theta], learningRate: 0.005)
        case "momentum": optimizer = try SGD(parameters: [theta], learningRate: 0.005, momentum: 0.9)
        default: optimizer = try SGD(parameters: [theta], learningRate: 0.005, momentum: 0.9, nesterov: true)
        }
        let features = try Tensor<Double>(shape: [30, 2], scalars: design.elements), targets = try Tensor<Double>(shape: [30, 1], scalars: y)
        let graph = Graph<Double>()
        for _ in 0..<1000 {
            let context = ForwardContext(graph: graph, mode: .training)
            let prediction = matmul(context.constant(features), context.variable(theta).reshaped([2, 1]))
            try context.backward(from: meanSquaredError(predictions: prediction, targets: context.constant(targets), reduction: .sum) * 0.5)
            optimizer.step()
        }
        assertClose(theta.value.scalars, leastSquares, relativeTolerance: 1e-3, "\(method)")
        assertClose(theta.value.scalars, [2, 3], relativeTolerance: 0.05, "\(method)")
    }

    /// REQUIREMENT (issue): an MLP reaches at least 95 % test accuracy on the bundled digits (1797 8 × 8 images).
    /// 64-128-10 ReLU, Adam 3e-3, batch 32, Float, 15 epochs on a stratified 80 / 20 split, z-scored pixels
    /// (97–98 % over seeds 13–15, so the 95 % bar has a margin).
    @Test func mlpReachesNinetyFivePercentOnDigits() throws {
        let digits = try Dataset.load(.digits)
        let labels = try #require(digits.targets)
        #expect(digits.features.rows == 1797 && digits.features.columns == 64)
        let split = try Splits.trainValidationTest(sampleCount: 1797, validationFraction: 0, testFraction: 0.2,
                                                   stratifiedBy: labels, seed: 1)
        // Pixels z-scored with statistics of the training part only (ε = 1 keeps near-constant border pixels tame).
        let scaler = try StandardScaler(epsilon: 1).fit(digits.features.rows(at: split.train))
        let data = try TensorDataset<Float>(features: try scaler.transform(digits.features), classes: labels)
        var generator = SeededGenerator(seed: 13)
        let model = Sequential<Float>([Dense(64, 128, activation: .relu, generator: &generator), Dense(128, 10, generator: &generator)])
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 3e-3), loss: .crossEntropy)
        let history = try trainer.fit(data.subset(split.train), epochs: 15, batchSize: 32, seed: 2)
        let test = data.subset(split.test)
        let predicted = predictedClasses(try model.predict(test.inputs))
        guard case .classes(let actual) = test.targets else { return }
        let testAccuracy = try accuracy(predicted: predicted, actual: actual)
        #expect(testAccuracy >= 0.95, "digits test accuracy \(testAccuracy) (train loss \(history.series("loss")))")
        let confusion = try confusionMatrix(predicted: predicted, actual: actual, classCount: 10)
        #expect(confusion.map { $0.reduce(0, +) }.reduce(0, +) == actual.count)
    }
}
