/// A notebook's own check failed: a reproduced number is far from what the mathematics says it must be.
public struct NotebookFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
