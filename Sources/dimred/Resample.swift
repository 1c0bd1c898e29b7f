import ArgumentParser
import Foundation
import MathFoundations

/// The over-samplers `dimred resample` offers.
enum ResamplingMethod: String, CaseIterable, ExpressibleByArgument {
    case smote, adasyn, random
}

extension Dimred {
    /// `dimred resample`: over-sample the classes of a labelled table (imbalanced-learn's `fit_resample`, which has
    /// no command line of its own).
    ///
    /// A subcommand of `dimred` rather than a second executable: it reads tables, reports errors, refuses
    /// conflicting paths and writes all-or-nothing exactly as the other subcommands do, and all of that lives in
    /// this target (`InputOptions`' CSV rules, `Failure`, `FileConflicts`, `StagedFileWriter`); a second
    /// executable would need that code moved into a shared library target or copied, and a second binary to
    /// install and document, for one command.
    struct Resample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Over-sample the classes of a labelled CSV table with SMOTE, ADASYN or random copies.",
            discussion: """
            Writes the original rows first and unchanged, then the synthetic rows by class in sorted label order, \
            as CSV: the feature columns, the label column, and a last column `synthetic` (0 for an original row, \
            1 for a new one; --no-marker leaves it out). Drop that column before using the table as features.

            Strategies (imbalanced-learn's sampling_strategy), with nᶜ the count of class c and n_max the largest:
              auto, not-majority  every class but the majority grows to n_max
              minority            the smallest class grows to n_max
              not-minority        every class but the minority grows to n_max
              all                 every class grows to n_max
              0.5                 two classes only: the minority grows to ⌊0.5 · n_max⌋ (a ratio in (0, 1])
              a=100,b=80          the classes named grow to these counts
            Ties for majority and minority go to the smallest label.

            Methods: smote interpolates between a sample and one of its --neighbors nearest same-class \
            neighbours; adasyn does so with more samples where other classes are near; random copies samples \
            (with --shrinkage, a smoothed bootstrap).

            Example: dimred resample data.csv --labels y --method smote --strategy minority -o balanced.csv
            """)

        @Argument(help: ArgumentHelp("A CSV/TSV file (- for standard input).", valueName: "input"))
        var input: String

        @Option(help: ArgumentHelp("The label column, by header name or 0-based index (negative counts from the end).", valueName: "column"))
        var labels: String

        @Option(help: "The over-sampler.")
        var method = ResamplingMethod.smote

        @Option(help: ArgumentHelp("Which classes grow, and to what: auto, minority, not-majority, not-minority, all, a ratio in (0, 1], "
                                   + "or class=count,...", valueName: "strategy"))
        var strategy = "auto"

        @Option(name: .shortAndLong, parsing: .unconditional, help: "Neighbours of smote and adasyn (imbalanced-learn's k_neighbors / n_neighbors).")
        var neighbors = 5

        @Option(parsing: .unconditional, help: "Smoothed-bootstrap factor h ≥ 0 of --method random (default: plain copies).")
        var shrinkage: Double?

        @Option(parsing: .unconditional, help: "Seed of every random choice.")
        var seed: UInt64 = 0

        @Option(help: ArgumentHelp("Field separator (one character; \\t for tab); detected when omitted.", valueName: "char"))
        var delimiter: String?

        @Flag(help: "Leave out the last column `synthetic`.")
        var noMarker = false

        @Option(name: .shortAndLong, help: ArgumentHelp("The output CSV (- or omitted: standard output).", valueName: "file.csv"))
        var output: String?

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if input.lowercased().hasSuffix(".npy") {
                throw ValidationError("\(input) is an NPY array, which holds no label column; give the data as CSV with its labels")
            }
            _ = try parsedStrategy()
            try Limits.check(neighbors, "--neighbors", 1...Limits.neighbors, why: "neighbour lists hold samples × neighbors entries")
            if let shrinkage {
                guard method == .random else { throw ValidationError("--shrinkage applies to --method random only") }
                guard shrinkage >= 0 && shrinkage.isFinite else { throw ValidationError("--shrinkage must be finite and ≥ 0, got \(shrinkage)") }
            }
            if let delimiter, parsedDelimiter(delimiter) == nil {
                throw ValidationError("--delimiter must be one ASCII character other than a quote or a line break (or \\t), got '\(delimiter)'")
            }
            if let output, output != "-", !URL(fileURLWithPath: output).pathExtension.isEmpty,
               URL(fileURLWithPath: output).pathExtension.lowercased() != "csv" {
                throw ValidationError("-o \(output): dimred resample writes CSV; name the file .csv")
            }
        }

        /// `--strategy` as a `SamplingStrategy`.
        func parsedStrategy() throws -> SamplingStrategy<String> {
            switch strategy.lowercased() {
            case "auto", "not-majority", "not_majority": return .notMajority
            case "minority": return .minority
            case "not-minority", "not_minority": return .notMinority
            case "all": return .all
            default: break
            }
            if let ratio = Double(strategy) {
                guard ratio > 0 && ratio <= 1 else {
                    throw ValidationError("--strategy \(strategy): a ratio must be in (0, 1] (the minority's size over the majority's after resampling)")
                }
                return .ratio(ratio)
            }
            guard strategy.contains("=") else {
                throw ValidationError("--strategy \(strategy) is not a strategy; give auto, minority, not-majority, not-minority, all, "
                                      + "a ratio in (0, 1] or class=count,...")
            }
            var counts: [String: Int] = [:]
            for item in strategy.split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = item.lastIndex(of: "="), let count = Int(item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)),
                      count >= 0 else {
                    throw ValidationError("--strategy \(strategy): '\(item)' is not class=count with a count ≥ 0")
                }
                let name = item[..<equals].trimmingCharacters(in: .whitespaces)
                guard counts.updateValue(count, forKey: name) == nil else {
                    throw ValidationError("--strategy \(strategy) names class '\(name)' twice; give each class once")
                }
            }
            return .counts(counts)
        }

        private func parsedDelimiter(_ text: String) -> Character? {
            let value = text == "\\t" || text == "tab" ? "\t" : text
            guard value.count == 1, let character = value.first, character.isASCII, character != "\"", character != "\n",
                  character != "\r" else { return nil }
            return character
        }

        func run() throws {
            let progress = Progress(quiet: global.quiet)
            let output = self.output ?? "-"
            try OutputCheck.writable(output)
            try FileConflicts.check(inputs: [FileConflicts.Role(flag: "the input", path: input)],
                                    outputs: [FileConflicts.Role(flag: "-o", path: output)])
            let source = input == "-" ? "standard input" : input
            let table = try progress.step("reading \(source)") {
                try CSVReader.read(input, options: CSVReadOptions(delimiter: delimiter.flatMap(parsedDelimiter),
                                                                  labelColumn: .init(parsing: labels)))
            }
            let classes = table.labels!
            let strategy = try parsedStrategy()
            let resampled = try progress.step("\(method.rawValue) of \(table.features.rows) × \(table.features.columns)") {
                try explained { () throws -> Resampled<String> in
                    switch method {
                    case .smote: return try SMOTE(strategy: strategy, neighbors: neighbors, seed: seed).fitResample(table.features, labels: classes)
                    case .adasyn: return try ADASYN(strategy: strategy, neighbors: neighbors, seed: seed).fitResample(table.features, labels: classes)
                    case .random:
                        return try RandomOverSampler(strategy: strategy, shrinkage: shrinkage, seed: seed).fitResample(table.features, labels: classes)
                    }
                }
            }
            let bytes = ResampledTable.encode(resampled, featureNames: table.featureNames, labelName: table.labelName ?? "label",
                                              marker: !noMarker)
            var outputs = StagedFileWriter()
            outputs.add(bytes, to: output)
            try progress.step("writing \(output)") { try outputs.commit() }
            progress.note("\(resampled.originalCount) original and \(resampled.generatedCount) synthetic rows; per class: "
                          + ClassOrder.sorted(resampled.classCounts.keys).map { "\($0) \(resampled.classCounts[$0]!)" }.joined(separator: ", "))
        }

        /// A resampling error in the command's words (`--neighbors`, `--method random`, `--strategy`), exit 65.
        private func explained<T>(_ body: () throws -> T) throws -> T {
            do {
                return try body()
            } catch let error as ResamplingError {
                var message = error.description
                    .replacingOccurrences(of: "lower neighbors to", with: "lower --neighbors to")
                    .replacingOccurrences(of: "(neighbors + 1)", with: "(--neighbors + 1)")
                    .replacingOccurrences(of: "or use RandomOverSampler", with: "or use --method random")
                    .replacingOccurrences(of: "use SMOTE instead", with: "use --method smote instead")
                    .replacingOccurrences(of: "give per-class target counts instead", with: "give --strategy class=count,... instead")
                if case .ratioRemovesSamples = error { message = "--strategy " + message }
                if case .unknownClass = error { message = "--strategy: " + message + " in \(input)" }
                if case .targetBelowCount = error { message = "--strategy: " + message }
                throw Failure(message: "resample \(input == "-" ? "standard input" : input): \(message)", code: Failure.data)
            }
        }
    }
}

