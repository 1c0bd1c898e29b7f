import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred transform`: map new rows with a saved model.
    struct Transform: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Embed new rows with a model saved by `dimred fit --save`.",
            discussion: "Each shard is independent: run one process per shard (array jobs, Spark or Ray tasks) with the same model file. CSV/TSV or C-order NPY input is read and written in blocks of 65 536 rows, so memory stays flat for any input length (standard input included: `dimred transform - --model m.json -o -`; NPY on standard input is recognised by its first bytes). Output in blocks is CSV, or NPY to a file (-o out.npy): the NPY header holds the row count, rewritten at the end, so NPY output to standard output needs the whole input in memory first; give a file for large inputs.")

        @Option(help: ArgumentHelp("The model file written by `dimred fit --save`.", valueName: "model.json"))
        var model: String
        @OptionGroup var inputOptions: InputOptions
        @OptionGroup var outputOptions: OutputOptions
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Columns that are not features (header names or 0-based indices, comma-separated), written unchanged before the embedding so results join back to their rows. Needs CSV input and CSV output.", valueName: "id,..."))
        var keepColumns: String?
        /// Not an option of transform (the model holds it); accepted only to say so.
        @Flag(help: .hidden) var standardize = false

        func validate() throws {
            if standardize {
                throw ValidationError("--standardize is stored in the model; give it to `dimred fit`, not to transform")
            }
        }

        func run() throws {
            try inputOptions.checkSource()
            let outputOptions = self.outputOptions.target
            try outputOptions.check(inputs: inputOptions.roles + [FileConflicts.Role(flag: "--model", path: model)])
            let progress = Progress(quiet: global.quiet)
            let fitted = try progress.step("reading the model \(model)") { () throws -> FittedEmbedding in
                // The system's reason ("No such file or directory"), not Foundation's generic sentence.
                var status = stat()
                guard stat(model, &status) == 0 else {
                    throw DataIOError.unreadable(source: model, reason: String(cString: strerror(errno)))
                }
                guard status.st_mode & S_IFMT != S_IFDIR else { throw DataIOError.unreadable(source: model, reason: "it is a directory") }
                let bytes: Data
                do {
                    bytes = try Data(contentsOf: URL(fileURLWithPath: model))
                } catch {
                    throw DataIOError.unreadable(source: model, reason: (error as NSError).localizedDescription)
                }
                return try FittedEmbedding(jsonData: bytes, source: model)
            }
            // CSV or NPY in, CSV out (or NPY to a file): block by block, in flat memory.
            let keep = keepColumns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
            if try StreamingTransform.applies(input: inputOptions, output: outputOptions) {
                try StreamingTransform.run(fitted: fitted, model: model, input: inputOptions, keepColumns: keep,
                                           output: outputOptions, progress: progress)
                return
            }
            if !keep.isEmpty {
                throw ValidationError("--keep-columns needs a CSV/TSV input (a file or - for standard input) and CSV output without --plot or --metrics")
            }
            let data = try EmbeddingJob.load(inputOptions, seed: fitted.settings.seed, progress: progress)
            let embedding = try progress.step("\(fitted.method.rawValue) transform of \(data.features.rows) rows") {
                try Failure.explaining(FailureContext(subject: "\(fitted.method.rawValue) transform of \(data.source)",
                                                      input: data.source, model: model)) { try fitted.transform(data.features) }
            }
            let metrics = try EmbeddingJob.wantsMetrics(outputOptions, rows: data.features.rows)
                ? try EmbeddingJob.metrics(original: fitted.standardization?.apply(data.features) ?? data.features, embedding: embedding,
                                           neighbors: fitted.settings.neighbors, progress: progress)
                : [:]
            try EmbeddingJob.write(embedding, fitted: fitted, method: fitted.method, settings: fitted.settings, data: data,
                                   output: outputOptions, metrics: metrics, progress: progress)
        }
    }
}
