import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred` per-method defaults (neighbours as umap-learn and scikit-learn, umap unseeded without `--seed`) and the
/// density layer of its pictures (`--style`).
@Suite("dimred method defaults and density pictures")
struct DefaultsAndDensityCommandTests {
    @Test("without --neighbors: umap 15 (umap-learn), cut to rows − 1 on tiny data; spectral ⌊n/10⌋ (scikit-learn), equal to the library's; isomap still 10")
    func neighbourDefaults() throws {
        let scratch = try Scratch()
        let x = try Dataset.blobs(samples: 90, features: 4, centers: 3, seed: 4).features
        try CSVWriter.write(x, columnNames: ["a", "b", "c", "d"], to: scratch.path("x.csv"))
        let umap = try DimredProcess.run(["embed", scratch.path("x.csv"), "--method", "umap", "--iterations", "40", "--init", "random",
                                          "--seed", "3", "-o", scratch.path("u.json"), "-q"])
        #expect(umap.status == 0, "\(umap.stderr)")
        let umapJSON = try JSONValue.parse(try scratch.read("u.json"))
        #expect(umapJSON["parameters"]?["neighbors"]?.intValue == 15 && umapJSON["parameters"]?["seed"]?.intValue == 3)
        // umap-learn's n_neighbors = 15, seeded: the same layout as the library's UMAP with its own defaults.
        let expected = try UMAP(epochs: 40, initialization: .random, seed: 3).fitTransform(x)
        assertClose(try EmbeddingReader.read(scratch.path("u.json")).embedding, expected, relativeTolerance: 1e-9)

        // 12 rows: umap-learn truncates n_neighbors to n − 1 = 11.
        try CSVWriter.write(x.rows(at: 0..<12), columnNames: ["a", "b", "c", "d"], to: scratch.path("tiny.csv"))
        let tiny = try DimredProcess.run(["embed", scratch.path("tiny.csv"), "--method", "umap", "--iterations", "20", "--init", "random",
                                          "--seed", "1", "-o", scratch.path("tiny.json"), "-q"])
        #expect(tiny.status == 0, "\(tiny.stderr)")
        #expect(try JSONValue.parse(try scratch.read("tiny.json"))["parameters"]?["neighbors"]?.intValue == 11)

        // Iris has 150 rows: scikit-learn's SpectralEmbedding takes max(int(150 / 10), 1) = 15 neighbours.
        let spectral = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "spectral",
                                              "--connect-components", "-o", scratch.path("s.json"), "-q"])
        #expect(spectral.status == 0, "\(spectral.stderr)")
        #expect(try JSONValue.parse(try scratch.read("s.json"))["parameters"]?["neighbors"]?.intValue == 15)
        let reference = try SpectralEmbedding(affinity: .nearestNeighbors(15), connectComponents: true).fit(try Dataset.load(.iris).features)
        assertEqualUpToColumnSigns(try EmbeddingReader.read(scratch.path("s.json")).embedding, reference.embedding, relativeTolerance: 1e-7)

        let isomap = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "isomap",
                                            "--connect-components", "-o", scratch.path("i.json"), "-q"])
        #expect(isomap.status == 0, "\(isomap.stderr)")
        #expect(try JSONValue.parse(try scratch.read("i.json"))["parameters"]?["neighbors"]?.intValue == 10)
        // An explicit --neighbors still wins.
        let given = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "spectral", "--neighbors", "30",
                                           "-o", scratch.path("g.json"), "-q"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try JSONValue.parse(try scratch.read("g.json"))["parameters"]?["neighbors"]?.intValue == 30)
    }

    @Test("umap without --seed runs unseeded (two runs differ, the model says so); with --seed two runs agree; smacof stays reproducible by default")
    func seeds() throws {
        let scratch = try Scratch()
        let x = try Dataset.blobs(samples: 80, features: 3, centers: 2, seed: 5).features
        try CSVWriter.write(x, columnNames: ["a", "b", "c"], to: scratch.path("x.csv"))
        func umap(_ name: String, _ extra: [String]) throws -> Matrix {
            let result = try DimredProcess.run(["embed", scratch.path("x.csv"), "--method", "umap", "--iterations", "30", "--init", "random",
                                                "-o", scratch.path(name), "-q"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try EmbeddingReader.read(scratch.path(name)).embedding
        }
        let (first, second) = (try umap("a.json", []), try umap("b.json", []))
        #expect(try JSONValue.parse(try scratch.read("a.json"))["parameters"]?["seed"]?.stringValue == "none")
        // A random start drawn from an unseeded generator: the two layouts share no coordinate.
        #expect(zip(first.elements, second.elements).allSatisfy { $0 != $1 })
        assertClose(try umap("c.json", ["--seed", "7"]), try umap("d.json", ["--seed", "7"]), relativeTolerance: 1e-12)

        let fit = try DimredProcess.run(["fit", scratch.path("x.csv"), "--method", "umap", "--iterations", "20",
                                         "--save", scratch.path("m.json"), "-q"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = try FittedEmbedding(jsonData: Data(contentsOf: URL(fileURLWithPath: scratch.path("m.json"))))
        #expect(!model.settings.seeded && model.settings.neighbors == 15)

        func smacof(_ name: String, _ extra: [String]) throws -> Matrix {
            let result = try DimredProcess.run(["embed", scratch.path("x.csv"), "--method", "smacof", "--iterations", "50",
                                                "-o", scratch.path(name), "-q"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try EmbeddingReader.read(scratch.path(name)).embedding
        }
        // No --seed is --seed 0 for every method but umap.
        assertClose(try smacof("s1.json", []), try smacof("s2.json", ["--seed", "0"]), relativeTolerance: 1e-9)
    }

    @Test("--help states each method's neighbour default and what no --seed means")
    func help() throws {
        let help = try DimredProcess.run(["embed", "--help"])
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("umap 15") && text.contains("spectral max(⌊rows/10⌋, 1)") && text.contains("ltsa 10")
                && text.contains("⌊3 · perplexity⌋"), "\(text)")
        #expect(text.contains("umap without --seed runs unseeded") && text.contains("Default 0"))
        #expect(text.contains("--style <style>") && text.contains("density (every point counted in hexagons"))
    }

    @Test("--style: plot draws a hexagon density layer with its caption and count bar; automatic past --max-points; embed --plot takes it too")
    func density() throws {
        let scratch = try Scratch()
        var rng = SeededGenerator(seed: 8)
        let n = 25_000
        let embedding = Matrix(rows: n, columns: 2, elements: (0..<(2 * n)).map { _ in rng.nextNormal() })
        try EmbeddingWriter.write(EmbeddingDocument(method: "tsne", embedding: embedding), to: scratch.path("big.npy"))
        // Automatic: 25 000 points > 20 000, so density; no point circles; the file is small.
        let automatic = try DimredProcess.run(["plot", scratch.path("big.npy"), "-o", scratch.path("auto.svg"), "-q"])
        #expect(automatic.status == 0, "\(automatic.stderr)")
        let svg = try scratch.read("auto.svg")
        let counter = XMLCounter(svg)
        #expect(counter.error == nil && counter.classes["point"] == nil && (counter.classes["hexagon"] ?? 0) > 100)
        #expect(svg.contains(">density of 25 000 points in ") && svg.contains("hexagons, shaded by log count<"))
        #expect(counter.classes["countbar-tick"] != nil && svg.utf8.count < 300_000, "\(svg.utf8.count)")
        // Points with a subset, and density below the threshold when asked.
        let points = try DimredProcess.run(["plot", scratch.path("big.npy"), "--style", "points", "-o", scratch.path("p.svg"), "-q"])
        #expect(points.status == 0, "\(points.stderr)")
        let pointCount = XMLCounter(try scratch.read("p.svg")).classes["point"]
        #expect(pointCount == 20_000)
        let larger = try DimredProcess.run(["plot", scratch.path("big.npy"), "--hexagon-size", "20", "-o", scratch.path("h.svg"), "-q"])
        #expect(larger.status == 0, "\(larger.stderr)")
        let largerCount = XMLCounter(try scratch.read("h.svg")).classes["hexagon"] ?? 0
        #expect(largerCount > 0 && largerCount < (counter.classes["hexagon"] ?? 0))
        let bad = try DimredProcess.run(["plot", scratch.path("big.npy"), "--hexagon-size", "0", "-o", scratch.path("bad.svg")])
        #expect(bad.status == 64 && bad.stderr.contains("--hexagon-size must be between 1 and 100") && !scratch.exists("bad.svg"))

        let embed = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "pca", "--style", "density",
                                           "--plot", scratch.path("iris.svg"), "-q"])
        #expect(embed.status == 0, "\(embed.stderr)")
        let iris = try scratch.read("iris.svg")
        #expect(iris.contains(">density of 150 points in ") && iris.contains("hexagons: majority class, opacity by log count<"))
        #expect(XMLCounter(iris).classes["legend-entry"] == 3)
    }
}
