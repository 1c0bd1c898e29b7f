import Foundation
import LinearAlgebra
import Optimization

/// L-BFGS on the course's regularised logistic regression with 10⁵ samples: time to a relative gradient norm
/// ‖∇F(θ)‖ ≤ 1e-8 ‖∇F(θ₀)‖, beside SciPy's L-BFGS-B on the same rows (`benchmarks/compare_scipy_lbfgs.py`, run
/// with the comparison interpreter or, failing that, `python3` when it has NumPy and SciPy) with the same stopping
/// rule and the same history size. Both evaluate F and ∇F by two BLAS `dgemv` calls.
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
            var result: MinimizationResult?
            let seconds = try Bench.time(repeats: 3) {
                result = try LBFGS(maxIterations: 10_000, maxEvaluations: 100_000, toleranceGrad: 0, toleranceChange: 0,
                                   historySize: history, lineSearch: .strongWolfe, squaredGradientTolerance: epsilon)
                    .minimize(objective, from: start)
            }
            let ours = result!
            let baseline = PythonBaseline.run(script: "benchmarks/compare_scipy_lbfgs.py",
                                              arguments: [directory, "\(n)", "\(d)", "\(lambda)", "\(relativeTolerance)", "\(history)"],
                                              systemPythonFallback: true)
            func cell(_ key: String, _ digits: Int = 3) -> String { baseline?[key].map { Bench.format($0, digits) } ?? "not run" }
            func count(_ key: String) -> String { baseline?[key].map { "\(Int($0))" } ?? "–" }
            let ratio = baseline?["seconds"].map { Bench.format($0 / seconds, 2) + "×" } ?? "–"
            rows.append(["\(history)", cell("seconds"), Bench.format(seconds), ratio,
                         "\(count("iterations")) / \(count("evaluations"))", "\(ours.iterations) / \(ours.evaluations)",
                         baseline?["value"].map { String(format: "%.12f", $0) } ?? "not run", String(format: "%.12f", ours.value),
                         String(format: "%.1e", ours.gradientNorm / initialNorm)])
            if ours.stopReason != .gradientTolerance {
                FileHandle.standardError.write("optimization: L-BFGS (m = \(history)) stopped by \(ours.stopReason) at relative gradient \(ours.gradientNorm / initialNorm)\n".data(using: .utf8)!)
            }
        }
        Bench.printTable("L-BFGS, logistic regression n = \(n), d = \(d), λ = \(lambda): time to ‖∇F‖ ≤ 1e-8 ‖∇F(θ₀)‖ (SciPy L-BFGS-B, same stop rule and memory)",
                         header: ["memory m", "SciPy s", "ours s", "speed-up", "SciPy iter / evals", "ours iter / evals",
                                  "SciPy F", "ours F", "ours ‖∇F‖/‖∇F₀‖"],
                         rows: rows)
    }
}
