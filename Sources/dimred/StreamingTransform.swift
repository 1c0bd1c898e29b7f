import ArgumentParser
import Foundation
import MathFoundations

/// `dimred transform` in blocks: each block of rows is read (`CSVBlockReader` for CSV/TSV, `NPYBlockReader` for a
/// C-order `.npy` array), embedded by the model and written before the next is read, so memory stays flat whatever
/// the input's length (standard input included: `... | dimred transform - --model m.json -o -`; an NPY stream on
/// standard input is recognised by its magic bytes). Columns named by `--keep-columns` are not features: they are
/// written unchanged before the embedding's columns, so results join back to their rows.
///
/// CSV output is the same bytes as the whole-file path (`x,y[,label]` header, shortest round-trip numbers). NPY
/// output streams to a regular file only: its header holds the row count, so it is written first with the count
/// in a fixed-width field and rewritten in place at the end (`NPY.streamHeader`); NPY to standard output or a
/// FIFO takes the whole-file path. A file is written under a temporary name and renamed at the end, so a failure
/// leaves it as it was (standard output receives the blocks written before the failure).
enum StreamingTransform {
    /// Rows per block: 65 536 rows of 50 features are 26 MB of doubles.
    static let blockRows = 65_536

    /// Whether a run can stream: a CSV/TSV or C-order NPY file or standard input; CSV output, or NPY output to a
    /// regular file; no picture, no metrics.
    static func applies(input: InputOptions, output: OutputTarget) throws -> Bool {
        guard input.dataset == nil, let path = input.input else { return false }
        guard output.plot == nil, !output.metrics, output.writesEmbedding else { return false }
        switch try output.resolvedFormat() {
        case .csv: break
        case .npy:
            guard case .replace = try OutputDestination(path: output.outputPath) else { return false }
        case .json: return false
        }
        if path != "-" && path.lowercased().hasSuffix(".npy") {
            // A column-major file is read whole: each of its rows is spread over the file. A header that does not
            // parse is the block reader's to report.
            let stream = try InputByteStream(path: path)
            defer { stream.close() }
            if let header = try? NPY.parseHeader(stream.peek(NPY.maximumHeaderLength + 12), source: path),
               header.fortranOrder && header.shape.count == 2 && header.shape.allSatisfy({ $0 > 1 }) {
                return false
            }
        }
        return true
    }

    /// One block of input rows.
    private struct Rows {
        var features: Matrix
        var kept: [String] = []
        var labels: [String]?
        var dropped = 0
    }

    static func run(fitted: FittedEmbedding, model: String, input: InputOptions, keepColumns: [String],
                    output: OutputTarget, progress: Progress) throws {
        let path = input.input!
        let source = path == "-" ? "standard input" : path
        let format = try output.resolvedFormat()
        let stream = try InputByteStream(path: path)
        let npyInput = path == "-" ? try stream.peek(NPY.magic.count) == NPY.magic : path.lowercased().hasSuffix(".npy")
        if !keepColumns.isEmpty && (npyInput || format != .csv) {
            throw ValidationError("--keep-columns needs a CSV/TSV input (a file or - for standard input) and CSV output "
                                  + "without --plot or --metrics\(npyInput ? "; \(source) is an NPY array, which holds numbers only" : "")")
        }
        if npyInput && path == "-" {
            let given = [(input.labels != nil, "--labels"), (input.delimiter != nil, "--delimiter"), (input.noHeader, "--no-header"),
                         (input.dropNonfinite, "--drop-nonfinite")].filter(\.0).map(\.1)
            if !given.isEmpty {
                throw ValidationError("\(given.joined(separator: ", ")) \(given.count == 1 ? "applies" : "apply") to CSV/TSV input, "
                                      + "but standard input is an NPY array, which holds numbers only; leave \(given.count == 1 ? "it" : "them") out")
            }
        }
        let next: () throws -> Rows?
        var keptNames: [String] = []
        if npyInput {
            let reader = try NPYBlockReader(input: stream, blockRows: blockRows)
            next = { try reader.next().map { Rows(features: $0) } }
        } else {
            let reader = try CSVBlockReader(input: stream, options: input.csvOptions,
                                            keepColumns: keepColumns.map(CSVReadOptions.Column.init(parsing:)),
                                            blockRows: blockRows)
            next = {
                guard let block = try reader.next() else { return nil }
                keptNames = reader.keptNames
                return Rows(features: block.features, kept: block.kept, labels: block.labels, dropped: block.droppedRows)
            }
        }
        let writer = try StreamingFileWriter(path: output.outputPath)
        var rows = 0, dropped = 0, columns = 0
        do {
            try progress.step("\(fitted.method.rawValue) transform of \(source) in blocks of up to \(blockRows) rows") {
                var wroteHeader = false
                while let block = try next() {
                    dropped += block.dropped
                    guard block.features.rows > 0 else { continue }
                    let embedding = try Failure.explaining(FailureContext(subject: "\(fitted.method.rawValue) transform of \(source)",
                                                                          input: source, model: model)) {
                        try fitted.transform(block.features)
                    }
                    if !wroteHeader {
                        columns = embedding.columns
                        if format == .npy {
                            try writer.write(NPY.streamHeader(rows: 0, columns: columns))
                        } else {
                            var names = keptNames + EmbeddingWriter.defaultColumnNames(columns)
                            if block.labels != nil { names.append("label") }
                            try writer.write(CSVWriter.encodeHeader(names))
                        }
                        wroteHeader = true
                    }
                    if format == .npy {
                        try writer.write(NPY.dataBytes(embedding))
                    } else {
                        try writer.write(CSVWriter.encodeRows(embedding, leading: block.kept, leadingCount: keptNames.count,
                                                              labels: block.labels))
                    }
                    rows += embedding.rows
                }
                guard rows > 0 else { throw DataIOError.empty(source: source) }
            }
            if format == .npy { try writer.overwrite(NPY.streamHeader(rows: rows, columns: columns), at: 0) }
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
