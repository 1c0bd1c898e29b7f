import Foundation
import MathFoundations

/// UMAP on Gaussian blobs (n = 20 000, d = 50, 20 centres, σ = 1; `--quick`: 5 000) with default settings and
/// no seed (parallel, as umap-learn's default), beside umap-learn on the same rows in the same run
/// (`benchmarks/compare_umap.py`, warmed on 5 000 rows before timing), with the trustworthiness (k = 10) of both
/// embeddings computed by the same code. Goal: ours ≤ 0.5 × umap-learn's time.
enum UMAPBenchmarks {
    static func run(quick: Bool) throws {
        let n = quick ? 5000 : 20_000, d = 50
        let x = try Dataset.blobs(samples: n, features: d, centers: 20, seed: 0).features
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-umap-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // Phase times of one run, then the best of two whole fits.
        let clock = PhaseClock()
        let cpuStart = processorSeconds()
        let start = DispatchTime.now().uptimeNanoseconds
        var embedding = try UMAP().fit(x, progress: ProgressReporter { clock.record($0.phase) }).embedding
        let first = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let phases = clock.finish()
        let cpu = processorSeconds() - cpuStart
        let second = try Bench.time { embedding = try UMAP().fitTransform(x) }
        let ours = min(first, second)
        let ourTrust = try QualityMetrics.trustworthiness(original: x, embedding: embedding, neighbors: 10)

        let dataPath = "\(directory)/x.f64", embeddingPath = "\(directory)/umap-learn.f64"
        try PythonBaseline.writeRaw(x.elements, to: dataPath)
        let baseline = PythonBaseline.run(script: "benchmarks/compare_umap.py",
                                          arguments: [dataPath, "\(n)", "\(d)", embeddingPath])
        var theirTrust: Double?
        if baseline?["umap_seconds"] != nil, let data = FileManager.default.contents(atPath: embeddingPath),
           data.count == n * 2 * MemoryLayout<Double>.size {
            let values = data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            theirTrust = try QualityMetrics.trustworthiness(original: x, embedding: Matrix(rows: n, columns: 2, elements: values),
                                                             neighbors: 10)
        }
        let theirs = baseline?["umap_seconds"]
        let theirCPU = baseline?["umap_cpu_seconds"].map { Bench.format($0, 2) } ?? "–"
        var rows: [[String]] = [
            ["umap-learn (warm)", "\(n)", theirs.map { Bench.format($0, 2) } ?? "not run", theirCPU,
             theirTrust.map { Bench.format($0, 4) } ?? "–", "–"],
            ["ours", "\(n)", Bench.format(ours, 2), Bench.format(cpu, 2), Bench.format(ourTrust, 4),
             theirs.map { Bench.format(ours / $0, 2) + "×" } ?? "–"],
        ]
        for (phase, seconds, cpu) in phases {
            rows.append(["  ours, first run: " + phase, "", Bench.format(seconds, 2), Bench.format(cpu, 2), "", ""])
        }
        let trust = { (value: Double?) in value.map { "T(10) " + Bench.format($0, 4) } ?? "" }
        Summary.add("UMAP, blobs n = \(n), d = \(d), 20 centres, defaults, no seed",
                    baseline: "umap-learn warm, same run: " + (theirs.map { "\(Bench.format($0, 2)) s, \(trust(theirTrust))" } ?? PythonBaseline.notRun),
                    ours: "\(Bench.format(ours, 2)) s, \(trust(ourTrust))", ratio: PythonBaseline.ratio(ours, theirs) + " (goal ≤ 0.5×)")
        Bench.printTable(
            "UMAP on blobs (n = \(n), d = \(d), 20 centres), default settings, no seed; umap-learn warm, same run",
            header: ["method", "n", "seconds", "CPU seconds", "trustworthiness (k = 10)", "ours / umap-learn"],
            rows: rows)
        print("(CPU seconds: user + system time of all threads of the fit, a steadier measure than wall time when other work shares the cores.)")
    }
}

/// User + system CPU seconds of this process so far (all threads).
func processorSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Wall-clock and process CPU time per progress phase (reports may come from any thread); the CPU seconds are the
/// steadier figure on a shared machine.
final class PhaseClock: @unchecked Sendable {  // @unchecked: every stored var is read and written under `lock`
    private let lock = NSLock()
    private var phases: [(String, Double, Double)] = []
    private var current = "", started = DispatchTime.now().uptimeNanoseconds, cpuStarted = processorSeconds()

    func record(_ phase: String) {
        lock.lock(); defer { lock.unlock() }
        guard phase != current else { return }
        let now = DispatchTime.now().uptimeNanoseconds, cpu = processorSeconds()
        if !current.isEmpty { phases.append((current, Double(now - started) / 1e9, cpu - cpuStarted)) }
        (current, started, cpuStarted) = (phase, now, cpu)
    }

    /// The phases with their wall and CPU seconds, the last one ending now.
    func finish() -> [(String, Double, Double)] {
        record("")
        return phases
    }
}
