import Autodiff
import Foundation
import LinearAlgebra

/// conv2d forward + backward (input, weight and bias gradients) beside the bare SGEMM calls it makes, with the
/// same shapes and transposes, in the same run: per image `W·cols` (forward), `Ȳ·colsᵀ` and `Wᵀ·Ȳ` (backward; the
/// last one only when the input needs a gradient), and one `s·1` for the bias gradient over the per-position sums.
/// (conv2d itself folds the bias into the first two as one more column, `[W | b]` against a ones row, so its
/// calls are one row or column larger than these and it has no bias passes; the ratio is its whole step over
/// the plain lowered products.) The goal (#12): ours ≤ 1.3 × those SGEMMs, on one BLAS thread, CPU time.
enum ConvolutionBenchmarks {
    static func run(quick: Bool) throws {
        let repeats = quick ? 5 : 30
        var rows: [[String]] = []
        var summary: [(ours: Double, blas: Double)] = []
        // The first layer of a CNN takes data: no input gradient (so no Wᵀ·Ȳ SGEMM and no col2im).
        for (label, input, filters, inputGradient) in [
            ("digits-like [128, 16, 8, 8], 32 filters 3×3, padding 1", [128, 16, 8, 8], 32, true),
            ("28×28 first layer [128, 1, 28, 28] (data), 16 filters 3×3, padding 1", [128, 1, 28, 28], 16, false),
            ("28×28 second layer [128, 16, 28, 28], 32 filters 3×3, padding 1", [128, 16, 28, 28], 32, true),
        ] {
            let (table, cpu) = try convolution(label, input: input, filters: filters, inputGradient: inputGradient,
                                               repeats: quick ? 2 : (input[2] > 8 && input[1] > 1 ? 8 : repeats))
            rows += table
            summary.append(cpu)
        }
        Bench.printTable("conv2d forward + backward, Float: the graph beside its own SGEMM calls (per image: W·cols forward; Ȳ·colsᵀ and Wᵀ·Ȳ backward; one s·1 for the bias)",
                         header: ["case", "BLAS threads, clock", "ours ms", "its SGEMMs ms", "ratio", "issue's limit",
                                  "stacked-columns SGEMMs ms (alternative layout, not what conv2d calls)"], rows: rows)
        Summary.add("conv2d 3×3 forward + backward, Float, batch 128: digits-like 16→32 at 8×8 / 28×28 first layer 1→16 / 28×28 16→32; 1 BLAS thread, CPU time",
                    baseline: "its own SGEMM calls, same shapes: " + summary.map { Bench.format($0.blas * 1e3) }.joined(separator: " / ") + " ms",
                    ours: summary.map { Bench.format($0.ours * 1e3) }.joined(separator: " / ") + " ms",
                    ratio: summary.map { Bench.format($0.ours / $0.blas, 2) + "×" }.joined(separator: " / ") + " (goal ≤ 1.30×)")
    }

