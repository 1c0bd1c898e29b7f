import Foundation
import MathFoundations
import Testing

/// No output ever destroys an input or another output; several outputs are written all or nothing; devices
/// and FIFOs are written in place. Every case runs the binary on real files and compares bytes and
/// modification times before and after.
@Suite("dimred output safety")
struct OutputSafetyTests {
    static let iris = CommandTests.iris

    /// The bytes and modification time of a file, to show it was not touched.
    struct Snapshot: Equatable {
        var bytes: Data
        var modified: Date

        init(_ path: String) throws {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        }
    }

    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
    }

    /// A scratch folder holding `data.csv` (iris with its labels) and an older `out.csv`.
    func prepared() throws -> Scratch {
        let scratch = try Scratch()
        try FileManager.default.copyItem(atPath: Self.iris, toPath: scratch.path("data.csv"))
        _ = try scratch.write("out.csv", "old contents\n")
        return scratch
    }

    /// Runs `arguments` in `scratch` and expects exit 64 with exactly `message`, and no file touched or added.
    func expectRefused(_ arguments: [String], _ message: String, in scratch: Scratch, command: String = "embed",
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let names = try scratch.contents()
        let files = names.filter { Self.isRegularFile(scratch.path($0)) }
        let before = try files.map { try Snapshot(scratch.path($0)) }
        let result = try DimredProcess.run(arguments, in: scratch.url)
        #expect(result.status == 64, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == "dimred: error: \(message) (see `dimred \(command) --help`)\n", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(try scratch.contents() == names, "files added", sourceLocation: sourceLocation)
        let after = try files.map { try Snapshot(scratch.path($0)) }
        #expect(after == before, "a file was touched", sourceLocation: sourceLocation)
    }

    @Test("an output that is the input is refused: same name, ./name, a symlink, a hard link, the same folder by another path")
    func outputIsInput() throws {
        let scratch = try prepared()
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.csv"), withDestinationPath: "data.csv")
        try FileManager.default.linkItem(atPath: scratch.path("data.csv"), toPath: scratch.path("hard.csv"))
        try FileManager.default.createDirectory(atPath: scratch.path("sub"), withIntermediateDirectories: false)
        let refusal = "writing it would destroy the input: choose another path for -o"
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "data.csv"],
                          "-o data.csv is the same file as the input data.csv; \(refusal)", in: scratch)
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "./data.csv"],
                          "-o ./data.csv is the same file as the input data.csv; \(refusal)", in: scratch)
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "sub/../data.csv"],
                          "-o sub/../data.csv is the same file as the input data.csv; \(refusal)", in: scratch)
        try expectRefused(["embed", "link.csv", "--labels", "species", "-o", "data.csv"],
                          "-o data.csv is the same file as the input link.csv; \(refusal)", in: scratch)
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "hard.csv"],
                          "-o hard.csv is the same file as the input data.csv; \(refusal)", in: scratch)
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "e.csv", "--plot", "data.csv"],
                          "--plot data.csv is the same file as the input data.csv; writing it would destroy the input: choose another path for --plot",
                          in: scratch)
        // Standard input redirected from the file.
        let redirected = try DimredProcess.runShell("'\(DimredProcess.binary!.path)' embed - --labels species -o data.csv < data.csv",
                                                    in: scratch.url)
        #expect(redirected.status == 64)
        #expect(redirected.stderr == "dimred: error: -o data.csv is the same file as the input (standard input); \(refusal) (see `dimred embed --help`)\n")
        #expect(try Snapshot(scratch.path("data.csv")).bytes == Data(contentsOf: URL(fileURLWithPath: Self.iris)))
    }

    @Test("fit and transform: --save, -o and --plot may not name the data, the model or each other")
    func fitAndTransformConflicts() throws {
        let scratch = try prepared()
        try expectRefused(["fit", "data.csv", "--labels", "species", "--save", "data.csv"],
                          "--save data.csv is the same file as the input data.csv; writing it would destroy the input: choose another path for --save",
                          in: scratch, command: "fit")
        try expectRefused(["fit", "data.csv", "--labels", "species", "--save", "m.json", "-o", "./m.json"],
                          "--save m.json and -o ./m.json are the same file; give each output its own path", in: scratch, command: "fit")
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "-", "--plot", "/dev/stdout"],
                          "-o - and --plot /dev/stdout both write to standard output; give all but one of them a file", in: scratch)
        try expectRefused(["embed", "data.csv", "--labels", "species", "-o", "out.csv", "--plot", "out.csv"],
                          "--plot out.csv and -o out.csv are the same file; give each output its own path", in: scratch)
        let fitted = try DimredProcess.run(["fit", "data.csv", "--labels", "species", "--save", "m.json", "-q"], in: scratch.url)
        #expect(fitted.status == 0, "\(fitted.stderr)")
        try expectRefused(["transform", "--model", "m.json", "data.csv", "--labels", "species", "-o", "m.json"],
                          "-o m.json is the same file as --model m.json; writing it would destroy the input: choose another path for -o",
                          in: scratch, command: "transform")
        try expectRefused(["compare", "data.csv", "--labels", "species", "--methods", "pca", "--plot", "data.csv"],
                          "--plot data.csv is the same file as the input data.csv; writing it would destroy the input: choose another path for --plot",
                          in: scratch, command: "compare")
    }

    @Test("a --plot that cannot be written fails the whole run: -o and --save keep their old bytes, no temporary file is left")
    func allOrNothing() throws {
        let scratch = try prepared()
        _ = try scratch.write("m.json", "old model\n")
        let before = try Snapshot(scratch.path("out.csv")), model = try Snapshot(scratch.path("m.json"))
        // /dev/full accepts the open and fails the write (ENOSPC): the failure comes after -o has been staged.
        // It is reached through a link in the scratch folder, so a dimred that renames over its outputs (as
        // before) replaces the link, never the device itself.
        try FileManager.default.createSymbolicLink(atPath: scratch.path("full.svg"), withDestinationPath: "/dev/full")
        let names = try scratch.contents()
        let full = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "out.csv", "--plot", "full.svg"], in: scratch.url)
        #expect(full.status == 74)
        #expect(full.stderr == "dimred: error: full.svg: cannot write the file (No space left on device); nothing was written\n")
        let fit = try DimredProcess.run(["fit", "data.csv", "--labels", "species", "--save", "m.json", "-o", "out.csv", "--plot", "full.svg"],
                                        in: scratch.url)
        #expect(fit.status == 74 && fit.stderr.hasSuffix("nothing was written\n"))
        // A --plot in a missing folder is refused before any work.
        let missing = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "out.csv", "--plot", "no/such/p.svg"],
                                            in: scratch.url)
        #expect(missing.status == 74)
        #expect(missing.stderr == "dimred: error: no/such/p.svg: the folder \(scratch.path("no/such")) does not exist; create it first\n")
        // A folder in the way of the picture.
        try FileManager.default.createDirectory(atPath: scratch.path("taken.svg"), withIntermediateDirectories: false)
        let folder = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "out.csv", "--plot", "taken.svg"],
                                           in: scratch.url)
        #expect(folder.status == 74)
        #expect(folder.stderr == "dimred: error: taken.svg: cannot write the file (it is a folder); nothing was written\n")
        #expect(try Snapshot(scratch.path("out.csv")) == before && Snapshot(scratch.path("m.json")) == model)
        #expect(try scratch.contents() == (names + ["taken.svg"]).sorted())
        // The same run with a writable picture replaces both.
        let good = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "out.csv", "--plot", "p.svg"], in: scratch.url)
        #expect(good.status == 0)
        #expect(try scratch.read("out.csv").hasPrefix("x,y,label\n") && scratch.read("p.svg").contains("<svg"))
    }

    @Test("devices, FIFOs and /dev/stdout are written in place; --plot alone writes only the picture")
    func inPlaceOutputs() throws {
        let scratch = try prepared()
        let expected = try DimredProcess.run(["embed", "data.csv", "--labels", "species"], in: scratch.url).stdout
        #expect(expected.hasPrefix("x,y,label\n"))
        // /dev/null (through a link without an extension, so a dimred that renamed over it would replace the link,
        // not the device): accepted as CSV, written in place; the link still leads to the device.
        try FileManager.default.createSymbolicLink(atPath: scratch.path("null"), withDestinationPath: "/dev/null")
        let null = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "null"], in: scratch.url)
        #expect(null.status == 0 && null.stdout.isEmpty && null.stderr.isEmpty, "\(null.stderr)")
        var status = stat()
        #expect(stat(scratch.path("null"), &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        // /dev/stdout: the same bytes as standard output.
        let stdout = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "/dev/stdout"], in: scratch.url)
        #expect(stdout.status == 0 && stdout.stdout == expected)
        // --plot without -o: the picture only, nothing on standard output; -o - asks for both.
        let plotOnly = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "--plot", "p.svg"], in: scratch.url)
        #expect(plotOnly.status == 0 && plotOnly.stdout.isEmpty && scratch.exists("p.svg"))
        let both = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "--plot", "q.svg", "-o", "-"], in: scratch.url)
        #expect(both.status == 0 && both.stdout == expected && scratch.exists("q.svg"))
        // -o /dev/null with --plot: the picture is written, the embedding discarded.
        let discard = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "null", "--plot", "r.svg"], in: scratch.url)
        #expect(discard.status == 0 && scratch.exists("r.svg"))
        // A FIFO: written in place (a reader gets the CSV), never replaced by a regular file.
        let fifo = scratch.path("pipe.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try DimredProcess.startShell("cat pipe.fifo", in: scratch.url)
        let viaFIFO = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "pipe.fifo"], in: scratch.url)
        let read = reader.finish()
        #expect(viaFIFO.status == 0, "\(viaFIFO.stderr)")
        #expect(read.stdout == expected)
        #expect(stat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test("a symlinked output keeps its link and the file behind it gets the new contents; a replaced file keeps its mode")
    func symlinkedOutput() throws {
        let scratch = try prepared()
        try FileManager.default.createDirectory(atPath: scratch.path("real"), withIntermediateDirectories: false)
        _ = try scratch.write("real/target.csv", "old\n")
        #expect(chmod(scratch.path("real/target.csv"), 0o640) == 0)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.csv"), withDestinationPath: "real/target.csv")
        let result = try DimredProcess.run(["embed", "data.csv", "--labels", "species", "-o", "link.csv"], in: scratch.url)
        #expect(result.status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("link.csv")) == "real/target.csv")
        #expect(try scratch.read("real/target.csv").hasPrefix("x,y,label\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: scratch.path("real/target.csv"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path("real")) == ["target.csv"])
    }
}
