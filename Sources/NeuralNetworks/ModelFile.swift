import Foundation

/// Saving and loading a model's parameters (trainable and buffers such as running statistics) by name.
///
/// File format (version 1, all integers little-endian):
///
///     bytes   content
///     8       ASCII "MFNNPARM"
///     4       UInt32 version = 1
///     4       UInt32 parameter count P
///     then P records, in `namedParameters` order:
///       4       UInt32 name length L
///       L       the name, UTF-8 (e.g. "layers.0.weight")
///       1       UInt8 scalar size: 4 (IEEE binary32) or 8 (IEEE binary64)
///       4       UInt32 rank R
///       8·R     UInt64 extents, outermost first
///       s·N     the N = Π extents scalars, row-major, little-endian
///
/// Files are written to a temporary name and renamed, so a failed save never leaves a half-written file. Loading
/// matches parameters by name and converts between Float and Double files.
public enum ModelFile {
    static let magic = Array("MFNNPARM".utf8)

    /// The encoded parameters of `model`.
    public static func encode<Scalar: TensorScalar>(_ model: any Layer<Scalar>) -> Data {
        var data = Data(magic)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let parameters = model.namedParameters
        append(UInt32(1))
        append(UInt32(parameters.count))
        for (name, parameter) in parameters {
            let utf8 = Array(name.utf8)
            append(UInt32(utf8.count))
            data.append(contentsOf: utf8)
            let wide = MemoryLayout<Scalar>.size == 8
            data.append(wide ? 8 : 4)
            append(UInt32(parameter.shape.count))
            for extent in parameter.shape { append(UInt64(extent)) }
            parameter.value.withUnsafeBufferPointer { values in
                for v in values {
                    if wide { append(v.doubleValue.bitPattern) } else { append(Float(v.doubleValue).bitPattern) }
                }
            }
        }
        return data
    }

    /// Writes the parameters of `model` to `url` atomically.
    /// - Throws: the file system's error.
    public static func save<Scalar: TensorScalar>(_ model: any Layer<Scalar>, to url: URL) throws {
        try encode(model).write(to: url, options: .atomic)
    }

    /// Reads parameters from `url` into `model` (every parameter of the model must be in the file, with its shape).
    /// - Throws: `NeuralNetworkError.fileFormat` for an unreadable or malformed file, a missing name or a shape
    ///   mismatch; the file system's error.
    public static func load<Scalar: TensorScalar>(_ model: any Layer<Scalar>, from url: URL) throws {
        try decode(Data(contentsOf: url), into: model)
    }

    /// Decodes `data` into `model` (see `load`).
    public static func decode<Scalar: TensorScalar>(_ data: Data, into model: any Layer<Scalar>) throws {
        let bytes = [UInt8](data)
        var offset = 0
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, offset + count <= bytes.count else {
                throw NeuralNetworkError.fileFormat("ModelFile: the file ends at byte \(bytes.count) but \(offset + count) are needed; it is truncated or not a model file")
            }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }
        func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let slice = try take(MemoryLayout<T>.size)
            return slice.reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        guard Array(try take(8)) == magic else {
            throw NeuralNetworkError.fileFormat("ModelFile: the file does not start with \"MFNNPARM\"; it is not a saved model")
        }
        let version = try integer(UInt32.self)
        guard version == 1 else { throw NeuralNetworkError.fileFormat("ModelFile: version \(version) is not supported (only 1)") }
        let count = Int(try integer(UInt32.self))
        var stored: [String: Tensor<Scalar>] = [:]
        for _ in 0..<count {
            let length = Int(try integer(UInt32.self))
            guard let name = String(bytes: try take(length), encoding: .utf8) else {
                throw NeuralNetworkError.fileFormat("ModelFile: a parameter name at byte \(offset - length) is not UTF-8")
            }
            let size = try integer(UInt8.self)
            guard size == 4 || size == 8 else { throw NeuralNetworkError.fileFormat("ModelFile: parameter \(name) has scalar size \(size); expected 4 or 8") }
            let rank = Int(try integer(UInt32.self))
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(Int(try integer(UInt64.self))) }
            let n = shape.reduce(1, *)
            var scalars: [Scalar] = []
            scalars.reserveCapacity(n)
            for _ in 0..<n {
                scalars.append(size == 8 ? Scalar(Double(bitPattern: try integer(UInt64.self)))
                                         : Scalar(Double(Float(bitPattern: try integer(UInt32.self)))))
            }
            stored[name] = try Tensor(shape: shape, scalars: scalars)
        }
        let parameters = model.namedParameters
        for (name, parameter) in parameters {
            guard let value = stored[name] else {
                throw NeuralNetworkError.fileFormat("ModelFile: the file has no parameter \(name) (it has \(stored.keys.sorted().joined(separator: ", "))); was it saved from another architecture?")
            }
            guard value.shape == parameter.shape else {
                throw NeuralNetworkError.fileFormat("ModelFile: parameter \(name) has shape \(value.shape) in the file but \(parameter.shape) in the model")
            }
        }
        for (name, parameter) in parameters { parameter.value = stored[name]! }
    }
}
