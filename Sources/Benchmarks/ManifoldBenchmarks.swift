import Foundation
import MathFoundations

/// Isomap, LLE (standard, LTSA, Hessian, modified) and landmark Isomap on the swiss roll (noise 0.05, k = 10, 2
/// components), beside scikit-learn on the same rows in the same run (`benchmarks/compare_sklearn_manifold.py`, which
/// also reports how closely its embeddings agree with ours), and landmark Isomap on 100 000 points with its peak
/// memory.
enum ManifoldBenchmarks {
    static let methods = ["isomap", "lle", "ltsa", "hessian", "modified"]
    static let names = ["isomap": "Isomap", "lle": "LLE", "ltsa": "LTSA", "hessian": "Hessian LLE", "modified": "modified LLE"]

    static func run(quick: Bool) throws {
        let sizes = quick ? [1000, 2000] : [2000, 4000, 8000]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-manifold-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String]] = []
        var library = "scikit-learn"
        var summary: [String: [(n: Int, theirs: Double?, ours: Double)]] = [:]
        for n in sizes {
            let data = try ManifoldGenerator.swissRoll(samples: n, noise: 0.05, seed: 42).data
            var seconds: [String: Double] = [:], peaks: [String: Int] = [:], embeddings: [String: Matrix] = [:]
            func measure(_ key: String, _ body: () throws -> Matrix) throws {
                PeakMemory.reset()
                var embedding = Matrix(rows: 0, columns: 0)
                seconds[key] = try Bench.time { embedding = try body() }
                peaks[key] = PeakMemory.megabytes()
                embeddings[key] = embedding
            }
            try measure("isomap") { try Isomap(neighbors: 10, components: 2).fitTransform(data) }
            try measure("lle") { try LocallyLinearEmbedding(neighbors: 10, components: 2).fitTransform(data) }
            try measure("ltsa") { try LocalTangentSpaceAlignment(neighbors: 10, components: 2).fitTransform(data) }
            try measure("hessian") { try HessianLLE(neighbors: 10, components: 2).fitTransform(data) }
            try measure("modified") { try ModifiedLLE(neighbors: 10, components: 2).fitTransform(data) }
            try measure("landmark") { try LandmarkIsomap(neighbors: 10, components: 2, landmarks: 500).fitTransform(data) }

            // scikit-learn on the same rows, after ours (its memory and threads do not overlap our timings).
            try PythonBaseline.writeRaw(data.elements, to: "\(directory)/x.f64")
            for key in methods { try PythonBaseline.writeRaw(embeddings[key]!.elements, to: "\(directory)/ours_\(key).f64") }
            let baseline = PythonBaseline.run(script: "benchmarks/compare_sklearn_manifold.py", arguments: [directory, "\(n)"])
            library = PythonBaseline.version(baseline, "sklearn", name: "scikit-learn")
            for key in methods + ["landmark"] {
                let trust = try QualityMetrics.trustworthiness(original: data, embedding: embeddings[key]!, neighbors: 10)
                let theirs = baseline?["\(key)_seconds"]
                let isBaselined = key != "landmark"
                rows.append([names[key] ?? "landmark Isomap (m = 500)", "\(n)", Bench.format(seconds[key]!),
                             !isBaselined ? "–" : baseline?["\(key)_failed"] != nil ? "failed" : PythonBaseline.cell(baseline, "\(key)_seconds"),
                             PythonBaseline.ratio(seconds[key]!, theirs), "\(peaks[key]!)", Bench.format(trust, 4),
                             isBaselined ? PythonBaseline.cell(baseline, "\(key)_trust", digits: 4) : "–",
                             isBaselined ? PythonBaseline.cell(baseline, "\(key)_agreement", digits: 6) : "–"])
                summary[key, default: []].append((n, theirs, seconds[key]!))
            }
        }
        Bench.printTable("Swiss roll (noise 0.05), k = 10, 2 components: ours beside \(library) on the same rows, same run",
                         header: ["method", "n", "ours s", "\(library) s", "ours / theirs", "our peak MB", "our trust. (k = 10)",
                                  "their trust.", "min |corr| of columns"],
                         rows: rows)
        for key in methods {
            let largest = summary[key]?.filter { $0.n >= 4000 } ?? []
            Summary.addSizes("\(names[key]!), swiss roll, k = 10", baseline: "\(library), same run",
                             figures: largest.isEmpty ? summary[key] ?? [] : largest, unit: "s", digits: 3)
        }

        let big = quick ? 20_000 : 100_000
        let data = try ManifoldGenerator.swissRoll(samples: big, noise: 0.05, seed: 42)
        var model: LandmarkIsomap.Model?
        PeakMemory.reset()
        let seconds = try Bench.time { model = try LandmarkIsomap(neighbors: 10, components: 2, landmarks: 500).fit(data.data) }
        let peak = PeakMemory.megabytes()
        let spearman = QualityMetrics.spearmanCorrelation(model!.embedding.column(0), data.parameter)
        let dense = big * big * 8 / 1_000_000_000
        Bench.printTable("Landmark Isomap on \(big) swiss-roll points (k = 10, m = 500 landmarks); goal 60 s and 2 GB",
                         header: ["n", "seconds", "peak MB (VmHWM)", "|Spearman(y₁, t)|", "scikit-learn Isomap"],
                         rows: [["\(big)", Bench.format(seconds, 1), "\(peak)", Bench.format(abs(spearman), 4),
                                 "needs an n × n matrix: \(dense) GB"]])
        Summary.add("landmark Isomap, \(big) points, m = 500", baseline: "scikit-learn Isomap needs a \(dense) GB n × n matrix",
                    ours: "\(Bench.format(seconds, 1)) s, \(Bench.format(Double(peak) / 1000, 2)) GB peak")
    }
}

/// The process's peak resident memory (Linux `VmHWM`), resettable through `/proc/self/clear_refs`.
enum PeakMemory {
    /// Resets the peak to the current resident size (writes "5" to /proc/self/clear_refs; ignored elsewhere).
    static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Peak resident memory in MB since the last reset (0 where /proc is unavailable).
    static func megabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}
