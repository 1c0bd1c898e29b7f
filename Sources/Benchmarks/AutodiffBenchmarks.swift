import Autodiff
import Foundation
import LinearAlgebra

/// Per-operation overhead (the course exercise on scalars) and a matmul-bound MLP step against its own BLAS calls,
/// both beside PyTorch in the same run at 1 and 2 threads (`benchmarks/compare_pytorch_autodiff.py`; micrograd too
/// when it is installed; "not run" without them).
enum AutodiffBenchmarks {
    static func run(quick: Bool) throws {
        let calls = quick ? 20_000 : 100_000, repeats = quick ? 10 : 100
        let baseline = PythonBaseline.run(script: "benchmarks/compare_pytorch_autodiff.py",
                                          arguments: ["--calls", "\(calls)", "--repeats", "\(repeats)"])
        try scalarOverhead(calls: calls, baseline: baseline)
        try multilayerPerceptron(repeats: repeats, baseline: baseline)
    }

    /// f(x, y) = y·log x + √(y·log x), forward + backward on rank-0 tensors.
    static func scalarOverhead(calls: Int, baseline: [String: Double]?) throws {
        let x = Tensor(2.0), y = Tensor(3.0)
        func exercise(_ v: [Variable<Double>]) -> Variable<Double> {
            let b = v[1] * log(v[0])
            return b + sqrt(b)
        }
        // The minimum over chunks of the per-call time, interleaving the variants (the machine is shared).
        var sink = 0.0
        let graph = Graph<Double>()
        let chunk = 1_000, rounds = Swift.max(calls / chunk, 1)
        var fresh = Double.infinity, reused = Double.infinity, dual = Double.infinity
        for _ in 0..<rounds {
            fresh = min(fresh, try Bench.time {
                for _ in 0..<chunk { sink += try valueWithGradient(at: [x, y], in: exercise).gradients[0].scalar! }
            })
            reused = min(reused, try Bench.time {
                for _ in 0..<chunk { sink += try valueWithGradient(at: [x, y], graph: graph, in: exercise).gradients[0].scalar! }
            })
            dual = min(dual, Bench.time {
                for _ in 0..<chunk {
                    sink += forwardGradient(at: [2.0, 3.0]) { v in let b = v[1] * Dual.log(v[0]); return b + Dual.sqrt(b) }[0]
                }
            })
        }
        fresh *= Double(calls / chunk); reused *= Double(calls / chunk); dual *= Double(calls / chunk)
        if sink.isNaN { print("") }
        let perCall = { (seconds: Double) in Bench.format(seconds / Double(calls) * 1e6, 2) }
        let torch = PythonBaseline.version(baseline, "torch", name: "PyTorch")
        let pytorch = ThreadedFigure(baseline, key: "exercise_us")
        Bench.printTable("Course exercise y·log x + √(y·log x): forward + backward on scalars, \(calls) calls, same run",
                         header: ["implementation", "µs per call", "issue's target"],
                         rows: [
                            ["ours, valueWithGradient (fresh graph per call)", perCall(fresh), "≤ 2"],
                            ["ours, valueWithGradient (graph reused)", perCall(reused), "≤ 2"],
                            ["ours, forward mode (Dual, 2 passes)", perCall(dual), "–"],
                            ["\(torch), 0-dim float64 tensors (best of 1 and 2 threads)", pytorch?.description(digits: 2) ?? PythonBaseline.notRun, "–"],
                            ["micrograd (pure Python)", PythonBaseline.cell(baseline, "micrograd_us", digits: 2), "–"],
                         ])
        let micrograd = baseline?["micrograd_us"].map { ", micrograd \(Bench.format($0, 1)) µs" } ?? ""
        Summary.add("course exercise, forward + backward on scalars",
                    baseline: "\(torch) (faster of 1 and 2 threads), same run: "
                        + (pytorch.map { "\(Bench.format($0.best, 1)) µs (\($0.bestThreads) thr)" } ?? PythonBaseline.notRun) + micrograd,
                    ours: "\(perCall(fresh)) µs (\(perCall(reused)) µs reusing the graph)",
                    ratio: PythonBaseline.ratio(fresh / Double(calls) * 1e6, pytorch?.best))
    }

