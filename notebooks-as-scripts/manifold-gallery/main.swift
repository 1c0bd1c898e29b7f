// Seven embeddings of two curved surfaces in ℝ³, as small multiples coloured by the position along the surface:
// PCA and classical MDS (linear: they flatten the roll onto itself), kernel PCA with RBF, polynomial and sigmoid
// kernels, Isomap (geodesic distances through a k-NN graph) and LLE (local linear reconstructions). Each panel's
// title gives the time and the trustworthiness T(k) of its neighbourhoods (1 = every embedded neighbour is a true
// neighbour).
import Datasets
import DimensionalityReduction
import Foundation
import LinearAlgebra
import NotebookSupport
import Plotting

let notebook = Notebook(name: "manifold-gallery")

/// Each method as a name and a function from data to a two-column embedding.
let methods: [(name: String, short: String, embed: (Matrix) throws -> Matrix)] = [
    ("PCA", "PCA", { try PCA(components: .count(2)).fitTransform($0) }),
    ("classical MDS", "MDS", { try ClassicalMDS(components: 2).fit($0).embedding }),
    ("kernel PCA, RBF γ = 0.01", "KPCA RBF", { try KernelPCA(components: .count(2), kernel: .rbf(gamma: 0.01)).fitTransform($0) }),
    ("kernel PCA, polynomial d = 3", "KPCA poly", { try KernelPCA(components: .count(2), kernel: .polynomial(degree: 3, gamma: 0.01, coef0: 1)).fitTransform($0) }),
    ("kernel PCA, sigmoid γ = 0.001", "KPCA sigmoid", { try KernelPCA(components: .count(2), kernel: .sigmoid(gamma: 0.001, coef0: 1)).fitTransform($0) }),
    ("Isomap, k = 10", "Isomap", { try Isomap(neighbors: 10, components: 2).fitTransform($0) }),
    ("LLE, k = 12", "LLE", { try LocallyLinearEmbedding(neighbors: 12, components: 2).fitTransform($0) }),
]

notebook.run { nb in
    let samples = nb.size(1500, quick: 300)
    let surfaces = [("swiss-roll", "swiss roll", try ManifoldGenerator.swissRoll(samples: samples, noise: 0.05, seed: 0)),
                    ("s-curve", "S-curve", try ManifoldGenerator.sCurve(samples: samples, noise: 0.05, seed: 0))]
    var summary = Table(["surface", "method", "seconds", "trustworthiness T(10)", "continuity C(10)"])
    for (file, title, surface) in surfaces {
        nb.section("\(title), \(samples) points")
        var panels: [SmallMultiples.Panel] = [
            .scatter(ScatterPlot(x: surface.data.column(0), y: surface.data.column(2), coloring: .values(surface.parameter),
                                 title: "the data (x, z)", xLabel: "x", yLabel: "z", colorLabel: "t", pointRadius: 2)),
        ]
        for method in methods {
            let (embedding, seconds) = try timed { try method.embed(surface.data) }
            let trust = try QualityMetrics.trustworthiness(original: surface.data, embedding: embedding, neighbors: 10)
            let continuity = try QualityMetrics.continuity(original: surface.data, embedding: embedding, neighbors: 10)
            summary.append([title, method.name, fixed(seconds, 3), fixed(trust, 4), fixed(continuity, 4)])
            print("  \(method.name): \(fixed(seconds, 3)) s, T(10) = \(fixed(trust, 4))")
            panels.append(.scatter(ScatterPlot(x: embedding.column(0), y: embedding.column(1), coloring: .values(surface.parameter),
                                               title: "\(method.short) · T \(fixed(trust, 3)) · \(fixed(seconds, 2)) s",
                                               colorLabel: "t", pointRadius: 2)))
        }
        try nb.write(SmallMultiples(panels: panels, columns: 4, panelWidth: 380, panelHeight: 310,
                                    title: "\(title): \(samples) points, coloured by the position t along the surface").svg(),
                     to: "\(file).svg")
    }
    nb.section("Summary")
    try nb.table(summary, csv: "summary.csv")
    print("\nWhat to look for: Isomap and LLE unroll the surfaces (the colour runs smoothly from one end to the other and")
    print("T(10) is highest); PCA and MDS are the same linear projection (equal T) and fold the roll onto itself.")
}
