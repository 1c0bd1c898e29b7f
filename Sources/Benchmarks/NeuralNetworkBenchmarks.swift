import Foundation
import LinearAlgebra
import NeuralNetworks

/// Training throughput of the MLP (784-256-128-10, ReLU, cross-entropy, Adam 1e-3, batch 128) on random
/// inputs, beside PyTorch's published figures for the same network on this kind of 2-core machine.
enum NeuralNetworkBenchmarks {
    static func run(quick: Bool) throws {
        let samples = quick ? 12_800 : 60_000
        var rows: [[String]] = []
        let threads = BLAS.threadCount
        let float = try samplesPerSecond(Float.self, samples: samples)
        rows.append(["Float", "\(threads)", Bench.format(float.rate, 0), "≈ 29 000", Bench.format(float.loss, 4)])
        if ProcessInfo.processInfo.environment["FLOATONLY"] != nil { print(float); return }
        let double = try samplesPerSecond(Double.self, samples: quick ? 6_400 : 30_000)
        rows.append(["Double", "\(threads)", Bench.format(double.rate, 0), "≈ 17 000", Bench.format(double.loss, 4)])
        Bench.printTable("MLP 784-256-128-10 training, Adam(1e-3), batch 128, one epoch of \(samples) random samples",
                         header: ["scalar", "BLAS threads", "ours samples/s", "PyTorch 2.15 samples/s", "final batch loss"],
                         rows: rows)
    }

    /// Trains one epoch of `samples` random inputs with random labels and returns samples per second.
    static func samplesPerSecond<Scalar: TensorScalar>(_ type: Scalar.Type, samples: Int) throws -> (rate: Double, loss: Double) {
        var generator = SeededGenerator(seed: 7)
        let model = Sequential<Scalar>([
            Dense(784, 256, activation: .relu, generator: &generator),
            Dense(256, 128, activation: .relu, generator: &generator),
            Dense(128, 10, generator: &generator),
        ])
        let inputs = Tensor<Scalar>.randomNormal(shape: [samples, 784], seed: 1)
        let labels = (0..<samples).map { _ in Int(generator.next() % 10) }
        let optimizer = Adam(parameters: model.parameters, learningRate: 1e-3)
        let batches = try MiniBatches(sampleCount: samples, batchSize: 128, seed: 3)
        let graph = Graph<Scalar>()
        var batch = Tensor<Scalar>(zeros: [128, 784])
        var lastLoss = 0.0
        // One warm-up step (first-touch of buffers and OpenBLAS's threads), then the timed epoch.
        func step(_ indices: [Int]) throws {
            inputs.gatherRows(indices, into: &batch)
            let context = ForwardContext(graph: graph, mode: .training)
            let logits = model(context.constant(batch), in: context)
            let loss = crossEntropy(logits: logits, classes: indices.map { labels[$0] })
            lastLoss = try context.backward(from: loss).doubleValue
            optimizer.step()
        }
        let epoch = batches.batches(epoch: 0)
        try step(epoch[0])
        let seconds = try Bench.time { for indices in epoch { try step(indices) } }
        return (Double(samples) / seconds, lastLoss)
    }
}
