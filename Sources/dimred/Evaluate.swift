import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred evaluate`: quality metrics of an embedding against its input.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trustworthiness, continuity, raw and scaled stress of an embedding of INPUT.",
            discussion: """
            With d the Euclidean distances between input rows and d̂ those between embedding rows, over all pairs:

            trustworthiness  are the embedding's k nearest neighbours also near in the input? 1 = all of them \
            (scikit-learn's trustworthiness)
            continuity       are the input's k nearest neighbours kept near in the embedding? 1 = all of them
            stress           raw normalised stress √(Σ (d − d̂)² / Σ d²), distances as they are; 0 = every distance \
            kept. Meaningful for methods that keep the data's units: pca, mds, isomap, landmark-isomap
            scaled_stress    the same after d̂ is multiplied by the single best factor, √(1 − (Σ d d̂)² / (Σ d² Σ d̂²)); \
            in [0, 1]. Use it for lle, modified-lle, hessian-lle and ltsa, whose coordinates have an arbitrary scale \
            (their raw stress mostly measures that scale), and for kpca

            k is --neighbors and must be < samples / 2. With --standardize the input's columns are standardised \
            first, as `embed --standardize` fits them.
            """)

        @OptionGroup var inputOptions: InputOptions
        @OptionGroup var scaling: ScalingOptions
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
            let n = data.features.rows
            // One row per data row, every coordinate finite: checked on reading, naming the file.
            let document = try progress.step("reading \(embedding)") { try EmbeddingReader.read(embedding, rows: n) }
            guard 2 * neighbors < n else {
                throw Failure(message: "--neighbors \(neighbors) must be < samples / 2 = \(Double(n) / 2) for the \(n) rows of \(embedding); lower --neighbors",
                              code: Failure.data)
            }
            let features = scaling.standardize ? ColumnStandardization(fitting: data.features).apply(data.features) : data.features
            let metrics = try EmbeddingJob.metrics(original: features, embedding: document.embedding,
                                                   neighbors: neighbors, progress: progress,
                                                   context: FailureContext(subject: "evaluate \(embedding)", input: embedding))
            let names = ["trustworthiness", "continuity", "stress", "scaled_stress"]
            if json {
                print(JSONValue.object(metrics.mapValues(JSONValue.number).merging(["neighbors": .integer(neighbors)]) { a, _ in a }).jsonText)
            } else {
                for name in names { print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%.6f", metrics[name]!)) }
            }
        }
    }
}
