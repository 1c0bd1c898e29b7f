import Foundation
import MathFoundations

/// The library's errors in the CLI's words: the flag the user can change (`--neighbors`,
/// `--connect-components`, `--drop-nonfinite`), the file or data set and the value at fault, never a Swift name
/// (`connectComponents`, `nonFinite: .dropRow`, `LocallyLinearEmbedding`, `symmetricEigen`).
///
/// Library error types keep their Swift names and messages for library users; this is the only place that
/// knows both vocabularies.
struct FailureContext {
    /// What was running, for the start of the message: `isomap of roll.csv (1000 × 3)`.
    var subject: String?
    /// The data's file or data set name, for messages about its rows and columns.
    var input: String = "the input"
    /// The model file of `transform`.
    var model: String?
    /// The flag that sets the metrics' neighbour count (`--neighbors`, or `--metric-neighbors` in `compare`).
    var metricNeighborsFlag = "--neighbors"

    /// The context of fitting `method` to `data`.
    static func fitting(_ method: EmbeddingMethod, _ data: InputData) -> FailureContext {
        FailureContext(subject: "\(method.rawValue) of \(data.source) (\(data.features.rows) × \(data.features.columns))",
                       input: data.source)
    }
}

extension Failure {
    /// Runs `body`, turning a library error into a `Failure` in the CLI's words (`context` says what was running).
    static func explaining<T>(_ context: FailureContext, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error where !(error is Failure) {
            throw Failure(error, context: context) ?? error
        }
    }

    /// The body of the message for a library error, or `nil` for errors this file does not translate.
    static func libraryMessage(_ error: Error, context: FailureContext) -> String? {
        switch error {
        case let error as DimensionalityReductionError: return message(error, context)
        case let error as ManifoldLearningError: return message(error, context)
        case let error as NeighborsError: return message(error, context)
        case let error as LinearAlgebraError: return numerical(error.description)
        default: return nil
        }
    }

    private static func message(_ error: DimensionalityReductionError, _ context: FailureContext) -> String {
        switch error {
        case let .invalidComponents(_, requested, limit):
            return "--components \(requested) must be between 1 and \(limit) for this data; lower --components"
        case let .tooFewSamples(_, samples, required):
            return "\(rows(samples)), but the method needs at least \(required); give more rows"
        case let .invalidParameter(_, name, message):
            if name == "neighbors" {
                return "\(context.metricNeighborsFlag) \(vocabulary(message).dropPrefix("= "))"
                    .replacingOccurrences(of: "use fewer neighbours", with: "lower \(context.metricNeighborsFlag)")
            }
            if name == "landmarks" {
                return "--landmarks \(vocabulary(message).dropPrefix("= "))".replacingOccurrences(of: "lower it", with: "lower --landmarks")
            }
            return "\(flag(for: name)) \(vocabulary(message).dropPrefix("= "))"
        case let .disconnectedGraph(_, components, neighbors):
            return "the \(neighbors)-nearest-neighbour graph has \(components) connected components; raise --neighbors above "
                + "\(neighbors), or add --connect-components to link the components by their closest pairs"
        case let .nonFinite(_, row, column):
            return nonFinite(row: row, column: column, context)
        case let .valueTooLarge(_, row, column, value):
            return tooLarge(row: row, column: column, value: value, description: error.description, context)
        case let .indefiniteKernel(_, eigenvalue, largest, positive):
            return "the centred kernel matrix is not positive semidefinite: a requested component has the eigenvalue \(eigenvalue) "
                + "(the largest is \(largest)), so it has no variance to embed; lower --components to at most \(positive), or choose "
                + "another --kernel (sigmoid often is not positive semidefinite)"
        case let .featureMismatch(_, expected, got):
            return featureMismatch(expected: expected, got: got, context)
        case .emptyInput:
            return "\(context.input) has no rows or no columns"
        case let .numericalFailure(_, underlying):
            return numerical(underlying)
        case .invalidVarianceRatio, .invalidDissimilarities, .sampleCountMismatch:
            return vocabulary(withoutOperation(error.description))
        }
    }

    private static func message(_ error: ManifoldLearningError, _ context: FailureContext) -> String {
        switch error {
        case .empty:
            return "\(context.input) has no rows or no columns"
        case let .nonFinite(_, row, column):
            return nonFinite(row: row, column: column, context)
        case let .tooFewSamples(_, samples, needed, reason):
            let cause = vocabulary(reason)
            let flag = cause.split(separator: " ").first { $0.hasPrefix("--") }.map(String.init)
            return "\(rows(samples)), but \(cause) needs at least \(needed); " + (flag.map { "lower \($0) or give more rows" } ?? "give more rows")
        case let .invalidParameter(_, message):
            return vocabulary(message)
        case let .disconnectedGraph(_, components, largest, neighborhood):
            return "the \(neighborhood) graph has \(components) connected components (the largest has \(largest) points), so some "
                + "geodesic distances are infinite; raise --neighbors (or --radius), or add --connect-components to link the "
                + "components by their closest pairs"
        case let .featureMismatch(_, fitted, given):
            return featureMismatch(expected: fitted, got: given, context)
        case let .valueTooLarge(_, row, column, value):
            return tooLarge(row: row, column: column, value: value, description: error.description, context)
        case let .degenerateNeighborhood(_, row, rows, rank, components):
            let listed = rows.prefix(12).map { String($0 + 1) }.joined(separator: ", ") + (rows.count > 12 ? ", …" : "")
            let what = rank == 0 ? "coincide (rows \(listed) are the same point)"
                                 : "span only \(rank) dimension\(rank == 1 ? "" : "s") (rows \(listed))"
            return "the neighbourhood of row \(row + 1) of \(context.input) is degenerate: its points \(what), fewer than "
                + "--components \(components), so its tangent space is undefined; remove duplicate rows, raise --neighbors, or lower --components"
        case .indefiniteCostMatrix:
            return vocabulary(withoutOperation(error.description))
        }
    }

