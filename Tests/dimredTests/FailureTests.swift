import Foundation
import MathFoundations
import Testing

/// Bad input: one line on standard error, the exit code of its kind, no output file written or touched.
@Suite("dimred failures")
struct FailureTests {
    /// Runs `embed` with `arguments` and an output that already exists, and checks the failure.
    func expectFailure(_ arguments: [String], code: Int32, message: String, in scratch: Scratch,
                       input: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let old = "old contents\n"
        _ = try scratch.write("out.csv", old)
        let before = try scratch.contents()
        let result = try DimredProcess.run(arguments + ["-o", scratch.path("out.csv")], input: input)
        #expect(result.status == code, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("dimred: error: ") && result.stderr.filter { $0 == "\n" }.count == 1,
                "not one error line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr) lacks \(message)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        let after = try scratch.read("out.csv"), names = try scratch.contents()
        #expect(after == old && names == before, "output touched", sourceLocation: sourceLocation)
    }

    @Test("data errors exit 65 and name the place: ragged row, text, NaN, empty file, one row, neighbours ≥ rows")
    func dataErrors() throws {
        let scratch = try Scratch()
        let ragged = try scratch.write("ragged.csv", "a,b\n1,2\n3\n")
        try expectFailure(["embed", ragged], code: 65, message: "ragged.csv:3: row has 1 field but the first row has 2", in: scratch)
        let text = try scratch.write("text.csv", "a,b\n1,2\n3,abc\n")
        try expectFailure(["embed", text], code: 65, message: "text.csv:3: column 2 (\"b\"): \"abc\" is not a number", in: scratch)
        let nan = try scratch.write("nan.csv", "a,b\n1,2\nNaN,1\n4,4\n")
        try expectFailure(["embed", nan], code: 65, message: "nan.csv:3: column 1", in: scratch)
        let empty = try scratch.write("empty.csv", "")
        try expectFailure(["embed", empty], code: 65, message: "no data rows", in: scratch)
        let one = try scratch.write("one.csv", "a,b\n1,2\n")
        try expectFailure(["embed", one], code: 65, message: "dimred: error: pca of \(one) (1 × 2): 1 row, but the method needs at least 2; give more rows\n", in: scratch)
        let small = try scratch.write("small.csv", "a,b\n1,2\n2,3\n3,5\n4,4\n6,1\n")
        try expectFailure(["embed", small, "--method", "isomap", "--neighbors", "5"], code: 65,
                          message: "dimred: error: isomap of \(small) (5 × 2): 5 rows, but --neighbors 5 needs at least 6; lower --neighbors or give more rows\n",
                          in: scratch)
        let truncated = scratch.path("t.npy")
        try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0x76, 0, 0x7B, 0x27]).write(to: URL(fileURLWithPath: truncated))
        try expectFailure(["embed", truncated], code: 65, message: "not a valid NPY file", in: scratch)
        // --drop-nonfinite turns the NaN row into a dropped row instead.
        let dropped = try DimredProcess.run(["embed", nan, "--drop-nonfinite", "--method", "mds", "-o", scratch.path("d.csv")])
        #expect(dropped.status == 0)
        let rows = try CSVReader.read(scratch.path("d.csv")).features.rows
        #expect(rows == 2)
    }

    @Test("usage errors exit 64: unknown method, bad option value, no input, unknown data set, unknown extension")
    func usageErrors() throws {
        let scratch = try Scratch()
        try expectFailure(["embed", "--dataset", "iris", "--method", "no-such-method"], code: 64,
                          message: "'no-such-method' is invalid for '--method <method>'", in: scratch)
        try expectFailure(["embed", "--dataset", "iris", "--components", "0"], code: 64, message: "dimred: error: --components must be ≥ 1, got 0 (see `dimred embed --help`)\n", in: scratch)
        try expectFailure(["embed"], code: 64, message: "missing input", in: scratch)
        try expectFailure(["embed", "--dataset", "wine"], code: 64, message: "no data set named \"wine\"", in: scratch)
        let result = try DimredProcess.run(["embed", "--dataset", "iris", "-o", scratch.path("e.txt")])
        #expect(result.status == 64 && result.stderr.contains("extension '.txt' names no format") && !scratch.exists("e.txt"))
    }

    @Test("I/O errors exit 74: unreadable input, output or picture in a missing folder")
    func ioErrors() throws {
        let scratch = try Scratch()
        try expectFailure(["embed", scratch.path("absent.csv")], code: 74, message: "absent.csv: cannot read the file", in: scratch)
        try expectFailure(["embed", "--dataset", "iris", "--plot", scratch.path("no/such/p.svg")], code: 74,
                          message: "does not exist; create it first", in: scratch)
        let result = try DimredProcess.run(["embed", "--dataset", "iris", "-o", scratch.path("missing/e.csv")])
        #expect(result.status == 74 && result.stderr.contains("missing/e.csv: the folder"))
        let names = try scratch.contents()
        #expect(names == ["out.csv"])
    }
}
