import DataIO
import Foundation
import LinearAlgebra

/// Reading and writing a 100 000 × 50 table (issue 4: the CSV read must take under 1 s in a release build).
/// benchmarks/compare_numpy_io.py times NumPy and pandas on the same kind of file.
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
        for (label, matrix) in [("17 digits", full), ("6 decimals", rounded)] {
            let path = directory.appendingPathComponent("table-\(label.prefix(2)).csv").path
            let writeSeconds = try Bench.time { try CSVWriter.write(matrix, columnNames: names, to: path) }
            let megabytes = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1e6
            var read: CSVTable?
            let readSeconds = try Bench.time(repeats: 3) { read = try CSVReader.read(path) }
            guard read?.features == matrix else { throw DataIOError.invalidArgument(operation: "bench", message: "CSV round trip differs") }
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
        Bench.printTable("DataIO: table files (\(ProcessInfo.processInfo.activeProcessorCount) cores)",
                         header: ["operation", "shape", "MB", "seconds", "MB/s", "target"], rows: table)
    }
}
