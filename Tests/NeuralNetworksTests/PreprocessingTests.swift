import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

@Suite struct PreprocessingTests {
    /// Correlated features: a random n × 4 matrix times a fixed mixing matrix, plus offsets.
    static func correlatedData(rows: Int, seed: UInt64) -> Matrix {
        let z = Matrix.randomNormal(rows: rows, columns: 4, seed: seed)
        let mixing = try! Matrix(rows: [[2, 0.5, 0, 1], [0, 1, -0.7, 0.3], [0, 0, 3, 0.2], [0.1, 0, 0, 0.5]])
        let mixed = z * mixing
        return Matrix(rows: rows, columns: 4) { i, j in mixed[i, j] + Double(10 * j) }
    }

    @Test func zcaWhitenedDataHasIdentityCovariance() throws {
        let data = Self.correlatedData(rows: 500, seed: 1)
        let model = try ZCAWhitening().fit(data)
        let white = try model.transform(data)
        let n = Double(white.rows)
        let covariance = white.columnGram() * (1 / (n - 1))   // the whitened data has mean 0
        assertClose(covariance, Matrix.identity(4), absoluteTolerance: 1e-8)
        // ZCA's whitening matrix is symmetric, and the inverse transform gives the data back.
        assertClose(model.whitening, model.whitening.transposed, relativeTolerance: 1e-12)
        assertClose(try model.inverseTransform(white), data, relativeTolerance: 1e-12)
        let singular = Matrix(rows: 5, columns: 2) { i, j in Double(i) * Double(j + 1) }
        #expect(throws: NeuralNetworkError.self) { try ZCAWhitening().fit(singular) }
        #expect(throws: NeuralNetworkError.self) { try model.transform(Matrix(rows: 2, columns: 3)) }
    }

    @Test func standardScalerAndMinMaxScalerInvertExactly() throws {
        let train = Self.correlatedData(rows: 200, seed: 2), test = Self.correlatedData(rows: 50, seed: 3)
        let standard = try StandardScaler().fit(train)
        let z = try standard.transform(train)
        for j in 0..<4 {
            let column = z.column(j), mean = column.reduce(0, +) / 200
            assertClose(mean, 0, absoluteTolerance: 1e-12)
            assertClose(column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 200, 1, relativeTolerance: 1e-7)
        }
        assertClose(try standard.inverseTransform(try standard.transform(test)), test, relativeTolerance: 1e-14)
        let minMax = try MinMaxScaler(lower: -1, upper: 1).fit(train)
        let scaled = try minMax.transform(train)
        for j in 0..<4 {
            #expect(abs(scaled.column(j).min()! + 1) < 1e-12 && abs(scaled.column(j).max()! - 1) < 1e-12)
        }
        assertClose(try minMax.inverseTransform(try minMax.transform(test)), test, relativeTolerance: 1e-14)
        #expect(throws: NeuralNetworkError.self) { try MinMaxScaler(lower: 1, upper: 0) }
    }
}

@Suite struct TrainingUtilityTests {
    @Test func miniBatchesAreSeededPermutations() throws {
        let batches = try MiniBatches(sampleCount: 10, batchSize: 4, seed: 7)
        let epoch0 = batches.batches(epoch: 0), epoch1 = batches.batches(epoch: 1)
        #expect(epoch0.map(\.count) == [4, 4, 2])
        #expect(epoch0.flatMap { $0 }.sorted() == Array(0..<10))
        #expect(epoch0 == (try MiniBatches(sampleCount: 10, batchSize: 4, seed: 7)).batches(epoch: 0))
        #expect(epoch0 != epoch1)
        #expect(try MiniBatches(sampleCount: 10, batchSize: 4, dropLast: true).batchCount == 2)
    }

