import Foundation
import LinearAlgebra

/// Reads and writes NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), so matrices move to and from NumPy
/// without loss.
///
/// A file is the magic `\x93NUMPY`, the version, the header length (2 bytes in 1.0, 4 bytes from 2.0), a
/// Python dict literal `{'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }` padded with spaces to a
/// multiple of 64 bytes and ended by `\n`, then the raw values. Reference: NumPy Enhancement Proposal 1,
/// "A simple file format for NumPy arrays".
///
/// Reading accepts little- and big-endian float64, float32 and 8/16/32/64-bit signed and unsigned integers,
/// C (row-major) or Fortran (column-major) order, and 0-, 1- and 2-D shapes (a 1-D array of n values becomes
/// an n × 1 matrix). Writing produces version 1.0 (2.0 when the header would exceed 65 535 bytes).
public enum NPY {
    /// The element types this reader and writer handle.
    public enum ScalarType: String, Sendable, CaseIterable {
        /// IEEE 754 double (`f8`) and single (`f4`) precision.
        case float64 = "f8", float32 = "f4"
        /// Signed integers of 8, 4, 2 and 1 bytes.
        case int64 = "i8", int32 = "i4", int16 = "i2", int8 = "i1"
        /// Unsigned integers of 8, 4, 2 and 1 bytes.
        case uint64 = "u8", uint32 = "u4", uint16 = "u2", uint8 = "u1"

        /// Bytes per element.
        public var size: Int { Int(String(rawValue.dropFirst()))! }
    }

    /// The byte order of multi-byte elements.
    public enum ByteOrder: Sendable {
        /// Least significant byte first (`<`).
        case little
        /// Most significant byte first (`>`).
        case big
    }

    /// The memory order of a 2-D array: C is row-major, Fortran is column-major.
    public enum Order: Sendable {
        /// Row-major.
        case c
        /// Column-major.
        case fortran
    }

    /// The parsed header of an NPY file.
    public struct Header: Sendable, Equatable {
        /// The dtype string, e.g. `<f8`.
        public var descr: String
        /// The element type the dtype names.
        public var scalarType: ScalarType
        /// The byte order the dtype names (`<` little, `>` big).
        public var byteOrder: ByteOrder
        /// Whether the data is stored column-major (NumPy's `fortran_order`).
        public var fortranOrder: Bool
        /// The array's shape: `[]` for a scalar, `[n]` or `[rows, columns]`.
        public var shape: [Int]
        /// The format version `(major, minor)`.
        public var version: (major: UInt8, minor: UInt8)
        /// The offset of the first data byte.
        public var dataOffset: Int

        /// Headers are equal when their dtype, order and shape are (the version and data offset are layout only).
        public static func == (a: Header, b: Header) -> Bool {
            a.descr == b.descr && a.fortranOrder == b.fortranOrder && a.shape == b.shape
                && a.version == b.version && a.dataOffset == b.dataOffset
        }
    }

    /// The six bytes every `.npy` file starts with: `\x93NUMPY`.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Reads the `.npy` file at `path` (`-`: standard input) as a matrix of `Double`.
    ///
    /// - Throws: `DataIOError.unreadable`; `.invalidNPY` for a wrong magic, an unknown version, a truncated,
    ///   malformed or oversized header, a shape whose byte size overflows, or too few data bytes;
    ///   `.unsupportedNPYType`; `.unsupportedNPYShape` beyond 2-D; `.emptyNPY` for an array with no values.
    public static func read(_ path: String) throws -> Matrix {
        try decode(FileBytes.read(path), source: FileBytes.sourceName(path))
    }

