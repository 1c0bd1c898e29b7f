import Foundation

/// Runs an optional Python comparison script (scikit-learn, imbalanced-learn, PyTorch) in the same benchmark run,
/// so the baseline and our figure come from the same machine at the same time.
///
/// The interpreter is `$MATHFOUNDATIONS_PYTHON`, else `.venv-compare/bin/python` (made by `make bench-baselines`).
/// The script prints `key=value` lines; anything else is ignored. Returns `nil` when no interpreter is found or
/// the script fails (its error goes to standard error), so the benchmark still prints our figures and the table
/// says "not run" (`cell`) — never a figure copied from elsewhere.
///
/// A section adds a baseline in three steps: write its data (`writeRaw`), `run` the script, and format each
/// figure with `cell` / `ratio`, or `ThreadedFigure` for a library timed at 1 and 2 threads; `version` names the
/// library in the table's title, and `Summary.add` puts the row in the README table (`--markdown`).
enum PythonBaseline {
    /// What a table cell says when the baseline did not run.
    static let notRun = "not run"
    static var interpreter: String? {
        if let path = ProcessInfo.processInfo.environment["MATHFOUNDATIONS_PYTHON"], !path.isEmpty { return path }
        let local = FileManager.default.currentDirectoryPath + "/.venv-compare/bin/python"
        return FileManager.default.isExecutableFile(atPath: local) ? local : nil
    }

    /// With `systemPythonFallback`, a missing comparison interpreter is replaced by `python3` from `PATH` (for
    /// scripts that need only NumPy/SciPy, often installed system-wide); the script then exits non-zero when a
    /// module is missing and the table says "not run".
    static func run(script: String, arguments: [String], systemPythonFallback: Bool = false) -> [String: Double]? {
        let process = Process()
        if let python = interpreter {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script] + arguments
        } else if systemPythonFallback {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script] + arguments
        } else {
            return nil
        }
        let output = Pipe()
        process.standardOutput = output
        do {
            try process.run()
        } catch {
            FileHandle.standardError.write("baseline \(script) did not start: \(error)\n".data(using: .utf8)!)
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write("baseline \(script) exited with \(process.terminationStatus)\n".data(using: .utf8)!)
            return nil
        }
        var values: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) {
                values[String(parts[0])] = value
            }
        }
        return values
    }

    /// A baseline value formatted with `digits` decimals, or "not run".
    static func cell(_ values: [String: Double]?, _ key: String, digits: Int = 3, scale: Double = 1) -> String {
        values?[key].map { Bench.format($0 * scale, digits) } ?? notRun
    }

    /// "0.176 s" (the value with `digits` decimals and its unit), or "not run".
    static func figure(_ value: Double?, digits: Int = 3, unit: String) -> String {
        value.map { "\(Bench.format($0, digits)) \(unit)" } ?? notRun
    }

    /// `numerator / denominator` as "1.23×" when both are known, else "–"; below 0.1 with two significant digits
    /// ("0.0019×"), so a large speed-up does not print as 0.00×.
    static func ratio(_ numerator: Double?, _ denominator: Double?, digits: Int = 2) -> String {
        guard let numerator, let denominator, denominator > 0 else { return "–" }
        let value = numerator / denominator
        return (value < 0.1 ? String(format: "%.2g", value) : Bench.format(value, digits)) + "×"
    }

    /// "scikit-learn 1.9" from the `{prefix}_version_major` / `_minor` keys a script prints, or just the name.
    static func version(_ values: [String: Double]?, _ prefix: String, name: String) -> String {
        guard let major = values?["\(prefix)_version_major"], let minor = values?["\(prefix)_version_minor"] else { return name }
        return "\(name) \(Int(major)).\(Int(minor))"
    }

    /// Writes a matrix as raw little-endian float64 (row-major) for `numpy.fromfile(...).reshape(rows, columns)`.
    static func writeRaw(_ values: [Double], to path: String) throws {
        let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }
}

/// A baseline timed at several thread counts in the same run (PyTorch at 1 and 2 threads: on a small machine either
/// can be many times faster). The script prints `{key}_threads{T}` for each T and `{key}_best` /
/// `{key}_best_threads`; the table shows the best with its thread count and every figure beside it.
struct ThreadedFigure {
    var byThreads: [(threads: Int, value: Double)]
    var best: Double
    var bestThreads: Int

    /// Reads the figure `key` from a script's output; `nil` when the script did not run or did not print it.
    init?(_ values: [String: Double]?, key: String) {
        guard let values, let best = values["\(key)_best"], let threads = values["\(key)_best_threads"] else { return nil }
        self.best = best
        bestThreads = Int(threads)
        byThreads = values.compactMap { entry -> (Int, Double)? in
            guard entry.key.hasPrefix("\(key)_threads"), let t = Int(entry.key.dropFirst(key.count + 8)) else { return nil }
            return (t, entry.value)
        }.sorted { $0.0 < $1.0 }
    }

    /// "12.3 (1 thr; 1 thr 12.3, 2 thr 45.6)" with `digits` decimals.
    func description(digits: Int, scale: Double = 1) -> String {
        let all = byThreads.map { "\($0.threads) thr \(Bench.format($0.value * scale, digits))" }.joined(separator: ", ")
        return "\(Bench.format(best * scale, digits)) (\(bestThreads) thr; \(all))"
    }
}
