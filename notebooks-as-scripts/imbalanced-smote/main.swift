// A two-class, two-feature data set with 5% minority, before and after random oversampling, SMOTE and ADASYN,
// and the minority recall of a logistic-regression classifier trained on each (fitted by Newton's method /
// iteratively reweighted least squares) on the same untouched, stratified test set.
//
// What to look for: trained on the raw data, the classifier mostly predicts the majority and misses minority
// points (low recall); every over-sampler moves the decision boundary toward the majority, raising minority recall
// at some cost in precision. SMOTE and ADASYN fill the space between minority neighbours instead of repeating
// points; ADASYN puts more of them where the minority is surrounded by the majority.
import Datasets
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting
import Resampling

let notebook = Notebook(name: "imbalanced-smote")

/// Logistic regression p(y = 1 | x) = σ(w·x + b) fitted by Newton's method (IRLS) with a small ridge penalty λ‖w‖²/2:
///
///     H = Xᵀ diag(p(1 − p)) X + λ I,   g = Xᵀ (p − y) + λ w,   w ← w − H⁻¹ g
struct LogisticRegression {
    var weights: [Double]   // bias first

    static func fit(_ x: Matrix, _ y: [Int], ridge: Double = 1e-4, iterations: Int = 50) throws -> LogisticRegression {
        let design = Matrix.horizontalConcatenation([Matrix(rows: x.rows, columns: 1, repeating: 1), x])
        var w = [Double](repeating: 0, count: design.columns)
        for _ in 0..<iterations {
            let p = (design * w).map { 1 / (1 + exp(-$0)) }
            let s = p.map { max($0 * (1 - $0), 1e-12) }
            var hessian = Matrix.product(design.scalingRows(by: s), design, transposingA: true)
            for j in 1..<design.columns { hessian[j, j] += ridge }
            var gradient = design.transposed * zip(p, y).map { $0 - Double($1) }
            for j in 1..<design.columns { gradient[j] += ridge * w[j] }
            let step = try hessian.solve(gradient)
            w = zip(w, step).map { $0 - $1 }
            if step.map(abs).max()! < 1e-10 { break }
        }
        return LogisticRegression(weights: w)
    }

    func probability(_ point: [Double]) -> Double {
        1 / (1 + exp(-(weights[0] + zip(weights.dropFirst(), point).map { $0 * $1 }.reduce(0, +))))
    }
}

notebook.run { nb in
    let data = try Dataset.imbalancedClassification(samples: nb.size(2000, quick: 600), features: 2, weights: [0.95, 0.05],
                                                   classSeparation: 0.7, seed: 7)
    let labels = data.targets!
    // A stratified split: 30% of each class held out for testing.
    var train: [Int] = [], test: [Int] = []
    for label in 0..<2 {
        let members = labels.indices.filter { labels[$0] == label }
        let cut = Int((Double(members.count) * 0.7).rounded())
        train += members[..<cut]
        test += members[cut...]
    }
    let xTrain = data.features.rows(at: train), yTrain = train.map { labels[$0] }
    let xTest = data.features.rows(at: test), yTest = test.map { labels[$0] }
    print("training set: \(yTrain.filter { $0 == 0 }.count) majority, \(yTrain.filter { $0 == 1 }.count) minority; test set: \(yTest.filter { $0 == 0 }.count) / \(yTest.filter { $0 == 1 }.count)")

    let samplers: [(name: String, file: String, resample: () throws -> Resampled<Int>?)] = [
        ("original", "original", { nil }),
        ("random oversampling", "random-oversampling", { try RandomOverSampler<Int>(seed: 1).fitResample(xTrain, labels: yTrain) }),
        ("SMOTE (k = 5)", "smote", { try SMOTE<Int>(neighbors: 5, seed: 1).fitResample(xTrain, labels: yTrain) }),
        ("ADASYN (k = 5)", "adasyn", { try ADASYN<Int>(neighbors: 5, seed: 1).fitResample(xTrain, labels: yTrain) }),
    ]
    nb.section("Minority recall of logistic regression trained on each set (same test set)")
    var table = Table(["training set", "majority", "minority", "generated", "recall (minority)", "precision (minority)",
                       "balanced accuracy", "seconds"])
    var panels: [SmallMultiples.Panel] = []
    let lows = (0..<2).map { j in data.features.column(j).min()! - 0.5 }, highs = (0..<2).map { j in data.features.column(j).max()! + 0.5 }
    for sampler in samplers {
        let (resampled, seconds) = try timed { try sampler.resample() }
        let x = resampled?.samples ?? xTrain, y = resampled?.labels ?? yTrain
        let original = resampled?.originalCount ?? xTrain.rows
        let model = try LogisticRegression.fit(x, y)
        let predicted = (0..<xTest.rows).map { model.probability(xTest.row($0)) >= 0.5 ? 1 : 0 }
        let tp = zip(predicted, yTest).filter { $0 == 1 && $1 == 1 }.count, fn = zip(predicted, yTest).filter { $0 == 0 && $1 == 1 }.count
        let fp = zip(predicted, yTest).filter { $0 == 1 && $1 == 0 }.count, tn = zip(predicted, yTest).filter { $0 == 0 && $1 == 0 }.count
        let recall = Double(tp) / Double(max(tp + fn, 1)), precision = Double(tp) / Double(max(tp + fp, 1))
        let balanced = (recall + Double(tn) / Double(max(tn + fp, 1))) / 2
        table.append([sampler.name, String(y.filter { $0 == 0 }.count), String(y.filter { $0 == 1 }.count), String(x.rows - original),
                      fixed(recall, 3), fixed(precision, 3), fixed(balanced, 3), fixed(seconds, 4)])
        // Each set over the classifier's probability of "minority", with its 0.5 contour.
        var field = FieldPlot(xRange: lows[0]...highs[0], yRange: lows[1]...highs[1], resolution: nb.size(70, quick: 30),
                              title: "\(sampler.name): minority recall \(fixed(recall, 2))", xLabel: "x₁", yLabel: "x₂") { model.probability([$0, $1]) }
        field.contourLevels = [0.5]
        // Drawn majority first, then the generated points, then the original minority on top.
        let kind = (0..<x.rows).map { i in i >= original ? 2 : y[i] == 1 ? 1 : 0 }
        field.markers = [0, 2, 1].flatMap { k in (0..<x.rows).filter { kind[$0] == k }.map { i in FieldPlot.Marker(x: x[i, 0], y: x[i, 1], category: k) } }
        try nb.write(field.svg(), to: "\(sampler.file).svg")
        let kinds = (0..<x.rows).map { i in i >= original ? "generated minority" : y[i] == 1 ? "minority" : "majority" }
        panels.append(.scatter(ScatterPlot(x: x.column(0), y: x.column(1), coloring: .categories(kinds), title: "\(sampler.name) (\(x.rows) points)",
                                           xLabel: "x₁", yLabel: "x₂", pointRadius: 2)))
    }
    try nb.table(table, csv: "recall.csv")
    try nb.write(SmallMultiples(panels: panels, columns: 2, panelWidth: 480, panelHeight: 380,
                                title: "Imbalanced data before and after over-sampling").svg(), to: "resampled-sets.svg")
    print("\nIn the field figures: background = P(minority | x) of the classifier trained on that set, white line = the")
    print("0.5 decision boundary, blue = majority, orange = minority, red = generated minority points.")
}
