import ArgumentParser
import Foundation
import MathFoundations

/// A failure's one-line message and exit code (BSD `sysexits.h`).
struct Failure: Error, CustomStringConvertible {
    /// Bad command-line usage (EX_USAGE), as ArgumentParser's validation errors.
    static let usage: Int32 = 64
    /// Input data in the wrong format or unusable by the method (EX_DATAERR).
    static let data: Int32 = 65
    /// A file could not be read or written (EX_IOERR).
    static let io: Int32 = 74

    var message: String
    var code: Int32

    var description: String { message }

    init(message: String, code: Int32) {
        self.message = message
        self.code = code
    }

    /// The failure for a library error, in the CLI's words (`Failure+Library.swift`; `context` says what was
    /// running), or `nil` for ArgumentParser's own errors (parse and validation), which the caller reports with
    /// ArgumentParser's message and code.
    init?(_ error: Error, context: FailureContext = FailureContext()) {
        switch error {
        case let failure as Failure:
            self = failure
        case let error as DataIOError:
            self.init(message: Self.message(error), code: Self.code(for: error))
        case let error as DatasetError:
            switch error {
            case let .invalidParameter(generator, name, value, requirement) where name == "samples" || name == "noise":
                self.init(message: "--\(name) \(value) must be \(requirement) for \(generator)", code: Self.usage)
            case .unknownName, .invalidParameter: self.init(message: error.description, code: Self.usage)
            case .fileNotFound: self.init(message: error.description, code: Self.io)
            case let .unreadable(inner): self.init(message: Self.message(inner), code: Self.code(for: inner))
            }
        case let error as ModelFileError:
            if case .noTransform = error { self.init(message: error.description, code: Self.usage) } else {
                self.init(message: error.description, code: Self.data)
            }
        default:
            guard let body = Self.libraryMessage(error, context: context) else { return nil }
            self.init(message: (context.subject.map { "\($0): " } ?? "") + body, code: Self.data)
        }
    }

    /// A reader's or writer's message with the CLI's flags in place of the library's options.
    private static func message(_ error: DataIOError) -> String {
        switch error {
        case let .invalidArgument(operation, message) where operation == "CSVReader" && message.hasPrefix("the delimiter"):
            return "--delimiter" + message.dropFirst("the delimiter".count)
        case let .invalidArgument(operation, message) where operation.hasPrefix("output "):
            return "-o \(operation.dropFirst("output ".count)): "
                + message.replacingOccurrences(of: "give the format explicitly", with: "give --format csv, json or npy")
        default:
            return vocabulary(error.description)
        }
    }

    private static func code(for error: DataIOError) -> Int32 {
        switch error {
        case .unreadable, .missingDirectory, .writeFailed: return io
        case .invalidArgument: return usage
        default: return data
        }
    }
}
