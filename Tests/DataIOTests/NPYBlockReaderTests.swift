import DataIO
import Foundation
import LinearAlgebra
import Testing

/// Every block of `bytes`, handed to the reader `pieceSize` bytes at a time, and the blocks joined.
private func readAll(_ bytes: [UInt8], blockRows: Int, pieceSize: Int = .max,
                     blockBytes: Int = 1 << 25) throws -> (blocks: [Matrix], joined: Matrix) {
    let reader = try NPYBlockReader(bytes: bytes, source: "t.npy", blockRows: blockRows, blockBytes: blockBytes,
                                    pieceSize: pieceSize)
    var blocks: [Matrix] = []
    while let block = try reader.next() { blocks.append(block) }
    #expect(try reader.next() == nil)
    let joined = Matrix(rows: blocks.map(\.rows).reduce(0, +), columns: reader.columns, elements: blocks.flatMap(\.elements))
    return (blocks, joined)
}

/// The thrown message of reading every block of `bytes`, or `"no error"`.
private func streamMessage(_ bytes: [UInt8], pieceSize: Int = .max) -> String {
    thrownMessage { _ = try readAll(bytes, blockRows: 3, pieceSize: pieceSize) }
}

@Suite("NPY block reader")
struct NPYBlockReaderTests {
    /// A 7 × 3 matrix of small integers and halves, exact in every type below.
    static let small = Matrix(rows: 7, columns: 3, elements: (0..<21).map { Double($0 % 11) * 2 - 9 })

    @Test("blocks equal the whole-file read for every type, byte order, block size and read size")
    func blocksEqualWholeRead() throws {
        let unsigned = Matrix(rows: 7, columns: 3, elements: Self.small.elements.map { $0 + 9 })
        var cases: [(NPY.ScalarType, NPY.ByteOrder, Matrix)] = []
        for type in [NPY.ScalarType.float64, .float32, .int64, .int32, .int16, .int8] {
            for order in [NPY.ByteOrder.little, .big] { cases.append((type, order, Self.small)) }
        }
        for type in [NPY.ScalarType.uint64, .uint32, .uint16, .uint8] { cases.append((type, .big, unsigned)) }
        for (type, order, matrix) in cases {
            let bytes = try NPY.encode(matrix, as: type, byteOrder: order)
            // The whole-file reader is the reference, and both equal the matrix written (every value is exact).
            #expect(try NPY.decode(bytes) == matrix)
            for blockRows in [1, 2, 3, 7, 100] {
                for pieceSize in [1, 5, 64, Int.max] {
                    let (blocks, joined) = try readAll(bytes, blockRows: blockRows, pieceSize: pieceSize)
                    #expect(joined == matrix, "\(type) \(order) blockRows \(blockRows) pieceSize \(pieceSize)")
                    #expect(blocks.count == (7 + blockRows - 1) / blockRows)
                    #expect(blocks.dropLast().allSatisfy { $0.rows == blockRows })
                }
            }
        }
    }

    @Test("random float64 and float32 values: bit-equal to the whole-file read; a byte budget caps the block rows")
    func randomValuesAndByteBudget() throws {
        var generator = SystemRandomNumberGenerator()
        let matrix = Matrix(rows: 100, columns: 6, elements: (0..<600).map { _ in Double.random(in: -1e6...1e6, using: &generator) })
        for type in [NPY.ScalarType.float64, .float32] {
            let bytes = try NPY.encode(matrix, as: type)
            let whole = try NPY.decode(bytes)
            // 6 columns × 8 bytes × 4 rows = 192 bytes: blocks of 4 rows though 50 were asked for.
            let (blocks, joined) = try readAll(bytes, blockRows: 50, pieceSize: 13, blockBytes: 200)
            #expect(blocks.count == 25 && blocks.allSatisfy { $0.rows == 4 })
            #expect(joined.elements.map(\.bitPattern) == whole.elements.map(\.bitPattern))
        }
    }

