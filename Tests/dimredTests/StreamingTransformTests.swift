import Foundation
import MathFoundations
import Testing

@Suite("dimred transform in blocks")
struct StreamingTransformTests {
    /// The numbers of a CSV output without its header, and its header.
    private func table(_ text: String) -> (header: String, rows: [[String]]) {
        let lines = text.split(separator: "\n").map(String.init)
        return (lines.first ?? "", lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
    }

    @Test("CSV with an id column, from a file and from standard input: ids unchanged, numbers equal the library's transform")
    func keepColumnsAndStandardInput() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 200, noise: 0.1, seed: 1).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "landmark-isomap", "--landmarks", "20",
                                         "--save", scratch.path("model.json"), "-o", "/dev/null"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitted = try FittedEmbedding(jsonData: Data(contentsOf: URL(fileURLWithPath: scratch.path("model.json"))),
                                         source: "model.json")

        let new = try Dataset.swissRoll(samples: 300, noise: 0.1, seed: 2).features
        var text = "id,a,b,c\n"
        for i in 0..<new.rows { text += "\"id \(i), quoted\",\(new[i, 0]),\(new[i, 1]),\(new[i, 2])\n" }
        _ = try scratch.write("new.csv", text)
        let expected = try fitted.transform(new)

        let file = try DimredProcess.run(["transform", scratch.path("new.csv"), "--model", scratch.path("model.json"),
                                          "--keep-columns", "id", "-o", scratch.path("out.csv")])
        #expect(file.status == 0, "\(file.stderr)")
        let written = try String(contentsOfFile: scratch.path("out.csv"), encoding: .utf8)
        let piped = try DimredProcess.run(["transform", "-", "--model", scratch.path("model.json"), "--keep-columns", "id", "-o", "-"],
                                          input: Data(text.utf8))
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == written)

        let (header, rows) = table(written)
        #expect(header == "id,x,y")
        #expect(rows.count == new.rows)
        for (i, row) in rows.enumerated() {
            #expect(row.count == 4 && row[0] == "\"id \(i)" && row[1] == " quoted\"")
            for j in 0..<2 {
                let value = try #require(Double(row[2 + j]))
                #expect(abs(value - expected[i, j]) <= 1e-12 * max(1, abs(expected[i, j])))
            }
        }
    }

    @Test("memory stays one block: the first block's rows are written while standard input is still open")
    func writesEachBlockBeforeTheInputEnds() throws {
        // A transform that read all of its input before writing (memory growing with the input) would print
        // nothing until standard input closes; a streaming one prints the first block's rows as soon as the block
        // is full. So: send one block and a few rows more, keep the pipe open, and wait for that block's output.
        let scratch = try Scratch()
        try fitPCAModel(in: scratch)
        let output = Pipe()
        guard let (process, input) = try startStreamingTransform(model: scratch.path("model.json"), output: "-",
                                                                 standardOutput: output) else { return }
        let block = streamingBlock
        // Read until the header and one block of rows have arrived (a streaming transform sends them within
        // seconds; give it a minute on a loaded machine), with the input still open.
        let deadline = Date().addingTimeInterval(60)
        var received = Data(), lines = 0
        let reader = output.fileHandleForReading
        while lines < block + 1 && Date() < deadline {
            var ready = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 1_000) > 0 else { continue }
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
            lines += chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        #expect(lines >= block + 1, "only \(lines) lines before the input ended: the transform is not streaming")
        #expect(process.isRunning, "dimred exited before its input ended")
        try input.fileHandleForWriting.close()
        received.append(reader.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let total = received.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        #expect(total == block + 10 + 1, "header and \(block + 10) rows expected, got \(total) lines")
    }

    @Test("without --keep-columns the output is the whole-file path's: same bytes as JSON-free transform of the matrix")
    func plainOutputMatchesWriter() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 120, noise: 0.1, seed: 3).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "pca", "--save", scratch.path("model.json"),
                                         "-o", "/dev/null"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let fitted = try FittedEmbedding(jsonData: Data(contentsOf: URL(fileURLWithPath: scratch.path("model.json"))),
                                         source: "model.json")
        let result = try DimredProcess.run(["transform", scratch.path("train.csv"), "--model", scratch.path("model.json")])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try CSVWriter.encode(fitted.transform(train), columnNames: ["x", "y"])
        #expect(result.stdout == String(decoding: expected, as: UTF8.self))
    }

    @Test("--keep-columns with an NPY input or an unknown column is refused, and no output file is left")
    func refusals() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 80, noise: 0.1, seed: 4).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        try NPY.write(train, to: scratch.path("train.npy"))
        _ = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "pca", "--save", scratch.path("model.json"), "-o", "/dev/null"])
        let npy = try DimredProcess.run(["transform", scratch.path("train.npy"), "--model", scratch.path("model.json"),
                                         "--keep-columns", "id", "-o", scratch.path("out.csv")])
        #expect(npy.status != 0 && npy.stderr.contains("--keep-columns needs a CSV/TSV input"), "\(npy.stderr)")
        let unknown = try DimredProcess.run(["transform", scratch.path("train.csv"), "--model", scratch.path("model.json"),
                                             "--keep-columns", "id", "-o", scratch.path("out.csv")])
        #expect(unknown.status != 0 && unknown.stderr.contains("id"), "\(unknown.stderr)")
        #expect(!scratch.exists("out.csv"))
    }

    @Test("NPY input from a file and from standard input, NPY output to a file: the library's transform; refusals name the cause")
    func npyInputAndOutput() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 200, noise: 0.1, seed: 5).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "landmark-isomap", "--landmarks", "20",
                                         "--save", scratch.path("model.json"), "-o", "/dev/null"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = scratch.path("model.json")
        let fitted = try FittedEmbedding(jsonData: Data(contentsOf: URL(fileURLWithPath: model)), source: "model.json")
        let new = try Dataset.swissRoll(samples: 300, noise: 0.1, seed: 6).features
        let expected = try fitted.transform(new)
        func close(_ actual: Matrix, _ what: String) {
            #expect(actual.rows == expected.rows && actual.columns == expected.columns, "\(what)")
            guard actual.rows == expected.rows && actual.columns == expected.columns else { return }
            let worst = zip(actual.elements, expected.elements).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= 1e-12, "\(what): largest relative difference \(worst)")
        }
        try NPY.write(new, to: scratch.path("new.npy"))
        try NPY.write(new, to: scratch.path("new-fortran.npy"), order: .fortran)

        let csv = try DimredProcess.run(["transform", scratch.path("new.npy"), "--model", model, "-o", scratch.path("out.csv")])
        #expect(csv.status == 0, "\(csv.stderr)")
        close(try CSVReader.read(scratch.path("out.csv")).features, "NPY file to CSV")
        let npyBytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("new.npy")))
        let piped = try DimredProcess.run(["transform", "-", "--model", model, "-o", "-"], input: npyBytes)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == (try String(contentsOfFile: scratch.path("out.csv"), encoding: .utf8)))

        let npy = try DimredProcess.run(["transform", "-", "--model", model, "-o", scratch.path("out.npy")], input: npyBytes)
        #expect(npy.status == 0, "\(npy.stderr)")
        close(try NPY.read(scratch.path("out.npy")), "NPY stdin to an NPY file")
        let header = try NPY.parseHeader(Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path("out.npy")))))
        #expect(header.shape == [300, 2] && header.descr == "<f8" && !header.fortranOrder)

        // A column-major file is read whole; on standard input it cannot be streamed, and the message says why.
        let fortran = try DimredProcess.run(["transform", scratch.path("new-fortran.npy"), "--model", model, "-o", scratch.path("f.csv")])
        #expect(fortran.status == 0, "\(fortran.stderr)")
        close(try CSVReader.read(scratch.path("f.csv")).features, "Fortran-order file")
        let fortranPiped = try DimredProcess.run(["transform", "-", "--model", model, "-o", "-"],
                                                 input: try Data(contentsOf: URL(fileURLWithPath: scratch.path("new-fortran.npy"))))
        #expect(fortranPiped.status != 0 && fortranPiped.stderr.contains("Fortran (column-major) order"), "\(fortranPiped.stderr)")

        // Truncated data: the byte offset in the message, and no output file.
        let cut = npyBytes.prefix(128 + 24 * 100 + 5)
        let truncated = try DimredProcess.run(["transform", "-", "--model", model, "-o", scratch.path("cut.csv")], input: Data(cut))
        #expect(truncated.status != 0 && truncated.stderr.contains("the data ends at byte offset 2533, inside row 101 of 300"),
                "\(truncated.stderr)")
        #expect(!scratch.exists("cut.csv"))
        let labels = try DimredProcess.run(["transform", "-", "--model", model, "--labels", "0", "-o", "-"], input: npyBytes)
        #expect(labels.status != 0 && labels.stderr.contains("standard input is an NPY array"), "\(labels.stderr)")
    }
}

