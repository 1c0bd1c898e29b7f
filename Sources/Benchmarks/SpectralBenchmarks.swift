import DimensionalityReduction
import Foundation
import LinearAlgebra

/// PCA, kernel PCA (RBF) and classical MDS on scikit-learn's swiss roll, beside scikit-learn on the same rows in the
/// same run (`benchmarks/compare_sklearn_spectral.py` reads the rows this section writes; "not run" without it).
enum SpectralBenchmarks {
    /// scikit-learn's `make_swiss_roll` formula on the toolkit's seeded generator, drawing per point
    /// `u, v` and then three normals:
    ///
    ///     t = 1.5π (1 + 2u),  x = (t cos t, 21 v, t sin t) + noise · N(0, I₃)
    static func swissRoll(samples n: Int, noise: Double = 0.05, seed: UInt64 = 0) -> (points: Matrix, parameter: [Double]) {
        var generator = SeededGenerator(seed: seed)
        var points = Matrix(rows: n, columns: 3)
        var parameter = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let t = 1.5 * Double.pi * (1 + 2 * generator.nextUniform())
            let height = 21 * generator.nextUniform()
            parameter[i] = t
            points[i, 0] = t * cos(t) + noise * generator.nextNormal()
            points[i, 1] = height + noise * generator.nextNormal()
            points[i, 2] = t * sin(t) + noise * generator.nextNormal()
        }
        return (points, parameter)
    }

    static func run(quick: Bool) throws {
        let sizes = quick ? [1000, 2000] : [2000, 4000, 8000]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-spectral-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var rows: [[String]] = []
        var library = "scikit-learn"
        var summary: [String: [(n: Int, theirs: Double?, ours: Double)]] = [:]
        for n in sizes {
            let x = swissRoll(samples: n).points
            // scikit-learn on the same rows, in the same run (benchmarks/compare_sklearn_spectral.py).
            try PythonBaseline.writeRaw(x.elements, to: "\(directory)/x-\(n).f64")
            let baseline = PythonBaseline.run(script: "benchmarks/compare_sklearn_spectral.py",
                                              arguments: ["\(directory)/x-\(n).f64", "\(n)"])
            library = PythonBaseline.version(baseline, "sklearn", name: "scikit-learn")
            func record(_ method: String, _ key: String?, repeats: Int = 1, _ body: () throws -> Matrix) throws {
                var embedding = Matrix(rows: 0, columns: 0)
                let seconds = try Bench.time(repeats: repeats) { embedding = try body() }
                let trust = try QualityMetrics.trustworthiness(original: x, embedding: embedding, neighbors: 10)
                let theirs = key.flatMap { baseline?["\($0)_seconds"] }
                rows.append([method, "\(n)", Bench.format(seconds, 4),
                             key.map { PythonBaseline.cell(baseline, "\($0)_seconds", digits: 4) } ?? "–",
                             PythonBaseline.ratio(seconds, theirs, digits: 3), Bench.format(trust, 4),
                             key.map { PythonBaseline.cell(baseline, "\($0)_trust", digits: 4) } ?? "–"])
                if let key { summary[key, default: []].append((n, theirs, seconds)) }
            }
            try record("PCA (2 components)", "pca", repeats: 3) { try PCA(components: .count(2)).fitTransform(x) }
            // The best of 3 runs (2 at n = 8000): the least disturbed by other work on a shared machine.
            let repeats = n >= 8000 ? 2 : 3
            try record("kernel PCA (RBF, γ = 1/d)", "kpca", repeats: repeats) {
                try KernelPCA(components: .count(2), kernel: .rbf()).fitTransform(x)
            }
            try record("classical MDS from data (thin SVD)", nil, repeats: 3) {
                try ClassicalMDS(components: 2).fit(x).embedding
            }
            try record("classical MDS from distances (n × n)", "mds", repeats: repeats) {
                try ClassicalMDS(components: 2, reportsNegativeEigenvalues: false)
                    .fit(dissimilarities: x.pairwiseDistances()).embedding
            }
        }
        Bench.printTable(
            "Spectral methods on the swiss roll (noise 0.05, 2 components) beside \(library) on the same rows, same run",
            header: ["method", "n", "ours s", "\(library) s", "ours / theirs", "trustworthiness (k = 10)", "theirs"], rows: rows)
        for (key, label, theirs) in [("kpca", "kernel PCA (RBF)", "(ARPACK)"), ("mds", "classical MDS from distances", "`ClassicalMDS`")] {
            Summary.addSizes("\(label), swiss roll", baseline: "\(library) \(theirs), same run", figures: summary[key] ?? [],
                             unit: "s")
        }
    }
}
