import Foundation
import LinearAlgebra

/// Reads a C-order `.npy` array (a file, standard input for `-`, or any `InputByteStream`) in blocks of rows, so
/// an array of any length is processed in memory bounded by the block size: `next()` returns the next rows as a
/// matrix of `Double`, `nil` after the last.
///
/// The header is read and validated by `NPY.parseHeader` (versions 1.0, 2.0, 3.0; at most
/// `NPY.maximumHeaderLength` bytes; float64, float32 and the 8/16/32/64-bit integer types in either byte order;
/// a shape of at most two sizes whose byte size fits an `Int`). A 1-D array of n values is n rows of one column,
/// a 0-D array one value. The input is untrusted: memory grows with the bytes that actually arrive, never with
/// the size the header claims, and data that ends early is an error naming the byte offset where it ended.
/// Bytes after the last row are ignored, as `NPY.decode` does.
///
/// ```swift
/// let reader = try NPYBlockReader(path: "huge.npy")      // or "-" for standard input
/// while let block = try reader.next() { use(block) }       // block: up to blockRows × reader.columns
/// ```
///
/// - Complexity: O(bytes) time; O(block rows × columns) memory, whatever the array's length.
/// - Throws: from `init`, `DataIOError.unreadable`, `.invalidNPY` (bad magic or version, a truncated, oversized or
///   malformed header, Fortran order, a shape whose size overflows), `.unsupportedNPYType`, `.unsupportedNPYShape`,
///   `.emptyNPY`, `.invalidArgument` for a block size below 1; from `next()`, `.invalidNPY` when the data ends
///   before the shape's last row, and `.unreadable`.
public final class NPYBlockReader {
    /// The validated header.
    public let header: NPY.Header
    /// Rows of the array (the first size of the shape; 1 for a 0-D array).
    public let rows: Int
    /// Columns of the array (the second size; 1 for a 0-D or 1-D array).
    public let columns: Int
    /// Rows per block: `blockRows`, fewer when a block of that many rows would exceed `blockBytes` as doubles
    /// (at least 1).
    public let rowsPerBlock: Int
    /// The name used in messages.
    public var source: String { input.source }

    private let input: InputByteStream
    private let rowBytes: Int
    private let swap: Bool
    private var rowsRead = 0
    private var buffer: [UInt8] = []

    /// A reader of the file at `path` (`-`: standard input).
    public convenience init(path: String, blockRows: Int = 65_536, blockBytes: Int = 1 << 25) throws {
        try self.init(input: InputByteStream(path: path), blockRows: blockRows, blockBytes: blockBytes)
    }

    /// A reader of `.npy` bytes in memory, handed out `pieceSize` bytes at a time as a pipe would.
    public convenience init(bytes: [UInt8], source: String = "<memory>", blockRows: Int = 65_536,
                            blockBytes: Int = 1 << 25, pieceSize: Int = .max) throws {
        try self.init(input: InputByteStream(bytes: bytes, source: source, pieceSize: pieceSize),
                      blockRows: blockRows, blockBytes: blockBytes)
    }

    /// A reader of `input`, which must start with the `.npy` magic; reads and validates the header now.
    ///
    /// - Parameters:
    ///   - input: the byte stream, positioned at the `.npy` magic.
    ///   - blockRows: the most rows per block (at least 1).
    ///   - blockBytes: the most bytes of one block's doubles (`rows × columns × 8`); a row wider than this is
    ///     still read, one row per block.
    public init(input: InputByteStream, blockRows: Int = 65_536, blockBytes: Int = 1 << 25) throws {
        self.input = input
        let source = input.source
        guard blockRows >= 1, blockBytes >= 1 else {
            input.close()
            throw DataIOError.invalidArgument(operation: "NPYBlockReader",
                                              message: "blockRows = \(blockRows) and blockBytes = \(blockBytes) must be at least 1")
        }
        do {
            header = try Self.readHeader(input)
        } catch {
            input.close()
            throw error
        }
        switch header.shape.count {
        case 0: (rows, columns) = (1, 1)
        case 1: (rows, columns) = (header.shape[0], 1)
        default: (rows, columns) = (header.shape[0], header.shape[1])
        }
        guard rows > 0 && columns > 0 else {
            input.close()
            throw DataIOError.emptyNPY(source: source, shape: header.shape)
        }
        guard !(header.fortranOrder && rows > 1 && columns > 1) else {
            input.close()
            throw DataIOError.invalidNPY(
                source: source,
                reason: "it is stored in Fortran (column-major) order ('fortran_order': True), so each row is spread over "
                    + "the whole file and cannot be read in row blocks; save it in C order (numpy.save(path, "
                    + "numpy.ascontiguousarray(a))), or read it whole (NPY.read, or a .npy file path rather than a stream)")
        }
        // parseHeader checked that rows × columns × itemsize fits an Int.
        rowBytes = columns * header.scalarType.size
        rowsPerBlock = max(1, min(blockRows, blockBytes / 8 / columns))
        swap = (header.byteOrder == .big) == (1.littleEndian == 1)
    }

