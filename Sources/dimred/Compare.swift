import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred compare`: several methods on the same rows, side by side.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run several methods on the same rows: a table of timings and quality, and a gallery picture.",
            discussion: """
            A method that fails (too few rows for its neighbours, a disconnected graph, ...) is reported on standard \
            error and shown as `failed` in the table; the others are still measured and drawn. The exit status is 0 \
            when at least one method succeeded, 65 when every method failed.

            Example: dimred compare --dataset swiss-roll --samples 1500 --methods pca,isomap,lle,ltsa --plot gallery.svg
            """)

        @OptionGroup var inputOptions: InputOptions
        @OptionGroup var scaling: ScalingOptions
        @Option(help: ArgumentHelp("Comma-separated methods (\(EmbeddingMethod.nameList)).", valueName: "list"))
        var methods = "pca,isomap,lle"
        @OptionGroup var methodOptions: MethodOptions
        @Option(parsing: .unconditional, help: "Neighbours k of trustworthiness and continuity (k < samples / 2).")
        var metricNeighbors = 10
        @Option(help: ArgumentHelp("The gallery: one panel per method, timing and trustworthiness in each title.", valueName: "file.svg"))
        var plot: String?
        @Option(help: ArgumentHelp("How the picture draws the points: points (one circle each; beyond 20 000 points a captioned random subset), "
            + "density (every point counted in hexagons shaded by count on a log scale, the caption saying so), or automatic "
            + "(points up to 20 000 points, density beyond).", valueName: "style"))
        var style = ScatterPlot.Style.automatic
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            _ = try parsedMethods()
            try Limits.check(metricNeighbors, "--metric-neighbors", 1...Limits.neighbors, why: "the metrics rank samples × k neighbours")
        }

        func parsedMethods() throws -> [EmbeddingMethod] {
            let names = methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw ValidationError("--methods is empty; choose from \(EmbeddingMethod.nameList)") }
            return try names.map { name in
                guard let method = EmbeddingMethod(name: name) else {
                    throw ValidationError("unknown method '\(name)' in --methods; choose from \(EmbeddingMethod.nameList)")
                }
                return method
            }
        }

        /// `0.4 ms` below 10 ms, `12 ms` below a second, `1.23 s` above.
        static func duration(_ seconds: Double) -> String {
            if seconds < 0.01 { return String(format: "%.1f ms", seconds * 1000) }
            return seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
        }

        func run() throws {
            try inputOptions.checkSource()
            if let plot {
                try OutputCheck.writable(plot)
                try FileConflicts.check(inputs: inputOptions.roles, outputs: [FileConflicts.Role(flag: "--plot", path: plot)])
            }
            let progress = Progress(quiet: global.quiet)
            let data = try EmbeddingJob.load(inputOptions, seed: methodOptions.dataSeed, progress: progress)
            let features = scaling.standardize ? ColumnStandardization(fitting: data.features).apply(data.features) : data.features
            var rows: [[String]] = []
            var panels: [SmallMultiples.Panel] = []
            var failures: [String] = []
            for method in try parsedMethods() {
                let start = DispatchTime.now().uptimeNanoseconds
                let fitted: FittedEmbedding, metrics: [String: Double], seconds: Double
                do {
                    let settings = methodOptions.settings(for: method, rows: data.features.rows, standardize: scaling.standardize)
                    fitted = try EmbeddingJob.fit(method, data, settings: settings, progress: progress)
                    seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    metrics = try EmbeddingJob.metrics(original: features, embedding: fitted.embedding, neighbors: metricNeighbors,
                                                       progress: progress,
                                                       context: FailureContext(subject: "quality metrics of \(method.rawValue)",
                                                                               metricNeighborsFlag: "--metric-neighbors"))
                } catch {
                    // One method's failure does not hide the others' results.
                    let message = Failure(error)?.message ?? "\(error)"
                    FileHandle.standardError.write(Data("dimred: error: \(message)\n".utf8))
                    failures.append(message)
                    rows.append([method.rawValue, "failed", "-", "-", "-", "-"])
                    continue
                }
                let t = metrics["trustworthiness"]!
                rows.append([method.rawValue, String(format: "%.4f", seconds), String(format: "%.4f", t),
                             String(format: "%.4f", metrics["continuity"]!), String(format: "%.4f", metrics["stress"]!),
                             String(format: "%.4f", metrics["scaled_stress"]!)])
                panels.append(.scatter(Pictures.scatter(fitted.embedding, labels: data.labels, values: data.values,
                                                        title: "\(method.rawValue): \(Self.duration(seconds)), T = \(String(format: "%.3f", t))",
                                                        width: 400, height: 340, style: style)))
            }
            let header = ["method", "seconds", "trustworthiness", "continuity", "stress", "scaled_stress"]
            let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
            for line in [header] + rows {
                print(zip(line, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            if failures.count == rows.count {
                throw Failure(message: "every method failed (\(rows.map { $0[0] }.joined(separator: ", "))); see the messages above",
                              code: Failure.data)
            }
            if let plot {
                let title = "\(data.name): n = \(data.features.rows), d = \(data.features.columns); T = trustworthiness (k = \(metricNeighbors))"
                try AtomicFileWriter.write(SmallMultiples(panels: panels, columns: panels.count <= 3 ? panels.count : nil, title: title).svg(), to: plot)
            }
        }
    }
}
