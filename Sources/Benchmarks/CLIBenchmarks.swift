import Foundation
import MathFoundations

/// The `dimred` process against the library calls it makes, on the same data (issue 4: the CLI may add at
/// most 5 % to the library time). The library column runs in this process exactly what `dimred embed` runs:
/// generate or read, fit, write the output file. The process column is the wall time of `dimred embed`
/// (start-up, argument parsing, progress machinery, exit included). Both are the best of a few runs.
enum CLIBenchmarks {
    static func run(quick: Bool) throws {
        guard let dimred = binary() else {
            throw DataIOError.invalidArgument(
                operation: "cli benchmark",
                message: "no dimred binary beside this one; build it: swift build -c release --product dimred (make bench does)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-cli-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let repeats = quick ? 1 : 3
        var rows: [[String]] = []

        // Isomap on a generated swiss roll.
        let n = quick ? 1500 : 4000
        var settings = EmbeddingSettings()
        settings.neighbors = 10
        let rollOut = directory.appendingPathComponent("roll-lib.npy").path
        var methodSeconds = Double.infinity
        let rollLibrary = try Bench.time(repeats: repeats) {
            let data = try Dataset.named("swiss-roll", samples: n, seed: 0)
            let start = DispatchTime.now().uptimeNanoseconds
            let fitted = try EmbeddingMethod.isomap.fit(data.features, settings: settings)
            methodSeconds = min(methodSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            try EmbeddingWriter.write(EmbeddingDocument(method: "isomap", embedding: fitted.embedding), to: rollOut)
        }
        let rollProcess = try Bench.time(repeats: repeats) {
            try launch(dimred, ["embed", "--dataset", "swiss-roll", "--samples", "\(n)", "--method", "isomap",
                                "--neighbors", "10", "-o", directory.appendingPathComponent("roll-cli.npy").path, "--quiet"])
        }
        rows.append(row("swiss roll \(n) × 3, isomap → NPY", methodSeconds, rollLibrary, rollProcess))

        // PCA of a 100 000 × 50 CSV file.
        let tableRows = quick ? 20_000 : 100_000
        let csv = directory.appendingPathComponent("table.csv").path
        try CSVWriter.write(Matrix.randomNormal(rows: tableRows, columns: 50, seed: 7),
                            columnNames: (1...50).map { "f\($0)" }, to: csv)
        let pcaOut = directory.appendingPathComponent("pca-lib.npy").path
        var pcaSeconds = Double.infinity
        settings.components = 2
        let pcaLibrary = try Bench.time(repeats: repeats) {
            let table = try CSVReader.read(csv)
            let start = DispatchTime.now().uptimeNanoseconds
            let fitted = try EmbeddingMethod.pca.fit(table.features, settings: settings)
            pcaSeconds = min(pcaSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            try EmbeddingWriter.write(EmbeddingDocument(method: "pca", embedding: fitted.embedding), to: pcaOut)
        }
        let pcaProcess = try Bench.time(repeats: repeats) {
            try launch(dimred, ["embed", csv, "--method", "pca", "-o", directory.appendingPathComponent("pca-cli.npy").path, "--quiet"])
        }
        rows.append(row("CSV \(tableRows) × 50, pca → NPY", pcaSeconds, pcaLibrary, pcaProcess))

        Bench.printTable("dimred CLI overhead (\(ProcessInfo.processInfo.activeProcessorCount) cores)",
                         header: ["job", "method s", "library s (read+fit+write)", "dimred process s", "overhead", "target"],
                         rows: rows)
    }

    private static func row(_ job: String, _ method: Double, _ library: Double, _ process: Double) -> [String] {
        let overhead = (process - library) / library * 100
        return [job, Bench.format(method), Bench.format(library), Bench.format(process),
                String(format: "%+.1f %%", overhead), "≤ 5 %"]
    }

    /// `dimred` beside this executable (both are built into the same products folder).
    private static func binary() -> String? {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let path = folder.appendingPathComponent("dimred").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    private static func launch(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataIOError.invalidArgument(operation: "cli benchmark",
                                              message: "dimred \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
    }
}
