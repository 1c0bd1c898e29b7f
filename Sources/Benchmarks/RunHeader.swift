import Foundation
import LinearAlgebra

/// What a benchmark run was measured on, printed first so every table of the run can be read (and the README's
/// performance table regenerated) with its conditions: the date, the processor, the OpenBLAS kernel and threads,
/// and the Python comparison environment.
enum RunHeader {
    /// The processor's model name (`/proc/cpuinfo`), or the machine architecture where that file is missing.
    static var cpuModel: String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let value = line.split(separator: ":", maxSplits: 1).last {
            return value.trimmingCharacters(in: .whitespaces)
        }
        var system = utsname()
        uname(&system)
        return withUnsafeBytes(of: &system.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The UTC date and time, ISO 8601 to the minute.
    static var date: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return String(formatter.string(from: Date()).prefix(16)) + " UTC"
    }

    /// The thread settings: OpenBLAS's count and the environment variables that set it or the kernel.
    static var threads: String {
        let environment = ProcessInfo.processInfo.environment
        let variables = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE"].compactMap { name in
            environment[name].map { "\(name)=\($0)" }
        }
        return "OpenBLAS \(BLAS.threadCount) threads, \(ProcessInfo.processInfo.activeProcessorCount) cores"
            + (variables.isEmpty ? "" : " (\(variables.joined(separator: ", ")))")
    }

    /// The comparison interpreter, or why the baselines will say "not run".
    static var python: String {
        PythonBaseline.interpreter.map { "baselines: \($0)" }
            ?? "baselines: no .venv-compare (make bench-baselines) and MATHFOUNDATIONS_PYTHON unset: Python baselines not run"
    }

    /// One line for the markdown heading: "2026-12-02 00:10 UTC, Intel(R) Xeon(R) …, OpenBLAS kernel Haswell, …".
    static var summary: String {
        "\(date), \(cpuModel), OpenBLAS kernel \(BLAS.coreName), \(threads), release build"
    }

    static func print() {
        Swift.print("""
            # mathfoundations-bench, \(date)
            CPU:      \(cpuModel)
            OpenBLAS: kernel \(BLAS.coreName); \(BLAS.configuration)
            threads:  \(threads)
            \(python)
            """)
        fflush(nil)  // all output streams (Swift 6 rejects the C global `stdout`)
    }
}
