import Foundation
import MathFoundations

/// t-SNE on Gaussian blobs (n = 20 000, d = 50, 20 centres; 5 000 with `--quick`, or the sizes in
/// `TSNE_SIZES`, comma-separated) with the default settings (FFT interpolation from 1 000 points), beside
/// openTSNE 1.0's FFT and Barnes–Hut gradients on the same data in the same run
/// (`benchmarks/compare_opentsne.py`, all cores, the same iteration schedule; and FFT with openTSNE's own
/// defaults). Trustworthiness (k = 10) of every embedding is computed here with the same code.
enum TSNEBenchmarks {
    static func run(quick: Bool) throws {
        let sizes = ProcessInfo.processInfo.environment["TSNE_SIZES"].map { $0.split(separator: ",").compactMap { Int($0) } }
            ?? (quick ? [5_000] : [20_000])
        var rows: [[String]] = []
        for n in sizes {
            let data = try Dataset.blobs(samples: n, features: 50, centers: 20, seed: 0).features
            var model: TSNE.Model?
            PeakMemory.reset()
            let seconds = try Bench.time { model = try TSNE(seed: 0).fit(data) }
            let peak = PeakMemory.megabytes()
            let ours = model!
            let trust = try QualityMetrics.trustworthiness(original: data, embedding: ours.embedding, neighbors: 10)
            rows.append(["\(n)", "ours (FFT)", Bench.format(seconds, 2), "–", Bench.format(ours.klDivergence, 4),
                         Bench.format(trust, 4), "\(peak)"])

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tsne-bench-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let input = directory.appendingPathComponent("data.f8").path
            try PythonBaseline.writeRaw(data.elements, to: input)
            guard let baseline = PythonBaseline.run(script: "benchmarks/compare_opentsne.py",
                                                    arguments: [input, "\(n)", "50", directory.path]) else {
                rows.append(["\(n)", "openTSNE", "not run", "–", "–", "–", "–"])
                continue
            }
            var best = Double.infinity
            for (name, label) in [("fft", "openTSNE FFT"), ("bh", "openTSNE BH"), ("fft_default", "openTSNE FFT, its defaults (500 its)")] {
                guard let theirSeconds = baseline["\(name)_seconds"] else { continue }
                if name != "fft_default" { best = min(best, theirSeconds) }
                let file = directory.appendingPathComponent("opentsne_\(name).f8")
                var theirTrust = "–"
                if let bytes = try? Data(contentsOf: file), bytes.count == n * 2 * 8 {
                    let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
                    let embedding = Matrix(rows: n, columns: 2, elements: values)
                    theirTrust = Bench.format(try QualityMetrics.trustworthiness(original: data, embedding: embedding, neighbors: 10), 4)
                }
                rows.append(["\(n)", label, Bench.format(theirSeconds, 2), Bench.format(seconds / theirSeconds, 2) + "×",
                             baseline["\(name)_kl"].map { Bench.format($0, 4) } ?? "–", theirTrust, "–"])
            }
            if best.isFinite {
                rows.append(["\(n)", "ours / openTSNE's best (same schedule)", "", Bench.format(seconds / best, 2) + "×", "", "", ""])
            }
            Summary.add("t-SNE, blobs n = \(n), d = 50, 20 centres, 250 + 750 iterations",
                        baseline: "openTSNE, same run and schedule, best of FFT and Barnes–Hut: "
                            + (best.isFinite ? "\(Bench.format(best, 2)) s" : PythonBaseline.notRun),
                        ours: "\(Bench.format(seconds, 2)) s, KL \(Bench.format(ours.klDivergence, 4)), T(10) \(Bench.format(trust, 4))",
                        ratio: PythonBaseline.ratio(seconds, best.isFinite ? best : nil) + " (goal ≤ 0.5×)")
        }
        Bench.printTable("t-SNE on blobs (d = 50, 20 centres), perplexity 30, 250 + 750 iterations: seconds, KL, trustworthiness (k = 10); goal ≤ 0.5× openTSNE's best",
                         header: ["n", "method", "seconds", "ours / theirs", "KL", "trustworthiness", "peak MB"], rows: rows)
    }
}