    /// One forward + backward of a 784-256-128-10 ReLU MLP with cross-entropy, batch 128, Float, beside the eight
    /// SGEMM calls it makes, with the same arguments (three forward; two per layer backward except the input
    /// gradient of layer 1; β = 0 everywhere, as the graph overwrites each fresh gradient buffer).
    static func multilayerPerceptron(repeats: Int, baseline: [String: Double]?) throws {
        let batch = 128, sizes = [784, 256, 128, 10]
        let input = Tensor<Float>.randomNormal(shape: [batch, sizes[0]], seed: 1)
        let classes = (0..<batch).map { $0 % 10 }
        var weights: [Tensor<Float>] = [], biases: [Tensor<Float>] = []
        for layer in 0..<3 {
            let scale = (2 / Double(sizes[layer])).squareRoot()
            weights.append(.randomNormal(shape: [sizes[layer], sizes[layer + 1]], standardDeviation: scale, seed: UInt64(10 + layer)))
            biases.append(Tensor(zeros: [sizes[layer + 1]]))
        }
        let graph = Graph<Float>()
        var gradients: [Tensor<Float>] = []
        var loss: Float = 0
        func step() throws {
            graph.reset()
            let x = graph.constant(input)
            let w = weights.map { graph.variable($0) }, b = biases.map { graph.variable($0) }
            var h = x
            for layer in 0..<3 {
                h = matmul(h, w[layer]) + b[layer]
                if layer < 2 { h = relu(h) }
            }
            let objective = -h.logSoftmax().gather(classes: classes).mean()
            try graph.gradients(of: objective, withRespectTo: w + b, into: &gradients)
            loss += try objective.scalarValue()
        }
        try step()

        // The same GEMMs on plain buffers.
        let activations = [input] + [Tensor<Float>(zeros: [batch, 256]), Tensor(zeros: [batch, 128]), Tensor(zeros: [batch, 10])]
        var outputs = activations
        var weightGradients = weights.map { Tensor<Float>(zeros: $0.shape) }
        var inputGradients = activations.map { Tensor<Float>(zeros: $0.shape) }
        func gemms() {
            for layer in 0..<3 {
                let (k, n) = (sizes[layer], sizes[layer + 1])
                activations[layer].withUnsafeBufferPointer { a in
                    weights[layer].withUnsafeBufferPointer { w in
                        outputs[layer + 1].withUnsafeMutableBufferPointer { c in
                            Float.gemm(transposeA: false, transposeB: false, m: batch, n: n, k: k, alpha: 1, a: a.baseAddress!, lda: k,
                                       b: w.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!, ldc: n)
                        }
                    }
                }
            }
            for layer in (0..<3).reversed() {
                let (k, n) = (sizes[layer], sizes[layer + 1])
                outputs[layer + 1].withUnsafeBufferPointer { g in
                    activations[layer].withUnsafeBufferPointer { a in
                        weightGradients[layer].withUnsafeMutableBufferPointer { dw in
                            Float.gemm(transposeA: true, transposeB: false, m: k, n: n, k: batch, alpha: 1, a: a.baseAddress!, lda: k,
                                       b: g.baseAddress!, ldb: n, beta: 0, c: dw.baseAddress!, ldc: n)
                        }
                    }
                    guard layer > 0 else { return }
                    weights[layer].withUnsafeBufferPointer { w in
                        inputGradients[layer].withUnsafeMutableBufferPointer { dx in
                            Float.gemm(transposeA: false, transposeB: true, m: batch, n: k, k: n, alpha: 1, a: g.baseAddress!, lda: n,
                                       b: w.baseAddress!, ldb: n, beta: 0, c: dx.baseAddress!, ldc: k)
                        }
                    }
                }
            }
        }
        gemms()
        // Interleaved, minimum of each (the machine is shared with other work); then again with one BLAS thread.
        func measure() throws -> (ours: Double, blas: Double) {
            var ours = Double.infinity, blas = Double.infinity
            for _ in 0..<repeats {
                ours = min(ours, try Bench.time { try step() })
                blas = min(blas, Bench.time { gemms() })
            }
            return (ours, blas)
        }
        let threads = BLAS.threadCount
        let parallel = try measure()
        let serial = try BLAS.withThreads(1) { try measure() }
        if loss.isNaN { print("") }
        var rows: [[String]] = []
        for (count, figures) in [(threads, parallel), (1, serial)] {
            rows.append(["ours: graph forward + backward", "\(count)", Bench.format(figures.ours * 1e3),
                         Bench.format(figures.ours / figures.blas, 2) + "×", "≤ 1.20×"])
            rows.append(["its 8 SGEMM calls alone", "\(count)", Bench.format(figures.blas * 1e3), "1.00×", "–"])
        }
        let torch = PythonBaseline.version(baseline, "torch", name: "PyTorch")
        for threads in [1, 2] {
            let figure = baseline?["mlp_ms_threads\(threads)"]
            let best = min(parallel.ours, serial.ours)
            rows.append(["\(torch) forward + backward, same run", "\(threads)", PythonBaseline.cell(figure.map { ["v": $0] }, "v"),
                         PythonBaseline.ratio(figure, (threads == 1 ? serial : parallel).blas * 1e3),
                         "ours (best) / PyTorch: " + PythonBaseline.ratio(best * 1e3, figure)])
        }
        Bench.printTable("MLP 784-256-128-10, batch 128, Float: one forward + backward beside its own SGEMM calls and PyTorch",
                         header: ["measurement", "BLAS threads", "ms", "ratio to BLAS", "issue's limit"], rows: rows)
        let pytorch = ThreadedFigure(baseline, key: "mlp_ms")
        let best = parallel.ours <= serial.ours ? parallel : serial
        Summary.add("MLP 784-256-128-10, batch 128, Float: forward + backward",
                    baseline: "its own 8 SGEMM calls: \(Bench.format(best.blas * 1e3, 2)) ms; \(torch) (faster of 1 and 2 threads): "
                        + (pytorch.map { "\(Bench.format($0.best, 2)) ms (\($0.bestThreads) thr)" } ?? PythonBaseline.notRun),
                    ours: "\(Bench.format(best.ours * 1e3, 2)) ms",
                    ratio: "\(Bench.format(best.ours / best.blas, 2))× SGEMMs; " + PythonBaseline.ratio(best.ours * 1e3, pytorch?.best) + " PyTorch")
    }
}
