// t-SNE and UMAP beside the spectral methods. First the knob of each: t-SNE's perplexity (the effective number
// of neighbours each point's Gaussian keeps) and UMAP's min_dist (how tightly the layout may pack points), swept
// on the bundled digits. Then the same two data sets, the digits (1797 × 64) and 20 Gaussian blobs in 50
// dimensions, through PCA, Isomap, spectral embedding (Laplacian eigenmaps), t-SNE and UMAP side by side, each
// panel with its time and its trustworthiness T(10) (1 = every embedded neighbour is a true neighbour).
import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting

let notebook = Notebook(name: "tsne-and-umap")

/// A method's name and its function from data to a two-column embedding.
typealias Method = (name: String, embed: (Matrix) throws -> Matrix)

/// A scatter panel of `embedding` coloured by class.
func panel(_ embedding: Matrix, labels: [String], title: String, radius: Double) -> SmallMultiples.Panel {
    .scatter(ScatterPlot(x: embedding.column(0), y: embedding.column(1), coloring: .categories(labels), title: title,
                         colorLabel: "class", pointRadius: radius))
}

notebook.run { nb in
    let digits = try Datasets.Dataset.load(.digits)
    let digitCount = nb.size(digits.count, quick: 300)
    let digitData = digits.features.rows(at: Array(0..<digitCount))
    let digitLabels = Array(digits.labels!.prefix(digitCount))
    // t-SNE's 250 + 750 iterations and UMAP's 500 epochs are the libraries' defaults; --quick shortens both.
    let tsneIterations = nb.size((250, 750), quick: (100, 150))
    let umapEpochs = nb.size(500, quick: 100)
    let radius = nb.quick ? 2.5 : 1.6

    func tsne(perplexity: Double) -> TSNE {
        TSNE(perplexity: perplexity, earlyExaggerationIterations: tsneIterations.0, iterations: tsneIterations.1, seed: 0)
    }
    func umap(minDistance: Double) -> UMAP { UMAP(minDistance: minDistance, epochs: umapEpochs, seed: 0) }

    nb.section("t-SNE's perplexity on the digits (\(digitCount) images)")
    var perplexityTable = Table(["perplexity", "neighbours k = ⌊3·perplexity⌋", "KL divergence", "T(10)", "seconds"])
    var perplexityPanels: [SmallMultiples.Panel] = []
    for perplexity in [5.0, 30, 50] {
        let (model, seconds) = try timed { try tsne(perplexity: perplexity).fit(digitData) }
        let trust = try QualityMetrics.trustworthiness(original: digitData, embedding: model.embedding, neighbors: 10)
        perplexityTable.append([fixed(perplexity, 0), "\(tsne(perplexity: perplexity).neighborCount(samples: digitCount))",
                                fixed(model.klDivergence, 4), fixed(trust, 4), fixed(seconds, 2)])
        perplexityPanels.append(panel(model.embedding, labels: digitLabels,
                                      title: "perplexity \(fixed(perplexity, 0)) · KL \(fixed(model.klDivergence, 2)) · T \(fixed(trust, 3))",
                                      radius: radius))
    }
    try nb.table(perplexityTable, csv: "perplexity.csv")
    try nb.write(SmallMultiples(panels: perplexityPanels, columns: 3, panelWidth: 380, panelHeight: 330,
                                title: "t-SNE of the digits at three perplexities").svg(), to: "perplexity.svg")

    nb.section("UMAP's min_dist on the digits")
    var minDistTable = Table(["min_dist", "a", "b", "T(10)", "seconds"])
    var minDistPanels: [SmallMultiples.Panel] = []
    for minDistance in [0.0, 0.1, 0.5] {
        let (model, seconds) = try timed { try umap(minDistance: minDistance).fit(digitData) }
        let trust = try QualityMetrics.trustworthiness(original: digitData, embedding: model.embedding, neighbors: 10)
        minDistTable.append([fixed(minDistance, 2), fixed(model.a, 4), fixed(model.b, 4), fixed(trust, 4), fixed(seconds, 2)])
        minDistPanels.append(panel(model.embedding, labels: digitLabels,
                                   title: "min_dist \(fixed(minDistance, 2)) · T \(fixed(trust, 3))", radius: radius))
    }
    try nb.table(minDistTable, csv: "min-dist.csv")
    try nb.write(SmallMultiples(panels: minDistPanels, columns: 3, panelWidth: 380, panelHeight: 330,
                                title: "UMAP of the digits at three values of min_dist (spread 1)").svg(), to: "min-dist.svg")
    let curve = try UMAP.curveParameters(minDistance: 0.1, spread: 1)
    nb.compare("UMAP a, b for min_dist 0.1, spread 1", ours: "\(fixed(curve.a, 3)), \(fixed(curve.b, 3))",
               course: "1.577, 0.895", source: "umap-learn 0.5 find_ab_params")

    let blobCount = nb.size(2000, quick: 400)
    let blobs = try Dataset.blobs(samples: blobCount, features: 50, centers: 20, seed: 3)
    let sets: [(file: String, title: String, data: Matrix, labels: [String])] = [
        ("digits", "digits, \(digitCount) images of 8 × 8 pixels", digitData, digitLabels),
        ("blobs", "20 Gaussian blobs in 50 dimensions, \(blobCount) points", blobs.features, blobs.labels!),
    ]
    let methods: [Method] = [
        ("PCA", { try PCA(components: .count(2)).fitTransform($0) }),
        ("Isomap k = 10", { try Isomap(neighbors: 10, components: 2, connectComponents: true).fitTransform($0) }),
        ("spectral", { try SpectralEmbedding(components: 2, connectComponents: true).fitTransform($0) }),
        ("t-SNE", { try tsne(perplexity: 30).fitTransform($0) }),
        ("UMAP", { try umap(minDistance: 0.1).fitTransform($0) }),
    ]
    var summary = Table(["data", "method", "seconds", "trustworthiness T(10)", "continuity C(10)"])
    var trustOf: [String: [String: Double]] = [:]
    for set in sets {
        nb.section(set.title)
        var panels: [SmallMultiples.Panel] = []
        for method in methods {
            let (embedding, seconds) = try timed { try method.embed(set.data) }
            let trust = try QualityMetrics.trustworthiness(original: set.data, embedding: embedding, neighbors: 10)
            let continuity = try QualityMetrics.continuity(original: set.data, embedding: embedding, neighbors: 10)
            trustOf[set.file, default: [:]][method.name] = trust
            summary.append([set.file, method.name, fixed(seconds, 3), fixed(trust, 4), fixed(continuity, 4)])
            print("  \(method.name): \(fixed(seconds, 3)) s, T(10) = \(fixed(trust, 4))")
            panels.append(panel(embedding, labels: set.labels,
                                title: "\(method.name) · T \(fixed(trust, 3)) · \(fixed(seconds, 2)) s", radius: radius))
        }
        try nb.write(SmallMultiples(panels: panels, columns: 3, panelWidth: 380, panelHeight: 330,
                                    title: "\(set.title): five embeddings").svg(), to: "\(set.file).svg")
    }
    nb.section("Summary")
    try nb.table(summary, csv: "summary.csv")
    // The neighbour-preserving methods keep more of the digits' neighbourhoods than the linear projection: the
    // published comparisons (van der Maaten & Hinton 2008; McInnes et al. 2018) and every run of this notebook.
    if let digitTrust = trustOf["digits"], !nb.quick {
        for name in ["t-SNE", "UMAP"] where digitTrust[name]! <= digitTrust["PCA"]! {
            throw NotebookFailure("\(name)'s T(10) = \(fixed(digitTrust[name]!, 4)) on the digits is not above PCA's \(fixed(digitTrust["PCA"]!, 4))")
        }
    }
    print("\nWhat to look for: t-SNE and UMAP separate the ten digits (T(10) ≈ 0.99) where PCA overlaps them; a small")
    print("perplexity splits classes into fragments, a large one merges near classes; min_dist 0 packs each class into a")
    print("tight clump, 0.5 spreads it. On the blobs every neighbour method finds the 20 clusters; PCA cannot show 20 in 2-D.")
}