@Suite("dimred stopped by a signal")
struct InterruptedOutputTests {
    /// The temporary files (`.NAME.PID.RANDOM.tmp`) in the scratch folder.
    private func temporaries(_ scratch: Scratch) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test("SIGTERM during a streaming transform: the process dies of the signal, no temporary file is left, the old output is kept")
    func terminatedTransformCleansUp() throws {
        // The transform writes its first block to `.out.csv.PID.RANDOM.tmp` while standard input is still open; a
        // SIGTERM then must remove that file (it used to stay) and leave out.csv with its old contents.
        let scratch = try Scratch()
        try fitPCAModel(in: scratch)
        _ = try scratch.write("out.csv", "old contents\n")
        guard let (process, input) = try startStreamingTransform(model: scratch.path("model.json"), output: scratch.path("out.csv"),
                                                                 standardOutput: FileHandle.nullDevice) else { return }
        // Wait (up to a minute on a loaded machine) until the first block has reached the temporary file.
        let deadline = Date().addingTimeInterval(60)
        var staged: [String] = []
        while Date() < deadline {
            staged = try temporaries(scratch)
            if let name = staged.first,
               let size = try FileManager.default.attributesOfItem(atPath: scratch.path(name))[.size] as? Int, size > 0 { break }
            usleep(50_000)
        }
        #expect(staged.count == 1, "expected one temporary file while the transform runs, found \(staged)")
        #expect(process.isRunning, "dimred exited before its input ended")
        process.terminate()
        // A process that ignores or blocks SIGTERM would hang the suite: give it 30 s, then SIGKILL and fail.
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("dimred was still running 30 s after SIGTERM")
        }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM,
                "dimred should die of SIGTERM, got reason \(process.terminationReason.rawValue) status \(process.terminationStatus)")
        let left = try temporaries(scratch)
        #expect(left.isEmpty, "left behind: \(left)")
        #expect(try scratch.read("out.csv") == "old contents\n")
    }
}

