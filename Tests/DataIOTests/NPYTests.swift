import DataIO
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("NPY reader and writer")
struct NPYTests {
    /// The fixtures were written by NumPy 2.4 (`np.save`, and `np.lib.format.write_array(version=(2, 0))`).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// (np.arange(12).reshape(3, 4) − 5) / 8: every value k/8 is exact in binary.
    static let arange = Matrix(rows: 3, columns: 4, elements: (0..<12).map { (Double($0) - 5) / 8 })

    @Test func readsArraysWrittenByNumPy() throws {
        #expect(try NPY.read(Self.fixture("c_float64.npy")) == Self.arange)
        #expect(try NPY.read(Self.fixture("fortran_bigendian_float64.npy")) == Self.arange)
        #expect(try NPY.read(Self.fixture("version2_float64.npy")) == Self.arange)
        // float32 values convert exactly: Double(Float(0.1)) is 0.10000000149011612.
        let float32 = try NPY.read(Self.fixture("float32.npy"))
        #expect(float32 == Matrix(rows: 2, columns: 2, elements: [Double(Float(0.1)), -2.5, Double(Float(3e-8)), 1e10]))
        #expect(float32[0, 0] == 0.10000000149011612)
        #expect(try NPY.read(Self.fixture("int32.npy")) == Matrix(rows: 2, columns: 3, elements: [-3, -2, -1, 0, 1, 2]))
        // A 1-D array of n values is an n × 1 matrix.
        #expect(try NPY.read(Self.fixture("int64_bigendian_1d.npy")) == Matrix(column: [1, -2, 1_099_511_627_776]))
        let header = try NPY.parseHeader([UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent("version2_float64.npy"))))
        #expect(header.version.major == 2 && header.shape == [3, 4] && header.dataOffset % 64 == 0)
    }

    @Test func writesTheSameBytesAsNumPy() throws {
        let numpy = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("c_float64.npy")))
        #expect(NPY.encode(Self.arange) == numpy)
        let fortran = [UInt8](try Data(contentsOf: Self.fixtures.appendingPathComponent("fortran_bigendian_float64.npy")))
        #expect(try NPY.encode(Self.arange, as: .float64, byteOrder: .big, order: .fortran) == fortran)
    }

    @Test func float64RoundTripIsBitExact() throws {
        var values = Matrix.randomNormal(rows: 7, columns: 5, seed: 11).elements
        values[0] = .nan
        values[1] = -0.0
        values[2] = .infinity
        values[3] = .leastNonzeroMagnitude
        values[4] = .greatestFiniteMagnitude
        let matrix = Matrix(rows: 7, columns: 5, elements: values)
        for byteOrder in [NPY.ByteOrder.little, .big] {
            for order in [NPY.Order.c, .fortran] {
                let decoded = try NPY.decode(NPY.encode(matrix, as: .float64, byteOrder: byteOrder, order: order))
                #expect(decoded.rows == 7 && decoded.columns == 5)
                #expect(decoded.elements.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
            }
        }
    }

    @Test(arguments: NPY.ScalarType.allCases)
    func everyTypeRoundTrips(type: NPY.ScalarType) throws {
        // Small integers fit every type (unsigned ones get non-negative values).
        let signed = type.rawValue.hasPrefix("i") || type.rawValue.hasPrefix("f")
        let matrix = Matrix(rows: 3, columns: 4) { i, j in Double(i * 4 + j) - (signed ? 5 : 0) }
        for byteOrder in [NPY.ByteOrder.little, .big] {
            for order in [NPY.Order.c, .fortran] {
                let bytes = try NPY.encode(matrix, as: type, byteOrder: byteOrder, order: order)
                #expect(bytes.count == NPY.parseHeaderLength(bytes) + 12 * type.size)
                #expect(try NPY.decode(bytes) == matrix)
            }
        }
    }

    @Test func integerTypesRejectValuesTheyCannotHold() {
        let matrix = Matrix(rows: 1, columns: 2, elements: [1, 2.5])
        #expect(throws: DataIOError.self) { try NPY.encode(matrix, as: .int32) }
        #expect(throws: DataIOError.self) { try NPY.encode(Matrix(rows: 1, columns: 1, elements: [300]), as: .uint8) }
    }

    @Test func headerIsPaddedToSixtyFourBytes() throws {
        for shape in [(1, 1), (3, 4), (2000, 50), (0, 3)] {
            let bytes = NPY.encode(Matrix(rows: shape.0, columns: shape.1, repeating: 1))
            let header = try NPY.parseHeader(bytes)
            #expect(header.dataOffset % 64 == 0)
            #expect(header.shape == [shape.0, shape.1] && header.descr == "<f8" && !header.fortranOrder)
            #expect(bytes[header.dataOffset - 1] == UInt8(ascii: "\n"))
        }
    }

    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func malformedFilesGiveTypedErrors() throws {
        let good = NPY.encode(Self.arange)
        // A header cut short: the declared length runs past the end of the file.
        let truncatedHeader = Array(good.prefix(40))
        #expect(throws: DataIOError.self) { try NPY.decode(truncatedHeader) }
        #expect(Self.message { _ = try NPY.decode(truncatedHeader, source: "x.npy") }
            == "x.npy: not a valid NPY file: the header declares 118 bytes but only 30 follow; the header is truncated")
        #expect(Self.message { _ = try NPY.decode(Array(good.prefix(7))) }.contains("fewer than the 10-byte preamble"))
        // Data cut short.
        #expect(Self.message { _ = try NPY.decode(Array(good.dropLast(8))) }.contains("needs 96 data bytes but only 88"))
        // Not NPY at all.
        #expect(Self.message { _ = try NPY.decode(Array("x,y\n1,2\n".utf8) + [UInt8](repeating: 32, count: 8)) }
            .contains("magic string"))
        // Unknown version.
        var version = good
        version[6] = 9
        #expect(Self.message { _ = try NPY.decode(version) }.contains("format version 9.0 is unknown"))
        // Unsupported dtype and shape: rewrite the header text in place (same length).
        func replacing(_ old: String, _ new: String) -> [UInt8] {
            let text = String(decoding: good, as: UTF8.self)
            precondition(old.count == new.count)
            return Array(good.prefix(10)) + Array(String(text.dropFirst(10).prefix(118)).replacingOccurrences(of: old, with: new).utf8)
                + Array(good.dropFirst(128))
        }
        let complex = replacing("'<f8'", "'<c8'")
        #expect(throws: DataIOError.unsupportedNPYType(source: "<memory>", descr: "<c8")) { try NPY.decode(complex) }
        let threeD = replacing("(3, 4), } ", "(3,2,2), }")
        #expect(throws: DataIOError.unsupportedNPYShape(source: "<memory>", shape: [3, 2, 2])) { try NPY.decode(threeD) }
        let garbled = replacing("'shape'", "'shapf'")
        #expect(Self.message { _ = try NPY.decode(garbled) }.contains("the header has the key 'shapf'"))
        let noShape = replacing("'shape': (3, 4), ", String(repeating: " ", count: 17))
        #expect(Self.message { _ = try NPY.decode(noShape) }.contains("no 'shape' tuple"))
        let broken = replacing("(3, 4)", "(3, x)")
        #expect(Self.message { _ = try NPY.decode(broken) }.contains("malformed header"))
    }

    @Test func writesAtomicallyAndReadsBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("embedding.npy")
        let matrix = Matrix.randomNormal(rows: 20, columns: 2, seed: 5)
        try NPY.write(matrix, to: path)
        #expect(try NPY.read(path) == matrix)
        #expect(try directory.contents() == ["embedding.npy"])
    }
}

extension NPY {
    /// The data offset of an encoded array (test helper).
    static func parseHeaderLength(_ bytes: [UInt8]) -> Int { (try? parseHeader(bytes).dataOffset) ?? -1 }
}
