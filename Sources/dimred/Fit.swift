import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred fit`: fit once and save the model, for `dimred transform` on any number of shards.
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a method and save the model (JSON) for `dimred transform`.",
            discussion: """
            The model file holds what transform needs: PCA its mean and axes; kpca the training rows, dual \
            coefficients and centring statistics; landmark-isomap the training rows, landmark geodesics and \
            triangulation; the lle variants and ltsa the training rows and their embedding; isomap the training rows and its \
            projection (the shortest paths are recomputed when it is read; prefer landmark-isomap for large fits). mds has no transform and cannot be saved.

            Example: dimred fit sample.csv --method pca --save model.json
                     dimred transform --model model.json shard-0001.csv -o shard-0001.npy
            """)

        @OptionGroup var inputOptions: InputOptions
        @OptionGroup var scaling: ScalingOptions
        @Option(name: .shortAndLong, help: "The method.")
        var method = EmbeddingMethod.pca
        @OptionGroup var methodOptions: MethodOptions
        @Option(help: ArgumentHelp("Where to write the model.", valueName: "model.json"))
        var save: String
        @Option(name: .shortAndLong, help: ArgumentHelp("Also write the training embedding (.csv, .json, .npy).", valueName: "file"))
        var output: String?
        @Option(help: ArgumentHelp("Also draw the training embedding.", valueName: "file.svg"))
        var plot: String?
        @Option(help: ArgumentHelp("How the picture draws the points: points (one circle each; beyond 20 000 points a captioned random subset), "
            + "density (every point counted in hexagons shaded by count on a log scale, the caption saying so), or automatic "
            + "(points up to 20 000 points, density beyond).", valueName: "style"))
        var style = ScatterPlot.Style.automatic
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard method.supportsTransform else {
                throw ValidationError(ModelFileError.noTransform(method: method.rawValue).description)
            }
        }

        func run() throws {
            try inputOptions.checkSource()
            let target = OutputTarget(path: output, plot: plot, writesEmbedding: output != nil, style: style)
            try target.check(inputs: inputOptions.roles, more: [FileConflicts.Role(flag: "--save", path: save)])
            let progress = Progress(quiet: global.quiet)
            let data = try EmbeddingJob.load(inputOptions, seed: methodOptions.dataSeed, progress: progress)
            let settings = methodOptions.settings(for: method, rows: data.features.rows, standardize: scaling.standardize)
            // The model remembers the sorted label set, so `transform --plot` and `plot --model` colour every
            // shard's classes as the fit's picture does.
            let fitted = try EmbeddingJob.fit(method, data, settings: settings, progress: progress)
                .withClasses(data.labels.map { ClassOrder.sorted($0) })
            let bytes = try progress.step("encoding the model") { try fitted.jsonData() }
            // The model, the embedding and the picture are written together, all or nothing.
            try EmbeddingJob.write(fitted.embedding, fitted: fitted, method: method, settings: settings, data: data,
                                   output: target, metrics: [:], extra: [(Array(bytes), save)], progress: progress)
        }
    }
}
