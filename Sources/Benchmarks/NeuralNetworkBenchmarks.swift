import Foundation
import LinearAlgebra
import NeuralNetworks

/// Training throughput of the MLP (784-256-128-10, ReLU, cross-entropy, Adam 1e-3, batch 128) on random
/// inputs, beside PyTorch on the same network in the same run at 1 and 2 threads, the faster shown
/// (`benchmarks/compare_pytorch_mlp.py`; "not run" without torch), and beside the cost of the step's eight GEMMs
/// alone (the floor any implementation on the same BLAS pays), measured in alternation so that load from other
/// processes hits both alike. Ours also runs at 1 and 2 OpenBLAS threads, the faster kept.
enum NeuralNetworkBenchmarks {
    static func run(quick: Bool) throws {
        let samples = quick ? 12_800 : 60_000
        let baseline = PythonBaseline.run(script: "benchmarks/compare_pytorch_mlp.py",
                                          arguments: ["\(samples)", "--epochs", quick ? "1" : "3"])
        let torch = PythonBaseline.version(baseline, "torch", name: "PyTorch")
        var rows: [[String]] = []
        var summary: [(name: String, ours: Double, theirs: ThreadedFigure?)] = []
        for (name, dtype, rounds) in [("Float", "float32", quick ? 1 : 3), ("Double", "float64", quick ? 1 : 2)] {
            var results: [(threads: Int, ours: Double, gemms: Double, loss: Double)] = []
            for threads in [1, 2] {
                let result = try BLAS.withThreads(threads) {
                    name == "Float" ? try MLPTraining<Float>(samples: samples).measure(rounds: rounds)
                                    : try MLPTraining<Double>(samples: samples).measure(rounds: rounds)
                }
                results.append((threads, result.ours, result.gemms, result.loss))
            }
            let best = results.max { $0.ours < $1.ours }!
            let theirs = ThreadedFigure(baseline, key: dtype)
            for result in results {
                rows.append([name, "\(result.threads)", Bench.format(result.ours, 0),
                             PythonBaseline.cell(baseline, "\(dtype)_threads\(result.threads)", digits: 0),
                             Bench.format(result.gemms, 0), Bench.format(result.gemms / result.ours, 2) + "×", Bench.format(result.loss, 4)])
            }
            rows.append([name, "best", "\(Bench.format(best.ours, 0)) (\(best.threads) thr)",
                         theirs.map { "\(Bench.format($0.best, 0)) (\($0.bestThreads) thr)" } ?? PythonBaseline.notRun,
                         "–", "ours / PyTorch: " + PythonBaseline.ratio(best.ours, theirs?.best), "–"])
            summary.append((name, best.ours, theirs))
        }
        Bench.printTable("MLP 784-256-128-10 training, Adam(1e-3), cross-entropy, batch 128, best of epochs of \(samples) random samples",
                         header: ["scalar", "threads", "ours samples/s", "\(torch) samples/s, same run",
                                  "its 8 GEMMs alone samples/s", "step / GEMMs", "last batch loss"],
                         rows: rows)
        func rates(_ values: [Double?]) -> String {
            values.contains(nil) ? PythonBaseline.notRun : values.map { Bench.format($0!, 0) }.joined(separator: " / ") + " samples/s"
        }
        Summary.add("MLP 784-256-128-10 training, Adam, batch 128, Float / Double",
                    baseline: "\(torch) (faster of 1 and 2 threads), same run: " + rates(summary.map { $0.theirs?.best }),
                    ours: rates(summary.map { $0.ours }),
                    ratio: summary.map { PythonBaseline.ratio($0.ours, $0.theirs?.best) }.joined(separator: " / "))
    }
}

/// One training set-up: the model, optimiser, data and reusable buffers.
final class MLPTraining<Scalar: TensorScalar> {
    let samples: Int
    let model: Sequential<Scalar>
    let optimizer: Adam<Scalar>
    let inputs: Tensor<Scalar>
    let labels: [Int]
    let batches: MiniBatches
    let graph = Graph<Scalar>()
    var batch = Tensor<Scalar>(zeros: [128, 784])
    var lastLoss = 0.0

