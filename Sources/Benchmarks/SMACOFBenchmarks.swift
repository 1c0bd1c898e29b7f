import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra

/// SMACOF MDS (metric and non-metric) on the bundled digits (1797 × 64) beside scikit-learn's `MDS` with the same
/// settings on the same rows in the same run (`benchmarks/compare_sklearn_mds.py`): one random start, 300
/// iterations at most, eps 1e-6. Stress-1 and trustworthiness of both embeddings are computed here, the same way.
///
/// scikit-learn's non-metric MDS takes minutes on all of digits under load (its isotonic regression is refitted from
/// scratch every iteration), so the non-metric row uses the first `SMACOF_NONMETRIC_ROWS` rows (default 600).
enum SMACOFBenchmarks {
    static func run(quick: Bool) throws {
        let digits = try Dataset.load(.digits).features
        let nonMetricRows = ProcessInfo.processInfo.environment["SMACOF_NONMETRIC_ROWS"].flatMap(Int.init) ?? 600
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-smacof-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String]] = []
        for metric in [true, false] {
            let n = Swift.min(digits.rows, quick ? 600 : (metric ? digits.rows : nonMetricRows))
            let x = digits.rows(at: Array(0..<n))
            let dataPath = "\(directory)/x-\(n).f64"
            try PythonBaseline.writeRaw(x.elements, to: dataPath)
            var model: SMACOF.Model?
            let ours = try Bench.time(repeats: 2) { model = try SMACOF(metric: metric).fit(x) }
            let stressOurs = try QualityMetrics.stress(original: x, embedding: model!.embedding)
            let trustOurs = try QualityMetrics.trustworthiness(original: x, embedding: model!.embedding, neighbors: 10)
            let outPath = "\(directory)/embedding-\(metric).f64"
            var theirs: Double?, stressTheirs: QualityMetrics.Stress?, trustTheirs: Double?, iterationsTheirs: Double?
            if let baseline = PythonBaseline.run(script: "benchmarks/compare_sklearn_mds.py",
                                                 arguments: [dataPath, "\(n)", "\(x.columns)", outPath] + (metric ? [] : ["nonmetric"])),
               let seconds = baseline["seconds"],
               let data = FileManager.default.contents(atPath: outPath), data.count == n * 2 * 8 {
                theirs = seconds
                iterationsTheirs = baseline["iterations"]
                let embedding = Matrix(rows: n, columns: 2, elements: data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) })
                stressTheirs = try QualityMetrics.stress(original: x, embedding: embedding)
                trustTheirs = try QualityMetrics.trustworthiness(original: x, embedding: embedding, neighbors: 10)
            }
            Summary.add("SMACOF \(metric ? "metric" : "non-metric") MDS on the digits, n = \(n)",
                        baseline: "scikit-learn `MDS`, same run: " + (theirs.map { "\(Bench.format($0)) s" } ?? PythonBaseline.notRun),
                        ours: "\(Bench.format(ours)) s", ratio: PythonBaseline.ratio(ours, theirs) + " (goal ≤ 0.25×)")
            rows.append([metric ? "metric" : "non-metric", "\(n)", Bench.format(ours),
                         theirs.map { Bench.format($0) } ?? "not run", theirs.map { Bench.format(ours / $0, 3) + "×" } ?? "–",
                         "\(model!.iterations)", iterationsTheirs.map { "\(Int($0))" } ?? "–",
                         Bench.format(metric ? stressOurs.raw : stressOurs.scaleFree, 4),
                         stressTheirs.map { Bench.format(metric ? $0.raw : $0.scaleFree, 4) } ?? "–",
                         Bench.format(trustOurs, 4), trustTheirs.map { Bench.format($0, 4) } ?? "–"])
        }
        Bench.printTable(
            "SMACOF MDS on digits (2 components, 1 random start, max 300 iterations, eps 1e-6) beside scikit-learn's MDS in the same run; stress-1 (metric: raw distances, non-metric: after the best scaling)",
            header: ["MDS", "n", "ours s", "scikit-learn s", "ours / sklearn", "iterations ours", "iterations sklearn",
                     "stress-1 ours", "stress-1 sklearn", "trust. ours", "trust. sklearn"], rows: rows)
    }
}
