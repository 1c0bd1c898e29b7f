import Foundation
import MathFoundations

/// `dimred transform` of CSV/TSV input in blocks: each block of rows is read (`CSVBlockReader`), embedded by the
/// model and written before the next is read, so memory stays flat whatever the input's length (standard input
/// included: `... | dimred transform - --model m.json -o -`). Columns named by `--keep-columns` are not features:
/// they are written unchanged before the embedding's columns, so results join back to their rows.
///
/// The output is the same bytes as the whole-file path (`x,y[,label]` header, shortest round-trip numbers); a
/// file is written under a temporary name and renamed at the end, so a failure leaves it as it was (standard
/// output receives the blocks written before the failure).
enum StreamingTransform {
    /// Rows per block: 65 536 rows of 50 features are 26 MB of doubles.
    static let blockRows = 65_536

    /// Whether a run can stream: a CSV/TSV file or standard input, CSV output, no picture, no metrics.
    static func applies(input: InputOptions, output: OutputTarget) throws -> Bool {
        guard input.dataset == nil, let path = input.input, !path.lowercased().hasSuffix(".npy") else { return false }
        guard output.plot == nil, !output.metrics, output.writesEmbedding else { return false }
        return try output.resolvedFormat() == .csv
    }

    static func run(fitted: FittedEmbedding, model: String, input: InputOptions, keepColumns: [String],
                    output: OutputTarget, progress: Progress) throws {
        let path = input.input!
        let source = path == "-" ? "standard input" : path
        let reader = try CSVBlockReader(path: path, options: input.csvOptions,
                                        keepColumns: keepColumns.map(CSVReadOptions.Column.init(parsing:)),
                                        blockRows: blockRows)
        let writer = try StreamingFileWriter(path: output.outputPath)
        var rows = 0, dropped = 0
        do {
            try progress.step("\(fitted.method.rawValue) transform of \(source) in blocks of \(blockRows) rows") {
                var wroteHeader = false
                while let block = try reader.next() {
                    dropped += block.droppedRows
                    guard block.features.rows > 0 else { continue }
                    let embedding = try Failure.explaining(FailureContext(subject: "\(fitted.method.rawValue) transform of \(source)",
                                                                          input: source, model: model)) {
                        try fitted.transform(block.features)
                    }
                    if !wroteHeader {
                        var names = reader.keptNames + EmbeddingWriter.defaultColumnNames(embedding.columns)
                        if block.labels != nil { names.append("label") }
                        try writer.write(CSVWriter.encodeHeader(names))
                        wroteHeader = true
                    }
                    try writer.write(CSVWriter.encodeRows(embedding, leading: block.kept, leadingCount: reader.keptNames.count,
                                                          labels: block.labels))
                    rows += embedding.rows
                }
                guard rows > 0 else { throw DataIOError.empty(source: source) }
            }
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
        if input.dropNonfinite {
            FileHandle.standardError.write(Data(("dimred: --drop-nonfinite left out \(dropped) row\(dropped == 1 ? "" : "s") of \(source) "
                + "holding NaN, infinity or an empty cell; \(rows) row\(rows == 1 ? "" : "s") remain\(rows == 1 ? "s" : "")\n").utf8))
        }
    }
}
