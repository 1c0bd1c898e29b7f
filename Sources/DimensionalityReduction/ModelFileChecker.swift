import Foundation
import LinearAlgebra

/// The checks `FittedEmbedding(jsonData:)` applies to each part of a model file before building anything from
/// it: shapes against the sizes the method implies, values finite, counts within limits. Each failure is a
/// `ModelFileError.invalidField` naming the field.
struct ModelFileChecker {
    let source: String

    func failure(_ field: String, _ reason: String) -> ModelFileError {
        .invalidField(source: source, field: field, reason: reason)
    }

    /// Fails unless `condition` holds.
    func require(_ condition: Bool, _ field: String, _ reason: @autoclosure () -> String) throws {
        if !condition { throw failure(field, reason()) }
    }

    /// The value of an optional part, or a failure naming it.
    func present<T>(_ value: T?, _ field: String, method: EmbeddingMethod) throws -> T {
        guard let value else { throw failure(field, "is missing; a \(method.rawValue) model needs it") }
        return value
    }

    /// A size the model implies, with the meaning of the number for messages (`"features"`).
    struct Size {
        let value: Int
        let meaning: String
        init(_ value: Int, _ meaning: String) { (self.value, self.meaning) = (value, meaning) }
    }

    /// The matrix, checked to be `rows × columns` (each `nil` for "any, but at least 1") and finite.
    func matrix(_ stored: StoredMatrix, _ field: String, rows: Size?, columns: Size?) throws -> Matrix {
        let shape = "\(stored.rows) × \(stored.columns)"
        if let rows, let columns, stored.rows != rows.value || stored.columns != columns.value {
            throw failure(field, "is \(shape) but the model needs \(rows.value) × \(columns.value) (\(rows.meaning) × \(columns.meaning))")
        }
        if let rows, stored.rows != rows.value {
            throw failure(field, "has \(stored.rows) rows but the model needs \(rows.value) (\(rows.meaning))")
        }
        if let columns, stored.columns != columns.value {
            throw failure(field, "has \(stored.columns) columns but the model needs \(columns.value) (\(columns.meaning))")
        }
        try require(stored.rows >= 1 && stored.columns >= 1, field, "is \(shape); it must not be empty")
        try finite(stored.values, field, columns: stored.columns)
        return stored.matrix
    }

    /// The vector, checked to hold `count` finite values.
    func vector(_ stored: StoredVector, _ field: String, count: Size) throws -> [Double] {
        try require(stored.values.count == count.value, field,
                    "has length \(stored.values.count) but the model needs \(count.value) (\(count.meaning))")
        try finite(stored.values, field)
        return stored.values
    }

    /// Fails at the first NaN or infinity of `values` (row-major with `columns` columns, when given).
    func finite(_ values: [Double], _ field: String, columns: Int? = nil) throws {
        guard let index = values.firstIndex(where: { !$0.isFinite }) else { return }
        let place = columns.map { "(\(index / $0), \(index % $0))" } ?? "[\(index)]"
        throw failure(field, "has a non-finite value \(values[index]) at \(place)")
    }

    /// Fails unless the scalar is finite.
    func finite(_ value: Double, _ field: String) throws {
        try require(value.isFinite, field, "= \(value) must be finite")
    }

    /// Fails unless an `n × n` matrix of Double, which rebuilding the model allocates, fits in half the
    /// machine's memory.
    func squareFitsInMemory(_ n: Int, _ field: String, what: String) throws {
        let (square, overflow) = n.multipliedReportingOverflow(by: n)
        let (bytes, overflow2) = square.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
        let available = ProcessInfo.processInfo.physicalMemory / 2
        guard !overflow, !overflow2, UInt64(bytes) <= available else {
            throw failure(field, "has \(n) rows; rebuilding \(what) needs an \(n) × \(n) matrix, more than half of this machine's memory (\(ProcessInfo.processInfo.physicalMemory >> 30) GB)")
        }
    }
}
