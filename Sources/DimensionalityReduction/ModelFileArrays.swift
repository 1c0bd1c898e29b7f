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
    var values = [Double](repeating: 0, count: count)
    var text = text
    let decoded = text.withUTF8 { characters in
        values.withUnsafeMutableBytes { destination in Base64.decode(characters, into: destination) }
    }
    guard decoded else { return .failure(BinaryArrayError("is not valid base64 of \(count) float64 values")) }
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
    return values.withUnsafeBytes { Base64.encode($0) }
}

/// Standard base64 (RFC 4648 §4, padded, no line breaks) in one pass over the bytes, straight between the
/// text and the array's storage, with no intermediate `Data` (`make bench SECTIONS=model` compares it with
/// Foundation's `Data(base64Encoded:)`).
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// The 6-bit value of each character; 0xFF for characters outside the alphabet.
    static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// Decodes `text` into exactly `output.count` bytes; `false` for a character outside the alphabet, misplaced
    /// padding, or a length that does not give `output.count` bytes.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawBufferPointer) -> Bool {
        let length = text.count
        guard length == (output.count + 2) / 3 * 4 else { return false }
        if length == 0 { return true }
        let padding = output.count % 3 == 0 ? 0 : 3 - output.count % 3
        let quads = length / 4
        return values.withUnsafeBufferPointer { table -> Bool in
            guard let out = output.baseAddress?.assumingMemoryBound(to: UInt8.self), let input = text.baseAddress else { return false }
            var invalid: UInt8 = 0
            // Every quad but the last gives three bytes.
            for q in 0..<(quads - 1) {
                let a = table[Int(input[4 * q])], b = table[Int(input[4 * q + 1])]
                let c = table[Int(input[4 * q + 2])], d = table[Int(input[4 * q + 3])]
                invalid |= a | b | c | d
                out[3 * q] = a << 2 | b >> 4
                out[3 * q + 1] = b << 4 | c >> 2
                out[3 * q + 2] = c << 6 | d
            }
            // The last quad gives 3 − padding bytes and ends with that many "=".
            let last = 4 * (quads - 1), start = 3 * (quads - 1)
            var quad: [UInt8] = [0, 0, 0, 0]
            for i in 0..<4 {
                let character = input[last + i]
                if i >= 4 - padding {
                    guard character == UInt8(ascii: "=") else { return false }
                } else {
                    quad[i] = table[Int(character)]
                    invalid |= quad[i]
                }
            }
            guard invalid & 0x80 == 0 else { return false }
            let bytes = [quad[0] << 2 | quad[1] >> 4, quad[1] << 4 | quad[2] >> 2, quad[2] << 6 | quad[3]]
            for i in 0..<(3 - padding) { out[start + i] = bytes[i] }
            return true
        }
    }

    /// The padded base64 text of `bytes`.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        let count = bytes.count, length = (count + 2) / 3 * 4
        guard count > 0, let input = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return "" }
        return alphabet.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: length) { out in
                let full = count / 3
                for t in 0..<full {
                    let a = input[3 * t], b = input[3 * t + 1], c = input[3 * t + 2]
                    out[4 * t] = table[Int(a >> 2)]
                    out[4 * t + 1] = table[Int((a & 3) << 4 | b >> 4)]
                    out[4 * t + 2] = table[Int((b & 15) << 2 | c >> 6)]
                    out[4 * t + 3] = table[Int(c & 63)]
                }
                let rest = count - 3 * full
                if rest > 0 {
                    let a = input[3 * full], b = rest == 2 ? input[3 * full + 1] : 0
                    out[4 * full] = table[Int(a >> 2)]
                    out[4 * full + 1] = table[Int((a & 3) << 4 | b >> 4)]
                    out[4 * full + 2] = rest == 2 ? table[Int((b & 15) << 2)] : UInt8(ascii: "=")
                    out[4 * full + 3] = UInt8(ascii: "=")
                }
                return length
            }
        }
    }
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
