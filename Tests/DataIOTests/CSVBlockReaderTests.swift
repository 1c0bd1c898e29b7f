import DataIO
import Foundation
import LinearAlgebra
import Testing

/// Every block of `text` read `chunkSize` bytes at a time, concatenated.
private func readAll(_ text: String, options: CSVReadOptions = CSVReadOptions(), keep: [CSVReadOptions.Column] = [],
                     blockRows: Int, chunkSize: Int) throws -> (reader: CSVBlockReader, blocks: [CSVBlockReader.Block]) {
    let reader = try CSVBlockReader(bytes: Array(text.utf8), options: options, keepColumns: keep, blockRows: blockRows,
                                    chunkSize: chunkSize)
    var blocks: [CSVBlockReader.Block] = []
    while let block = try reader.next() { blocks.append(block) }
    #expect(try reader.next() == nil)
    return (reader, blocks)
}

private func joined(_ blocks: [CSVBlockReader.Block], columns: Int) -> Matrix {
    Matrix(rows: blocks.map(\.features.rows).reduce(0, +), columns: columns, elements: blocks.flatMap(\.features.elements))
}

@Suite("CSV block reader")
struct CSVBlockReaderTests {
    /// Quoted fields with delimiters, doubled quotes and line breaks; CRLF; a comment and a blank line; no final newline.
    static let awkward = "id,\"a, first\",b,name\r\n"
        + "r1,1.5,2,\"plain\"\r\n"
        + "# a comment line, \"with quotes\"\r\n"
        + "r2,-3,4e-3,\"two\nlines, and \"\"quotes\"\"\"\r\n"
        + "\r\n"
        + "\"r,3\",5,6,x\r\n"
        + "r4,7,8,\"ends without newline\""

    @Test("blocks equal the whole-file reader for every chunk and block size, cuts inside quotes included")
    func matchesWholeFileReader() throws {
        // By hand: lines 1 (header), 2, 3 (comment), 4–5 (a quoted line break), 6 (blank), 7, 8.
        let labels = ["plain", "two\nlines, and \"quotes\"", "x", "ends without newline"]
        for chunkSize in [1, 2, 3, 5, 8, 13, 64, 4096] {
            for blockRows in [1, 2, 3, 100] {
                let (reader, blocks) = try readAll(Self.awkward, options: CSVReadOptions(labelColumn: .name("name")),
                                                   keep: [.name("id")], blockRows: blockRows, chunkSize: chunkSize)
                #expect(blocks.allSatisfy { $0.features.rows <= blockRows && $0.features.rows > 0 })
                #expect(reader.hasHeader && reader.delimiter == ",")
                #expect(reader.featureNames == ["a, first", "b"] && reader.keptNames == ["id"] && reader.labelName == "name")
                #expect(joined(blocks, columns: 2) == Matrix(rows: 4, columns: 2, elements: [1.5, 2, -3, 4e-3, 5, 6, 7, 8]))
                #expect(blocks.flatMap(\.kept) == ["r1", "r2", "r,3", "r4"])
                #expect(blocks.flatMap { $0.labels ?? [] } == labels)
                #expect(blocks.flatMap(\.lineNumbers) == [2, 4, 7, 8], "chunk \(chunkSize), block \(blockRows)")
            }
        }
    }

    @Test("a numeric table: same matrix as CSVReader, header detected or absent, many blocks")
    func numericTable() throws {
        var text = "x,y,z\n"
        for i in 0..<257 { text += "\(Double(i) * 0.1),\(-Double(i)),\(Double(i * i) / 7)\n" }
        let reference = try CSVReader.parse(text)
        let (reader, blocks) = try readAll(text, blockRows: 16, chunkSize: 100)
        #expect(reader.featureNames == ["x", "y", "z"] && reader.hasHeader)
        #expect(blocks.count == 17)
        #expect(joined(blocks, columns: 3) == reference.features)
        // Without its header line the first row is data.
        let body = String(text.drop { $0 != "\n" }.dropFirst())
        let (headless, rows) = try readAll(body, blockRows: 100, chunkSize: 7)
        #expect(!headless.hasHeader && headless.featureNames == ["column1", "column2", "column3"])
        #expect(joined(rows, columns: 3) == reference.features)
    }

    @Test("errors name the right line in later blocks; empty and header-only input are refused")
    func errors() throws {
        var text = "a,b\n"
        for i in 0..<50 { text += "\(i),\(i)\n" }
        text += "51,oops\n"
        let reader = try CSVBlockReader(bytes: Array(text.utf8), blockRows: 8, chunkSize: 16)
        var message = ""
        do { while try reader.next() != nil {} } catch { message = "\(error)" }
        #expect(message.hasPrefix("<memory>:52: column 2"), "\(message)")
        #expect(message.contains("oops"))
        for empty in ["", "\n\n", "a,b\n"] {
            let reader = try CSVBlockReader(bytes: Array(empty.utf8), blockRows: 4, chunkSize: 3)
            #expect(throws: DataIOError.self) { _ = try reader.next() }
        }
        let ragged = try CSVBlockReader(bytes: Array("1,2\n3,4\n5\n".utf8), blockRows: 1, chunkSize: 2)
        #expect(throws: DataIOError.raggedRow(source: "<memory>", line: 3, fields: 1, expected: 2)) {
            while try ragged.next() != nil {}
        }
        let open = try CSVBlockReader(bytes: Array("1,2\n3,\"4\n".utf8), blockRows: 1, chunkSize: 2)
        #expect(throws: DataIOError.unterminatedQuote(source: "<memory>", line: 2)) {
            while try open.next() != nil {}
        }
        let unknown = try CSVBlockReader(bytes: Array("a,b\n1,2\n".utf8), keepColumns: [.name("id")])
        #expect(throws: DataIOError.unknownColumn(source: "<memory>", name: "id", available: ["a", "b"])) {
            _ = try unknown.next()
        }
    }

    @Test("a file and standard-input style reads give the same blocks as memory")
    func fileSource() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("block-reader-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.awkward.utf8).write(to: URL(fileURLWithPath: path))
        let file = try CSVBlockReader(path: path, options: CSVReadOptions(labelColumn: .index(-1)), keepColumns: [.index(0)],
                                      blockRows: 2, chunkSize: 5)
        var blocks: [CSVBlockReader.Block] = []
        while let block = try file.next() { blocks.append(block) }
        let memory = try readAll(Self.awkward, options: CSVReadOptions(labelColumn: .index(-1)), keep: [.index(0)],
                                 blockRows: 2, chunkSize: 5).blocks
        #expect(blocks == memory)
        #expect(throws: DataIOError.self) { _ = try CSVBlockReader(path: path + ".missing") }
    }
}
