/// What was wrong with the arguments of a closed form or an experiment in `HighDimensionalGeometry`.
///
/// The `description` names the function, the value given, the limit it broke and what to do.
public enum GeometryError: Error, Equatable, CustomStringConvertible {
    /// A parameter is outside its valid range.
    case invalidArgument(operation: String, parameter: String, value: String, requirement: String)

    /// One sentence: the function, the value, the limit and what to do.
    public var description: String {
        switch self {
        case let .invalidArgument(operation, parameter, value, requirement):
            return "\(operation): \(parameter) = \(value) is invalid; \(requirement)"
        }
    }
}

/// Argument checks shared by the closed forms and the experiments.
enum Check {
    /// Throws unless `value` is finite and `value ≥ 0`.
    static func nonNegative(_ value: Double, _ parameter: String, in operation: String) throws {
        guard value.isFinite, value >= 0 else {
            throw GeometryError.invalidArgument(operation: operation, parameter: parameter, value: "\(value)",
                                                requirement: "give a finite number ≥ 0")
        }
    }

    /// Throws unless `value` is finite and `value > 0`.
    static func positive(_ value: Double, _ parameter: String, in operation: String) throws {
        guard value.isFinite, value > 0 else {
            throw GeometryError.invalidArgument(operation: operation, parameter: parameter, value: "\(value)",
                                                requirement: "give a finite number > 0")
        }
    }

    /// Throws unless `value ≥ minimum`.
    static func atLeast(_ value: Int, _ minimum: Int, _ parameter: String, in operation: String) throws {
        guard value >= minimum else {
            throw GeometryError.invalidArgument(operation: operation, parameter: parameter, value: "\(value)",
                                                requirement: "it must be ≥ \(minimum)")
        }
    }

    /// Throws unless `value` lies in `range` (the description says whether the ends are included).
    static func within(_ value: Double, _ range: ClosedRange<Double>, open: Bool = false, _ parameter: String,
                       in operation: String) throws {
        let inside = open ? (value > range.lowerBound && value < range.upperBound) : range.contains(value)
        guard value.isFinite, inside else {
            let bounds = open ? "(\(range.lowerBound), \(range.upperBound))" : "[\(range.lowerBound), \(range.upperBound)]"
            throw GeometryError.invalidArgument(operation: operation, parameter: parameter, value: "\(value)",
                                                requirement: "it must lie in \(bounds)")
        }
    }

    /// Throws unless `values` is non-empty and every entry is ≥ `minimum`.
    static func dimensions(_ values: [Int], minimum: Int = 1, in operation: String) throws {
        let bad = values.isEmpty ? "[]" : values.first(where: { $0 < minimum }).map { "\($0)" }
        if let bad {
            throw GeometryError.invalidArgument(operation: operation, parameter: "dimensions", value: bad,
                                                requirement: "give at least one dimension, each ≥ \(minimum)")
        }
    }
}
