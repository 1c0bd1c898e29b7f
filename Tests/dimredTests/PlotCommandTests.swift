import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred plot`: pictures of existing embedding files, no refit; colours fixed by the label set or a class order.
@Suite("dimred plot")
struct PlotCommandTests {
    /// Each drawn point's fill, by the label read back from the embedding: label → fills.
    static func fillsByClass(_ svg: String, legend: [String]) -> (fills: [String: String], legend: [String]) {
        // Legend entries and markers come in the same order: marker k has the colour of class k.
        let markers = svg.split(separator: "\n").filter { $0.contains("class=\"legend-marker\"") }
        let fills = markers.compactMap { line -> String? in
            guard let range = line.range(of: "fill=\"") else { return nil }
            return String(line[range.upperBound...].prefix(7))
        }
        return (Dictionary(uniqueKeysWithValues: zip(legend, fills)), legend)
    }

    static func legend(_ svg: String) -> [String] {
        svg.split(separator: "\n").filter { $0.contains("class=\"legend-entry\"") }.map { line in
            let start = line.range(of: "\">")!.upperBound
            let end = line.range(of: "</text>")!.lowerBound
            return String(line[start..<end])
        }
    }

    @Test("CSV, JSON and NPY embeddings are drawn without refitting: one point per row, legend in sorted order; labels from a column or a file")
    func formats() throws {
        let scratch = try Scratch()
        // A known embedding, not fitted by anyone: labels 10, 9, 2 must be listed 2, 9, 10.
        var rows = "x,y,label\n"
        for i in 0..<30 { rows += "\(Double(i) * 0.5),\(Double(i % 7) - 3),\([10, 9, 2][i % 3])\n" }
        let csv = try scratch.write("e.csv", rows)
        let result = try DimredProcess.run(["plot", csv, "-o", scratch.path("e.svg")])
        #expect(result.status == 0 && result.stderr.isEmpty && result.stdout.isEmpty, "\(result.stderr)")
        let svg = try scratch.read("e.svg")
        let counter = XMLCounter(svg)
        #expect(counter.error == nil && counter.classes["point"] == 30)
        #expect(Self.legend(svg) == ["2", "9", "10"])
        // The same embedding as JSON and as NPY with a labels file (with a header line) gives the same colours.
        let document = try EmbeddingReader.read(csv)
        try EmbeddingWriter.write(EmbeddingDocument(method: "pca", embedding: document.embedding, labels: document.labels),
                                  to: scratch.path("e.json"))
        try NPY.write(document.embedding, to: scratch.path("e.npy"))
        _ = try scratch.write("labels.txt", "class\n" + document.labels!.joined(separator: "\n") + "\n")
        let json = try DimredProcess.run(["plot", scratch.path("e.json"), "-o", scratch.path("j.svg")])
        let npy = try DimredProcess.run(["plot", scratch.path("e.npy"), "--labels", scratch.path("labels.txt"), "-o", scratch.path("n.svg")])
        #expect(json.status == 0 && npy.status == 0, "\(json.stderr) \(npy.stderr)")
        let (j, n) = (try scratch.read("j.svg"), try scratch.read("n.svg"))
        #expect(Self.fillsByClass(j, legend: Self.legend(j)).fills == Self.fillsByClass(svg, legend: Self.legend(svg)).fills)
        #expect(Self.fillsByClass(n, legend: Self.legend(n)).fills == Self.fillsByClass(svg, legend: Self.legend(svg)).fills)
        #expect(j.contains(">pca of e.json (n = 30)</text>"))
        // The points sit where the file says: same circles in the CSV and NPY pictures.
        let circles = { (text: String) in text.split(separator: "\n").filter { $0.contains("class=\"point\"") }.sorted() }
        #expect(circles(svg) == circles(n))
        // Standard input (with --format) to standard output; a labels file whose name is no column of the CSV.
        let piped = try DimredProcess.run(["plot", "-", "--format", "npy", "--labels", scratch.path("labels.txt"), "-o", "-"],
                                          input: try Data(contentsOf: URL(fileURLWithPath: scratch.path("e.npy"))))
        #expect(piped.status == 0 && circles(piped.stdout) == circles(n), "\(piped.stderr)")
        let unlabelled = try scratch.write("u.csv", "x,y\n" + (0..<30).map { "\(Double($0) * 0.5),\(Double($0 % 7) - 3)" }.joined(separator: "\n") + "\n")
        let stdinCSV = try DimredProcess.run(["plot", "-", "--format", "csv", "--labels", scratch.path("labels.txt"), "-o", "-"],
                                             input: try Data(contentsOf: URL(fileURLWithPath: unlabelled)))
        #expect(stdinCSV.status == 0 && circles(stdinCSV.stdout) == circles(n), "\(stdinCSV.stderr)")
        // --labels COLUMN picks another column of the CSV.
        var other = "x,y,kind,label\n"
        for i in 0..<10 { other += "\(i),\(i * i),\(i % 2 == 0 ? "even" : "odd"),\(i)\n" }
        let two = try scratch.write("two.csv", other)
        let byColumn = try DimredProcess.run(["plot", two, "--labels", "kind", "-o", scratch.path("k.svg")])
        #expect(byColumn.status == 0, "\(byColumn.stderr)")
        #expect(Self.legend(try scratch.read("k.svg")) == ["even", "odd"])
    }

    @Test("two shards with different classes, one --class-order: every shared class has the same colour; a label missing from the order is refused")
    func shardsAgree() throws {
        let scratch = try Scratch()
        var a = "x,y,label\n", b = "x,y,label\n"
        for i in 0..<40 {
            a += "\(i),\(i % 5),\(["cat", "dog", "emu", "fox"][i % 4])\n"
            b += "\(i % 9),\(i),\(["ant", "dog", "fox", "gnu", "cat"][i % 5])\n"
        }
        let (shardA, shardB) = (try scratch.write("a.csv", a), try scratch.write("b.csv", b))
        let order = try scratch.write("order.txt", "ant\ncat\ndog\nemu\nfox\ngnu\n")
        for (shard, picture) in [(shardA, "a.svg"), (shardB, "b.svg")] {
            let result = try DimredProcess.run(["plot", shard, "--class-order", order, "-o", scratch.path(picture)])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let (svgA, svgB) = (try scratch.read("a.svg"), try scratch.read("b.svg"))
        #expect(Self.legend(svgA) == ["ant", "cat", "dog", "emu", "fox", "gnu"])
        let fillsA = Self.fillsByClass(svgA, legend: Self.legend(svgA)).fills
        let fillsB = Self.fillsByClass(svgB, legend: Self.legend(svgB)).fills
        #expect(fillsA == fillsB && Set(fillsA.values).count == 6)
        // Without the order each shard's sorted set gives "dog" another colour (2nd of cat, dog, emu, fox; 3rd of ant, cat, dog, fox, gnu).
        _ = try DimredProcess.run(["plot", shardA, "-o", scratch.path("a2.svg")])
        _ = try DimredProcess.run(["plot", shardB, "-o", scratch.path("b2.svg")])
        let (plainA, plainB) = (try scratch.read("a2.svg"), try scratch.read("b2.svg"))
        #expect(Self.fillsByClass(plainA, legend: Self.legend(plainA)).fills["dog"] != Self.fillsByClass(plainB, legend: Self.legend(plainB)).fills["dog"])
        // A list works as well as a file.
        let list = try DimredProcess.run(["plot", shardB, "--class-order", "ant,cat,dog,emu,fox,gnu", "-o", scratch.path("b3.svg")])
        let b3 = try scratch.read("b3.svg")
        #expect(list.status == 0 && b3 == svgB)
        // A label missing from the order: exit 65, one line, no picture.
        let missing = try DimredProcess.run(["plot", shardB, "--class-order", "cat,dog,fox,gnu", "-o", scratch.path("m.svg")])
        #expect(missing.status == 65)
        #expect(missing.stderr == "dimred: error: label 'ant' (row 1) is not in --class-order cat,dog,fox,gnu; add it, so that every picture gives it the same colour\n")
        #expect(!scratch.exists("m.svg"))
    }

    @Test("a model fitted with labels stores the sorted classes; transform --plot and plot --model colour a shard's classes as the fit did")
    func modelClassOrder() throws {
        let scratch = try Scratch()
        let names = ["10", "2", "emu", "ant"]   // sorted: 2, 10, ant, emu (numbers by value first)
        var train = "a,b,c,label\n", shard = "a,b,c,label\n"
        for i in 0..<40 { train += "\(i % 7),\(i * i % 11),\(i % 3),\(names[i % 4])\n" }
        for i in 0..<12 where i % 4 == 0 || i % 4 == 3 { shard += "\(i % 5),\(i % 6),\(i % 2),\(names[i % 4])\n" }
        let (trainFile, shardFile) = (try scratch.write("train.csv", train), try scratch.write("shard.csv", shard))
        let fit = try DimredProcess.run(["fit", trainFile, "--labels", "label", "--method", "pca", "--save", scratch.path("m.json"),
                                         "--plot", scratch.path("fit.svg"), "-q"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = try JSONSerialization.jsonObject(with: Data(try scratch.read("m.json").utf8)) as? [String: Any]
        #expect(model?["classes"] as? [String] == ["2", "10", "ant", "emu"])
        let transform = try DimredProcess.run(["transform", shardFile, "--labels", "label", "--model", scratch.path("m.json"),
                                               "-o", scratch.path("shard-embedding.csv"), "--plot", scratch.path("shard.svg"), "-q"])
        #expect(transform.status == 0, "\(transform.stderr)")
        let plot = try DimredProcess.run(["plot", scratch.path("shard-embedding.csv"), "--model", scratch.path("m.json"),
                                          "-o", scratch.path("replot.svg")])
        #expect(plot.status == 0, "\(plot.stderr)")
        let pictures = try ["fit.svg", "shard.svg", "replot.svg"].map { try scratch.read($0) }
        let fills = pictures.map { Self.fillsByClass($0, legend: Self.legend($0)).fills }
        for svg in pictures { #expect(Self.legend(svg) == ["2", "10", "ant", "emu"]) }
        #expect(fills[0] == fills[1] && fills[1] == fills[2] && Set(fills[0].values).count == 4)
        // A model without classes, and --model beside --class-order, are refused with one line.
        #expect(try DimredProcess.run(["fit", trainFile, "--labels", "label", "--method", "pca", "--save", scratch.path("m2.json"), "-q"]).status == 0)
        let bare = try scratch.write("bare.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9\n")
        #expect(try DimredProcess.run(["fit", bare, "--method", "pca", "--save", scratch.path("bare.json"), "-q"]).status == 0)
        let noClasses = try DimredProcess.run(["plot", scratch.path("shard-embedding.csv"), "--model", scratch.path("bare.json"),
                                               "-o", scratch.path("x.svg")])
        #expect(noClasses.status == 64 && noClasses.stderr.contains("stores no classes") && !scratch.exists("x.svg"))
        let both = try DimredProcess.run(["plot", scratch.path("shard-embedding.csv"), "--model", scratch.path("m.json"),
                                          "--class-order", "2,10,ant,emu", "-o", scratch.path("y.svg")])
        #expect(both.status == 64 && !scratch.exists("y.svg"))
    }

    @Test("errors: missing file, wrong labels count, -o naming the input, a non-SVG name; nothing written")
    func errors() throws {
        let scratch = try Scratch()
        let csv = try scratch.write("e.csv", "x,y\n1,2\n3,4\n5,7\n")
        _ = try scratch.write("three.txt", "a\nb\n")
        let order = try scratch.write("order.svg", "a\nb\n")
        let cases: [([String], Int32, String)] = [
            (["plot", scratch.path("none.csv"), "-o", scratch.path("p.svg")], 74, "none.csv"),
            (["plot", csv, "--labels", scratch.path("three.txt"), "-o", scratch.path("p.svg")], 65,
             "--labels \(scratch.path("three.txt")) has 2 lines but \(csv) has 3 rows; give one label per embedding row (a first header line is allowed)"),
            (["plot", csv, "-o", csv], 64, "-o \(csv): dimred plot writes SVG; name the file .svg"),
            (["plot", csv, "--class-order", order, "-o", order], 64, "-o \(order) is the same file as --class-order \(order)"),
            (["plot", csv, "-o", scratch.path("p.png")], 64, "dimred plot writes SVG; name the file .svg"),
            (["plot", csv, "--max-points", "0", "-o", scratch.path("p.svg")], 64, "--max-points must be ≥ 1, got 0"),
        ]
        for (arguments, code, message) in cases {
            let before = try scratch.contents()
            let result = try DimredProcess.run(arguments)
            #expect(result.status == code, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("dimred: error: ") && result.stderr.filter { $0 == "\n" }.count == 1 && result.stderr.contains(message),
                    "\(result.stderr)")
            #expect(try scratch.contents() == before)
        }
        #expect(try scratch.read("e.csv") == "x,y\n1,2\n3,4\n5,7\n" && scratch.read("order.svg") == "a\nb\n")
    }

    @Test("a large embedding: a bounded SVG with the subset in its caption, and --max-points")
    func large() throws {
        let scratch = try Scratch()
        var rng = SeededGenerator(seed: 4)
        let n = 30_000
        let embedding = Matrix(rows: n, columns: 2, elements: (0..<(2 * n)).map { _ in rng.nextNormal() })
        let labels = (0..<n).map { "\($0 % 25)" }
        try EmbeddingWriter.write(EmbeddingDocument(method: "umap", embedding: embedding, labels: labels), to: scratch.path("big.csv"))
        let result = try DimredProcess.run(["plot", scratch.path("big.csv"), "--max-points", "5000", "--style", "points", "-o", scratch.path("big.svg")])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try scratch.read("big.svg")
        let counter = XMLCounter(svg)
        #expect(counter.error == nil && counter.classes["point"] == 5000 && counter.classes["legend-note"] != nil)
        #expect(svg.utf8.count < 500_000)
        #expect(svg.contains(">5 000 of 30 000 points drawn: a random subset (seed 0)"))
    }
}
