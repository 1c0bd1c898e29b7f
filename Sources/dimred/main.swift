import ArgumentParser
import Foundation
import MathFoundations

/// `dimred`: 2-D embeddings of tabular data from the command line.
@main
struct Dimred: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dimred",
        abstract: "Write low-dimensional embeddings of tabular data.",
        subcommands: [Embed.self]
    )
}

/// `dimred embed`: principal component scores of a numeric CSV file.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Embed the rows of a numeric CSV file.")

    @Argument(help: "A CSV file: numeric columns, an optional header row, an optional non-numeric last column (labels).")
    var input: String

    @Option(help: "The method: pca.")
    var method: String = "pca"

    @Option(help: "Number of output dimensions.")
    var components: Int = 2

    @Option(name: .shortAndLong, help: "Output CSV file.")
    var output: String

    func validate() throws {
        guard method == "pca" else { throw ValidationError("unknown method '\(method)'; choose pca") }
        guard components >= 1 else { throw ValidationError("--components must be at least 1, got \(components)") }
    }

    func run() throws {
        do {
            let (data, labels) = try readTable(input)
            guard components <= min(data.rows, data.columns) else {
                throw ValidationError("--components \(components) must be ≤ min(samples, features) = \(min(data.rows, data.columns))")
            }
            // PCA scores: the centred data projected on its top right singular vectors, X_c V_k = U_k Σ_k.
            let centered = data.centeringColumns().centered
            let svd = try centered.svd()
            let scores = svd.u.columns(at: Array(0..<components)).scalingColumns(by: Array(svd.singularValues.prefix(components)))
            var text = (0..<components).map { "x\($0 + 1)" }.joined(separator: ",") + (labels == nil ? "" : ",label") + "\n"
            for i in 0..<scores.rows {
                text += scores.row(i).map { "\($0)" }.joined(separator: ",") + (labels.map { ",\($0[i])" } ?? "") + "\n"
            }
            // Written to a temporary name and renamed, so a failed run leaves no half-written file.
            let temporary = output + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
            try text.write(toFile: temporary, atomically: false, encoding: .utf8)
            if FileManager.default.fileExists(atPath: output) { try FileManager.default.removeItem(atPath: output) }
            try FileManager.default.moveItem(atPath: temporary, toPath: output)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private func readTable(_ path: String) throws -> (Matrix, [String]?) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read '\(path)'")
        }
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let first = lines.first else { throw ValidationError("'\(path)' is empty") }
        if first.contains(where: { Double($0) == nil }) && lines.count > 1 && lines[1].dropLast().allSatisfy({ Double($0) != nil }) {
            lines.removeFirst()
        }
        let hasLabels = lines.first.map { Double($0.last ?? "") == nil } ?? false
        var rows: [[Double]] = []
        var labels: [String] = []
        for (number, fields) in lines.enumerated() {
            let numeric = hasLabels ? Array(fields.dropLast()) : fields
            let values = try numeric.enumerated().map { column, field -> Double in
                guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw ValidationError("'\(path)' row \(number + 1), column \(column + 1): '\(field)' is not a finite number")
                }
                return value
            }
            rows.append(values)
            if hasLabels { labels.append(fields.last!) }
        }
        return (try Matrix(rows: rows), hasLabels ? labels : nil)
    }
}