    deinit { input.close() }

    /// Reads the preamble, then exactly the header length it declares, and parses them with `NPY.parseHeader`.
    private static func readHeader(_ input: InputByteStream) throws -> NPY.Header {
        var bytes = try read(input, count: 10)
        if bytes.count == 10, bytes[6] == 2 || bytes[6] == 3, Array(bytes[0..<6]) == NPY.magic {
            bytes += try read(input, count: 2)
        }
        let lengthBytes = bytes.count >= 7 && bytes[6] != 1 ? 4 : 2
        guard bytes.count >= 8 + lengthBytes, Array(bytes[0..<6]) == NPY.magic else {
            return try NPY.parseHeader(bytes, source: input.source)  // throws the preamble's error
        }
        var headerLength = 0
        for k in 0..<lengthBytes { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        if headerLength > NPY.maximumHeaderLength { return try NPY.parseHeader(bytes, source: input.source) }
        bytes += try read(input, count: headerLength)
        return try NPY.parseHeader(bytes, source: input.source)
    }

    private static func read(_ input: InputByteStream, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withUnsafeMutableBytes { try input.readFully(into: $0) }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// The next block of at most `rowsPerBlock` rows (`rowsPerBlock × columns`), `nil` after the last row.
    ///
    /// - Throws: `DataIOError.invalidNPY` naming the byte offset where the data ended, when it ends before the
    ///   shape's last row; `.unreadable`.
    public func next() throws -> Matrix? {
        guard rowsRead < rows else { input.close(); return nil }
        let wanted = min(rowsPerBlock, rows - rowsRead)
        let needed = wanted * rowBytes
        // Grow with the bytes that arrive, so a header that claims more than the file holds costs nothing.
        var filled = 0
        while filled < needed {
            if filled == buffer.count {
                let size = min(needed, max(buffer.count * 2, 1 << 16))
                buffer.append(contentsOf: repeatElement(0, count: size - buffer.count))
            }
            let end = min(needed, buffer.count)
            let got = try buffer.withUnsafeMutableBytes { raw in
                try input.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled..<end]))
            }
            if got == 0 {
                input.close()
                let offset = header.dataOffset + rowsRead * rowBytes + filled
                let shape = header.shape.map(String.init).joined(separator: ", ")
                throw DataIOError.invalidNPY(
                    source: source,
                    reason: "the data ends at byte offset \(offset), inside row \(rowsRead + filled / rowBytes + 1) of \(rows): "
                        + "shape (\(shape)) of '\(header.descr)' needs \(rows) rows of \(rowBytes) bytes after the "
                        + "\(header.dataOffset)-byte header; the file is truncated")
            }
            filled += got
        }
        let count = wanted * columns
        let type = header.scalarType, size = type.size, swap = self.swap
        let values = buffer.withUnsafeBytes { raw in
            [Double](unsafeUninitializedCapacity: count) { out, initialized in
                let data = raw.baseAddress!
                if type == .float64 && !swap {
                    memcpy(out.baseAddress!, data, count * 8)
                } else {
                    for k in 0..<count { out[k] = NPY.element(data + k * size, type, swap: swap) }
                }
                initialized = count
            }
        }
        rowsRead += wanted
        return Matrix(rows: wanted, columns: columns, elements: values)
    }
}
