/// The file formats an embedding can be exported to.
public enum EmbeddingFormat: String, Sendable, CaseIterable {
    /// CSV with a header `x,y[,label]` (`x,y,z`, or `x1,...,xk` for other widths).
    case csv
    /// A JSON document: method, parameters, embedding, labels, quality metrics, eigenvalues.
    case json
    /// A NumPy `.npy` array of float64 (labels are not stored).
    case npy

    /// The format named by a path's extension (`.csv`, `.json`, `.npy`, case-insensitive).
    ///
    /// - Throws: `DataIOError.invalidArgument` naming the extension and the choices.
    public init(path: String) throws {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let pathExtension = name.split(separator: ".", omittingEmptySubsequences: false).count > 1
            ? String(name.split(separator: ".", omittingEmptySubsequences: false).last!).lowercased() : ""
        guard let format = EmbeddingFormat(rawValue: pathExtension) else {
            let shown = pathExtension.isEmpty ? "no extension" : "extension '.\(pathExtension)'"
            throw DataIOError.invalidArgument(
                operation: "output \(path)",
                message: "\(shown) names no format; use .csv, .json or .npy, or give the format explicitly")
        }
        self = format
    }
}
