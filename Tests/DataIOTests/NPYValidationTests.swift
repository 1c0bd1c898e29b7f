import DataIO
import LinearAlgebra
import Testing

/// NPY headers are untrusted: sizes are checked with overflow checks against the bytes present before any
/// allocation, an array without values is refused, and the header's length, keys and sizes are bounded.
@Suite("NPY reader on untrusted headers")
struct NPYValidationTests {
    /// An NPY file: magic, version, little-endian header length, the header text padded to 64 bytes with `\n`, data.
    static func npy(_ dict: String, version: UInt8 = 1, padTo total: Int? = nil, data: [UInt8] = []) -> [UInt8] {
        let prefixLength = version == 1 ? 10 : 12
        var header = Array(dict.utf8)
        let unpadded = prefixLength + header.count + 1
        let length = total ?? ((unpadded + 63) / 64 * 64)
        header += [UInt8](repeating: 0x20, count: length - unpadded) + [0x0A]
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let count = header.count
        bytes += version == 1 ? [UInt8(count & 0xFF), UInt8(count >> 8)]
                              : [UInt8(count & 0xFF), UInt8((count >> 8) & 0xFF), UInt8((count >> 16) & 0xFF), UInt8(count >> 24)]
        return bytes + header + data
    }

    @Test func anArrayWithoutValuesIsNoMatrix() throws {
        // (0, 2^62) used to decode to a 0 × 2^62 matrix, whose column names the CLI then built one by one.
        let wide = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4611686018427387904), }")
        #expect(thrownMessage { _ = try NPY.decode(wide, source: "wide.npy") }
            == "wide.npy: NPY array of shape (0, 4611686018427387904) holds no values; a data matrix needs at least one row and one column")
        let tall = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 0), }")
        #expect(throws: DataIOError.emptyNPY(source: "<memory>", shape: [4611686018427387904, 0])) { try NPY.decode(tall) }
        let empty = NPY.encode(Matrix(rows: 0, columns: 3))
        #expect(throws: DataIOError.emptyNPY(source: "<memory>", shape: [0, 3])) { try NPY.decode(empty) }
        // The header alone still describes the array.
        #expect(try NPY.parseHeader(wide).shape == [0, 4_611_686_018_427_387_904])
    }

    @Test func shapeByteSizesAreOverflowChecked() throws {
        // 2^31 × 2^31 × 8 bytes overflows Int; the message says so instead of "needs more data bytes".
        let huge = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2147483648, 2147483648), }")
        #expect(thrownMessage { _ = try NPY.decode(huge) }
            == "<memory>: not a valid NPY file: shape (2147483648, 2147483648) of '<f8' needs more than 9223372036854775807 data bytes; the header is corrupt")
        // A shape that fits Int but not the file: refused before allocating.
        let truncated = Self.npy("{'descr': '<u1', 'fortran_order': True, 'shape': (1000000, 1000000), }", data: [1, 2, 3])
        #expect(thrownMessage { _ = try NPY.decode(truncated) }.hasSuffix("needs 1000000000000 data bytes but only 3 follow the header; the file is truncated"))
        // A size beyond Int is out of range, not "expected an integer".
        let beyond = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }")
        #expect(thrownMessage { _ = try NPY.decode(beyond) }.contains("the size 99999999999999999999 is out of range"))
    }

    @Test func headerLengthIsBounded() throws {
        // A version-2 header of 20 000 bytes (valid text, padded) is more than NumPy's max_header_size.
        let long = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", version: 2, padTo: 20_012,
                            data: [UInt8](repeating: 0, count: 8))
        #expect(thrownMessage { _ = try NPY.decode(long) }
            == "<memory>: not a valid NPY file: the header declares 20000 bytes, more than the 10000 NumPy reads by default (max_header_size); this is no array header")
        // Up to the limit it reads.
        let atLimit = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", version: 2, padTo: 10_012,
                               data: [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        #expect(try NPY.decode(atLimit) == Matrix(rows: 1, columns: 1, elements: [1]))
    }

    @Test func headerKeysAndTypesAreChecked() throws {
        let extra = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'names': 'x', }", data: [UInt8](repeating: 0, count: 8))
        #expect(thrownMessage { _ = try NPY.decode(extra) }.contains("the header has the key 'names'; an array header holds exactly 'descr', 'fortran_order' and 'shape'"))
        let fortranText = Self.npy("{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8))
        #expect(thrownMessage { _ = try NPY.decode(fortranText) }.contains("no 'fortran_order' True/False"))
        let complex = Self.npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 16))
        #expect(throws: DataIOError.unsupportedNPYType(source: "<memory>", descr: "<c16")) { try NPY.decode(complex) }
        let negative = Self.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }")
        #expect(thrownMessage { _ = try NPY.decode(negative) }.contains("the shape has a negative size"))
        // Every byte-order mark NumPy writes is read; '|' and '=' mean native order.
        for mark in ["<", "|", "="] {
            let one = Self.npy("{'descr': '\(mark)u1', 'fortran_order': False, 'shape': (2,), }", data: [7, 255])
            #expect((try? NPY.decode(one)) == Matrix(column: [7, 255]), "\(mark)")
        }
    }
}