    @Test func splitsAreDisjointStratifiedAndCover() throws {
        let labels = (0..<100).map { $0 < 80 ? 0 : 1 }
        let split = try Splits.trainValidationTest(sampleCount: 100, validationFraction: 0.2, testFraction: 0.1,
                                                   stratifiedBy: labels, seed: 1)
        #expect(Set(split.train + split.validation + split.test) == Set(0..<100))
        #expect(split.train.count + split.validation.count + split.test.count == 100)
        #expect(split.validation.filter { labels[$0] == 1 }.count == 4 && split.validation.count == 20)
        #expect(split.test.filter { labels[$0] == 1 }.count == 2)
        let folds = try Splits.kFold(sampleCount: 100, folds: 5, stratifiedBy: labels, seed: 2)
        #expect(folds.flatMap(\.validation).sorted() == Array(0..<100))
        for fold in folds {
            #expect(fold.validation.filter { labels[$0] == 1 }.count == 4)
            #expect(Set(fold.train).isDisjoint(with: fold.validation) && fold.train.count == 80)
        }
        #expect(throws: NeuralNetworkError.self) { try Splits.kFold(sampleCount: 3, folds: 4) }
    }

    @Test func metrics() throws {
        #expect(try accuracy(predicted: [0, 1, 2, 1], actual: [0, 2, 2, 1]) == 0.75)
        #expect(try confusionMatrix(predicted: [0, 1, 2, 1], actual: [0, 2, 2, 1], classCount: 3) == [[1, 0, 0], [0, 1, 0], [0, 1, 1]])
        let outputs = try Tensor<Double>(shape: [2, 3], scalars: [0.1, 2, -1, 5, 0, 4.9])
        #expect(predictedClasses(outputs) == [1, 0])
        #expect(predictedClasses(Tensor<Double>([-0.5, 0.5])) == [0, 1])
    }

    @Test func historyExportsCSV() throws {
        var history = History()
        history.record([("loss", 0.5), ("accuracy", 0.75)])
        history.record([("loss", 0.25), ("accuracy", 1), ("validationLoss", 0.3)])
        #expect(history.csv == "epoch,loss,accuracy,validationLoss\n1,0.5,0.75,\n2,0.25,1.0,0.3\n")
        #expect(history.series("loss") == [0.5, 0.25])
    }

    /// A trainer with early stopping on a problem where validation loss must rise: fitting noise labels. The
    /// weights restored are those of the best validation epoch.
    @Test func earlyStoppingRestoresBestWeights() throws {
        var generator = SeededGenerator(seed: 3)
        let inputs = Tensor<Double>.randomNormal(shape: [40, 5], seed: 4)
        let labels = (0..<40).map { _ in Int(generator.next() % 2) }
        let data = try TensorDataset(inputs: inputs, targets: .classes(labels))
        let train = data.subset(Array(0..<30)), validation = data.subset(Array(30..<40))
        let model = Sequential<Double>([Dense(5, 32, activation: .relu, generator: &generator), Dense(32, 2, generator: &generator)])
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 0.02), loss: .crossEntropy)
        let stopping = EarlyStopping<Double>(patience: 3)
        let history = try trainer.fit(train, validation: validation, epochs: 200, batchSize: 10, callbacks: [stopping])
        let losses = history.series("validationLoss")
        #expect(losses.count < 200, "early stopping never triggered")
        #expect(stopping.stoppedEpoch == losses.count - 1 && losses.count - 1 - stopping.bestEpoch == 3)
        assertClose(try trainer.evaluate(validation).loss, losses.min()!, relativeTolerance: 1e-12)
        #expect(history.names == ["loss", "accuracy", "validationLoss", "validationAccuracy", "learningRate"])
    }
}

