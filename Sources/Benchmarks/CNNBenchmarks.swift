import Foundation
import LinearAlgebra
import NeuralNetworks

/// Training throughput of the CNN (conv 3×3 ×16 → ReLU → max-pool 2 → conv 3×3 ×32 → ReLU → global
/// average pool → dense 10; cross-entropy, Adam 1e-3, batch 64, Float, random inputs) on digits-sized 8 × 8 and on
/// 28 × 28 images, beside PyTorch on the same network in the same run (`benchmarks/compare_pytorch_cnn.py`, at 1 and
/// at 2 threads, the faster kept; "not run" without torch in `.venv-compare`). Ours runs three ways, the fastest kept:
/// one thread, two OpenBLAS threads, and two half-batches on two cores at once (`DataParallelGradients`, OpenBLAS at
/// one thread each); each figure is the best of whole epochs after a warm-up step. `CNN_SIZES=28` runs one size only.
enum CNNBenchmarks {
    static func run(quick: Bool) throws {
        // CNN_SIZES=28 (a comma-separated list of 8 and 28) runs only those sizes, e.g. to profile one of them.
        let only = ProcessInfo.processInfo.environment["CNN_SIZES"].map { Set($0.split(separator: ",").compactMap { Int($0) }) }
        let configurations = [(size: 8, samples: quick ? 2048 : 8192), (size: 28, samples: quick ? 512 : 2048)]
            .filter { only?.contains($0.size) ?? true }
        let rounds = quick ? 1 : 3
        let baseline = PythonBaseline.run(script: "benchmarks/compare_pytorch_cnn.py",
                                          arguments: configurations.map { "\($0.size):\($0.samples)" } + ["--rounds", "\(rounds)"])
        let torch = PythonBaseline.version(baseline, "torch", name: "PyTorch")
        var rows: [[String]] = []
        var summary: [(ours: Double, theirs: Double?)] = []
        for (size, samples) in configurations {
            // Three ways to use the machine's two cores: none (1 thread), OpenBLAS's own threads inside each GEMM
            // (2 threads), and two half-batches on two graphs at once (`DataParallelGradients`, BLAS at 1 thread).
            let modes: [(label: String, threads: Int, shards: Int)] = [("1 thread", 1, 1), ("2 threads", 2, 1), ("2 shards", 1, 2)]
            var rates: [String: Double] = [:], cpu: [String: Double] = [:]
            var loss = 0.0
            for mode in modes {
                let previous = BLAS.threadCount
                BLAS.threadCount = mode.threads
                defer { BLAS.threadCount = previous }
                let result = try CNNTraining(size: size, samples: samples, shards: mode.shards).measure(rounds: rounds)
                rates[mode.label] = result.samplesPerSecond
                cpu[mode.label] = result.cpuMicrosecondsPerSample
                loss = result.loss
            }
            let best = rates.max { $0.value < $1.value }!
            let theirs = baseline?["s\(size)_best"]
            let theirThreads = baseline?["s\(size)_best_threads"].map { "\(Int($0))" } ?? "–"
            summary.append((best.value, theirs))
            let measured: [String] = modes.map { Bench.format(rates[$0.label]!, 0) }
            let theirCell: String = theirs.map { "\(Bench.format($0, 0)) (\(theirThreads))" } ?? "not run"
            let ratio: String = theirs.map { Bench.format(best.value / $0, 2) + "×" } ?? "–"
            let cpuCell: String = modes.map { Bench.format(cpu[$0.label]!, 0) }.joined(separator: " / ")
            rows.append(["\(size) × \(size)", "\(samples)"] + measured
                         + ["\(Bench.format(best.value, 0)) (\(best.key))", theirCell, ratio, cpuCell, Bench.format(loss, 3)])
        }
        Bench.printTable("CNN training (conv 3×3×16 → ReLU → max-pool → conv 3×3×32 → ReLU → GAP → dense 10), Adam(1e-3), batch 64, Float, samples/s",
                         header: ["image", "samples", "ours 1 thread", "ours 2 BLAS threads", "ours 2 shards × 1 thread",
                                  "ours best", "PyTorch best (threads), same run", "ours / PyTorch",
                                  "ours CPU µs/sample (same three)", "last batch loss"],
                         rows: rows)
        let sizes = configurations.map { "\($0.size) × \($0.size)" }.joined(separator: " / ")
        Summary.add("CNN (conv 3×3×16 → pool → conv 3×3×32 → GAP → dense 10) training, Adam, batch 64, Float, \(sizes)",
                    baseline: "\(torch) (faster of 1 and 2 threads), same run: "
                        + (summary.contains { $0.theirs == nil } ? PythonBaseline.notRun
                           : summary.map { Bench.format($0.theirs!, 0) }.joined(separator: " / ") + " samples/s"),
                    ours: summary.map { Bench.format($0.ours, 0) }.joined(separator: " / ") + " samples/s",
                    ratio: summary.map { PythonBaseline.ratio($0.ours, $0.theirs) }.joined(separator: " / "))
    }
}

