import Foundation
import LinearAlgebra
import Resampling

/// SMOTE and ADASYN on two-class data with 20 features and a 90/10 split, beside imbalanced-learn on the same
/// rows when `benchmarks/compare_imblearn.py` can run.
enum ResamplingBenchmarks {
    static func run(quick: Bool) throws {
        let sizes = quick ? [2000, 10_000] : [10_000, 100_000]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-resampling-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String]] = []
        var library = "imbalanced-learn"
        for n in sizes {
            // Class 0: N(0, I); class 1: N(0.8, I) in 20 dimensions; 10 % class 1.
            let minority = n / 10
            let x = Matrix.verticalConcatenation([
                Matrix.randomNormal(rows: n - minority, columns: 20, seed: 1),
                Matrix.randomNormal(rows: minority, columns: 20, mean: 0.8, seed: 2),
            ])
            let labels = [Int](repeating: 0, count: n - minority) + [Int](repeating: 1, count: minority)
            var smoteResult: Resampled<Int>?, adasynResult: Resampled<Int>?
            let smote = try Bench.time(repeats: 3) { smoteResult = try SMOTE<Int>(seed: 0).fitResample(x, labels: labels) }
            let adasyn = try Bench.time(repeats: 3) { adasynResult = try ADASYN<Int>(seed: 0).fitResample(x, labels: labels) }
            let smoteCounts = smoteResult!.classCounts, adasynRows = adasynResult!.samples.rows
            let dataPath = "\(directory)/x-\(n).f64"
            try PythonBaseline.writeRaw(x.elements, to: dataPath)
            let baseline = PythonBaseline.run(script: "benchmarks/compare_imblearn.py", arguments: [dataPath, "\(n)", "20", "\(minority)"])
            library = PythonBaseline.version(baseline, "imblearn", name: "imbalanced-learn")
            func cell(_ key: String) -> String { PythonBaseline.cell(baseline, key) }
            func ratio(_ key: String, _ ours: Double) -> String { PythonBaseline.ratio(baseline?[key], ours, digits: 1) }
            if n == sizes.last {
                for (method, key, seconds) in [("SMOTE", "smote_seconds", smote), ("ADASYN", "adasyn_seconds", adasyn)] {
                    Summary.add("\(method), \(n) × 20, 90/10", baseline: "\(library), same run: \(PythonBaseline.figure(baseline?[key], unit: "s"))",
                                ours: "\(Bench.format(seconds)) s", ratio: PythonBaseline.ratio(seconds, baseline?[key]))
                }
            }
            rows.append(["\(n)", "SMOTE", cell("smote_seconds"), Bench.format(smote), ratio("smote_seconds", smote),
                         "\(smoteCounts[0]!)/\(smoteCounts[1]!)", baseline?["smote_rows"].map { "\(Int($0)) rows" } ?? "–"])
            rows.append(["\(n)", "ADASYN", cell("adasyn_seconds"), Bench.format(adasyn), ratio("adasyn_seconds", adasyn),
                         "\(adasynRows) rows", baseline?["adasyn_rows"].map { "\(Int($0)) rows" } ?? "–"])
        }
        Bench.printTable("Over-sampling, 20 features, 90/10, beside \(library) on the same rows, same run",
                         header: ["n", "method", "\(library) s", "ours s", "speed-up", "our output", "imbalanced-learn output"],
                         rows: rows)
    }
}
