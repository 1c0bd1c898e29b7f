import LinearAlgebra

extension NPY {
    /// The `.npy` bytes of `matrix` as a 2-D array (shape `(rows, columns)`).
    ///
    /// float64 in C order and little-endian byte order by default, which reads back bit-exact; float32 rounds
    /// to nearest. Integer types need every value to be an integer within the type's range.
    ///
    /// - Throws: `DataIOError.invalidArgument` naming the first value an integer type cannot hold exactly.
    public static func encode(_ matrix: Matrix, as type: ScalarType, byteOrder: ByteOrder = .little,
                              order: Order = .c) throws -> [UInt8] {
        var bytes = preamble(rows: matrix.rows, columns: matrix.columns, type: type, byteOrder: byteOrder, order: order)
        let count = matrix.rows * matrix.columns
        let size = type.size
        let offset = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count * size))
        let swap = (byteOrder == .big) == (1.littleEndian == 1)
        try bytes.withUnsafeMutableBytes { raw in
            let data = raw.baseAddress! + offset
            for k in 0..<count {
                let index = order == .c ? k : (k % matrix.rows) * matrix.columns + k / matrix.rows
                let value = matrix.elements[index]
                let p = data + k * size
                switch type {
                case .float64:
                    let bits = value.bitPattern
                    p.storeBytes(of: swap ? bits.byteSwapped : bits, as: UInt64.self)
                case .float32:
                    let bits = Float(value).bitPattern
                    p.storeBytes(of: swap ? bits.byteSwapped : bits, as: UInt32.self)
                case .int64: p.storeBytes(of: try integer(value, Int64.self, k, matrix).swapped(swap), as: Int64.self)
                case .int32: p.storeBytes(of: try integer(value, Int32.self, k, matrix).swapped(swap), as: Int32.self)
                case .int16: p.storeBytes(of: try integer(value, Int16.self, k, matrix).swapped(swap), as: Int16.self)
                case .int8: p.storeBytes(of: try integer(value, Int8.self, k, matrix), as: Int8.self)
                case .uint64: p.storeBytes(of: try integer(value, UInt64.self, k, matrix).swapped(swap), as: UInt64.self)
                case .uint32: p.storeBytes(of: try integer(value, UInt32.self, k, matrix).swapped(swap), as: UInt32.self)
                case .uint16: p.storeBytes(of: try integer(value, UInt16.self, k, matrix).swapped(swap), as: UInt16.self)
                case .uint8: p.storeBytes(of: try integer(value, UInt8.self, k, matrix), as: UInt8.self)
                }
            }
        }
        return bytes
    }

    /// The `.npy` bytes of `matrix` as little-endian float64 in C order (bit-exact).
    public static func encode(_ matrix: Matrix) -> [UInt8] {
        // float64 never throws: every Double is representable.
        (try? encode(matrix, as: .float64)) ?? []
    }

    /// The data bytes of `matrix` without a header: little-endian float64 in C order, as `encode(_:)` writes
    /// them after its header (a streamed file appends one block after another behind `streamHeader`).
    public static func dataBytes(_ matrix: Matrix) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: matrix.elements.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (k, value) in matrix.elements.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: k * 8, as: UInt64.self)
            }
        }
        return bytes
    }

    /// Writes `matrix` to `path` atomically (`-`: standard output).
    ///
    /// - Throws: the errors of `encode(_:as:byteOrder:order:)` and `AtomicFileWriter.write(_:to:)`.
    public static func write(_ matrix: Matrix, to path: String, as type: ScalarType = .float64,
                             byteOrder: ByteOrder = .little, order: Order = .c) throws {
        try AtomicFileWriter.write(encode(matrix, as: type, byteOrder: byteOrder, order: order), to: path)
    }

    /// The header of a little-endian float64 C-order array of `columns` columns whose row count is not known
    /// yet: the row count is written right-aligned in a field of 19 characters (`'shape': (        1000000, 2)`,
    /// which NumPy reads as any tuple), so the header for the final count has the same length and can overwrite
    /// the first one in place when the last row is written. The data follows at `streamHeader(...).count`.
    ///
    /// - Precondition: `0 <= rows`, `columns >= 0`.
    public static func streamHeader(rows: Int, columns: Int) -> [UInt8] {
        precondition(rows >= 0 && columns >= 0, "NPY.streamHeader: negative size")
        return preamble(rows: rows, columns: columns, type: .float64, byteOrder: .little, order: .c, rowDigits: 19)
    }

    /// The magic, version, header length and padded header dict; the row count is right-aligned in `rowDigits`
    /// characters when it is shorter.
    static func preamble(rows: Int, columns: Int, type: ScalarType, byteOrder: ByteOrder, order: Order,
                         rowDigits: Int = 0) -> [UInt8] {
        let orderMark = type.size == 1 ? "|" : (byteOrder == .little ? "<" : ">")
        let rowText = String(rows)
        let rowField = String(repeating: " ", count: max(0, rowDigits - rowText.count)) + rowText
        let dict = "{'descr': '\(orderMark)\(type.rawValue)', 'fortran_order': \(order == .fortran ? "True" : "False"), "
            + "'shape': (\(rowField), \(columns)), }"
        var version: UInt8 = 1
        var lengthBytes = 2
        var total = 6 + 2 + lengthBytes + dict.utf8.count + 1
        if total + 63 > 65_535 + 10 {
            version = 2
            lengthBytes = 4
            total = 6 + 2 + lengthBytes + dict.utf8.count + 1
        }
        let padding = (64 - total % 64) % 64
        let headerLength = dict.utf8.count + padding + 1
        var bytes = magic + [version, 0]
        for k in 0..<lengthBytes { bytes.append(UInt8((headerLength >> (8 * k)) & 0xFF)) }
        bytes.append(contentsOf: dict.utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private static func integer<T: FixedWidthInteger>(_ value: Double, _ type: T.Type, _ k: Int, _ matrix: Matrix) throws -> T {
        guard let exact = T(exactly: value) else {
            throw DataIOError.invalidArgument(
                operation: "NPY.encode",
                message: "value \(value) cannot be stored exactly as \(T.self); round it first or write float64")
        }
        return exact
    }
}

private extension FixedWidthInteger {
    func swapped(_ swap: Bool) -> Self { swap ? byteSwapped : self }
}