@Suite struct TrainerTests {
    /// Regression with MSE through the trainer: a per-epoch step-decay schedule is applied (the history's learning
    /// rates equal the closed form), clipping keeps training stable, and the fit reaches the least-squares line.
    @Test func regressionWithScheduleAndClipping() throws {
        var generator = SeededGenerator(seed: 21)
        let x = (0..<64).map { _ in 2 * generator.nextUniform() - 1 }
        let inputs = try Tensor<Double>(shape: [64, 1], scalars: x)
        let targets = try Tensor<Double>(shape: [64, 1], scalars: x.map { 0.5 - 2 * $0 })
        let data = try TensorDataset(inputs: inputs, targets: .values(targets))
        let layer = Dense<Double>(1, 1, seed: 1)
        let trainer = Trainer(model: layer, optimizer: try SGD(parameters: layer.parameters, learningRate: 0.1, momentum: 0.5),
                              loss: .meanSquaredError, schedule: .stepDecay(initial: 0.2, factor: 0.5, every: 20),
                              clipping: .globalNorm(5))
        let history = try trainer.fit(data, epochs: 60, batchSize: 16)
        assertClose(history.series("learningRate"), (0..<60).map { 0.2 * pow(0.5, Double($0 / 20)) })
        assertClose(layer.weight.value.scalars + layer.bias!.value.scalars, [-2, 0.5], relativeTolerance: 1e-6)
        #expect(history.last("loss")! < 1e-10)
        #expect(history.names == ["loss", "learningRate"])
        #expect(throws: NeuralNetworkError.self) { try trainer.fit(data, epochs: 0, batchSize: 16) }
    }
}

@Suite struct CrossValidationTests {
    /// Stratified folds keep the class share (20 %) in every validation fold; each sample is validated once.
    @Test func stratifiedFoldsKeepClassShares() throws {
        let labels = (0..<50).map { $0 % 5 == 0 ? 1 : 0 }
        let inputs = try Tensor<Double>(shape: [50, 1], scalars: (0..<50).map(Double.init))
        let data = try TensorDataset(inputs: inputs, targets: .classes(labels))
        var seen: [Double] = []
        let shares = try crossValidate(data, folds: 5, stratified: true, seed: 3) { train, validation in
            #expect(train.count == 40 && validation.count == 10)
            seen += validation.inputs.scalars
            guard case .classes(let c) = validation.targets else { return .nan }
            return Double(c.reduce(0, +)) / Double(c.count)
        }
        #expect(shares == [0.2, 0.2, 0.2, 0.2, 0.2])
        #expect(seen.sorted() == (0..<50).map(Double.init))
        let regression = try TensorDataset(inputs: inputs, targets: .values(inputs))
        #expect(throws: NeuralNetworkError.self) { try crossValidate(regression, folds: 5, stratified: true) { _, _ in 0 } }
    }
}

@Suite struct CallbackTests {
    /// A model already at the optimum (zero weights, zero targets): the loss stays 0, so reduce-on-plateau with
    /// patience 0 halves the rate after every epoch but the first; the progress bar only prints.
    @Test func plateauSchedulerHalvesOnFlatLoss() throws {
        let inputs = Tensor<Double>.randomNormal(shape: [8, 2], seed: 1)
        let data = try TensorDataset(inputs: inputs, targets: .values(Tensor(zeros: [8, 1])))
        let layer = Dense<Double>(2, 1, weightInitializer: .zeros, biasInitializer: .zeros, seed: 0)
        let trainer = Trainer(model: layer, optimizer: try SGD(parameters: layer.parameters, learningRate: 0.1),
                              loss: .meanSquaredError)
        let plateau = try ReduceLROnPlateau(initial: 0.1, factor: 0.5, patience: 0)
        let history = try trainer.fit(data, epochs: 4, batchSize: 4, anyCallbacks: [
            AnyCallback(PlateauScheduler<Double>(plateau, monitor: "loss")), AnyCallback(ProgressBar<Double>()),
        ])
        #expect(history.series("loss") == [0, 0, 0, 0])
        #expect(history.series("learningRate") == [0.1, 0.1, 0.05, 0.025])
        #expect(trainer.optimizer.learningRate == 0.0125)
    }
}