/// Writes a 200-row swiss roll to `train.csv` in `scratch` and fits a PCA model to `model.json` with `dimred fit`.
private func fitPCAModel(in scratch: Scratch) throws {
    let train = try Dataset.swissRoll(samples: 200, noise: 0.1, seed: 1).features
    try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
    let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "pca", "--save", scratch.path("model.json"),
                                     "-o", "/dev/null"])
    #expect(fit.status == 0, "\(fit.stderr)")
}

/// Starts `dimred transform - --model MODEL -o OUTPUT --quiet` and writes one 65 536-row block and 10 rows more to
/// its standard input, which stays open; returns the process and the input pipe (nil when the binary is missing).
private func startStreamingTransform(model: String, output: String, standardOutput: Any) throws -> (process: Process, input: Pipe)? {
    guard let binary = DimredProcess.binary else { Issue.record("the dimred binary was not found"); return nil }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["transform", "-", "--model", model, "-o", output, "--quiet"]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = standardOutput
    process.standardError = FileHandle.nullDevice
    try process.run()
    var text = "a,b,c\n"
    for i in 0..<(streamingBlock + 10) { text += "\(i % 7),\(i % 11),\(i % 13)\n" }
    input.fileHandleForWriting.write(Data(text.utf8))
    return (process, input)
}

/// The streaming transform's block size in rows.
private let streamingBlock = 65_536
