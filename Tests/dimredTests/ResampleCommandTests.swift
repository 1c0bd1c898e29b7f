import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred resample`: class counts equal the strategy's closed form, originals come first and unchanged,
/// SMOTE rows lie on segments between same-class input rows, and bad requests fail cleanly.
@Suite("dimred resample")
struct ResampleCommandTests {
    /// Three classes of 30, 12 and 7 rows in 3 columns, shuffled, labels in the middle column.
    static func data(in scratch: Scratch) throws -> (path: String, x: Matrix, labels: [String]) {
        var rng = SeededGenerator(seed: 21)
        var labels = [String](repeating: "big", count: 30) + [String](repeating: "mid", count: 12) + [String](repeating: "tiny", count: 7)
        labels.shuffle(using: &rng)
        let x = Matrix(rows: labels.count, columns: 3, elements: (0..<(3 * labels.count)).map { _ in rng.nextNormal() * 2 })
        var text = "a,class,b,c\n"
        for i in 0..<x.rows { text += "\(x[i, 0]),\(labels[i]),\(x[i, 1]),\(x[i, 2])\n" }
        return (try scratch.write("data.csv", text), x, labels)
    }

    /// The output: features, labels, synthetic flags.
    static func read(_ path: String) throws -> (x: Matrix, labels: [String], synthetic: [Double], header: [String]) {
        let table = try CSVReader.read(path, options: CSVReadOptions(labelColumn: .name("class")))
        let d = table.features.columns - 1
        let x = Matrix(rows: table.features.rows, columns: d, elements: (0..<table.features.rows).flatMap { i in (0..<d).map { table.features[i, $0] } })
        return (x, table.labels!, table.features.column(d), table.featureNames + [table.labelName!])
    }

    @Test("class counts equal the closed form of each strategy (n = 30, 12, 7; n_max = 30), with every method")
    func strategies() throws {
        let scratch = try Scratch()
        let (path, _, _) = try Self.data(in: scratch)
        let expected: [(String, [String: Int])] = [
            ("auto", ["big": 30, "mid": 30, "tiny": 30]),
            ("not-majority", ["big": 30, "mid": 30, "tiny": 30]),
            ("minority", ["big": 30, "mid": 12, "tiny": 30]),
            ("not-minority", ["big": 30, "mid": 30, "tiny": 7]),
            ("all", ["big": 30, "mid": 30, "tiny": 30]),
            ("mid=20,tiny=9", ["big": 30, "mid": 20, "tiny": 9]),
        ]
        for method in ["smote", "adasyn", "random"] {
            // ADASYN's rounded per-sample shares can give 0 of a small target (2 for tiny): it refuses that, as tested below.
            for (strategy, counts) in expected where !(method == "adasyn" && strategy.contains("=")) {
                let result = try DimredProcess.run(["resample", path, "--labels", "class", "--method", method, "--strategy", strategy,
                                                    "--neighbors", "3", "-o", scratch.path("out.csv"), "--quiet"])
                #expect(result.status == 0, "\(method) \(strategy): \(result.stderr)")
                let out = try Self.read(scratch.path("out.csv"))
                let got = out.labels.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
                if method == "adasyn" {
                    // ADASYN rounds each sample's share gᵢ = round(r̂ᵢ G) (as imbalanced-learn does), so a class of nᶜ
                    // samples misses its target by at most nᶜ / 2.
                    let sizes = ["big": 30, "mid": 12, "tiny": 7]
                    for (label, count) in counts {
                        #expect(Double(abs(got[label]! - count)) <= Double(sizes[label]!) / 2, "\(method) \(strategy) \(label)")
                    }
                } else {
                    #expect(got == counts, "\(method) \(strategy)")
                }
            }
        }
        // A ratio on two classes: the minority grows to ⌊α · n_max⌋.
        var two = "a,class\n"
        for i in 0..<30 { two += "\(Double(i) * 0.1),\(i < 22 ? "no" : "yes")\n" }
        let binary = try scratch.write("two.csv", two)
        let ratio = try DimredProcess.run(["resample", binary, "--labels", "class", "--strategy", "0.5", "--neighbors", "3",
                                           "-o", scratch.path("r.csv"), "--quiet"])
        #expect(ratio.status == 0, "\(ratio.stderr)")
        let labels = try Self.read(scratch.path("r.csv")).labels
        #expect(labels.filter { $0 == "yes" }.count == 11 && labels.filter { $0 == "no" }.count == 22)
    }

    @Test("originals first and unchanged, then synthetic rows marked 1; SMOTE rows lie on segments between two same-class input rows")
    func smoteRows() throws {
        let scratch = try Scratch()
        let (path, x, labels) = try Self.data(in: scratch)
        let result = try DimredProcess.run(["resample", path, "--labels", "class", "--method", "smote", "--neighbors", "4",
                                            "--seed", "7", "-o", scratch.path("out.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("dimred: 49 original and 41 synthetic rows; per class: big 30, mid 30, tiny 30\n"))
        let out = try Self.read(scratch.path("out.csv"))
        #expect(try String(contentsOfFile: scratch.path("out.csv"), encoding: .utf8).hasPrefix("a,b,c,class,synthetic\n"))
        #expect(out.x.rows == 90)
        // The originals: the same numbers (the file holds each in its shortest round-trip text) and labels.
        for i in 0..<x.rows {
            #expect((0..<3).allSatisfy { out.x[i, $0] == x[i, $0] } && out.labels[i] == labels[i] && out.synthetic[i] == 0, "row \(i)")
        }
        // Each new row: the closest point of any segment between two input rows of its class is the row itself.
        for row in x.rows..<out.x.rows {
            #expect(out.synthetic[row] == 1)
            let members = (0..<x.rows).filter { labels[$0] == out.labels[row] }
            var best = Double.infinity
            for p in members {
                for q in members where q != p {
                    var (dot, norm) = (0.0, 0.0)
                    for j in 0..<3 {
                        dot += (out.x[row, j] - x[p, j]) * (x[q, j] - x[p, j])
                        norm += (x[q, j] - x[p, j]) * (x[q, j] - x[p, j])
                    }
                    let u = min(max(dot / norm, 0), 1)
                    var distance = 0.0
                    for j in 0..<3 { distance += pow(out.x[row, j] - (x[p, j] + u * (x[q, j] - x[p, j])), 2) }
                    best = min(best, distance.squareRoot())
                }
            }
            // Coordinates are of order 1; rounding of x_p + u (x_q − x_p) and of the projection is ≈ 1e-15.
            #expect(best < 1e-9, "row \(row) is \(best) from every segment of its class")
        }
        // Standard input and standard output, and --no-marker.
        let piped = try DimredProcess.run(["resample", "-", "--labels", "class", "--seed", "7", "--neighbors", "4", "--no-marker", "--quiet"],
                                          input: try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(piped.status == 0, "\(piped.stderr)")
        let file = try String(contentsOfFile: scratch.path("out.csv"), encoding: .utf8)
        let unmarked = file.split(separator: "\n").enumerated().map { index, line in
            index == 0 ? "a,b,c,class" : String(line.dropLast(2))
        }.joined(separator: "\n") + "\n"
        #expect(piped.stdout == unmarked)
    }

    @Test("bad requests: one line, non-zero exit, no output file")
    func failures() throws {
        let scratch = try Scratch()
        let (path, _, _) = try Self.data(in: scratch)
        let cases: [([String], Int32, String)] = [
            (["--strategy", "most"], 64, "--strategy most is not a strategy; give auto, minority, not-majority, not-minority, all, a ratio in (0, 1] or class=count,..."),
            (["--strategy", "1.5"], 64, "--strategy 1.5: a ratio must be in (0, 1]"),
            (["--strategy", "mid=x"], 64, "--strategy mid=x: 'mid=x' is not class=count with a count ≥ 0"),
            (["--strategy", "0.5"], 65, "a ratio strategy needs exactly two classes, found 3; give --strategy class=count,... instead"),
            (["--strategy", "zebra=40"], 65, "--strategy: target count given for class zebra, which is not among the labels"),
            (["--strategy", "mid=5"], 65, "class mid has 12 samples and over-sampling cannot reach the smaller target 5"),
            (["--method", "adasyn", "--strategy", "mid=20,tiny=9", "--neighbors", "3"], 65,
             "no sample would be generated: ADASYN's rounded weights give 0 samples for class tiny; raise the target count"),
            (["--neighbors", "7"], 65, "SMOTE: class tiny has 7 samples but needs at least 8 (--neighbors + 1); lower --neighbors to 6 or use --method random"),
            (["--method", "smote", "--shrinkage", "1"], 64, "--shrinkage applies to --method random only"),
            (["--labels", "nope"], 65, "nope"),
            (["-o", "out.npy"], 64, "dimred resample writes CSV; name the file .csv"),
        ]
        for (extra, code, message) in cases {
            var arguments = ["resample", path] + (extra.first == "--labels" ? [] : ["--labels", "class"])
            arguments += extra.contains("-o") ? [] : ["-o", scratch.path("out.csv")]
            arguments += extra.map { $0 == "out.npy" ? scratch.path("out.npy") : $0 }
            let result = try DimredProcess.run(arguments)
            #expect(result.status == code, "\(extra): \(result.stderr)")
            #expect(result.stderr.hasPrefix("dimred: error: ") && result.stderr.filter { $0 == "\n" }.count == 1 && result.stderr.contains(message),
                    "\(extra): \(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try scratch.contents() == ["data.csv"], "\(extra)")
        }
        let npy = try DimredProcess.run(["resample", scratch.path("x.npy"), "--labels", "0"])
        #expect(npy.status == 64 && npy.stderr.contains("x.npy is an NPY array, which holds no label column; give the data as CSV with its labels"))
        // The output may not be the input.
        let same = try DimredProcess.run(["resample", path, "--labels", "class", "-o", path])
        #expect(same.status == 64 && same.stderr.contains("is the same file as the input"))
    }
}
