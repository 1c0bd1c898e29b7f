import ArgumentParser
import Foundation
import MathFoundations

extension EmbeddingFormat: ExpressibleByArgument {}

/// Where the embedding and its picture go.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Output file, .csv, .json or .npy by its extension; - for standard output. Omitted: CSV on standard output, "
            + "unless --plot is given (then only the picture is written). A device or FIFO (/dev/null, /dev/stdout) "
            + "is written in place, as CSV unless --format says otherwise.",
        valueName: "file"))
    var output: String?

    @Option(help: "Output format, overriding the extension.")
    var format: EmbeddingFormat?

    @Option(help: ArgumentHelp("An SVG picture of the first two components, coloured by label or by a generated manifold's parameter.", valueName: "file.svg"))
    var plot: String?

    @Option(help: ArgumentHelp("How the picture draws the points: points (one circle each; beyond 20 000 points a captioned random subset), "
            + "density (every point counted in hexagons shaded by count on a log scale, the caption saying so), or automatic "
            + "(points up to 20 000 points, density beyond).", valueName: "style"))
    var style = ScatterPlot.Style.automatic

    @Flag(help: "Add trustworthiness, continuity, stress and scaled_stress (see `dimred evaluate --help`) to JSON output (default: when n ≤ 5000).")
    var metrics = false

    /// Where these options send the output.
    ///
    /// Without `-o`, the embedding goes to standard output as CSV, unless `--plot` asks for a picture: then the
    /// picture is the only output, as a user who names one file expects (`-o -` writes both).
    var target: OutputTarget {
        OutputTarget(path: output, format: format, plot: plot, metrics: metrics, writesEmbedding: output != nil || plot == nil,
                     style: style)
    }
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
    /// How the picture draws the points.
    var style = ScatterPlot.Style.automatic

    /// The output path (`-` for standard output).
    var outputPath: String { path ?? "-" }

    /// The output format: the given one, else the extension, else CSV for standard output and for a device or
    /// FIFO without an extension (`-o /dev/null`).
    func resolvedFormat() throws -> EmbeddingFormat {
        if let format { return format }
        if outputPath == "-" { return .csv }
        do {
            return try EmbeddingFormat(path: outputPath)
        } catch {
            if let destination = try? OutputDestination(path: outputPath), !destination.isReplaced { return .csv }
            throw error
        }
    }

    /// The paths this target writes, with their flags, for `FileConflicts`.
    var roles: [FileConflicts.Role] {
        (writesEmbedding && path != nil ? [FileConflicts.Role(flag: "-o", path: outputPath)] : [])
            + (plot.map { [FileConflicts.Role(flag: "--plot", path: $0)] } ?? [])
    }

    /// Fails early, before any work, when an output cannot be written (an unknown extension, a missing folder,
    /// a folder in the way) or would overwrite one of `inputs` or another output (`FileConflicts`).
    func check(inputs: [FileConflicts.Role], more: [FileConflicts.Role] = []) throws {
        if writesEmbedding {
            _ = try resolvedFormat()
            try OutputCheck.writable(outputPath)
        }
        if let plot { try OutputCheck.writable(plot) }
        for other in more { try OutputCheck.writable(other.path) }
        try FileConflicts.check(inputs: inputs, outputs: roles + more)
    }
}

/// Checks made before any work, so a run that would fail at the end fails at once and touches nothing.
enum OutputCheck {
    /// Throws `DataIOError.missingDirectory` when the folder of `path` does not exist, `.writeFailed` when
    /// `path` is a folder (`OutputDestination`).
    static func writable(_ path: String) throws {
        _ = try OutputDestination(path: path)
    }
}