    /// Decodes `.npy` bytes as a matrix of `Double` (integers and float32 convert exactly).
    ///
    /// The data size `rows × columns × itemsize` is computed with overflow checks and compared with the bytes
    /// that follow the header before anything is allocated.
    ///
    /// - Throws: as `read(_:)`, and `.emptyNPY` for an array with no values (a dimension is 0), which is no
    ///   data matrix.
    public static func decode(_ bytes: [UInt8], source: String = "<memory>") throws -> Matrix {
        let header = try parseHeader(bytes, source: source)
        let (rows, columns): (Int, Int)
        switch header.shape.count {
        case 0: (rows, columns) = (1, 1)
        case 1: (rows, columns) = (header.shape[0], 1)
        default: (rows, columns) = (header.shape[0], header.shape[1])
        }
        // parseHeader checked that rows × columns × itemsize fits an Int.
        let count = rows * columns
        guard count > 0 else { throw DataIOError.emptyNPY(source: source, shape: header.shape) }
        let size = header.scalarType.size
        let available = bytes.count - header.dataOffset
        guard count * size <= available else {
            throw DataIOError.invalidNPY(
                source: source,
                reason: "shape (\(header.shape.map(String.init).joined(separator: ", "))) of '\(header.descr)' needs "
                    + "\(count * size) data bytes but only \(available) follow the header; the file is truncated")
        }
        let swap = (header.byteOrder == .big) == (1.littleEndian == 1)
        var values = bytes.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: count) { out, initialized in
                let data = raw.baseAddress! + header.dataOffset
                if header.scalarType == .float64 && !swap {
                    memcpy(out.baseAddress!, data, count * 8)
                } else {
                    for k in 0..<count { out[k] = element(data + k * size, header.scalarType, swap: swap) }
                }
                initialized = count
            }
        }
        if header.fortranOrder && rows > 1 && columns > 1 {
            var rowMajor = [Double](repeating: 0, count: count)
            for j in 0..<columns {
                for i in 0..<rows { rowMajor[i * columns + j] = values[j * rows + i] }
            }
            values = rowMajor
        }
        return Matrix(rows: rows, columns: columns, elements: values)
    }

    @inline(__always)
    static func element(_ p: UnsafeRawPointer, _ type: ScalarType, swap: Bool) -> Double {
        switch type {
        case .float64:
            let bits = p.loadUnaligned(as: UInt64.self)
            return Double(bitPattern: swap ? bits.byteSwapped : bits)
        case .float32:
            let bits = p.loadUnaligned(as: UInt32.self)
            return Double(Float(bitPattern: swap ? bits.byteSwapped : bits))
        case .int64:
            let v = p.loadUnaligned(as: Int64.self)
            return Double(swap ? v.byteSwapped : v)
        case .int32:
            let v = p.loadUnaligned(as: Int32.self)
            return Double(swap ? v.byteSwapped : v)
        case .int16:
            let v = p.loadUnaligned(as: Int16.self)
            return Double(swap ? v.byteSwapped : v)
        case .int8: return Double(p.loadUnaligned(as: Int8.self))
        case .uint64:
            let v = p.loadUnaligned(as: UInt64.self)
            return Double(swap ? v.byteSwapped : v)
        case .uint32:
            let v = p.loadUnaligned(as: UInt32.self)
            return Double(swap ? v.byteSwapped : v)
        case .uint16:
            let v = p.loadUnaligned(as: UInt16.self)
            return Double(swap ? v.byteSwapped : v)
        case .uint8: return Double(p.loadUnaligned(as: UInt8.self))
        }
    }

    /// The longest header read, in bytes: NumPy's own default limit (`max_header_size` of `np.load`). A
    /// header of a 2-D array is 118 bytes; a longer one is refused before it is parsed.
    public static let maximumHeaderLength = 10_000

    /// Parses the preamble and header dict.
    ///
    /// The header is a dict with exactly the keys `descr` (a supported type code with an optional byte-order
    /// mark `<`, `>`, `|` or `=`), `fortran_order` (`True` or `False`) and `shape` (a tuple of at most two
    /// non-negative sizes whose product times the item size fits an `Int`), at most `maximumHeaderLength` bytes.
    ///
    /// - Throws: `DataIOError.invalidNPY`, `.unsupportedNPYType`, `.unsupportedNPYShape`.
    public static func parseHeader(_ bytes: [UInt8], source: String = "<memory>") throws -> Header {
        func invalid(_ reason: String) -> DataIOError { .invalidNPY(source: source, reason: reason) }
        guard bytes.count >= 10 else {
            throw invalid("the file has \(bytes.count) bytes, fewer than the 10-byte preamble; the header is truncated")
        }
        guard Array(bytes[0..<6]) == magic else {
            throw invalid("it does not start with the magic string \\x93NUMPY")
        }
        let major = bytes[6], minor = bytes[7]
        let lengthBytes: Int
        switch major {
        case 1: lengthBytes = 2
        case 2, 3: lengthBytes = 4
        default: throw invalid("format version \(major).\(minor) is unknown; versions 1.0, 2.0 and 3.0 are read")
        }
        guard bytes.count >= 8 + lengthBytes else {
            throw invalid("the file ends inside the header length field; the header is truncated")
        }
        var headerLength = 0
        for k in 0..<lengthBytes { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        guard headerLength <= maximumHeaderLength else {
            throw invalid("the header declares \(headerLength) bytes, more than the \(maximumHeaderLength) "
                + "NumPy reads by default (max_header_size); this is no array header")
        }
        let start = 8 + lengthBytes
        guard bytes.count >= start + headerLength else {
            throw invalid("the header declares \(headerLength) bytes but only \(bytes.count - start) follow; the header is truncated")
        }
        guard let text = String(bytes: bytes[start..<(start + headerLength)], encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw invalid("the header is not text")
        }
        var parser = NPYHeaderParser(text: text, source: source)
        let dict = try parser.parseDictionary()
        let shown = DataIOError.clip(text.trimmed, limit: 120)
        if let extra = dict.keys.sorted().first(where: { !["descr", "fortran_order", "shape"].contains($0) }) {
            throw invalid("the header has the key '\(DataIOError.clip(extra))'; an array header holds exactly 'descr', "
                + "'fortran_order' and 'shape' (structured or object arrays are not read): \(shown)")
        }
        guard case let .string(descr)? = dict["descr"] else { throw invalid("the header has no 'descr' string: \(shown)") }
        guard case let .bool(fortran)? = dict["fortran_order"] else {
            throw invalid("the header has no 'fortran_order' True/False: \(shown)")
        }
        guard case let .tuple(shape)? = dict["shape"] else { throw invalid("the header has no 'shape' tuple: \(shown)") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw invalid("the shape has a negative size: \(shown)") }
        guard shape.count <= 2 else { throw DataIOError.unsupportedNPYShape(source: source, shape: shape) }
        var typeCode = Substring(descr)
        var order: ByteOrder = 1.littleEndian == 1 ? .little : .big
        if let first = typeCode.first, "<>|=".contains(first) {
            if first == ">" { order = .big } else if first == "<" { order = .little }
            typeCode = typeCode.dropFirst()
        }
        guard let type = ScalarType(rawValue: String(typeCode)) else {
            throw DataIOError.unsupportedNPYType(source: source, descr: DataIOError.clip(descr))
        }
        var bytesNeeded = shape.contains(0) ? 0 : type.size
        for size in shape where bytesNeeded > 0 {
            let (product, overflow) = bytesNeeded.multipliedReportingOverflow(by: size)
            guard !overflow else {
                throw invalid("shape (\(shape.map(String.init).joined(separator: ", "))) of '\(descr)' needs more than "
                    + "\(Int.max) data bytes; the header is corrupt")
            }
            bytesNeeded = product
        }
        return Header(descr: descr, scalarType: type, byteOrder: order, fortranOrder: fortran, shape: shape,
                      version: (major, minor), dataOffset: start + headerLength)
    }
}

private extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