    @Test("versions 2.0 and 3.0, 1-D and 0-D shapes, and bytes after the data read as the whole-file reader reads them")
    func versionsAndShapes() throws {
        let data = (0..<5).flatMap { withUnsafeBytes(of: Double($0).bitPattern.littleEndian, Array.init) }
        for version: UInt8 in [1, 2, 3] {
            let column = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }", version: version, data: data)
            #expect(try readAll(column, blockRows: 2).joined == Matrix(rows: 5, columns: 1, elements: [0, 1, 2, 3, 4]))
            let scalar = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", version: version, data: data)
            #expect(try readAll(scalar, blockRows: 2).joined == Matrix(rows: 1, columns: 1, elements: [0]))
            let trailing = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", version: version,
                                                  data: data)
            #expect(try readAll(trailing, blockRows: 1, pieceSize: 3).joined == NPY.decode(trailing))
        }
    }

    @Test("a header cut anywhere throws the whole-file reader's message; data cut anywhere names the byte offset")
    func truncation() throws {
        let bytes = NPY.encode(Self.small)
        let header = try NPY.parseHeader(bytes)
        #expect(header.dataOffset == 128)
        for cut in 0..<header.dataOffset {
            let prefix = Array(bytes[0..<cut])
            let expected = thrownMessage { _ = try NPY.decode(prefix, source: "t.npy") }
            #expect(expected != "no error")
            #expect(streamMessage(prefix, pieceSize: 7) == expected, "cut at \(cut)")
        }
        for cut in header.dataOffset..<bytes.count {
            let row = (cut - 128) / 24 + 1
            #expect(streamMessage(Array(bytes[0..<cut]), pieceSize: 5)
                == "t.npy: not a valid NPY file: the data ends at byte offset \(cut), inside row \(row) of 7: shape (7, 3) of '<f8' "
                + "needs 7 rows of 24 bytes after the 128-byte header; the file is truncated")
        }
        #expect(streamMessage(bytes) == "no error")
    }

    @Test("garbled headers: every single-byte change is refused exactly when the whole-file reader refuses it")
    func garbledHeaders() throws {
        let bytes = NPY.encode(Self.small)
        var refused = 0
        for position in 0..<128 {
            for replacement: UInt8 in [0x00, 0x20, 0x27, 0x28, 0x29, 0x31, 0x39, 0x46, 0x54, 0x7B, 0x7D, 0xFF] where bytes[position] != replacement {
                var changed = bytes
                changed[position] = replacement
                let whole = Result { try NPY.decode(changed, source: "t.npy") }
                let fortran = (try? NPY.parseHeader(changed))?.fortranOrder == true
                let streamed = Result { try readAll(changed, blockRows: 2, pieceSize: 17).joined }
                switch (whole, streamed) {
                case let (.success(a), .success(b)):
                    #expect(a == b, "byte \(position) = \(replacement)")
                case (.failure, .failure):
                    refused += 1
                case (.success, .failure(let error)):
                    // Only a Fortran-order array (which cannot be read in row blocks) or data now short of the shape.
                    let message = "\(error)"
                    #expect(fortran || message.contains("the file is truncated"), "byte \(position) = \(replacement): \(message)")
                case (.failure(let error), .success):
                    Issue.record("byte \(position) = \(replacement): the whole-file reader refuses (\(error)) but the stream reads")
                }
            }
        }
        #expect(refused > 500)
    }

    @Test("hostile sizes: a shape far beyond the data, an oversized header length, an overflowing shape, Fortran order")
    func hostileHeaders() throws {
        // 2^40 rows claimed, 24 bytes present: an error at offset 152, with no terabyte allocation on the way.
        let huge = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 3), }",
                                          data: [UInt8](repeating: 0, count: 24))
        #expect(streamMessage(huge).contains("the data ends at byte offset 152, inside row 2 of 1099511627776"))
        // A version-2 header length of 4 GiB is refused before any of it is read.
        var long = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", version: 2)
        long[8...11] = [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(streamMessage(long) == thrownMessage { _ = try NPY.decode(long, source: "t.npy") })
        #expect(streamMessage(long).contains("4294967295"))
        let overflow = NPYValidationTests.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }")
        #expect(streamMessage(overflow) == thrownMessage { _ = try NPY.decode(overflow, source: "t.npy") })
        let fortran = try NPY.encode(Self.small, as: .float64, order: .fortran)
        #expect(try NPY.decode(fortran) == Self.small)
        #expect(streamMessage(fortran).contains("Fortran (column-major) order"))
        // A Fortran-order column or row is the same bytes as C order, and streams.
        let column = try NPY.encode(Matrix(rows: 3, columns: 1, elements: [1, 2, 3]), as: .float64, order: .fortran)
        #expect(try readAll(column, blockRows: 2).joined == Matrix(rows: 3, columns: 1, elements: [1, 2, 3]))
        #expect(thrownMessage { _ = try NPYBlockReader(bytes: NPY.encode(Self.small), blockRows: 0) }.contains("blockRows = 0"))
    }

    @Test("round trip: a stream header, blocks of data bytes and the header rewritten with the count read back whole and in blocks")
    func roundTrip() throws {
        let blocks = [Matrix(rows: 2, columns: 3, elements: [1, -2, 3.5, 4e300, -5e-300, .pi]),
                      Matrix(rows: 1, columns: 3, elements: [0, -0.0, 7])]
        let provisional = NPY.streamHeader(rows: 0, columns: 3)
        var bytes = provisional + blocks.flatMap(NPY.dataBytes)
        let final = NPY.streamHeader(rows: 3, columns: 3)
        #expect(final.count == provisional.count && final.count % 64 == 0)
        #expect(NPY.streamHeader(rows: Int.max, columns: 3).count == provisional.count)
        bytes.replaceSubrange(0..<final.count, with: final)
        let expected = Matrix(rows: 3, columns: 3, elements: blocks.flatMap(\.elements))
        let whole = try NPY.decode(bytes)
        #expect(whole.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern))
        #expect(try readAll(bytes, blockRows: 2, pieceSize: 11).joined.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern))
        #expect(NPY.dataBytes(expected) == Array(NPY.encode(expected).dropFirst(128)))
    }

    @Test("an input stream's peeked bytes come again, so a CSV reader after a look for the NPY magic sees all the text")
    func peekThenRead() throws {
        let text = "a,b\n1,2\n3,4\n"
        let stream = InputByteStream(bytes: Array(text.utf8), pieceSize: 2)
        #expect(try stream.peek(NPY.magic.count) != NPY.magic)
        let reader = try CSVBlockReader(input: stream, blockRows: 10, chunkSize: 3)
        #expect(try reader.next()?.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
    }
}
