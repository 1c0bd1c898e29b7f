import Foundation
import MathFoundations
import TestSupport
import Testing

/// Each command on small data, its output parsed back and checked against the library.
@Suite("dimred commands")
struct CommandTests {
    static let iris = DimredProcess.packageRoot.appendingPathComponent("datasets/iris.csv").path
    /// Norm-wise relative agreement of two runs in separate processes (≈ 500 ε): enough for a different
    /// OpenBLAS kernel or thread split, far below any real difference.
    static let acrossProcesses = 1e-13

    @Test("embed: iris CSV → CSV with header x,y,label; values equal the library's PCA scores to rounding")
    func embedCSV() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["embed", Self.iris, "--labels", "species", "--method", "pca", "-o", scratch.path("e.csv")])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let table = try CSVReader.read(scratch.path("e.csv"), options: CSVReadOptions(labelColumn: .name("label")))
        #expect(table.featureNames == ["x", "y"] && table.features.rows == 150)
        let data = try CSVReader.read(Self.iris, options: CSVReadOptions(labelColumn: .name("species")))
        #expect(table.labels == data.labels)
        let expected = try PCA(components: .count(2)).fit(data.features).transform(data.features)
        // dimred is another process, whose OpenBLAS may take another kernel or thread split: the scores agree to
        // the eigenvectors' rounding (ε·‖C‖/gap ≈ 10⁻¹⁴ relative for iris), never bit for bit.
        assertClose(table.features, expected, relativeTolerance: Self.acrossProcesses)
    }

    @Test("round trip: CSV → embed → NPY and CSV outputs of separate runs agree to rounding; standard input works")
    func npyRoundTrip() throws {
        let scratch = try Scratch()
        let csv = try scratch.write("in.csv", "a,b,c\n1,2,3.5\n2,1,0\n3,5,1\n4,4,4\n0.5,2,2\n")
        for output in ["e.npy", "e.csv"] {
            let result = try DimredProcess.run(["embed", csv, "--method", "mds", "-o", scratch.path(output)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        // --format overrides the extension.
        let forced = try DimredProcess.run(["embed", csv, "--method", "mds", "--format", "npy", "-o", scratch.path("e.dat")])
        #expect(forced.status == 0, "\(forced.stderr)")
        let npy = try NPY.read(scratch.path("e.npy"))
        assertClose(try NPY.read(scratch.path("e.dat")), npy, relativeTolerance: Self.acrossProcesses)
        let text = try CSVReader.read(scratch.path("e.csv")).features
        #expect(npy.rows == 5 && npy.columns == 2)
        assertClose(text, npy, relativeTolerance: Self.acrossProcesses)
        // `-` reads standard input; no -o writes CSV to standard output.
        let piped = try DimredProcess.run(["embed", "-", "--method", "mds"], input: Data(try scratch.read("in.csv").utf8))
        #expect(piped.status == 0)
        let pipedEmbedding = try CSVReader.parse(piped.stdout).features
        assertClose(pipedEmbedding, npy, relativeTolerance: Self.acrossProcesses)
    }

    @Test("embed JSON: method, parameters, shape, labels, metrics and eigenvalues; --plot writes valid SVG")
    func embedJSONAndPlot() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["embed", "--dataset", "iris", "--method", "isomap", "--neighbors", "8", "--connect-components",
                                            "-o", scratch.path("e.json"), "--plot", scratch.path("e.svg")])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(try scratch.read("e.json"))
        #expect(json["method"]?.stringValue == "isomap")
        #expect(json["parameters"]?["neighbors"]?.intValue == 8 && json["parameters"]?["components"]?.intValue == 2)
        #expect(json["shape"]?.arrayValue?.compactMap { $0.intValue } == [150, 2])
        #expect(json["labels"]?.arrayValue?.count == 150 && json["labels"]?.arrayValue?.first?.stringValue == "setosa")
        let document = try EmbeddingReader.read(scratch.path("e.json"))
        let x = try Dataset.load(.iris).features
        let expected = try Isomap(neighbors: 8, connectComponents: true).fit(x)
        assertClose(document.embedding, expected.embedding, relativeTolerance: 1e-9, absoluteTolerance: 1e-9)
        assertClose(document.eigenvalues ?? [], expected.eigenvalues, relativeTolerance: 1e-9)
        let trust = try QualityMetrics.trustworthiness(original: x, embedding: expected.embedding, neighbors: 8)
        assertClose(document.metrics["trustworthiness"] ?? -1, trust, relativeTolerance: 1e-9)
        #expect(document.metrics["continuity"] != nil && document.metrics["stress"] != nil)
        let svg = XMLCounter(try scratch.read("e.svg"))
        #expect(svg.error == nil)
        #expect(svg.classes["point"] == 150 && svg.classes["legend-entry"] == 3)
    }

    @Test("a generated manifold is coloured by its parameter (colour bar), a labelled set by class (legend)")
    func plotColouring() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["embed", "--dataset", "s-curve", "--samples", "120", "--method", "pca",
                                            "-o", scratch.path("e.npy"), "--plot", scratch.path("e.svg"), "--quiet"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let svg = XMLCounter(try scratch.read("e.svg"))
        #expect(svg.error == nil && svg.classes["point"] == 120 && svg.classes["colorbar"] == 1 && svg.classes["legend"] == nil)
    }

    @Test("fit --save then transform: the model maps new shards; the file holds PCA's mean and components")
    func fitAndTransform() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 200, noise: 0.1, seed: 1).features
        let shard = try Dataset.swissRoll(samples: 30, noise: 0.1, seed: 2).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        try CSVWriter.write(shard, columnNames: ["a", "b", "c"], to: scratch.path("shard.csv"))
        for method in ["pca", "lle", "landmark-isomap"] {
            let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", method, "--landmarks", "40",
                                             "--standardize", "--save", scratch.path("\(method).json")])
            #expect(fit.status == 0, "\(fit.stderr)")
            let transform = try DimredProcess.run(["transform", "--model", scratch.path("\(method).json"),
                                                   scratch.path("shard.csv"), "-o", scratch.path("\(method).npy")])
            #expect(transform.status == 0, "\(transform.stderr)")
            var settings = EmbeddingSettings()
            settings.landmarks = 40
            settings.standardize = true
            let fitted = try EmbeddingMethod(name: method)!.fit(train, settings: settings)
            let expected = try fitted.transform(shard)
            let written = try NPY.read(scratch.path("\(method).npy"))
            // Two independent fits (this process and dimred's) agree to rounding; the iterative eigensolvers'
            // last bits depend on BLAS threading, which can flip the sign of a column for a nearly tied
            // largest entry, so columns are compared up to sign.
            assertEqualUpToColumnSigns(written, expected, relativeTolerance: 1e-7)
        }
        let model = try JSONValue.parse(try scratch.read("pca.json"))
        #expect(model["format"]?.stringValue == "mathfoundations-dimred-model" && model["method"]?.stringValue == "pca")
        #expect(model["pca"]?["mean"]?.arrayValue?.count == 3 && model["standardization"]?["scale"]?.arrayValue?.count == 3)
        #expect(model["pca"]?["components"]?["rows"]?.intValue == 2)
        // A method without transform is refused in one line, exit 64, and no model is written.
        let mds = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "mds", "--save", scratch.path("mds.json")])
        #expect(mds.status == 64 && mds.stderr.hasPrefix("dimred: error: mds has no transform"))
        #expect(!scratch.exists("mds.json"))
    }

    @Test("evaluate prints the library's trustworthiness, continuity and stress")
    func evaluate() throws {
        let scratch = try Scratch()
        #expect(try DimredProcess.run(["embed", Self.iris, "--labels", "species", "-o", scratch.path("e.csv")]).status == 0)
        let result = try DimredProcess.run(["evaluate", Self.iris, "--labels", "species", scratch.path("e.csv"), "--neighbors", "7", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        let x = try Dataset.load(.iris).features
        let y = try PCA(components: .count(2)).fitTransform(x)
        assertClose(json["trustworthiness"]?.doubleValue ?? -1, try QualityMetrics.trustworthiness(original: x, embedding: y, neighbors: 7))
        assertClose(json["continuity"]?.doubleValue ?? -1, try QualityMetrics.continuity(original: x, embedding: y, neighbors: 7))
        assertClose(json["stress"]?.doubleValue ?? -1, try QualityMetrics.normalizedStress(original: x, embedding: y))
        let table = try DimredProcess.run(["evaluate", "--dataset", "iris", scratch.path("e.csv")])
        #expect(table.status == 0 && table.stdout.split(separator: "\n").map { $0.split(separator: " ").first! }
                    == ["trustworthiness", "continuity", "stress", "scaled_stress"])
        assertClose(json["scaled_stress"]?.doubleValue ?? -1, try QualityMetrics.stress(original: x, embedding: y).scaleFree)
    }

    @Test("compare: one table row and one gallery panel per method")
    func compare() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["compare", "--dataset", "swiss-roll", "--samples", "250", "--methods", "pca,isomap,lle",
                                            "--plot", scratch.path("g.svg")])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[0].hasPrefix("method") && lines[1].hasPrefix("pca") && lines[3].hasPrefix("lle"))
        for line in lines.dropFirst() {
            let trust = Double(line.split(separator: " ", omittingEmptySubsequences: true)[2])!
            #expect(trust > 0.5 && trust <= 1)
        }
        let svg = XMLCounter(try scratch.read("g.svg"))
        #expect(svg.error == nil && svg.classes["panel"] == 3 && svg.classes["point"] == 750)
    }

    @Test("datasets lists every name; --help exits 0")
    func listingAndHelp() throws {
        let result = try DimredProcess.run(["datasets"])
        #expect(result.status == 0)
        for name in Dataset.availableNames { #expect(result.stdout.contains("  \(name) "), "\(name)") }
        let help = try DimredProcess.run(["embed", "--help"])
        #expect(help.status == 0 && help.stdout.contains("--method") && help.stdout.contains("landmark-isomap"))
    }
}
