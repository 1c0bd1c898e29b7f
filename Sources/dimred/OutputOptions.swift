import ArgumentParser
import Foundation
import MathFoundations

extension EmbeddingFormat: ExpressibleByArgument {}

/// Where the embedding and its picture go.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, .csv, .json or .npy (- or omitted: CSV on standard output).", valueName: "file"))
    var output: String?

    @Option(help: "Output format, overriding the extension.")
    var format: EmbeddingFormat?

    @Option(help: ArgumentHelp("An SVG picture of the first two components, coloured by label or by a generated manifold's parameter.", valueName: "file.svg"))
    var plot: String?

    @Flag(help: "Add trustworthiness, continuity and stress to JSON output (default: when n ≤ 5000).")
    var metrics = false

    /// Where these options send the output.
    var target: OutputTarget { OutputTarget(path: output, format: format, plot: plot, metrics: metrics) }
}

/// Where an embedding goes: a file (or standard output), its format, a picture, whether to add metrics.
struct OutputTarget {
    /// The embedding file; `nil` or `-` is standard output.
    var path: String?
    var format: EmbeddingFormat?
    var plot: String?
    var metrics = false
    /// Whether the embedding itself is written (`fit` may write only the picture).
    var writesEmbedding = true

    /// The output path (`-` for standard output).
    var outputPath: String { path ?? "-" }

    /// The output format: the given one, else the extension, else CSV for standard output.
    func resolvedFormat() throws -> EmbeddingFormat {
        if let format { return format }
        if outputPath == "-" { return .csv }
        return try EmbeddingFormat(path: outputPath)
    }

    /// Fails early, before any work, when an output cannot be written: an unknown extension or a missing folder.
    func check() throws {
        if writesEmbedding {
            _ = try resolvedFormat()
            try OutputCheck.folderExists(outputPath)
        }
        if let plot { try OutputCheck.folderExists(plot) }
    }
}

/// Checks made before any work, so a run that would fail at the end fails at once and touches nothing.
enum OutputCheck {
    /// Throws `DataIOError.missingDirectory` when the folder of `path` does not exist.
    static func folderExists(_ path: String) throws {
        guard path != "-" else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataIOError.missingDirectory(path: path, directory: folder)
        }
    }
}