/// One CNN training set-up: the model, optimiser, random data and reusable buffers. With `shards > 1` each step's
/// gradient comes from `DataParallelGradients` (the batch split across that many graphs run at once).
final class CNNTraining {
    let samples: Int
    let parallel: DataParallelGradients<Float>?
    let model: Sequential<Float>
    let optimizer: Adam<Float>
    let inputs: Tensor<Float>
    let labels: [Int]
    let batches: MiniBatches
    let graph = Graph<Float>()
    var batch = Tensor<Float>(zeros: [0])
    var lastLoss = 0.0

    init(size: Int, samples: Int, shards: Int = 1) throws {
        self.samples = samples
        var generator = SeededGenerator(seed: 7)
        model = Sequential<Float>([
            Conv2D(1, 16, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            MaxPool2D(kernelSize: 2),
            Conv2D(16, 32, kernelSize: 3, padding: 1, activation: .relu, generator: &generator),
            GlobalAveragePool2D(),
            Dense(32, 10, generator: &generator),
        ])
        inputs = Tensor<Float>.randomNormal(shape: [samples, 1, size, size], seed: 1)
        labels = (0..<samples).map { _ in Int(generator.next() % 10) }
        optimizer = Adam(parameters: model.parameters, learningRate: 1e-3)
        batches = try MiniBatches(sampleCount: samples, batchSize: 64, seed: 3)
        parallel = shards > 1 ? try DataParallelGradients(model: model, shards: shards) : nil
    }

    /// The best samples per second over `rounds` epochs, after one warm-up step, and the process's CPU time (user +
    /// system, all threads) per sample in that epoch: on a shared machine the CPU time is the steadier figure.
    func measure(rounds: Int) throws -> (samplesPerSecond: Double, cpuMicrosecondsPerSample: Double, loss: Double) {
        try step(batches.batches(epoch: 0)[0])
        var best = Double.infinity, bestCPU = 0.0
        for round in 0..<rounds {
            let order = batches.batches(epoch: round)
            let cpu = Self.cpuSeconds()
            let seconds = try Bench.time { for indices in order { try step(indices) } }
            if seconds < best { best = seconds; bestCPU = Self.cpuSeconds() - cpu }
        }
        return (Double(samples) / best, bestCPU / Double(samples) * 1e6, lastLoss)
    }

    /// User + system CPU seconds of this process so far (`getrusage`).
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    func step(_ indices: [Int]) throws {
        if let parallel {
            let labels = labels
            lastLoss = try parallel.compute(rows: indices, of: inputs) { logits, slice, _ in
                crossEntropy(logits: logits, classes: slice.map { labels[indices[$0]] })
            }
            optimizer.step()
            return
        }
        inputs.gatherRows(indices, into: &batch)
        let context = ForwardContext(graph: graph, mode: .training)
        let logits = model(context.constant(batch), in: context)
        let loss = crossEntropy(logits: logits, classes: indices.map { labels[$0] })
        lastLoss = try context.backward(from: loss).doubleValue
        optimizer.step()
    }
}
