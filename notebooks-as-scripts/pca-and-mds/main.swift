// PCA of the bundled digits (1797 images of 8 × 8 pixels): the explained-variance spectrum, how many components
// keep 95% of the variance, the digits in the first two components; then the two eigen-paths of PCA timed on
// data with fewer samples than features (the d × d covariance against the n × n Gram matrix), and classical MDS
// of the Euclidean distances reproducing the PCA scores up to the sign of each column.
import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting

let notebook = Notebook(name: "pca-and-mds")
notebook.run { nb in
    let digits = try Dataset.load(.digits)
    let x = digits.features
    print("digits: \(x.rows) samples × \(x.columns) features, \(digits.classNames.count) classes")

    nb.section("Explained variance of the digits")
    let full = try PCA().fit(x)
    var cumulative: [Double] = []
    for ratio in full.explainedVarianceRatio { cumulative.append((cumulative.last ?? 0) + ratio) }
    var spectrum = Table(["component", "explained variance", "ratio", "cumulative"])
    for j in [0, 1, 2, 3, 4, 9, 19, 28, 39, 63] where j < full.componentCount {
        spectrum.append([String(j + 1), fmt(full.explainedVariance[j], 5), fixed(full.explainedVarianceRatio[j], 4), fixed(cumulative[j], 4)])
    }
    try nb.table(spectrum, csv: "spectrum.csv")
    let kept = try PCA(components: .varianceRatio(0.95)).fit(x)
    nb.compare("components for 95% of the variance", ours: String(kept.componentCount), course: "29", source: "scikit-learn PCA(0.95) on load_digits")
    nb.compare("variance ratio of the first two components", ours: "\(fixed(full.explainedVarianceRatio[0], 4)), \(fixed(full.explainedVarianceRatio[1], 4))",
               course: "0.1489, 0.1362", source: "scikit-learn")
    let k = Array(1...full.componentCount).map(Double.init)
    try nb.write(LineChart(series: [.init(name: "cumulative ratio", x: k, y: cumulative), .init(name: "ratio per component", x: k, y: full.explainedVarianceRatio),
                                    .init(name: "95%", x: [1, Double(full.componentCount)], y: [0.95, 0.95])],
                           title: "Digits: \(kept.componentCount) components keep 95% of the variance", xLabel: "component",
                           yLabel: "explained variance ratio").svg(), to: "explained-variance.svg")
    let scores = try PCA(components: .count(2)).fitTransform(x)
    try nb.write(ScatterPlot(x: scores.column(0), y: scores.column(1), coloring: .categories(digits.labels ?? []),
                             title: "Digits in their first two principal components", xLabel: "PC 1", yLabel: "PC 2",
                             colorLabel: "digit", pointRadius: 2.5).svg(), to: "digits-pca.svg")

    nb.section("Fewer samples than features: covariance (d × d) against Gram (n × n) path")
    var timings = Table(["n", "d", "covariance s", "gram s", "svd s", "speed-up gram/cov", "max |Δλ| / λ₁"])
    let shapes = nb.size([(100, 2000), (200, 3000), (2000, 400)], quick: [(40, 300), (300, 40)])
    for (n, d) in shapes {
        // Low-rank signal plus noise, so the spectrum has structure.
        let signal = Matrix.randomNormal(rows: n, columns: 10, seed: 1) * Matrix.randomNormal(rows: 10, columns: d, seed: 2)
        let data = signal + Matrix.randomNormal(rows: n, columns: d, standardDeviation: 0.5, seed: 3)
        let components = ComponentCount.count(10)
        var models: [PCA.Model] = []
        var seconds: [Double] = []
        for solver in [PCASolver.covariance, .gram, .svd] {
            var model: PCA.Model?
            seconds.append(try bestTime(repeats: nb.size(2, quick: 1)) { model = try PCA(components: components, solver: solver).fit(data) })
            models.append(model!)
        }
        let top = models[2].explainedVariance[0]
        let difference = zip(models[0].explainedVariance, models[1].explainedVariance).map { abs($0 - $1) }.max()! / top
        timings.append([String(n), String(d), fixed(seconds[0], 4), fixed(seconds[1], 4), fixed(seconds[2], 4),
                        fmt(seconds[0] / seconds[1], 3), fmt(difference, 2)])
    }
    try nb.table(timings, csv: "solver-timings.csv")
    print("\nWhat to look for: with n ≪ d the Gram path solves an n × n eigenproblem instead of a d × d one (O(n² d + n³)")
    print("against O(n d² + d³)); with n ≫ d (last row) the covariance path wins. The eigenvalues agree to round-off.")

    nb.section("Classical MDS of the Euclidean distances reproduces the PCA scores")
    let subset = x.rows(at: 0..<nb.size(x.rows, quick: 300))
    let distances = subset.pairwiseSquaredDistances().map { $0.squareRoot() }
    let mds = try ClassicalMDS(components: 2, eigenSolver: .dense).fit(dissimilarities: distances)
    let pcaScores = try PCA(components: .count(2)).fitTransform(subset)
    var worst = 0.0
    var aligned = mds.embedding   // MDS columns flipped to the PCA scores' signs, for the figure
    for j in 0..<2 {
        let a = mds.embedding.column(j), b = pcaScores.column(j)
        let sign: Double = zip(a, b).map { $0 * $1 }.reduce(0, +) >= 0 ? 1 : -1
        worst = max(worst, zip(a, b).map { abs(sign * $0 - $1) }.max()!)
        aligned.setColumn(j, to: a.map { sign * $0 })
    }
    let scale = pcaScores.maxAbsolute
    print("n = \(subset.rows): max |MDS − PCA| over both columns (up to sign) = \(fmt(worst, 3)), relative \(fmt(worst / scale, 3))")
    print("MDS eigenvalues \(mds.eigenvalues.map { fmt($0, 6) }) = (n − 1) × PCA variances \(try PCA(components: .count(2)).fit(subset).explainedVariance.map { fmt($0 * Double(subset.rows - 1), 6) })")
    print("smallest eigenvalue of B: \(mds.smallestEigenvalue.map { fmt($0, 3) } ?? "not computed") (≈ 0: the distances are Euclidean)")
    guard worst / scale < 1e-6 else { throw NotebookFailure("classical MDS differs from PCA by \(worst)") }
    try nb.write(SmallMultiples(panels: [
        .scatter(ScatterPlot(x: pcaScores.column(0), y: pcaScores.column(1), coloring: .categories(Array(digits.labels!.prefix(subset.rows))),
                             title: "PCA scores", xLabel: "PC 1", yLabel: "PC 2", colorLabel: "digit", pointRadius: 2)),
        .scatter(ScatterPlot(x: aligned.column(0), y: aligned.column(1), coloring: .categories(Array(digits.labels!.prefix(subset.rows))),
                             title: "Classical MDS of ‖xᵢ − xⱼ‖ (signs aligned)", xLabel: "coordinate 1", yLabel: "coordinate 2", colorLabel: "digit", pointRadius: 2)),
    ], columns: 2, panelWidth: 480, panelHeight: 400, title: "Classical MDS = PCA (up to column signs)").svg(), to: "mds-vs-pca.svg")
}
