/// What went wrong reading or writing a `FittedEmbedding` model file. Every description starts with
/// `model FILE:` so a front end can print it as it is.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// The file is not a model file: not JSON, or a field is missing or of the wrong type.
    case invalid(source: String, reason: String)
    /// The file was written by a format version this build does not read.
    case unsupportedVersion(source: String, version: Int, supported: Int)
    /// The method has no out-of-sample map, so a model file would be useless.
    case noTransform(method: String)
    /// A field is well-formed JSON but disagrees with the rest of the model (a shape, a count, a setting
    /// out of its limits, a non-finite value); `field` is its path in the file (`"pca.components"`).
    case invalidField(source: String, field: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(source, reason):
            return "model \(source): not a valid dimred model file: \(reason); write one with `dimred fit --save`"
        case let .unsupportedVersion(source, version, supported):
            return "model \(source): version \(version) is not supported (this build reads versions 1...\(supported)); refit it"
        case let .noTransform(method):
            return "\(method) has no transform for new points, so it cannot be saved as a model; use pca, kpca, isomap, landmark-isomap, lle or ltsa"
        case let .invalidField(source, field, reason):
            return "model \(source): \"\(field)\" \(reason); the file is damaged or was not written by `dimred fit --save`"
        }
    }
}