/// The CSV text of a resampled table: features, the label, and the `synthetic` marker (0 or 1).
enum ResampledTable {
    /// RFC 4180 CSV; numbers in their shortest round-trip form (originals read back bit for bit), text cells
    /// quoted when they hold a comma, a quote, a line break, surrounding blanks or a leading `#`.
    static func encode(_ resampled: Resampled<String>, featureNames: [String], labelName: String, marker: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        let x = resampled.samples
        bytes.reserveCapacity(x.rows * (x.columns * 20 + 12) + 64)
        let header = featureNames + [labelName] + (marker ? ["synthetic"] : [])
        for (index, name) in header.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendCell(name, to: &bytes)
        }
        bytes.append(UInt8(ascii: "\n"))
        x.elements.withUnsafeBufferPointer { values in
            for i in 0..<x.rows {
                for j in 0..<x.columns {
                    bytes.append(contentsOf: values[i * x.columns + j].description.utf8)
                    bytes.append(UInt8(ascii: ","))
                }
                appendCell(resampled.labels[i], to: &bytes)
                if marker { bytes.append(contentsOf: (i < resampled.originalCount ? ",0" : ",1").utf8) }
                bytes.append(UInt8(ascii: "\n"))
            }
        }
        return bytes
    }

    private static func appendCell(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        let quoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20 || utf8.first == UInt8(ascii: "#") || utf8.isEmpty
        guard quoted else { bytes.append(contentsOf: utf8); return }
        bytes.append(0x22)
        for byte in utf8 {
            bytes.append(byte)
            if byte == 0x22 { bytes.append(0x22) }
        }
        bytes.append(0x22)
    }
}