    init(samples: Int) throws {
        self.samples = samples
        var generator = SeededGenerator(seed: 7)
        model = Sequential<Scalar>([
            Dense(784, 256, activation: .relu, generator: &generator),
            Dense(256, 128, activation: .relu, generator: &generator),
            Dense(128, 10, generator: &generator),
        ])
        inputs = Tensor<Scalar>.randomNormal(shape: [samples, 784], seed: 1)
        labels = (0..<samples).map { _ in Int(generator.next() % 10) }
        optimizer = Adam(parameters: model.parameters, learningRate: 1e-3)
        batches = try MiniBatches(sampleCount: samples, batchSize: 128, seed: 3)
    }

    /// The best samples per second of `rounds` training epochs and of as many GEMM-only epochs, alternating.
    func measure(rounds: Int) throws -> (ours: Double, gemms: Double, loss: Double) {
        try step(batches.batches(epoch: 0)[0])   // warm-up: first touch of buffers, OpenBLAS's threads
        let gemms = GEMMSteps<Scalar>()
        var ours = Double.infinity, floor = Double.infinity
        for round in 0..<rounds {
            let order = batches.batches(epoch: round)
            ours = Swift.min(ours, try Bench.time { for indices in order { try step(indices) } })
            floor = Swift.min(floor, Bench.time { for _ in order { gemms.step() } })
        }
        return (Double(samples) / ours, Double(samples) / floor, lastLoss)
    }

    func step(_ indices: [Int]) throws {
        inputs.gatherRows(indices, into: &batch)
        let context = ForwardContext(graph: graph, mode: .training)
        let logits = model(context.constant(batch), in: context)
        let loss = crossEntropy(logits: logits, classes: indices.map { labels[$0] })
        lastLoss = try context.backward(from: loss).doubleValue
        optimizer.step()
    }
}

/// The eight GEMMs of one training step of the MLP (3 forward, 5 backward; the graph's shapes and transposes).
final class GEMMSteps<Scalar: TensorScalar> {
    static var sizes: [Int] { [784, 256, 128, 10] }
    let batch = 128, sizes = GEMMSteps.sizes
    let activations: [UnsafeMutablePointer<Scalar>], adjoints: [UnsafeMutablePointer<Scalar>]
    let weights: [UnsafeMutablePointer<Scalar>], gradients: [UnsafeMutablePointer<Scalar>]

    init() {
        func buffer(_ count: Int) -> UnsafeMutablePointer<Scalar> {
            let pointer = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
            pointer.initialize(repeating: Scalar(0.01), count: count)
            return pointer
        }
        let sizes = GEMMSteps.sizes
        activations = sizes.map { buffer(128 * $0) }
        adjoints = sizes.map { buffer(128 * $0) }
        weights = (0..<3).map { buffer(sizes[$0 + 1] * sizes[$0]) }
        gradients = (0..<3).map { buffer(sizes[$0 + 1] * sizes[$0]) }
    }

    deinit { (activations + adjoints + weights + gradients).forEach { $0.deallocate() } }

    func step() {
        for l in 0..<3 {   // A_{l+1} = A_l W_lᵀ
            Scalar.gemm(transposeA: false, transposeB: true, m: batch, n: sizes[l + 1], k: sizes[l], alpha: .one,
                        a: activations[l], lda: sizes[l], b: weights[l], ldb: sizes[l], beta: .zero,
                        c: activations[l + 1], ldc: sizes[l + 1])
        }
        for l in (0..<3).reversed() {   // W̄_l = Ā_{l+1}ᵀ A_l;  Ā_l = Ā_{l+1} W_l (not for the input)
            Scalar.gemm(transposeA: true, transposeB: false, m: sizes[l + 1], n: sizes[l], k: batch, alpha: .one,
                        a: adjoints[l + 1], lda: sizes[l + 1], b: activations[l], ldb: sizes[l], beta: .zero,
                        c: gradients[l], ldc: sizes[l])
            if l > 0 {
                Scalar.gemm(transposeA: false, transposeB: false, m: batch, n: sizes[l], k: sizes[l + 1], alpha: .one,
                            a: adjoints[l + 1], lda: sizes[l + 1], b: weights[l], ldb: sizes[l], beta: .zero,
                            c: adjoints[l], ldc: sizes[l])
            }
        }
    }
}