    static func convolution(_ label: String, input shape: [Int], filters: Int, inputGradient: Bool,
                            repeats: Int) throws -> (table: [[String]], cpu: (ours: Double, blas: Double)) {
        let (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        let x = Tensor<Float>.randomNormal(shape: shape, seed: 1)
        let weight = Tensor<Float>.randomNormal(shape: [filters, channels, 3, 3], standardDeviation: 0.1, seed: 2)
        let bias = Tensor<Float>(zeros: [filters])
        let seed = Tensor<Float>.randomNormal(shape: [batch, filters, height, width], seed: 3)
        let graph = Graph<Float>()
        var gradients: [Tensor<Float>] = []
        func step() throws {
            graph.reset()
            let v = [inputGradient ? graph.variable(x) : graph.constant(x), graph.variable(weight), graph.variable(bias)]
            let y = conv2d(v[0], weight: v[1], bias: v[2], padding: (1, 1))
            try graph.gradients(of: y, withRespectTo: v, into: &gradients, seed: seed)
        }
        try step()

        // The same GEMMs on plain buffers: k = C·9 rows of packed columns, plane = H·W output positions.
        let k = channels * 9, plane = height * width
        var columns = Tensor<Float>.randomNormal(shape: [k, plane], seed: 4)
        var output = Tensor<Float>(zeros: [batch, filters, plane]), weightGradient = Tensor<Float>(zeros: [filters, k])
        var biasGradient = Tensor<Float>(zeros: [filters])
        let ones = Tensor<Float>(repeating: 1, shape: [plane])
        func gemms() {
            columns.withUnsafeMutableBufferPointer { c in
                let cols = c.baseAddress!
                weight.withUnsafeBufferPointer { w in
                    seed.withUnsafeBufferPointer { g in
                        output.withUnsafeMutableBufferPointer { y in
                            weightGradient.withUnsafeMutableBufferPointer { dw in
                                for n in 0..<batch {
                                    Float.gemm(transposeA: false, transposeB: false, m: filters, n: plane, k: k, alpha: 1,
                                               a: w.baseAddress!, lda: k, b: cols, ldb: plane, beta: 0,
                                               c: y.baseAddress! + n * filters * plane, ldc: plane)
                                }
                                for n in 0..<batch {
                                    let ybar = g.baseAddress! + n * filters * plane
                                    Float.gemm(transposeA: false, transposeB: true, m: filters, n: k, k: plane, alpha: 1,
                                               a: ybar, lda: plane, b: cols, ldb: plane, beta: n == 0 ? 0 : 1,
                                               c: dw.baseAddress!, ldc: k)
                                    guard inputGradient else { continue }
                                    Float.gemm(transposeA: true, transposeB: false, m: k, n: plane, k: filters, alpha: 1,
                                               a: w.baseAddress!, lda: k, b: ybar, ldb: plane, beta: 0, c: cols, ldc: plane)
                                }
                                ones.withUnsafeBufferPointer { e in
                                    biasGradient.withUnsafeMutableBufferPointer { db in
                                        Float.gemm(transposeA: false, transposeB: false, m: filters, n: 1, k: plane, alpha: 1,
                                                   a: g.baseAddress!, lda: plane, b: e.baseAddress!, ldb: 1, beta: 0,
                                                   c: db.baseAddress!, ldc: 1)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        gemms()
        // The alternative layout: every image's columns stacked side by side (C·9 × N·H·W), one SGEMM per pass.
        var stackedColumns = Tensor<Float>.randomNormal(shape: [k, batch * plane], seed: 5)
        var stackedOutput = Tensor<Float>(zeros: [filters, batch * plane])
        func stackedGemms() {
            let columns = batch * plane
            stackedColumns.withUnsafeMutableBufferPointer { c in
                weight.withUnsafeBufferPointer { w in
                    stackedOutput.withUnsafeMutableBufferPointer { y in
                        weightGradient.withUnsafeMutableBufferPointer { dw in
                            Float.gemm(transposeA: false, transposeB: false, m: filters, n: columns, k: k, alpha: 1,
                                       a: w.baseAddress!, lda: k, b: c.baseAddress!, ldb: columns, beta: 0, c: y.baseAddress!, ldc: columns)
                            Float.gemm(transposeA: false, transposeB: true, m: filters, n: k, k: columns, alpha: 1,
                                       a: y.baseAddress!, lda: columns, b: c.baseAddress!, ldb: columns, beta: 0, c: dw.baseAddress!, ldc: k)
                            guard inputGradient else { return }
                            Float.gemm(transposeA: true, transposeB: false, m: k, n: columns, k: filters, alpha: 1,
                                       a: w.baseAddress!, lda: k, b: y.baseAddress!, ldb: columns, beta: 0, c: c.baseAddress!, ldc: columns)
                        }
                    }
                }
            }
        }
        // With one BLAS thread all the work runs on this thread, so its CPU time is measured too: on a shared
        // machine it is far steadier than the wall clock.
        func measure(_ clock: (() throws -> Void) throws -> Double) throws -> (ours: Double, blas: Double, stacked: Double) {
            var ours = Double.infinity, blas = Double.infinity, stacked = Double.infinity
            for _ in 0..<repeats {
                ours = min(ours, try clock { try step() })
                blas = min(blas, try clock { gemms() })
                stacked = min(stacked, try clock { stackedGemms() })
            }
            return (ours, blas, stacked)
        }
        let threads = BLAS.threadCount
        let parallel = try measure { try Bench.time($0) }
        let serial = try BLAS.withThreads(1) { try measure { try Bench.time($0) } }
        let serialCPU = try BLAS.withThreads(1) { try measure(threadCPUTime) }
        let table = [("\(threads), wall", parallel), ("1, wall", serial), ("1, CPU", serialCPU)].map { count, figures in
            [label, count, Bench.format(figures.ours * 1e3), Bench.format(figures.blas * 1e3),
             Bench.format(figures.ours / figures.blas, 2) + "×", "≤ 1.30×", Bench.format(figures.stacked * 1e3)]
        }
        return (table, (serialCPU.ours, serialCPU.blas))
    }

    /// Seconds of CPU time the calling thread spends in `body`.
    static func threadCPUTime(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        try body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }
}
