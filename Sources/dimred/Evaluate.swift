import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred evaluate`: quality metrics of an embedding against its input.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trustworthiness, continuity and normalised stress of an embedding of INPUT.",
            discussion: """
            trustworthiness: are the embedding's k nearest neighbours neighbours in the input? (1 = all)
            continuity:      are the input's k nearest neighbours kept in the embedding? (1 = all)
            stress:          ‖D_input − D_embedding‖_F / ‖D_input‖_F after the best scaling (0 = distances kept)
            """)

        @OptionGroup var inputOptions: InputOptions
        @Argument(help: ArgumentHelp("The embedding (.csv, .json or .npy), one row per input row (with --dataset, the only file).", valueName: "embedding"))
        var embeddingArgument: String?
        @Option(name: .shortAndLong, parsing: .unconditional, help: "Neighbours k of trustworthiness and continuity (k < samples / 2).")
        var neighbors = 10
        @Option(help: "Seed of a generated data set (the one the embedding was made from).")
        var seed: UInt64 = 0
        @Flag(help: "Print a JSON object instead of a table.")
        var json = false
        @OptionGroup var global: GlobalOptions

        /// With `--dataset` the single positional file is the embedding; otherwise INPUT then EMBEDDING.
        var files: (input: InputOptions, embedding: String) {
            get throws {
                var input = inputOptions
                if input.dataset != nil, embeddingArgument == nil, let only = input.input {
                    input.input = nil
                    return (input, only)
                }
                guard let embedding = embeddingArgument else {
                    throw ValidationError("missing the embedding file: dimred evaluate INPUT EMBEDDING (or --dataset NAME EMBEDDING)")
                }
                try input.checkSource()
                return (input, embedding)
            }
        }

        func validate() throws {
            _ = try files
            try Limits.check(neighbors, "--neighbors", 1...Limits.neighbors, why: "the metrics rank samples × k neighbours")
        }

        func run() throws {
            let progress = Progress(quiet: global.quiet)
            let (inputOptions, embedding) = try files
            let data = try EmbeddingJob.load(inputOptions, seed: seed, progress: progress)
            let document = try progress.step("reading \(embedding)") { try EmbeddingReader.read(embedding) }
            let (n, m) = (data.features.rows, document.embedding.rows)
            guard n == m else {
                throw Failure(message: "\(embedding) has \(m) rows but the input has \(n); give the embedding of this input",
                              code: Failure.data)
            }
            guard 2 * neighbors < n else {
                throw Failure(message: "--neighbors \(neighbors) must be < samples / 2 = \(Double(n) / 2) for the \(n) rows of \(embedding); lower --neighbors",
                              code: Failure.data)
            }
            let features = inputOptions.standardize ? ColumnStandardization(fitting: data.features).apply(data.features) : data.features
            let metrics = try EmbeddingJob.metrics(original: features, embedding: document.embedding,
                                                   neighbors: neighbors, progress: progress)
            let names = ["trustworthiness", "continuity", "stress"]
            if json {
                print(JSONValue.object(metrics.mapValues(JSONValue.number).merging(["neighbors": .integer(neighbors)]) { a, _ in a }).jsonText)
            } else {
                for name in names { print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%.6f", metrics[name]!)) }
            }
        }
    }
}