    private static func message(_ error: NeighborsError, _ context: FailureContext) -> String {
        switch error {
        case .empty:
            return "\(context.input) has no rows or no columns"
        case let .nonFinite(_, row, column):
            return nonFinite(row: row, column: column, context)
        case let .invalidNeighborCount(_, requested):
            return "--neighbors \(requested) must be ≥ 1"
        case let .tooManyNeighbors(_, requested, candidates):
            return "--neighbors \(requested) must be ≤ \(candidates), the rows other than the point itself; lower --neighbors or give more rows"
        case let .featureMismatch(_, fitted, given):
            return featureMismatch(expected: fitted, got: given, context)
        case let .invalidRadius(_, radius):
            return "--radius \(radius) must be finite and > 0"
        case .vertexOutOfRange, .invalidLandmarkCount, .invalidWeight, .invalidSetting:
            return vocabulary(withoutOperation(error.description))
        }
    }

    private static func rows(_ count: Int) -> String { count == 1 ? "1 row" : "\(count) rows" }

    private static func nonFinite(row: Int, column: Int, _ context: FailureContext) -> String {
        "row \(row + 1), column \(column + 1) of \(context.input) is NaN or infinite; remove or impute it "
            + "(a CSV file's rows with such values can be left out with --drop-nonfinite)"
    }

    /// A finite value too large for the methods' squared distances; the limit is read from the library's message.
    private static func tooLarge(row: Int, column: Int, value: Double, description: String, _ context: FailureContext) -> String {
        let limit = description.range(of: "beyond ").flatMap { start in
            description.range(of: ",", range: start.upperBound..<description.endIndex).map { String(description[start.upperBound..<$0.lowerBound]) }
        } ?? "the largest magnitude the methods accept"
        return "row \(row + 1), column \(column + 1) of \(context.input) is \(value), beyond \(limit), where squared distances "
            + "overflow; rescale that column (divide it by a power of ten)"
    }

    private static func featureMismatch(expected: Int, got: Int, _ context: FailureContext) -> String {
        let model = context.model.map { "the model \($0)" } ?? "the model"
        return "\(context.input) has \(got) columns but \(model) was fitted on \(expected); give rows with \(expected) columns"
    }

    /// A failed numerical step, said without the routine's name.
    static func numerical(_ underlying: String) -> String {
        if underlying.contains("NaN or infinite") {
            return "a numerical step met NaN or infinity although the data is finite: the values are so large (or the "
                + "scales so different) that intermediate results overflow; rescale the columns (--standardize) or "
                + "check the data for huge values"
        }
        if underlying.contains("no convergence"), let open = underlying.range(of: "("), let close = underlying.range(of: ")", range: open.upperBound..<underlying.endIndex) {
            return "the iterative eigensolver did not converge (\(underlying[open.upperBound..<close.lowerBound])); try other "
                + "--neighbors or --reg, or --standardize"
        }
        if underlying.contains("singular") {
            return "a matrix that must be invertible is singular (duplicate or collinear rows?); raise --reg or remove duplicate rows"
        }
        return "a numerical step failed: " + vocabulary(withoutOperation(underlying))
    }

    /// `Operation: message` → `message`.
    private static func withoutOperation(_ text: String) -> String {
        guard let colon = text.range(of: ": "), !text[..<colon.lowerBound].contains(" ") else { return text }
        return String(text[colon.upperBound...])
    }

    /// The flag for a library parameter name.
    private static func flag(for name: String) -> String {
        switch name {
        case "polynomial degree", "degree": return "--degree"
        case "gamma": return "--gamma"
        case "landmarks": return "--landmarks"
        case "components": return "--components"
        case "neighbors": return "--neighbors"
        case "radius": return "--radius"
        case "regularization": return "--reg"
        case "initialization": return "--init"
        default: return name
        }
    }

    /// Library vocabulary in a message → the flags: `neighbors = 10` → `--neighbors 10`,
    /// `set connectComponents` → `add --connect-components`, `regularization` → `--reg`.
    static func vocabulary(_ text: String) -> String {
        var text = text
        for (name, flag) in [("neighbors", "--neighbors"), ("components", "--components"), ("landmarks", "--landmarks"),
                             ("regularization", "--reg"), ("radius", "--radius"), ("degree", "--degree"), ("gamma", "--gamma")] {
            text = text.replacingOccurrences(of: "\(name) = ", with: "\(flag) ")
        }
        for (old, new) in [("components + components·(components + 1)/2 = ", "c + c(c + 1)/2 (c = --components) = "),
                           ("at least components + 2", "at least --components + 2"), ("landmarks − 1", "--landmarks − 1"),
                           ("min(features, neighbors)", "min(features, --neighbors)"),
                           ("the number of samples ", "the number of rows, "),
                           ("set connectComponents", "add --connect-components"), ("raise neighbors", "raise --neighbors"),
                           ("lower neighbors", "lower --neighbors"), ("positive regularization", "positive --reg"),
                           ("nonFinite: .dropRow / --drop-nonfinite", "--drop-nonfinite")] {
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }
}

private extension String {
    func dropPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
