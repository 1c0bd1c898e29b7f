import ArgumentParser
import Foundation
import MathFoundations

extension Dimred {
    /// `dimred plot`: draws an embedding file that `embed`, `fit` or `transform` wrote, without refitting.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw an embedding file (CSV, JSON or NPY) as an SVG scatter plot, without refitting.",
            discussion: """
            Points are coloured by class: the embedding's own labels (a CSV's label column, a JSON file's labels), \
            or --labels. Class k of the sorted label set (numbers numerically) gets colour k of a 20-colour palette, \
            so pictures of files with the same label set agree; give --class-order (for example the full label set) \
            when files hold different subsets of the classes, as shards of one data set do. Past 20 classes the \
            legend says how colours repeat.

            Up to --max-points points (20 000) every point is drawn. Beyond, --style automatic (the default) draws a \
            density layer: every point counted in hexagons of --hexagon-size, shaded by count on a log scale (by \
            majority class with opacity by count when there are labels), with the caption "density of N points in H \
            hexagons"; the file stays below about 320 KB for any n (100 KB for typical clusters). --style points draws a random subset (--seed) \
            instead, each class in proportion and at least a few points of each, and the caption gives both counts: \
            the file stays below about 1.5 MB at the default.

            Example: dimred plot shard-3.csv --class-order classes.txt -o shard-3.svg
            """)

        @Argument(help: ArgumentHelp("The embedding: .csv, .json or .npy (- for standard input, with --format).", valueName: "embedding"))
        var embedding: String

        @Option(help: ArgumentHelp(
            "Class labels: a column of the embedding CSV (header name or 0-based index), else a file with one label per "
                + "embedding row (a first header line is allowed). Default: the embedding's own labels, if any.",
            valueName: "column|file"))
        var labels: String?

        @Option(help: ArgumentHelp(
            "The classes in legend and colour order: a file with one class per line, else a comma-separated list. "
                + "Every label must be listed. Default: the sorted label set.",
            valueName: "file|list"))
        var classOrder: String?

        @Option(help: ArgumentHelp(
            "A model file (dimred fit --save, fitted with labels) whose stored classes give the legend and colour order, "
                + "so a shard's picture colours each class as the fit's picture does. Not with --class-order.",
            valueName: "model.json"))
        var model: String?

        @Option(name: .shortAndLong, help: ArgumentHelp("The SVG picture (- for standard output).", valueName: "file.svg"))
        var output: String

        @Option(help: "Format of the embedding, overriding its extension.")
        var format: EmbeddingFormat?

        @Option(help: "Title of the picture (default: the method and file name, and n).")
        var title: String?

        @Option(parsing: .unconditional, help: "Most points drawn one by one: beyond, a density layer (--style automatic) or a random subset (--style points) (1 to 1000000).")
        var maxPoints = ScatterPlot.defaultMaxPoints

        @Option(help: ArgumentHelp("How the picture draws the points: points (one circle each; beyond --max-points a captioned random subset), "
            + "density (every point counted in hexagons shaded by count on a log scale, the caption saying so), or automatic "
            + "(points up to --max-points points, density beyond).", valueName: "style"))
        var style = ScatterPlot.Style.automatic

        @Option(parsing: .unconditional, help: "Circumradius of the density layer's hexagons in SVG units (1 to 100; default 5, about 3 000 hexagons on the 640 × 480 picture).")
        var hexagonSize = ScatterPlot.defaultHexagonSize

        @Option(parsing: .unconditional, help: "Seed of the drawing order and of the subset.")
        var seed: UInt64 = 0

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            try Limits.check(maxPoints, "--max-points", 1...1_000_000, why: "each drawn point adds about 70 bytes to the SVG")
            guard hexagonSize >= 1 && hexagonSize <= 100 else {
                throw ValidationError("--hexagon-size must be between 1 and 100 SVG units, got \(hexagonSize); "
                                      + "smaller hexagons make more of them (about 3 000 at 5), larger ones hide detail")
            }
            let name = URL(fileURLWithPath: output).lastPathComponent
            if output != "-", name.contains("."), URL(fileURLWithPath: output).pathExtension.lowercased() != "svg",
               (try? OutputDestination(path: output))?.isReplaced ?? true {
                throw ValidationError("-o \(output): dimred plot writes SVG; name the file .svg")
            }
            if embedding == "-" && format == nil {
                throw ValidationError("reading the embedding from standard input needs --format csv, json or npy")
            }
            if model != nil && classOrder != nil {
                throw ValidationError("--model and --class-order both give the class order; use one")
            }
            _ = try inputFormat()
        }

        func run() throws {
            let progress = Progress(quiet: global.quiet)
            let format = try inputFormat()
            // A --labels or --class-order value naming an existing file is an input that -o may not overwrite.
            let exists = { (path: String) in FileManager.default.fileExists(atPath: path) }
            let orderFile = classOrder.flatMap { exists($0) ? $0 : nil }
            let inputs = [FileConflicts.Role(flag: "the embedding", path: embedding)]
                + (labels.flatMap { exists($0) ? [FileConflicts.Role(flag: "--labels", path: $0)] : nil } ?? [])
                + (orderFile.map { [FileConflicts.Role(flag: "--class-order", path: $0)] } ?? [])
                + (model.map { [FileConflicts.Role(flag: "--model", path: $0)] } ?? [])
            try OutputCheck.writable(output)
            try FileConflicts.check(inputs: inputs, outputs: [FileConflicts.Role(flag: "-o", path: output)])

            let source = embedding == "-" ? "standard input" : embedding
            let bytes = try progress.step("reading \(source)") { try PlotFiles.bytes(embedding) }
            let labelFile = labels.flatMap { isColumn($0, format: format, bytes: bytes) ? nil : $0 }
            let document = try progress.step("parsing \(source)") { () throws -> EmbeddingDocument in
                if let labels, labelFile == nil {
                    let table = try CSVReader.parse(bytes, source: source, options: CSVReadOptions(
                        labelColumn: CSVReadOptions.Column(parsing: labels), nonFinite: .keep))
                    return EmbeddingDocument(method: "", embedding: table.features, labels: table.labels, columnNames: table.featureNames)
                }
                return try EmbeddingReader.decode(bytes, format: format, source: source)
            }
            let n = document.embedding.rows
            var rowLabels = document.labels
            if let labelFile { rowLabels = try PlotFiles.labels(labelFile, rows: n, embedding: source) }
            var order: [String]?
            if let classOrder {
                order = try PlotFiles.classOrder(classOrder, isFile: orderFile != nil)
                if let rowLabels { try PlotFiles.checkListed(rowLabels, in: order!, flagValue: classOrder) }
            }
            if let model {
                let data = try progress.step("reading the model \(model)") { Data(try PlotFiles.bytes(model)) }
                guard let classes = try FittedEmbedding.classes(inModelFile: data, source: model) else {
                    throw Failure(message: "model \(model) stores no classes (it was fitted without labels); use --class-order",
                                  code: Failure.usage)
                }
                order = classes
                if let rowLabels { try PlotFiles.checkListed(rowLabels, in: classes, flag: "--model", flagValue: model) }
            }
            let name = document.method.isEmpty ? "embedding" : document.method
            let shown = embedding == "-" ? "stdin" : URL(fileURLWithPath: embedding).lastPathComponent
            let picture = Pictures.scatter(document.embedding, labels: rowLabels, values: nil, classOrder: order,
                                           title: title ?? "\(name) of \(shown) (n = \(n))", maxPoints: maxPoints, seed: seed,
                                           style: style, hexagonSize: hexagonSize)
            var outputs = StagedFileWriter()
            outputs.add(picture.svg(), to: output)
            try progress.step("writing \(output)") { try outputs.commit() }
        }

        /// Whether `--labels` names a column of the embedding (rather than a file): the embedding is CSV and the
        /// value is an integer, a cell of its header, or no existing file.
        private func isColumn(_ value: String, format: EmbeddingFormat, bytes: [UInt8]) -> Bool {
            guard format == .csv else { return false }
            if Int(value) != nil || !FileManager.default.fileExists(atPath: value) { return true }
            return PlotFiles.headerCells(bytes).contains(value)
        }

        /// `--format`, else the embedding's extension.
        private func inputFormat() throws -> EmbeddingFormat {
            if let format { return format }
            let pathExtension = URL(fileURLWithPath: embedding).pathExtension.lowercased()
            guard let format = EmbeddingFormat(rawValue: pathExtension) else {
                throw ValidationError("\(embedding): \(pathExtension.isEmpty ? "no extension" : "extension '.\(pathExtension)'") "
                                      + "names no embedding format; use .csv, .json or .npy, or give --format")
            }
            return format
        }
    }
}

