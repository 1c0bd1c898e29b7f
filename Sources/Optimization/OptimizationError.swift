/// Errors of the minimisers: bad settings or an objective that returns something unusable.
public enum OptimizationError: Error, Equatable, CustomStringConvertible {
    /// A setting or an input is out of range; the message names it and the limit.
    case invalidArgument(String)
    /// The objective returned a value or gradient that is not finite, or a gradient of the wrong length.
    case invalidObjective(String)

    public var description: String {
        switch self {
        case .invalidArgument(let message), .invalidObjective(let message): return message
        }
    }
}
