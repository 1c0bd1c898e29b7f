import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred embed`: fit a method and write the embedding of the same rows.
    struct Embed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed the rows of a table (or a named data set) and write the embedding.",
            discussion: """
            Methods: \(EmbeddingMethod.allCases.map { "\n  \($0.rawValue): \($0.summary)" }.joined())

            Example: dimred embed --dataset swiss-roll --samples 2000 --method isomap -o roll.csv --plot roll.svg
            """)

        @OptionGroup var inputOptions: InputOptions
        @OptionGroup var scaling: ScalingOptions
        @Option(name: .shortAndLong, help: "The method.")
        var method = EmbeddingMethod.pca
        @OptionGroup var methodOptions: MethodOptions
        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try inputOptions.checkSource()
            let outputOptions = self.outputOptions.target
            try outputOptions.check(inputs: inputOptions.roles)
            let progress = Progress(quiet: global.quiet)
            let data = try EmbeddingJob.load(inputOptions, seed: methodOptions.dataSeed, progress: progress)
            let settings = methodOptions.settings(for: method, rows: data.features.rows, standardize: scaling.standardize)
            let fitted = try EmbeddingJob.fit(method, data, settings: settings, progress: progress)
            let metrics = try EmbeddingJob.wantsMetrics(outputOptions, rows: data.features.rows)
                ? try EmbeddingJob.metrics(original: fitted.standardization?.apply(data.features) ?? data.features, embedding: fitted.embedding,
                                           neighbors: methodOptions.metricNeighbors, progress: progress)
                : [:]
            try EmbeddingJob.write(fitted.embedding, fitted: fitted, method: method, settings: settings, data: data,
                                   output: outputOptions, metrics: metrics, progress: progress)
        }
    }
}
