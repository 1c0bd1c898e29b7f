/// Errors from building, training, saving or loading a network. Each message names the value, the limit and what
/// to do.
public enum NeuralNetworkError: Error, Equatable, CustomStringConvertible {
    /// An argument is out of its range (a probability, a size, a fraction, a count).
    case invalidArgument(String)
    /// Two shapes or counts that must agree do not.
    case shapeMismatch(String)
    /// A model file is unreadable, malformed or does not match the model.
    case fileFormat(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message), .shapeMismatch(let message), .fileFormat(let message): return message
        }
    }
}
