import Foundation
import MathFoundations

/// The `dimred` process against the library calls it makes, on the same data (issue 4: the CLI may add at
/// most 5 % to the library time).
///
/// Three timings per job, run in turns so all see the same machine load, each the best of its runs:
/// - library, in process: the calls `dimred embed` makes (generate or read, fit, write the file), timed
///   inside this benchmark (warm: memory and libraries already mapped);
/// - library, fresh process: the same calls in a new process (`mathfoundations-bench --library-job ...`),
///   so start-up, first-touch page faults and exit are paid as `dimred` pays them;
/// - the `dimred embed` process.
/// The overhead is dimred against the fresh library process: what the CLI itself adds, in wall time and in
/// CPU time (user + system, from `getrusage(RUSAGE_CHILDREN)`), which other load on a shared machine disturbs
/// far less than wall time.
enum CLIBenchmarks {
    /// The hidden flag that runs one library job and exits.
    static let libraryJobFlag = "--library-job"

    static func run(quick: Bool) throws {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let dimred = folder.appendingPathComponent("dimred").path
        let bench = folder.appendingPathComponent(URL(fileURLWithPath: CommandLine.arguments[0]).lastPathComponent).path
        guard FileManager.default.isExecutableFile(atPath: dimred) else {
            throw DataIOError.invalidArgument(
                operation: "cli benchmark",
                message: "no dimred binary beside this one; build it: swift build -c release --product dimred (make bench does)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mathfoundations-cli-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let repeats = quick ? 1 : 5
        func out(_ name: String) -> String { directory.appendingPathComponent(name).path }

        let n = quick ? 1500 : 4000
        let tableRows = quick ? 20_000 : 100_000
        let csv = out("table.csv")
        try CSVWriter.write(Matrix.randomNormal(rows: tableRows, columns: 50, seed: 7),
                            columnNames: (1...50).map { "f\($0)" }, to: csv)
        let jobs: [(title: String, job: [String], dimred: [String])] = [
            ("swiss roll \(n) × 3, isomap → NPY", ["isomap", "swiss-roll:\(n)"],
             ["embed", "--dataset", "swiss-roll", "--samples", "\(n)", "--method", "isomap", "--neighbors", "10"]),
            ("CSV \(tableRows) × 50, pca → NPY", ["pca", csv], ["embed", csv, "--method", "pca"]),
        ]
        var rows: [[String]] = []
        for (title, job, arguments) in jobs {
            var best = (method: Double.infinity, warm: Double.infinity, fresh: Double.infinity, process: Double.infinity)
            var cpu = (fresh: Double.infinity, process: Double.infinity)
            for _ in 0..<repeats {
                var method = 0.0
                best.warm = min(best.warm, try Bench.time { method = try libraryJob(job + [out("warm.npy")]) })
                best.method = min(best.method, method)
                var seconds = 0.0
                best.fresh = min(best.fresh, try Bench.time { seconds = try launch(bench, [libraryJobFlag] + job + [out("fresh.npy")]) })
                cpu.fresh = min(cpu.fresh, seconds)
                best.process = min(best.process, try Bench.time { seconds = try launch(dimred, arguments + ["-o", out("cli.npy"), "--quiet"]) })
                cpu.process = min(cpu.process, seconds)
            }
            guard try NPY.read(out("cli.npy")) == NPY.read(out("fresh.npy")) else {
                throw DataIOError.invalidArgument(operation: "cli benchmark", message: "\(title): dimred and the library disagree")
            }
            rows.append([title, Bench.format(best.method), Bench.format(best.warm), Bench.format(best.fresh),
                         Bench.format(best.process), String(format: "%+.1f %%", (best.process - best.fresh) / best.fresh * 100),
                         Bench.format(cpu.fresh), Bench.format(cpu.process),
                         String(format: "%+.1f %%", (cpu.process - cpu.fresh) / cpu.fresh * 100), "≤ 5 %"])
            Summary.add("dimred CLI overhead: \(title), CPU seconds", baseline: "the same calls through the library in a fresh process, same run: "
                            + Bench.format(cpu.fresh) + " s",
                        ours: Bench.format(cpu.process) + " s",
                        ratio: Bench.format(cpu.process / cpu.fresh, 3) + "× (goal ≤ 1.05×)")
        }
        let startup = try Bench.time(repeats: repeats) { try launch(dimred, ["--version"]) }
        Bench.printTable("dimred CLI overhead (\(ProcessInfo.processInfo.activeProcessorCount) cores; dimred --version alone: \(Bench.format(startup)) s)",
                         header: ["job", "fit s", "library s", "library process s", "dimred s", "overhead",
                                  "library process CPU s", "dimred CPU s", "CPU overhead", "target"],
                         rows: rows)
    }

    /// One library job, the calls `dimred embed` makes: `[method, source, output]` with source a CSV path or
    /// `NAME:SAMPLES` for a generated set. Returns the fit's seconds.
    @discardableResult
    static func libraryJob(_ arguments: [String]) throws -> Double {
        guard arguments.count == 3, let method = EmbeddingMethod(name: arguments[0]) else {
            throw DataIOError.invalidArgument(operation: libraryJobFlag, message: "expected METHOD SOURCE OUTPUT")
        }
        let parts = arguments[1].split(separator: ":")
        let features = parts.count == 2
            ? try Dataset.named(String(parts[0]), samples: Int(parts[1]), seed: 0).features
            : try CSVReader.read(arguments[1]).features
        let start = DispatchTime.now().uptimeNanoseconds
        let fitted = try method.fit(features, settings: EmbeddingSettings())
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try EmbeddingWriter.write(EmbeddingDocument(method: method.rawValue, embedding: fitted.embedding), to: arguments[2])
        return seconds
    }

    /// Runs the program to its end; returns the CPU seconds (user + system) it used.
    @discardableResult
    private static func launch(_ path: String, _ arguments: [String]) throws -> Double {
        func childrenCPU() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            return seconds(usage.ru_utime) + seconds(usage.ru_stime)
        }
        let before = childrenCPU()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice  // `--version` prints; the tables are the output
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataIOError.invalidArgument(operation: "cli benchmark",
                                              message: "\(path) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return childrenCPU() - before
    }
}
