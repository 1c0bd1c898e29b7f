import ArgumentParser
import Foundation
import MathFoundations

/// The rows to embed: a file (CSV/TSV, `-` for standard input, or `.npy`) or a named data set.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A CSV/TSV file (- for standard input) or an .npy file.", valueName: "input"))
    var input: String?

    @Option(help: ArgumentHelp("A bundled or generated data set instead of a file (see `dimred datasets`).", valueName: "name"))
    var dataset: String?

    @Option(parsing: .unconditional, help: "Samples drawn from a generated data set (at most 100000000, and samples × features × 8 bytes at most half the memory; see `dimred --help`).")
    var samples: Int?

    @Option(parsing: .unconditional, help: "Noise of a generated data set (its default when omitted).")
    var noise: Double?

    @Option(help: ArgumentHelp("The label column, by header name or 0-based index (negative counts from the end); kept as strings and used for colour.", valueName: "column"))
    var labels: String?

    @Option(help: ArgumentHelp("Field separator (one character; \\t for tab); detected when omitted.", valueName: "char"))
    var delimiter: String?

    @Flag(help: "The first row is data, not a header (detected when omitted).")
    var noHeader = false

    @Flag(help: "Leave out rows holding NaN, infinity or an empty cell instead of failing.")
    var dropNonfinite = false


    /// The input file, for `FileConflicts` (none for `--dataset`).
    var roles: [FileConflicts.Role] { input.map { [FileConflicts.Role(flag: "the input", path: $0)] } ?? [] }

    /// Exactly one source: a file or `--dataset` (commands with further positional arguments check their own).
    func checkSource() throws {
        if input != nil && dataset != nil { throw ValidationError("give an input file or --dataset, not both") }
        if input == nil && dataset == nil { throw ValidationError("missing input: give a file (- for standard input) or --dataset NAME") }
    }

    func validate() throws {
        let generated = dataset.map { SyntheticDataset(rawValue: $0.lowercased().replacingOccurrences(of: "_", with: "-")) != nil } ?? false
        if !generated && (samples != nil || noise != nil) {
            let given = [(samples != nil, "--samples"), (noise != nil, "--noise")].filter(\.0).map(\.1)
            let flags = given.joined(separator: " and ") + (given.count == 1 ? " applies" : " apply")
            let source = dataset.map { BundledDataset(rawValue: $0.lowercased()) != nil ? "\($0) is a bundled data set, read as it is" : nil }
            if let source = source ?? nil {
                throw ValidationError("\(flags) only to generated data sets (see `dimred datasets`); \(source)")
            }
            if dataset == nil {
                throw ValidationError("\(flags) only to generated data sets (--dataset NAME; see `dimred datasets`), not to an input file")
            }
        }
        if let noise, !(noise >= 0 && noise <= Limits.noise) {
            throw ValidationError("--noise must be between 0 and \(Int(Limits.noise)), got \(noise) (the generated sets have unit scale)")
        }
        if let samples {
            try Limits.check(samples, "--samples", 1...Limits.samples, why: "the most rows a generated data set can have")
            if let dataset, generated {
                // The column count of the generator, from a small draw.
                let features = try Dataset.named(dataset, samples: 16, noise: nil, seed: 0).features.columns
                try Limits.checkGenerated(samples: samples, features: features, name: dataset)
            }
        }
        if let delimiter, parsedDelimiter(delimiter) == nil {
            throw ValidationError("--delimiter must be one ASCII character other than a quote or a line break (or \\t), got '\(delimiter)'")
        }
        if dataset != nil && (labels != nil || delimiter != nil || noHeader || dropNonfinite) {
            throw ValidationError("--labels, --delimiter, --no-header and --drop-nonfinite apply to files, not to --dataset")
        }
        if let input, isNPY(input) {
            let given = [(labels != nil, "--labels"), (delimiter != nil, "--delimiter"), (noHeader, "--no-header"),
                         (dropNonfinite, "--drop-nonfinite")].filter(\.0).map(\.1)
            if !given.isEmpty {
                throw ValidationError("\(given.joined(separator: ", ")) \(given.count == 1 ? "applies" : "apply") to CSV/TSV files, "
                                      + "but \(input) is an NPY array, which holds numbers only; leave \(given.count == 1 ? "it" : "them") out, "
                                      + "or give the data as CSV")
            }
        }
    }

    private func parsedDelimiter(_ text: String) -> Character? {
        let value = text == "\\t" || text == "tab" ? "\t" : text
        guard value.count == 1, let character = value.first, character.isASCII, character != "\"", character != "\n",
              character != "\r" else { return nil }
        return character
    }

    /// The CSV reading options these flags name.
    var csvOptions: CSVReadOptions {
        CSVReadOptions(delimiter: delimiter.flatMap(parsedDelimiter), header: noHeader ? .absent : .detect,
                       labelColumn: labels.map(CSVReadOptions.Column.init(parsing:)),
                       nonFinite: dropNonfinite ? .dropRow : .reject)
    }

    /// Reads the file or generates the data set (`seed` seeds generators).
    func load(seed: UInt64) throws -> InputData {
        if let name = dataset {
            let set = try Dataset.named(name, samples: samples, noise: noise, seed: seed)
            return InputData(name: set.name, source: name, features: set.features, labels: set.labels, values: set.values,
                             featureNames: set.featureNames)
        }
        let path = input!
        if isNPY(path) {
            let matrix = try NPY.read(path)
            return InputData(name: Self.displayName(path), source: path, features: matrix, labels: nil, values: nil,
                             featureNames: (0..<matrix.columns).map { "x\($0 + 1)" })
        }
        let table: CSVTable
        if path == "-" {
            // Standard input is an NPY array when it starts with NPY's magic bytes, else CSV/TSV text.
            let bytes = try InputByteStream(path: "-").readToEnd()
            if bytes.starts(with: NPY.magic) {
                if labels != nil || delimiter != nil || noHeader || dropNonfinite {
                    throw ValidationError("--labels, --delimiter, --no-header and --drop-nonfinite apply to CSV/TSV input, "
                                          + "but standard input is an NPY array, which holds numbers only; leave them out")
                }
                let matrix = try NPY.decode(bytes, source: "<stdin>")
                return InputData(name: Self.displayName(path), source: "standard input", features: matrix, labels: nil, values: nil,
                                 featureNames: (0..<matrix.columns).map { "x\($0 + 1)" })
            }
            table = try CSVReader.parse(bytes, source: "<stdin>", options: csvOptions)
        } else {
            table = try CSVReader.read(path, options: csvOptions)
        }
        return InputData(name: Self.displayName(path), source: path == "-" ? "standard input" : path, features: table.features, labels: table.labels, values: nil,
                         featureNames: table.featureNames, droppedRows: table.droppedRows)
    }

    /// Whether `path` is read as an NPY array (by its extension).
    private func isNPY(_ path: String) -> Bool { path.lowercased().hasSuffix(".npy") }

    static func displayName(_ path: String) -> String {
        path == "-" ? "stdin" : URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}

/// Rows read or generated, with what colours them.
struct InputData {
    var name: String
    /// The file as given (`standard input` for `-`) or the data set's name, for messages.
    var source: String
    var features: Matrix
    /// Class labels (from `--labels` or a labelled data set).
    var labels: [String]?
    /// A continuous value per row (a generated manifold's parameter).
    var values: [Double]?
    var featureNames: [String]
    /// Rows left out by `--drop-nonfinite`.
    var droppedRows = 0
}

/// `--standardize`, for the commands that fit or measure (`transform` reads it from the model instead).
struct ScalingOptions: ParsableArguments {
    @Flag(help: "Standardise each column to mean 0 and variance 1 before fitting.")
    var standardize = false
}
