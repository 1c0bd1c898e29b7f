import Foundation
import LinearAlgebra

/// How a model file writes its numeric arrays.
public enum ModelArrayStorage: Sendable, Equatable {
    /// Every array as JSON numbers (shortest round-trip form): readable, about 19 bytes a value, slow to parse.
    case text
    /// Arrays of at least `ModelArrayStorage.compactThreshold` values as base64 of little-endian IEEE 754
    /// float64, `{"dtype": "<f8", "shape": [...], "base64": "..."}` (10⅔ bytes a value, decoded at memory
    /// speed); shorter arrays stay JSON numbers. The default.
    case base64

    /// The value count from which `.base64` stores an array as binary.
    public static let compactThreshold = 32
}

/// The `dtype` of a binary array: little-endian float64, NumPy's spelling.
private let binaryDType = "<f8"

private enum BinaryKeys: String, CodingKey { case dtype, shape, base64 }

/// `count` float64 values from base64 text of their little-endian bytes, or a message saying what is wrong.
private func decodeBinary(_ text: String, count: Int) -> Result<[Double], BinaryArrayError> {
    let (bytes, product) = count.multipliedReportingOverflow(by: MemoryLayout<Double>.size)
    // No file holds half the address space; the bound keeps the character count below from overflowing.
    let overflow = product || bytes > Int.max / 2
    // Base64 holds 3 bytes in 4 characters: refuse text of the wrong length before decoding it.
    guard !overflow, text.utf8.count == (bytes + 2) / 3 * 4 else {
        return .failure(BinaryArrayError("holds \(text.utf8.count) base64 characters, not the \(overflow ? "(overflowing)" : "\((bytes + 2) / 3 * 4)") that \(count) float64 values need"))
    }
    guard let data = Data(base64Encoded: text), data.count == bytes else {
        return .failure(BinaryArrayError("is not valid base64 of \(count) float64 values"))
    }
    var values = [Double](repeating: 0, count: count)
    values.withUnsafeMutableBytes { destination in _ = data.copyBytes(to: destination) }
    #if _endian(big)
    for i in values.indices { values[i] = Double(bitPattern: UInt64(littleEndian: values[i].bitPattern)) }
    #endif
    return .success(values)
}

/// Base64 text of the little-endian bytes of `values`.
private func encodeBinary(_ values: [Double]) -> String {
    #if _endian(big)
    let values = values.map { Double(bitPattern: $0.bitPattern.littleEndian) }
    #endif
    return values.withUnsafeBytes { Data($0) }.base64EncodedString()
}

private struct BinaryArrayError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Reads the binary form `{"dtype", "shape", "base64"}` of an array of `dimensions` axes.
private func decodeBinaryArray(_ container: KeyedDecodingContainer<BinaryKeys>, dimensions: Int) throws -> (shape: [Int], values: [Double]) {
    let dtype = try container.decode(String.self, forKey: .dtype)
    guard dtype == binaryDType else {
        throw DecodingError.dataCorruptedError(forKey: .dtype, in: container, debugDescription: "dtype \"\(dtype)\" is not \"\(binaryDType)\" (little-endian float64)")
    }
    let shape = try container.decode([Int].self, forKey: .shape)
    guard shape.count == dimensions, shape.allSatisfy({ $0 >= 0 }) else {
        throw DecodingError.dataCorruptedError(forKey: .shape, in: container, debugDescription: "shape \(shape) must be \(dimensions) non-negative sizes")
    }
    var count = 1
    for size in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow else {
            throw DecodingError.dataCorruptedError(forKey: .shape, in: container, debugDescription: "shape \(shape) overflows")
        }
        count = product
    }
    switch decodeBinary(try container.decode(String.self, forKey: .base64), count: count) {
    case let .success(values): return (shape, values)
    case let .failure(error):
        throw DecodingError.dataCorruptedError(forKey: .base64, in: container, debugDescription: "shape \(shape) \(error.message)")
    }
}

/// A matrix in the model file: `{"rows": r, "columns": c, "data": [row-major values]}` (the text form, the only
/// one of version 1) or `{"dtype": "<f8", "shape": [r, c], "base64": "..."}`. Decoding checks the value count
/// against the shape, with overflow checks.
struct StoredMatrix: Codable {
    var rows: Int
    var columns: Int
    var values: [Double]
    /// Whether `encode` writes the binary form.
    var binary = false

    private enum TextKeys: String, CodingKey { case rows, columns, data }

    init(_ matrix: Matrix, storage: ModelArrayStorage) {
        (rows, columns, values) = (matrix.rows, matrix.columns, matrix.elements)
        binary = storage == .base64 && values.count >= ModelArrayStorage.compactThreshold
    }

    init(from decoder: Decoder) throws {
        if let container = try? decoder.container(keyedBy: BinaryKeys.self), container.contains(.base64) {
            let (shape, values) = try decodeBinaryArray(container, dimensions: 2)
            (rows, columns, self.values, binary) = (shape[0], shape[1], values, true)
            return
        }
        let container = try decoder.container(keyedBy: TextKeys.self)
        rows = try container.decode(Int.self, forKey: .rows)
        columns = try container.decode(Int.self, forKey: .columns)
        values = try container.decode([Double].self, forKey: .data)
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard rows >= 0, columns >= 0, !overflow, values.count == count else {
            throw DecodingError.dataCorruptedError(forKey: .data, in: container,
                                                   debugDescription: "a \(rows) × \(columns) matrix cannot hold \(values.count) values")
        }
    }

    func encode(to encoder: Encoder) throws {
        if binary {
            var container = encoder.container(keyedBy: BinaryKeys.self)
            try container.encode(binaryDType, forKey: .dtype)
            try container.encode([rows, columns], forKey: .shape)
            try container.encode(encodeBinary(values), forKey: .base64)
        } else {
            var container = encoder.container(keyedBy: TextKeys.self)
            try container.encode(rows, forKey: .rows)
            try container.encode(columns, forKey: .columns)
            try container.encode(values, forKey: .data)
        }
    }

    var matrix: Matrix { Matrix(rows: rows, columns: columns, elements: values) }
}

/// A vector in the model file: a JSON array of numbers (the text form, the only one of version 1) or
/// `{"dtype": "<f8", "shape": [n], "base64": "..."}`.
struct StoredVector: Codable {
    var values: [Double]
    /// Whether `encode` writes the binary form.
    var binary = false

    init(_ values: [Double], storage: ModelArrayStorage) {
        self.values = values
        binary = storage == .base64 && values.count >= ModelArrayStorage.compactThreshold
    }

    init(from decoder: Decoder) throws {
        if let container = try? decoder.container(keyedBy: BinaryKeys.self) {
            (_, values) = try decodeBinaryArray(container, dimensions: 1)
            binary = true
        } else {
            values = try decoder.singleValueContainer().decode([Double].self)
        }
    }

    func encode(to encoder: Encoder) throws {
        if binary {
            var container = encoder.container(keyedBy: BinaryKeys.self)
            try container.encode(binaryDType, forKey: .dtype)
            try container.encode([values.count], forKey: .shape)
            try container.encode(encodeBinary(values), forKey: .base64)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(values)
        }
    }
}
