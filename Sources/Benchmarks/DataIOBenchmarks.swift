import DataIO
import Foundation
import LinearAlgebra

/// Reading and writing a 100 000 × 50 table (issue 4: the CSV read must take under 1 s in a release build), beside
/// NumPy (`np.loadtxt`, `np.load`) and pandas (`read_csv`) reading the same files in the same run
/// (`benchmarks/compare_numpy_io.py`; "not run" without them).
enum DataIOBenchmarks {
    static func run(quick: Bool) throws {
        let rows = quick ? 20_000 : 100_000
        let columns = 50
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mathfoundations-io-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Full-precision standard normals (17 significant digits: the slow case for a decimal parser) and the
        // same values rounded to 6 decimals (the common case in exported data).
        let full = Matrix.randomNormal(rows: rows, columns: columns, seed: 42)
        let rounded = full.map { ($0 * 1e6).rounded() / 1e6 }
        let names = (1...columns).map { "f\($0)" }
        var table: [[String]] = []
        var paths: [String] = []
        var csvRead: [Double] = []
        for (label, matrix) in [("17 digits", full), ("6 decimals", rounded)] {
            let path = directory.appendingPathComponent("table-\(label.prefix(2)).csv").path
            paths.append(path)
            let writeSeconds = try Bench.time { try CSVWriter.write(matrix, columnNames: names, to: path) }
            let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
            var read: CSVTable?
            let readSeconds = try Bench.time(repeats: 3) { read = try CSVReader.read(path) }
            guard read?.features == matrix else { throw DataIOError.invalidArgument(operation: "bench", message: "CSV round trip differs") }
            csvRead.append(readSeconds)
            table.append(["CSV read, \(label)", "\(rows) × \(columns)", Bench.format(megabytes, 1),
                          Bench.format(readSeconds), Bench.format(megabytes / readSeconds, 0), "< 1 s (issue)"])
            table.append(["CSV write, \(label)", "\(rows) × \(columns)", Bench.format(megabytes, 1),
                          Bench.format(writeSeconds), Bench.format(megabytes / writeSeconds, 0), "–"])
        }
        let npyPath = directory.appendingPathComponent("table.npy").path
        let npyWrite = try Bench.time(repeats: 3) { try NPY.write(full, to: npyPath) }
        var npy: Matrix?
        let npyRead = try Bench.time(repeats: 3) { npy = try NPY.read(npyPath) }
        guard npy == full else { throw DataIOError.invalidArgument(operation: "bench", message: "NPY round trip differs") }
        let npyMegabytes = Double(rows * columns * 8) / 1e6
        table.append(["NPY read (float64)", "\(rows) × \(columns)", Bench.format(npyMegabytes, 1), Bench.format(npyRead),
                      Bench.format(npyMegabytes / npyRead, 0), "–"])
        table.append(["NPY write (atomic, fsync)", "\(rows) × \(columns)", Bench.format(npyMegabytes, 1),
                      Bench.format(npyWrite), Bench.format(npyMegabytes / npyWrite, 0), "–"])
        let baseline = PythonBaseline.run(script: "benchmarks/compare_numpy_io.py", arguments: paths + [npyPath],
                                          systemPythonFallback: true)
        let numpy = PythonBaseline.version(baseline, "numpy", name: "NumPy")
        // Each of our rows beside the baseline reading the same file: np.loadtxt / pandas for CSV, np.load for NPY.
        let keys = ["csv17", nil, "csv6", nil, "npy", nil]
        for (index, key) in keys.enumerated() {
            guard let key else { table[index] += ["–", "–"]; continue }
            let libraries = key == "npy" ? [("np.load", "npy_load")] : [("np.loadtxt", "\(key)_loadtxt"), ("pandas", "\(key)_pandas")]
            table[index] += [libraries.map { "\($0.0) \(PythonBaseline.cell(baseline, $0.1))" }.joined(separator: ", "),
                             libraries.map { PythonBaseline.ratio(Double(table[index][3]), baseline?[$0.1]) }.joined(separator: ", ")]
        }
        Bench.printTable("DataIO: table files (\(ProcessInfo.processInfo.activeProcessorCount) cores), beside \(numpy) and pandas on the same files",
                         header: ["operation", "shape", "MB", "seconds", "MB/s", "target", "NumPy / pandas s, same run", "ours / theirs"],
                         rows: table)
        Summary.add("read a \(rows) × \(columns) CSV (17 digits)",
                    baseline: "pandas `read_csv`, same run: " + PythonBaseline.figure(baseline?["csv17_pandas"], unit: "s")
                        + "; \(numpy) `loadtxt`: " + PythonBaseline.figure(baseline?["csv17_loadtxt"], unit: "s"),
                    ours: "\(Bench.format(csvRead[0])) s", ratio: PythonBaseline.ratio(csvRead[0], baseline?["csv17_pandas"]))
    }
}
