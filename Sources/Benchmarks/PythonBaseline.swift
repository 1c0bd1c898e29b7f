import Foundation

/// Runs an optional Python comparison script (scikit-learn, imbalanced-learn, PyTorch) in the same benchmark run,
/// so the baseline and our figure come from the same machine at the same time.
///
/// The interpreter is `$MATHFOUNDATIONS_PYTHON`, else `.venv-compare/bin/python` (made by `make bench-baselines`).
/// The script prints `key=value` lines; anything else is ignored. Returns `nil` when no interpreter is found or
/// the script fails (its error goes to standard error), so the benchmark still prints our figures.
enum PythonBaseline {
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

    /// Writes a matrix as raw little-endian float64 (row-major) for `numpy.fromfile(...).reshape(rows, columns)`.
    static func writeRaw(_ values: [Double], to path: String) throws {
        let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