/// The small files `dimred plot` reads besides the embedding: labels and a class order.
enum PlotFiles {
    /// Every byte of `path` (`-`: standard input), with the system's reason on failure.
    static func bytes(_ path: String) throws -> [UInt8] {
        if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
        var status = stat()
        guard stat(path, &status) == 0 else { throw DataIOError.unreadable(source: path, reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw DataIOError.unreadable(source: path, reason: "it is a directory") }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DataIOError.unreadable(source: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The non-empty lines of a text file, without their line ends.
    static func lines(_ path: String) throws -> [String] {
        let text = String(decoding: try bytes(path), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The cells of the first line of CSV bytes (for telling a column name from a file name).
    static func headerCells(_ bytes: [UInt8]) -> [String] {
        let first = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let delimiter: Character = [",", "\t", ";", "|"].first { first.contains($0) } ?? ","
        return first.split(separator: delimiter, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" \r"))
        }
    }

    /// One label per embedding row from `path`: `rows` lines, or `rows + 1` whose first is a header.
    static func labels(_ path: String, rows: Int, embedding: String) throws -> [String] {
        let lines = try lines(path)
        if lines.count == rows { return lines }
        if lines.count == rows + 1 { return Array(lines.dropFirst()) }
        throw Failure(message: "--labels \(path) has \(lines.count) line\(lines.count == 1 ? "" : "s") but \(embedding) has \(rows) row\(rows == 1 ? "" : "s"); "
                      + "give one label per embedding row (a first header line is allowed)", code: Failure.data)
    }

    /// The classes of `--class-order`: the lines of a file, else the comma-separated items.
    static func classOrder(_ value: String, isFile: Bool) throws -> [String] {
        let items = isFile ? try lines(value) : value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var seen: Set<String> = []
        for item in items {
            guard seen.insert(item).inserted else {
                throw Failure(message: "--class-order lists '\(item)' twice; list each class once", code: Failure.usage)
            }
        }
        guard !items.isEmpty else { throw Failure(message: "--class-order \(value) lists no class", code: Failure.usage) }
        return items
    }

    /// Throws when a label is not in the class order: its colour would depend on the file's other labels.
    static func checkListed(_ labels: [String], in order: [String], flag: String = "--class-order", flagValue: String) throws {
        let listed = Set(order)
        if let row = labels.firstIndex(where: { !listed.contains($0) }) {
            let remedy = flag == "--model" ? "refit with every class, or give --class-order" : "add it"
            throw Failure(message: "label '\(labels[row])' (row \(row + 1)) is not in \(flag) \(flagValue); "
                          + "\(remedy), so that every picture gives it the same colour", code: Failure.data)
        }
    }
}
