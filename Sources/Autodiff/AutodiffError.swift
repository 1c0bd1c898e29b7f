/// Errors from building or differentiating a tensor program. Each message names the value, the limit and what
/// to do.
///
/// Operations on `Variable`s do not throw: the first failure is recorded in the graph (later operations still
/// run on placeholder zeros of a plausible shape) and is thrown by the next call that returns numbers —
/// `value()`, `backward()`, `gradients(...)`, `valueWithGradient`.
public enum AutodiffError: Error, Equatable, CustomStringConvertible {
    /// Two shapes that an operation needs to agree (broadcast, matrix product, concatenation) do not.
    case shapeMismatch(String)
    /// An argument is out of its range: an axis, a slice bound, a class index, a scalar count.
    case invalidArgument(String)
    /// A variable was used with a graph that did not create it.
    case foreignVariable(String)

    @inlinable public var description: String {
        switch self {
        case .shapeMismatch(let message), .invalidArgument(let message), .foreignVariable(let message): return message
        }
    }
}
