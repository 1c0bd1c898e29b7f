import Foundation
import LinearAlgebra
import Optimization

/// L-BFGS on the course's regularised logistic regression with 10⁵ samples: time to a relative gradient norm
/// ‖∇F(θ)‖ ≤ 1e-8 ‖∇F(θ₀)‖, beside SciPy's L-BFGS-B on the same rows (`benchmarks/compare_scipy_lbfgs.py`, run
/// with the comparison interpreter or, failing that, `python3` when it has NumPy and SciPy) with the same stopping
/// rule and the same history size. Both evaluate F and ∇F by two BLAS `dgemv` calls; each side is timed with
/// OpenBLAS at 1 and 2 threads and the faster is kept.
enum OptimizationBenchmarks {
    static func run(quick: Bool) throws {
        let n = quick ? 20_000 : 100_000, d = 50, lambda = 1e-4, relativeTolerance = 1e-8
        // Two Gaussian classes, means ±0.25 in every feature, one intercept column; labels ±1.
        var generator = SeededGenerator(seed: 2026)
        var elements = [Double](repeating: 0, count: n * d), labels = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let label: Double = generator.nextUniform() < 0.5 ? 1 : -1
            labels[i] = label
            elements[i * d] = 1
            for j in 1..<d { elements[i * d + j] = generator.nextNormal() + 0.25 * label }
        }
        let x = Matrix(rows: n, columns: d, elements: elements)
        let objective = try Objective.logisticRegression(features: x, labels: labels, l2: lambda)
        let start = [Double](repeating: 0, count: d)
        let initialNorm = BLAS.norm2(try objective.valueAndGradient(start).gradient)
        let epsilon = (relativeTolerance * initialNorm) * (relativeTolerance * initialNorm)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-optimization-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PythonBaseline.writeRaw(elements, to: "\(directory)/x.f64")
        try PythonBaseline.writeRaw(labels, to: "\(directory)/y.f64")

        var rows: [[String]] = []
        for history in [10, 100] {
            // Each side at 1 and 2 OpenBLAS threads, the faster kept (on a loaded 2-core machine two threads can be
            // far slower than one for a memory-bound gemv).
            var best = (seconds: Double.infinity, threads: 0)
            var result: MinimizationResult?
            for threads in [1, 2] {
                let seconds = try BLAS.withThreads(threads) {
                    try Bench.time(repeats: 5) {
                        result = try LBFGS(maxIterations: 10_000, maxEvaluations: 100_000, toleranceGrad: 0, toleranceChange: 0,
                                           historySize: history, lineSearch: .strongWolfe, squaredGradientTolerance: epsilon)
                            .minimize(objective, from: start)
                    }
                }
                if seconds < best.seconds { best = (seconds, threads) }
            }
            let ours = result!
            var baseline: [String: Double]?, baselineThreads = 0
            for threads in [1, 2] {
                let run = PythonBaseline.run(script: "benchmarks/compare_scipy_lbfgs.py",
                                             arguments: [directory, "\(n)", "\(d)", "\(lambda)", "\(relativeTolerance)", "\(history)", "\(threads)"],
                                             systemPythonFallback: true)
                if let run, let seconds = run["seconds"], seconds < baseline?["seconds"] ?? .infinity { baseline = run; baselineThreads = threads }
            }
            func count(_ key: String) -> String { baseline?[key].map { "\(Int($0))" } ?? "–" }
            let scipy = baseline?["seconds"].map { "\(Bench.format($0)) (\(baselineThreads) thr)" } ?? "not run"
            let ratio = baseline?["seconds"].map { Bench.format($0 / best.seconds, 2) + "×" } ?? "–"
            rows.append(["\(history)", scipy, "\(Bench.format(best.seconds)) (\(best.threads) thr)", ratio,
                         "\(count("iterations")) / \(count("evaluations"))", "\(ours.iterations) / \(ours.evaluations)",
                         baseline?["value"].map { String(format: "%.12f", $0) } ?? "not run", String(format: "%.12f", ours.value),
                         baseline?["relative_gradient"].map { String(format: "%.1e", $0) } ?? "–",
                         String(format: "%.1e", ours.gradientNorm / initialNorm)])
            Summary.add("L-BFGS (m = \(history), strong Wolfe), logistic regression \(n) × \(d), to ‖∇F‖ ≤ 1e-8 ‖∇F₀‖",
                        baseline: "SciPy L-BFGS-B (same stop rule and memory; faster of 1 and 2 threads), same run: "
                            + (baseline?["seconds"].map { "\(Bench.format($0)) s, \(count("evaluations")) evaluations" } ?? PythonBaseline.notRun),
                        ours: "\(Bench.format(best.seconds)) s, \(ours.evaluations) evaluations",
                        ratio: PythonBaseline.ratio(best.seconds, baseline?["seconds"]))
            if ours.stopReason != .gradientTolerance {
                FileHandle.standardError.write("optimization: L-BFGS (m = \(history)) stopped by \(ours.stopReason) at relative gradient \(ours.gradientNorm / initialNorm)\n".data(using: .utf8)!)
            }
        }
        Bench.printTable("L-BFGS, logistic regression n = \(n), d = \(d), λ = \(lambda): time to ‖∇F‖ ≤ 1e-8 ‖∇F(θ₀)‖ (SciPy L-BFGS-B, same stop rule and memory)",
                         header: ["memory m", "SciPy s", "ours s", "speed-up", "SciPy iter / evals", "ours iter / evals",
                                  "SciPy F", "ours F", "SciPy ‖∇F‖/‖∇F₀‖", "ours ‖∇F‖/‖∇F₀‖"],
                         rows: rows)
    }
}
