import Foundation
import MathFoundations

/// Isomap, LLE (standard, LTSA, Hessian, modified) and landmark Isomap on the swiss roll (noise 0.05, k = 10, 2 components), beside the
/// scikit-learn 1.9 figures of issue 3 (2-core machine), and landmark Isomap on 100 000 points with its
/// peak memory. With `MANIFOLD_EXPORT_DIR` set, the data, our embeddings and our times are written there as
/// CSV for `benchmarks/compare_sklearn_manifold.py`, which runs scikit-learn on the same data.
enum ManifoldBenchmarks {
    /// scikit-learn 1.9 seconds quoted in the issue (n → seconds).
    static let sklearnIsomap: [Int: Double] = [4000: 3.8, 8000: 17]
    static let sklearnLLE: [Int: Double] = [4000: 0.56, 8000: 1.2]

    static func run(quick: Bool) throws {
        let sizes = quick ? [1000, 2000] : [2000, 4000, 8000]
        let export = ProcessInfo.processInfo.environment["MANIFOLD_EXPORT_DIR"]
        var timesCSV = "method,n,seconds,peak_mb\n"
        var rows: [[String]] = []
        for n in sizes {
            let data = try ManifoldGenerator.swissRoll(samples: n, noise: 0.05, seed: 42).data
            var isomap = Matrix(rows: 0, columns: 0), lle = isomap, landmark = isomap, ltsa = isomap, hessian = isomap, modified = isomap
            PeakMemory.reset()
            let isomapSeconds = try Bench.time { isomap = try Isomap(neighbors: 10, components: 2).fitTransform(data) }
            let isomapPeak = PeakMemory.megabytes()
            PeakMemory.reset()
            let lleSeconds = try Bench.time { lle = try LocallyLinearEmbedding(neighbors: 10, components: 2).fitTransform(data) }
            let llePeak = PeakMemory.megabytes()
            let ltsaSeconds = try Bench.time { ltsa = try LocalTangentSpaceAlignment(neighbors: 10, components: 2).fitTransform(data) }
            let hessianSeconds = try Bench.time { hessian = try HessianLLE(neighbors: 10, components: 2).fitTransform(data) }
            let modifiedSeconds = try Bench.time { modified = try ModifiedLLE(neighbors: 10, components: 2).fitTransform(data) }
            PeakMemory.reset()
            let landmarkSeconds = try Bench.time {
                landmark = try LandmarkIsomap(neighbors: 10, components: 2, landmarks: 500).fitTransform(data)
            }
            let landmarkPeak = PeakMemory.megabytes()
            rows.append([
                "\(n)", Bench.format(isomapSeconds), reference(sklearnIsomap[n]), ratio(isomapSeconds, sklearnIsomap[n]),
                "\(isomapPeak)", Bench.format(lleSeconds), reference(sklearnLLE[n]), ratio(lleSeconds, sklearnLLE[n]),
                Bench.format(ltsaSeconds), Bench.format(hessianSeconds), Bench.format(modifiedSeconds),
                Bench.format(landmarkSeconds),
            ])
            timesCSV += "isomap,\(n),\(isomapSeconds),\(isomapPeak)\nlle,\(n),\(lleSeconds),\(llePeak)\n"
            timesCSV += "landmark_isomap,\(n),\(landmarkSeconds),\(landmarkPeak)\nltsa,\(n),\(ltsaSeconds),0\n"
            timesCSV += "hessian,\(n),\(hessianSeconds),0\nmodified,\(n),\(modifiedSeconds),0\n"
            if let export {
                try writeCSV(data, to: "\(export)/swissroll_\(n).csv")
                try writeCSV(isomap, to: "\(export)/ours_isomap_\(n).csv")
                try writeCSV(lle, to: "\(export)/ours_lle_\(n).csv")
                try writeCSV(landmark, to: "\(export)/ours_landmark_isomap_\(n).csv")
                try writeCSV(ltsa, to: "\(export)/ours_ltsa_\(n).csv")
                try writeCSV(hessian, to: "\(export)/ours_hessian_\(n).csv")
                try writeCSV(modified, to: "\(export)/ours_modified_\(n).csv")
            }
        }
        Bench.printTable("Swiss roll (noise 0.05), k = 10, 2 components: seconds (scikit-learn 1.9 figures from issue 3)",
                         header: ["n", "Isomap", "sklearn", "ratio", "Isomap peak MB", "LLE", "sklearn", "ratio",
                                  "LTSA", "Hessian LLE", "modified LLE",
                                  "landmark Isomap (m = 500)"],
                         rows: rows)

        let big = quick ? 20_000 : 100_000
        let data = try ManifoldGenerator.swissRoll(samples: big, noise: 0.05, seed: 42)
        var model: LandmarkIsomap.Model?
        PeakMemory.reset()
        let seconds = try Bench.time { model = try LandmarkIsomap(neighbors: 10, components: 2, landmarks: 500).fit(data.data) }
        let peak = PeakMemory.megabytes()
        let spearman = QualityMetrics.spearmanCorrelation(model!.embedding.column(0), data.parameter)
        Bench.printTable("Landmark Isomap on \(big) swiss-roll points (k = 10, m = 500 landmarks); goal 60 s and 2 GB",
                         header: ["n", "seconds", "peak MB (VmHWM)", "|Spearman(y₁, t)|", "scikit-learn Isomap"],
                         rows: [["\(big)", Bench.format(seconds, 1), "\(peak)", Bench.format(abs(spearman), 4),
                                 "needs an n × n matrix: \(big * big * 8 / 1_000_000_000) GB"]])
        timesCSV += "landmark_isomap,\(big),\(seconds),\(peak)\n"
        if let export {
            try timesCSV.write(toFile: "\(export)/ours_times.csv", atomically: true, encoding: .utf8)
        }
    }

    private static func reference(_ value: Double?) -> String { value.map { Bench.format($0, 2) } ?? "–" }

    private static func ratio(_ ours: Double, _ theirs: Double?) -> String {
        theirs.map { Bench.format(ours / $0, 2) + "×" } ?? "–"
    }

    private static func writeCSV(_ m: Matrix, to path: String) throws {
        var text = ""
        text.reserveCapacity(m.rows * m.columns * 24)
        for i in 0..<m.rows {
            text += (0..<m.columns).map { String(format: "%.17g", m[i, $0]) }.joined(separator: ",")
            text += "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
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
