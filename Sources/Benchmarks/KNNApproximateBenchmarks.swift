import Foundation
import MathFoundations

/// The k-NN graph at scale (issue 14): k = 15 nearest other points of every point of 50-dimensional data, by our
/// exact screened search, by our NN-descent (`NearestNeighbors.Algorithm.nnDescent`) and by pynndescent (the
/// baseline, `benchmarks/compare_pynndescent.py`, numba JIT warmed before timing) in the same run, with each
/// approximate graph's recall against the exact one (the mean fraction of the exact k nearest it lists).
///
/// Two data sets per size: 20 Gaussian blobs (σ = 1, centres in [−10, 10]⁵⁰, the benchmark set) and a
/// standard Gaussian cloud (full intrinsic dimension: the hard case for NN-descent). Up to 100 000 points the
/// exact graph is computed in full; above, its time is projected from 2 000 sampled rows (each a query against
/// all n) and the recall measured on those rows. Peak resident memory is the process's so far (getrusage).
///
/// Sizes: 20 000 and 100 000 (`--quick`: 5 000 and 20 000); `KNN_APPROXIMATE_SIZES=20000,100000,1000000`
/// overrides them, `KNN_APPROXIMATE_SETS=blobs` keeps one data set, and
/// `KNN_APPROXIMATE_VARIANTS="rho=2;trees=12,leaf=100;iterations=20,delta=0"` adds one NN-descent row per variant
/// (keys `rho`, `trees`, `leaf`, `iterations`, `delta`, `pool`, `candidates` on top of the defaults) to compare
/// settings on the same points against the same exact graph. `KNN_APPROXIMATE_K=90` measures another k (t-SNE's
/// at perplexity 30) instead of 15.
enum KNNApproximateBenchmarks {
    static let dimension = 50

    static func run(quick: Bool) throws {
        let k = ProcessInfo.processInfo.environment["KNN_APPROXIMATE_K"].flatMap { Int($0) } ?? 15
        var sizes = quick ? [5_000, 20_000] : [20_000, 100_000]
        if let list = ProcessInfo.processInfo.environment["KNN_APPROXIMATE_SIZES"] {
            sizes = list.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        var sets = ["blobs", "gaussian"]
        if let list = ProcessInfo.processInfo.environment["KNN_APPROXIMATE_SETS"] {
            sets = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var variants: [(label: String, settings: NNDescent)] = [("NN-descent", NNDescent())]
        if let list = ProcessInfo.processInfo.environment["KNN_APPROXIMATE_VARIANTS"] {
            for text in list.split(separator: ";") { variants.append((String(text), variant(String(text)))) }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("knn-approximate-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String]] = []
        for n in sizes {
            for set in sets {
                let x = set == "blobs"
                    ? try Dataset.blobs(samples: n, features: dimension, centers: 20, seed: 1).features
                    : Matrix.randomNormal(rows: n, columns: dimension, seed: 2)
                let exactModel = try NearestNeighbors(neighbors: k, algorithm: .bruteForce).fit(x)
                // The exact reference: all rows, or a sample of rows as explicit queries (each finds itself first).
                let sampled = n > 100_000
                let sample = sampled ? (0..<2_000).map { $0 * (n / 2_000) } : Array(0..<n)
                var exact: NeighborList!
                var exactSeconds = try Bench.time {
                    exact = sampled ? try exactModel.kneighbors(of: x.rows(at: sample), neighbors: k + 1)
                                    : try exactModel.kneighbors()
                }
                if sampled { exactSeconds *= Double(n) / Double(sample.count) }
                let exactSets = sample.indices.map { t in
                    Set(exact.indices(ofRow: t).filter { $0 != sample[t] }.prefix(k))
                }

                var measured: [(label: String, seconds: Double, cpu: Double, recall: Double)] = []
                for (label, settings) in variants {
                    var approximate: NeighborList!
                    let cpuBefore = NeighborsBenchmarks.processorSeconds()
                    let seconds = try Bench.time {
                        approximate = try NearestNeighbors(neighbors: k, algorithm: .approximate(settings)).fit(x).kneighbors()
                    }
                    let cpu = NeighborsBenchmarks.processorSeconds() - cpuBefore
                    let recall = sample.indices.reduce(0.0) { sum, t in
                        sum + Double(exactSets[t].intersection(approximate.indices(ofRow: sample[t])).count) / Double(k)
                    } / Double(sample.count)
                    measured.append((label, seconds, cpu, recall))
                }
                let peak = peakResidentMegabytes()

                // The baseline on the same points, scored against the same exact rows.
                let dataPath = "\(directory)/x.f64", exactPath = "\(directory)/exact.f64"
                try PythonBaseline.writeRaw(x.elements, to: dataPath)
                var reference: [Double] = []
                reference.reserveCapacity(sample.count * (k + 1))
                for t in sample.indices { reference.append(Double(sample[t])); reference += exactSets[t].sorted().map(Double.init) }
                try PythonBaseline.writeRaw(reference, to: exactPath)
                let baseline = PythonBaseline.run(script: "benchmarks/compare_pynndescent.py",
                                                  arguments: [dataPath, "\(n)", "\(dimension)", "\(k)", exactPath])
                let theirSeconds = baseline?["seconds"], theirRecall = baseline?["recall"]
                for (v, result) in measured.enumerated() {
                    rows.append([set, "\(n)", v == 0 ? Bench.format(exactSeconds, 2) + (sampled ? " (projected)" : "") : "",
                                 result.label, Bench.format(result.seconds, 2), Bench.format(result.cpu, 2),
                                 Bench.format(result.recall, 4),
                                 v == 0 ? theirSeconds.map { Bench.format($0, 2) } ?? "not run" : "",
                                 v == 0 ? theirRecall.map { Bench.format($0, 4) } ?? "not run" : "",
                                 theirSeconds.map { Bench.format(result.seconds / $0, 2) } ?? "–",
                                 v == 0 ? "\(Int(peak))" : ""])
                }
            }
        }
        Bench.printTable("Approximate k-NN graph, k = \(k), d = \(dimension): exact screened search, NN-descent and pynndescent (warm) on the same points; recall against the exact graph",
                         header: ["data", "n", "exact s", "settings", "NN-descent s", "NN-descent CPU s", "recall", "pynndescent s", "pynndescent recall", "ours / theirs", "peak RSS MB"],
                         rows: rows)
    }

    /// NN-descent's defaults changed by a variant's `key=value` pairs (see the type's note).
    static func variant(_ text: String) -> NNDescent {
        var settings = NNDescent()
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            switch parts[0] {
            case "rho": settings.sampleRate = value
            case "trees": settings.trees = Int(value)
            case "leaf": settings.leafSize = Int(value)
            case "iterations": settings.maxIterations = Int(value)
            case "delta": settings.delta = value
            case "pool": settings.poolSize = Int(value)
            case "candidates": settings.maxCandidates = Int(value)
            default: FileHandle.standardError.write("KNN_APPROXIMATE_VARIANTS: unknown key \(parts[0])\n".data(using: .utf8)!)
            }
        }
        return settings
    }

    /// The largest resident set of this process so far, in MB (getrusage's `ru_maxrss`, kB on Linux).
    static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
