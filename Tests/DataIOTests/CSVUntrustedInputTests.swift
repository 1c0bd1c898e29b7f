import DataIO
import LinearAlgebra
import Testing

/// Tables from elsewhere: text that is not UTF-8, NUL and control bytes, very wide headers and ragged rows give
/// one clear message each.
@Suite("CSV reader on untrusted bytes")
struct CSVUntrustedInputTests {
    static func parse(_ bytes: [UInt8], _ options: CSVReadOptions = CSVReadOptions()) throws -> CSVTable {
        try CSVReader.parse(bytes, source: "t.csv", options: options)
    }

    @Test func labelsThatAreNotUTF8AreAnErrorNotAMergedClass() throws {
        // Latin-1 "café" and "cafè" used to become the same label "caf\u{FFFD}".
        let latin1 = Array("x,label\n1,caf".utf8) + [0xE9] + Array("\n2,caf".utf8) + [0xE8] + [0x0A]
        #expect(thrownMessage { _ = try Self.parse(latin1, CSVReadOptions(labelColumn: .name("label"))) }
            == "t.csv:2: column 2: the text is not valid UTF-8; save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)")
        // Quoted labels go through the general path: same message.
        let quoted = Array("x,label\n1,\"ok\"\n2,\"b".utf8) + [0xFF] + Array("\"\n".utf8)
        #expect(thrownMessage { _ = try Self.parse(quoted, CSVReadOptions(labelColumn: .index(1))) }
            == "t.csv:3: column 2: the text is not valid UTF-8; save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)")
        // A header cell.
        let header = Array("a,b".utf8) + [0xC3] + Array("\n1,2\n".utf8)
        #expect(thrownMessage { _ = try Self.parse(header, CSVReadOptions(header: .present)) }
            == "t.csv:1: column 2: the text is not valid UTF-8; save the file as UTF-8 (for example: iconv -f latin1 -t utf-8)")
        // UTF-8 labels read as before.
        #expect(try Self.parse(Array("x,label\n1,café\n".utf8), CSVReadOptions(labelColumn: .index(1))).labels == ["café"])
    }

    @Test func controlBytesInMessagesAreShownEscaped() throws {
        let nul = Array("a,b\n1,".utf8) + [0x00, 0x1B] + Array("[2J\n".utf8)
        #expect(thrownMessage { _ = try Self.parse(nul) }
            == #"t.csv:2: column 2 ("b"): "\u{0}\u{1b}[2J" is not a number; fix the cell, or choose this column as the label column if it holds class names"#)
        // NUL as a label is data: kept as it is.
        let nulLabel = Array("x,label\n1,a".utf8) + [0x00] + Array("b\n".utf8)
        #expect((try? Self.parse(nulLabel, CSVReadOptions(labelColumn: .index(1))))?.labels == ["a\u{0}b"])
    }

    @Test func wideHeadersGiveShortMessages() throws {
        let names = (1...100_000).map { "c\($0)" }
        let text = names.joined(separator: ",") + "\n" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "\n"
        let table = try CSVReader.parse(text)
        #expect(table.features.columns == 100_000 && table.featureNames.last == "c100000")
        let message = thrownMessage { _ = try CSVReader.parse(text, options: CSVReadOptions(labelColumn: .name("label"))) }
        #expect(message.hasSuffix(#""c19", "c20" and 99980 more"#))
        #expect(message.count < 400)
    }

    @Test func raggedAndEmptyInputs() throws {
        #expect(thrownMessage { _ = try CSVReader.parse("1,2,3\n4,5\n", source: "t.csv") }
            == "t.csv:2: row has 2 fields but the first row has 3; every row needs the same number of columns")
        #expect(thrownMessage { _ = try CSVReader.parse("1,2\n4,5,6,7,8\n", source: "t.csv") }
            == "t.csv:2: row has 5 fields but the first row has 2; every row needs the same number of columns")
        #expect(throws: DataIOError.empty(source: "t.csv")) { try Self.parse([0xEF, 0xBB, 0xBF, 0x0A, 0x0D, 0x0A]) }
        #expect(throws: DataIOError.empty(source: "t.csv")) { try Self.parse([]) }
    }
}
