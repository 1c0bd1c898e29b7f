import DataIO
import Foundation

/// The running notebook: its name, the `--quick` flag, the output folder `output/<name>/`, and helpers that print
/// tables and write figures there.
///
/// Command line of every notebook:
///
///     NAME [--quick] [--output FOLDER]
///
/// `--quick` shrinks problem sizes so the notebook runs in a few seconds in a debug build (the test suite runs
/// every notebook this way); `--output` replaces the default folder `output/NAME` (relative to the current
/// directory).
public final class Notebook {
    /// The notebook's name (its executable target).
    public let name: String
    /// Whether `--quick` was given: small sizes, few epochs.
    public let quick: Bool
    /// The folder figures and tables are written to.
    public let outputFolder: URL
    /// Files written so far, relative to `outputFolder`.
    public private(set) var writtenFiles: [String] = []

    /// Reads the command line. Unknown arguments stop the program with a usage message.
    public init(name: String, arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        self.name = name
        var quick = false
        var output = "output/\(name)"
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--quick": quick = true
            case "--output" where index + 1 < arguments.count:
                index += 1
                output = arguments[index]
            case "-h", "--help":
                print("usage: \(name) [--quick] [--output FOLDER]   (default folder output/\(name))")
                exit(0)
            default:
                FileHandle.standardError.write(Data("\(name): unknown argument '\(arguments[index])'; use --quick or --output FOLDER\n".utf8))
                exit(2)
            }
            index += 1
        }
        self.quick = quick
        self.outputFolder = URL(fileURLWithPath: output, isDirectory: true)
    }

    /// `full` normally, `quick` with `--quick`.
    public func size<T>(_ full: T, quick small: T) -> T { quick ? small : full }

    /// Runs `body`, printing a header and, at the end, the files written; an error is printed and exits with 1.
    public func run(_ body: (Notebook) throws -> Void) {
        print("# \(name)\(quick ? "  (--quick: reduced sizes)" : "")\n")
        let start = Date()
        do {
            try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
            try body(self)
        } catch {
            FileHandle.standardError.write(Data("\(name): error: \(error)\n".utf8))
            exit(1)
        }
        print("\nWrote \(writtenFiles.count) file(s) to \(outputFolder.path): \(writtenFiles.joined(separator: ", "))")
        print(String(format: "Finished in %.2f s.", Date().timeIntervalSince(start)))
    }

    /// Prints a section heading.
    public func section(_ title: String) {
        print("\n## \(title)\n")
    }

    /// Writes `text` (an SVG document, a CSV table, a DOT graph) to `outputFolder/fileName`, atomically.
    public func write(_ text: String, to fileName: String) throws {
        let path = outputFolder.appendingPathComponent(fileName).path
        try AtomicFileWriter.write(text, to: path)
        writtenFiles.append(fileName)
    }

    /// Prints a table and writes it as CSV (`fileName`, when given) beside the figures.
    public func table(_ table: Table, csv fileName: String? = nil) throws {
        print(table.text)
        if let fileName { try write(table.csv, to: fileName) }
    }

    /// Prints "what: ours …   (course: …)" — a reproduced number beside the course's (or another `source`'s,
    /// such as scikit-learn or a closed form).
    public func compare(_ what: String, ours: String, course: String, source: String = "course") {
        print("  \(what): ours \(ours)   (\(source): \(course))")
    }
}
