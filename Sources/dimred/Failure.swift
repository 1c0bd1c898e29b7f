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

    /// The failure for a library error, or `nil` for ArgumentParser's own errors (parse and validation),
    /// which the caller reports with ArgumentParser's message and code.
    init?(_ error: Error) {
        switch error {
        case let failure as Failure:
            self = failure
        case let error as DataIOError:
            self.init(message: error.description, code: Self.code(for: error))
        case let error as DatasetError:
            switch error {
            case .unknownName, .invalidParameter: self.init(message: error.description, code: Self.usage)
            case .fileNotFound: self.init(message: error.description, code: Self.io)
            case let .unreadable(inner): self.init(message: inner.description, code: Self.code(for: inner))
            }
        case let error as ModelFileError:
            if case .noTransform = error { self.init(message: error.description, code: Self.usage) } else {
                self.init(message: error.description, code: Self.data)
            }
        case let error as DimensionalityReductionError:
            self.init(message: error.description, code: Self.data)
        case let error as ManifoldLearningError:
            self.init(message: error.description, code: Self.data)
        case let error as NeighborsError:
            self.init(message: "\(error)", code: Self.data)
        case let error as LinearAlgebraError:
            self.init(message: "\(error)", code: Self.data)
        default:
            return nil
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
