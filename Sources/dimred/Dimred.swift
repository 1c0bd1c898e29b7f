import ArgumentParser
import Foundation
import MathFoundations

/// `dimred`: low-dimensional embeddings of tabular data, a thin shell over the library (DataIO reads and
/// writes, Datasets names data sets, DimensionalityReduction fits, Plotting draws).
///
/// Errors are one line on standard error, `dimred: error: ...`, with the exit codes of BSD `sysexits.h`:
/// 64 for usage errors (as ArgumentParser's validation), 65 for bad data, 74 for input/output failures.
@main
struct Dimred: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dimred",
        abstract: "Write low-dimensional embeddings of tabular data, their pictures and quality metrics.",
        discussion: """
        Input is a CSV/TSV file (or - for standard input), an NPY file, or a named data set (--dataset; see \
        `dimred datasets`). Output goes to the file given with -o (CSV, JSON or NPY by its extension); messages \
        go to standard error.

        An output is never the same file as an input or another output (such a run is refused), and the outputs \
        of one run are written all or nothing: each to a temporary file beside it, then renamed. A device or FIFO \
        (/dev/null, /dev/stdout) is written in place.

        Memory: a generated data set or a method's dense matrix (n × n for mds, kpca and isomap) larger than half \
        the memory dimred may use is refused before it is allocated: the smallest of the physical memory, the \
        container's cgroup limit and DIMRED_MEMORY_LIMIT (bytes).

        Progress: a step that runs longer than a second is shown on standard error (a bar with the phase, its \
        percentage and the time left on a terminal; one line per phase otherwise); --quiet turns it off, and \
        DIMRED_PROGRESS_DELAY sets the second (in seconds).

        Exit codes: 0 success, 64 usage error, 65 bad data, 74 input/output error.
        """,
        version: "1.0.0",
        subcommands: [Embed.self, Fit.self, Transform.self, Evaluate.self, Compare.self, ListDatasets.self, Plot.self, Resample.self]
    )

    /// Parses, runs, and turns every failure into one line on standard error and its exit code.
    static func main() {
        // Ctrl-C or `kill` during a long fit or transform removes the outputs' temporary files.
        InterruptCleanup.install()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's full text on standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let failure = Failure(error) ?? Failure(message: oneLine(message(for: error)) + " (see `\(helpCommand)`)",
                                                    code: code.rawValue)
            FileHandle.standardError.write(Data("dimred: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.code)
        }
    }

    /// ArgumentParser's message on one line: a list of choices (`- pca` lines) becomes comma-separated.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let items = lines.dropFirst().filter { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) }
        let rest = lines.dropFirst().filter { !$0.hasPrefix("- ") }
        return ([lines.first ?? ""] + (items.isEmpty ? [] : [items.joined(separator: ", ")]) + rest).joined(separator: " ")
    }

    /// `dimred SUBCOMMAND --help` for the subcommand on the command line, else `dimred --help`.
    static var helpCommand: String {
        let names = configuration.subcommands.map { $0._commandName }
        if let word = CommandLine.arguments.dropFirst().first, names.contains(word) { return "dimred \(word) --help" }
        return "dimred --help"
    }
}
