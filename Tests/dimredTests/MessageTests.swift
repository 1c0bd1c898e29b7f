import Foundation
import MathFoundations
import Testing
import TestSupport

/// Every message names the flag the user can change and the file and value at fault, in full, and every
/// numeric option is bounded above and below before any arithmetic.
@Suite("dimred messages and limits")
struct MessageTests {
    /// Runs dimred and expects `code` and exactly one stderr line, `dimred: error: message` (plus ArgumentParser's
    /// help pointer for usage errors found while parsing, when `command` is given).
    func expectError(_ arguments: [String], code: Int32, _ message: String, help command: String? = nil,
                     environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try DimredProcess.run(arguments, environment: environment)
        #expect(result.status == code, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        let suffix = command.map { " (see `dimred \($0) --help`)" } ?? ""
        #expect(result.stderr == "dimred: error: \(message)\(suffix)\n", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("negative and huge values get the real message, naming the flag, the value and the limit")
    func bounds() throws {
        let iris = ["embed", "--dataset", "iris"]
        try expectError(iris + ["-c", "-1"], code: 64, "--components must be ≥ 1, got -1", help: "embed")
        try expectError(iris + ["--components", "2000000"], code: 64,
                        "--components must be ≤ 1048576, got 2000000 (an output dimension; every method also needs it ≤ min(samples, features))",
                        help: "embed")
        try expectError(iris + ["-n", "-5", "--method", "isomap"], code: 64, "--neighbors must be ≥ 1, got -5", help: "embed")
        try expectError(iris + ["-n", "9223372036854775807", "--method", "isomap"], code: 64,
                        "--neighbors must be ≤ 1048576, got 9223372036854775807 (neighbour lists hold samples × neighbors entries)", help: "embed")
        // Before, --degree 10^12 ran a 10^12-step loop for each of the kernel's n² entries.
        try expectError(iris + ["--method", "kpca", "--kernel", "polynomial", "--degree", "1000000000000"], code: 64,
                        "--degree must be ≤ 100, got 1000000000000 (the polynomial kernel multiplies degree factors for each of its samples² entries)",
                        help: "embed")
        try expectError(iris + ["--degree", "0"], code: 64, "--degree must be ≥ 1, got 0", help: "embed")
        try expectError(iris + ["--method", "landmark-isomap", "--landmarks", "9223372036854775807"], code: 64,
                        "--landmarks must be ≤ 1048576, got 9223372036854775807 (landmark geodesics hold landmarks × samples distances)", help: "embed")
        try expectError(iris + ["--landmarks", "1"], code: 64, "--landmarks must be ≥ 2, got 1", help: "embed")
        try expectError(["embed", "--dataset", "swiss-roll", "--samples", "9223372036854775807"], code: 64,
                        "--samples must be ≤ 100000000, got 9223372036854775807 (the most rows a generated data set can have)", help: "embed")
        try expectError(["embed", "--dataset", "swiss-roll", "--samples", "-3"], code: 64, "--samples must be ≥ 1, got -3", help: "embed")
        try expectError(iris + ["--reg", "-1"], code: 64, "--reg must be finite and ≥ 0, got -1.0", help: "embed")
        try expectError(["embed", "--dataset", "moons", "--noise", "1e308"], code: 64,
                        "--noise must be between 0 and 1000000, got 1e+308 (the generated sets have unit scale)", help: "embed")
        try expectError(["embed", "--dataset", "moons", "--noise", "-0.1"], code: 64,
                        "--noise must be between 0 and 1000000, got -0.1 (the generated sets have unit scale)", help: "embed")
        // --samples and --noise were silently ignored for bundled sets and files.
        try expectError(iris + ["--samples", "5"], code: 64,
                        "--samples applies only to generated data sets (see `dimred datasets`); iris is a bundled data set, read as it is",
                        help: "embed")
        try expectError(["embed", CommandTests.iris, "--samples", "5", "--noise", "1"], code: 64,
                        "--samples and --noise apply only to generated data sets (--dataset NAME; see `dimred datasets`), not to an input file",
                        help: "embed")
        try expectError(iris + ["--radius", "-0.5"], code: 64, "--radius must be finite and > 0, got -0.5", help: "embed")
        try expectError(["compare", "--dataset", "iris", "--metric-neighbors", "-5"], code: 64, "--metric-neighbors must be ≥ 1, got -5",
                        help: "compare")
        try expectError(["evaluate", "--dataset", "iris", "e.csv", "-n", "-3"], code: 64, "--neighbors must be ≥ 1, got -3", help: "evaluate")
    }

    @Test("memory: a generated set or a dense n × n method larger than half the usable memory is refused before allocating")
    func memory() throws {
        let limit = ["DIMRED_MEMORY_LIMIT": "1000000000"]
        // 20 000 000 × 10 × 8 bytes = 1.6 GB > 500 MB.
        try expectError(["embed", "--dataset", "gaussian", "--samples", "20000000"], code: 64,
                        "--samples 20000000 needs 1.6 GB for gaussian's 10 columns (samples × features × 8 bytes), "
                            + "more than half the memory dimred may use (500.0 MB); lower --samples",
                        help: "embed", environment: limit)
        // mds of 200 000 rows: 200 000² × 8 bytes = 320 GB, refused on any machine.
        try expectError(["embed", "--dataset", "swiss-roll", "--samples", "200000", "--method", "mds", "-q"], code: 65,
                        "mds of 200000 rows needs an n × n matrix of 320.0 GB, more than half the memory dimred may use (500.0 MB); "
                            + "use landmark-isomap, pca or an lle variant, or fewer rows",
                        environment: limit)
        // lle of 100 000 rows with k = 1000: 100 000 × 1000 × 16 bytes = 1.6 GB of neighbour lists.
        try expectError(["embed", "--dataset", "swiss-roll", "--samples", "100000", "--method", "lle", "-n", "1000", "-q"], code: 65,
                        "lle of 100000 rows needs n × k neighbour lists of 1.6 GB, more than half the memory dimred may use (500.0 MB); "
                            + "lower --neighbors, or use fewer rows",
                        environment: limit)
        // Negative values that are valid reach the method: --coef0 -1.
        let negative = try DimredProcess.run(["embed", "--dataset", "iris", "--method", "kpca", "--kernel", "polynomial", "--coef0", "-1",
                                              "--degree", "2"])
        #expect(negative.status == 0, "\(negative.stderr)")
    }

    @Test("library errors in the CLI's words: the flag, the file, the value")
    func libraryErrors() throws {
        let scratch = try Scratch()
        let small = try scratch.write("small.csv", "a,b\n1,2\n2,3\n3,5\n4,4\n6,1\n")
        try expectError(["embed", small, "--method", "lle", "-n", "5"], code: 65,
                        "lle of \(small) (5 × 2): 5 rows, but --neighbors 5 needs at least 6; lower --neighbors or give more rows")
        try expectError(["embed", small, "-c", "3"], code: 65,
                        "pca of \(small) (5 × 2): --components 3 must be between 1 and 2 for this data; lower --components")
        try expectError(["embed", small, "--method", "hessian-lle", "-n", "3"], code: 65,
                        "hessian-lle of \(small) (5 × 2): --neighbors 3 must exceed c + c(c + 1)/2 (c = --components) = 5")
        try expectError(["embed", "--dataset", "iris", "--method", "landmark-isomap"], code: 65,
                        "landmark-isomap of iris (150 × 4): --landmarks 500 must be ≤ the number of rows, 150; lower --landmarks")
        try expectError(["embed", "--dataset", "blobs", "--method", "isomap", "-n", "3"], code: 65,
                        "isomap of blobs (500 × 2): the 3-nearest-neighbour graph has 4 connected components (the largest has 167 points), "
                            + "so some geodesic distances are infinite; raise --neighbors (or --radius), or add --connect-components to link "
                            + "the components by their closest pairs")
        let nan = try scratch.write("nan.csv", "a,b\n1,2\nNaN,1\n4,4\n,3\n5,5\n")
        try expectError(["embed", nan], code: 65,
                        "\(nan):3: column 1 (\"a\"): \"NaN\" is not finite; impute or remove it, or drop such rows (--drop-nonfinite)")
        try expectError(["embed", "--dataset", "iris", "-o", scratch.path("e.txt")], code: 64,
                        "-o \(scratch.path("e.txt")): extension '.txt' names no format; use .csv, .json or .npy, or give --format csv, json or npy")
        try expectError(["embed", small, "--delimiter", "\""], code: 64,
                        "--delimiter must be one ASCII character other than a quote or a line break (or \\t), got '\"'", help: "embed")
        // A model applied to rows of the wrong width.
        let model = scratch.path("iris.json")
        #expect(try DimredProcess.run(["fit", "--dataset", "iris", "--save", model, "-q"]).status == 0)
        try expectError(["transform", "--model", model, small], code: 65,
                        "pca transform of \(small): \(small) has 2 columns but the model \(model) was fitted on 4; give rows with 4 columns")
        try expectError(["transform", "--model", scratch.path("absent.json"), small], code: 74,
                        "\(scratch.path("absent.json")): cannot read the file (No such file or directory); check the path and its permissions")
        try expectError(["transform", "--model", model, small, "--standardize"], code: 64,
                        "--standardize is stored in the model; give it to `dimred fit`, not to transform", help: "transform")
        // Huge finite values are refused at the door with the row, the column and the limit, not as an eigensolver's NaN.
        let huge = try scratch.write("huge.csv", "a,b\n1e306,2\n2,3e306\n3,5\n4,4\n6,1\n-1e306,3\n")
        try expectError(["embed", huge, "--method", "kpca"], code: 65,
                        "kpca of \(huge) (6 × 2): row 1, column 1 of \(huge) is 1e+306, beyond ±1e+140, where squared distances "
                            + "overflow; rescale that column (divide it by a power of ten)")
        // Coincident points: the duplicated rows, counted from 1 as in the file.
        let duplicates = try scratch.write("dup.csv", "a,b\n1,1\n1,1\n1,1\n1,1\n1,1\n2,3\n4,1\n5,5\n6,2\n7,7\n")
        try expectError(["embed", duplicates, "--method", "ltsa", "-n", "4"], code: 65,
                        "ltsa of \(duplicates) (10 × 2): the neighbourhood of row 1 of \(duplicates) is degenerate: its points coincide "
                            + "(rows 1, 2, 3, 4, 5 are the same point), fewer than --components 2, so its tangent space is undefined; "
                            + "remove duplicate rows, raise --neighbors, or lower --components")
    }

    @Test("NPY input: --labels and the other CSV-only flags are refused; a NaN is named by row and column")
    func npyInput() throws {
        let scratch = try Scratch()
        var rows: [[Double]] = []
        for i in 0..<20 { rows.append([Double(i), Double((i * i) % 7), Double(i % 3)]) }
        rows[3][1] = Double.nan
        let path = scratch.path("x.npy")
        try NPY.write(try Matrix(rows: rows), to: path)
        try expectError(["embed", path, "--labels", "0"], code: 64,
                        "--labels applies to CSV/TSV files, but \(path) is an NPY array, which holds numbers only; leave it out, or give the data as CSV",
                        help: "embed")
        try expectError(["embed", path, "--labels", "0", "--drop-nonfinite"], code: 64,
                        "--labels, --drop-nonfinite apply to CSV/TSV files, but \(path) is an NPY array, which holds numbers only; leave them out, "
                            + "or give the data as CSV", help: "embed")
        try expectError(["embed", path], code: 65,
                        "pca of \(path) (20 × 3): row 4, column 2 of \(path) is NaN or infinite; remove or impute it "
                            + "(a CSV file's rows with such values can be left out with --drop-nonfinite)")
    }

    @Test("--drop-nonfinite says how many rows it left out")
    func droppedRows() throws {
        let scratch = try Scratch()
        let nan = try scratch.write("nan.csv", "a,b\n1,2\nNaN,1\n4,4\n,3\n5,5\n")
        let result = try DimredProcess.run(["embed", nan, "--drop-nonfinite", "--method", "mds", "-q", "-o", scratch.path("d.csv")])
        #expect(result.status == 0)
        #expect(result.stderr == "dimred: --drop-nonfinite left out 2 rows of \(nan) holding NaN, infinity or an empty cell; 3 rows remain\n")
        #expect(try CSVReader.read(scratch.path("d.csv")).features.rows == 3)
    }

    @Test("compare keeps the methods that succeed and reports the one that failed; exit 65 only when all fail")
    func compareFailures() throws {
        let scratch = try Scratch()
        let small = try scratch.write("small.csv", "a,b\n1,2\n2,3\n3,5\n4,4\n6,1\n")
        let result = try DimredProcess.run(["compare", small, "--methods", "pca,isomap", "-n", "5", "--plot", scratch.path("g.svg")])
        #expect(result.status == 0)
        #expect(result.stderr == "dimred: error: isomap of \(small) (5 × 2): 5 rows, but --neighbors 5 needs at least 6; lower --neighbors or give more rows\n")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.count == 3 && lines[1].first == "pca" && lines[2] == ["isomap", "failed", "-", "-", "-", "-"])
        let svg = XMLCounter(try scratch.read("g.svg"))
        #expect(svg.error == nil && svg.classes["panel"] == 1)
        let all = try DimredProcess.run(["compare", small, "--methods", "isomap,lle", "-n", "5"])
        #expect(all.status == 65)
        #expect(all.stderr.hasSuffix("dimred: error: every method failed (isomap, lle); see the messages above\n"))
        #expect(all.stderr.split(separator: "\n").count == 3)
    }

    @Test("evaluate: k < n / 2 with real division; its help says what each metric computes")
    func evaluate() throws {
        let scratch = try Scratch()
        let lines = try String(contentsOfFile: CommandTests.iris, encoding: .utf8).split(whereSeparator: \.isNewline).prefix(22)
        let data = try scratch.write("a21.csv", lines.joined(separator: "\n") + "\n")
        #expect(try DimredProcess.run(["embed", data, "--labels", "species", "-o", scratch.path("e.csv")]).status == 0)
        // n = 21: k = 10 < 10.5 is accepted (integer division refused it), k = 11 is not.
        let ten = try DimredProcess.run(["evaluate", data, "--labels", "species", scratch.path("e.csv"), "-n", "10", "--json"])
        #expect(ten.status == 0, "\(ten.stderr)")
        let json = try JSONValue.parse(ten.stdout)
        let x = try CSVReader.read(data, options: CSVReadOptions(labelColumn: .name("species"))).features
        let y = try CSVReader.read(scratch.path("e.csv"), options: CSVReadOptions(labelColumn: .name("label"))).features
        assertClose(json["trustworthiness"]?.doubleValue ?? -1, try QualityMetrics.trustworthiness(original: x, embedding: y, neighbors: 10))
        assertClose(json["stress"]?.doubleValue ?? -1, try QualityMetrics.normalizedStress(original: x, embedding: y))
        assertClose(json["scaled_stress"]?.doubleValue ?? -1, try QualityMetrics.stress(original: x, embedding: y).scaleFree)
        try expectError(["evaluate", data, "--labels", "species", scratch.path("e.csv"), "-n", "11"], code: 65,
                        "--neighbors 11 must be < samples / 2 = 10.5 for the 21 rows of \(scratch.path("e.csv")); lower --neighbors")
        let help = try DimredProcess.run(["evaluate", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("after the best scaling"))
        for phrase in ["raw normalised stress √(Σ (d − d̂)² / Σ d²)", "scaled_stress", "Use it for lle, modified-lle, hessian-lle",
                       "and ltsa"] {
            #expect(help.stdout.contains(phrase), "\(phrase)")
        }
    }

    @Test("transform --help lists only the options transform accepts")
    func transformHelp() throws {
        let help = try DimredProcess.run(["transform", "--help"])
        #expect(help.status == 0)
        #expect(!help.stdout.contains("--standardize"))
        for option in ["--model", "--dataset", "--labels", "--output", "--format", "--plot", "--metrics", "--quiet"] {
            #expect(help.stdout.contains(option), "\(option)")
        }
    }
}
