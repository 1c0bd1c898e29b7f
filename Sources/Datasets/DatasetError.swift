import DataIO

/// What went wrong while generating or loading a data set.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// A generator parameter is out of range.
    case invalidParameter(generator: String, name: String, value: String, requirement: String)
    /// No data set has this name.
    case unknownName(String, available: [String])
    /// The bundled CSV file was not found in any of the places searched.
    case fileNotFound(file: String, searched: [String])
    /// The bundled file was found but could not be read.
    case unreadable(DataIOError)

    public var description: String {
        switch self {
        case let .invalidParameter(generator, name, value, requirement):
            return "\(generator): \(name) = \(value) must be \(requirement)"
        case let .unknownName(name, available):
            return "no data set named \"\(name)\"; choose one of \(available.joined(separator: ", "))"
        case let .fileNotFound(file, searched):
            return "cannot find \(file) in \(searched.joined(separator: ", ")); set MATHFOUNDATIONS_DATASETS to the "
                + "folder holding the project's datasets/ files"
        case let .unreadable(error):
            return error.description
        }
    }
}
