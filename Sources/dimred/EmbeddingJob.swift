import Foundation
import MathFoundations

/// The steps `embed` and `fit` share: read, fit, measure, write. Each is one library call.
enum EmbeddingJob {
    /// Largest n for which JSON output gets quality metrics by default (they cost O(n²)).
    static let automaticMetricsLimit = 5000

    /// Reads or generates the rows; says on standard error (even with `--quiet`, as it changes the data) how
    /// many rows `--drop-nonfinite` left out.
    static func load(_ input: InputOptions, seed: UInt64, progress: Progress) throws -> InputData {
        let data = try progress.step("reading \(input.dataset ?? input.input ?? "")") { try input.load(seed: seed) }
        if input.dropNonfinite {
            let file = input.input == "-" ? "standard input" : input.input ?? data.name
            let (count, kept) = (data.droppedRows, data.features.rows)
            FileHandle.standardError.write(Data(("dimred: --drop-nonfinite left out \(count) row\(count == 1 ? "" : "s") of \(file) "
                + "holding NaN, infinity or an empty cell; \(kept) row\(kept == 1 ? "" : "s") remain\(kept == 1 ? "s" : "")\n").utf8))
        }
        return data
    }

    static func fit(_ method: EmbeddingMethod, _ data: InputData, settings: EmbeddingSettings,
                    progress: Progress) throws -> FittedEmbedding {
        try Limits.checkDense(method, rows: data.features.rows, landmarks: settings.landmarks, neighbors: settings.neighbors)
        return try progress.step("\(method.rawValue) of \(data.features.rows) × \(data.features.columns)") { reporter in
            try Failure.explaining(.fitting(method, data)) { try method.fit(data.features, settings: settings, progress: reporter) }
        }
    }

    /// Trustworthiness, continuity (both with `neighbors`), raw normalised stress and scale-free stress of
    /// `embedding` against the rows the method saw (standardised when it standardised).
    static func metrics(original: Matrix, embedding: Matrix, neighbors: Int, progress: Progress,
                        context: FailureContext = FailureContext(subject: "quality metrics")) throws -> [String: Double] {
        try progress.step("quality metrics") { try Failure.explaining(context) {
            // The largest k the metrics accept is the largest with 2k < n.
            let k = min(neighbors, max(1, (original.rows - 1) / 2))
            // One blocked pass over the pairs gives both stresses, in O(block · n) memory.
            let stress = try QualityMetrics.stress(original: original, embedding: embedding)
            return [
                "trustworthiness": try QualityMetrics.trustworthiness(original: original, embedding: embedding, neighbors: k),
                "continuity": try QualityMetrics.continuity(original: original, embedding: embedding, neighbors: k),
                "stress": stress.raw,
                "scaled_stress": stress.scaleFree,
            ]
        } }
    }

    /// Writes the embedding and its picture, with `extra` files (a model), all or nothing (`StagedFileWriter`):
    /// a failure while writing any of them leaves every destination as it was.
    static func write(_ embedding: Matrix, fitted: FittedEmbedding?, method: EmbeddingMethod, settings: EmbeddingSettings,
                      data: InputData, output: OutputTarget, metrics: [String: Double], extra: [(bytes: [UInt8], path: String)] = [],
                      progress: Progress) throws {
        var outputs = StagedFileWriter()
        if output.writesEmbedding {
            var parameters: [String: JSONValue] = [:]
            for (name, value) in method.parameters(settings) {
                if let integer = Int(value) { parameters[name] = .integer(integer) }
                else if let number = Double(value) { parameters[name] = .number(number) }
                else if let flag = Bool(value) { parameters[name] = .bool(flag) }
                else { parameters[name] = .string(value) }
            }
            let document = EmbeddingDocument(method: method.rawValue, parameters: parameters, embedding: embedding,
                                             labels: data.labels, metrics: metrics, eigenvalues: fitted?.eigenvalues)
            outputs.add(try EmbeddingWriter.encode(document, format: try output.resolvedFormat()), to: output.outputPath)
        }
        if let plot = output.plot {
            let picture = Pictures.scatter(embedding, labels: data.labels, values: data.values, classOrder: fitted?.classes,
                                           title: "\(method.rawValue) of \(data.name) (n = \(embedding.rows))", style: output.style)
            outputs.add(picture.svg(), to: plot)
        }
        for file in extra { outputs.add(file.bytes, to: file.path) }
        try progress.step("writing \(outputs.paths.joined(separator: ", "))") { try outputs.commit() }
    }

    /// Whether to compute metrics for this output.
    static func wantsMetrics(_ output: OutputTarget, rows: Int) throws -> Bool {
        let isJSON = output.writesEmbedding ? try output.resolvedFormat() == .json : false
        return output.metrics || (isJSON && rows <= automaticMetricsLimit)
    }
}
