import DataIO
import Foundation
import LinearAlgebra
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("CSV reader")
struct CSVReaderTests {
    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    @Test func headerLabelsAndDetection() throws {
        let text = "sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3,setosa\n6.3,2.5,virginica\n"
        let table = try CSVReader.parse(text, options: CSVReadOptions(labelColumn: .name("species")))
        #expect(table.hasHeader && table.delimiter == ",")
        #expect(table.features == Matrix(rows: 3, columns: 2, elements: [5.1, 3.5, 4.9, 3, 6.3, 2.5]))
        #expect(table.featureNames == ["sepal_length", "sepal_width"])
        #expect(table.labels == ["setosa", "setosa", "virginica"] && table.labelName == "species")
        #expect(table.lineNumbers == [2, 3, 4])
        #expect(table.labelCodes!.classes == ["setosa", "virginica"] && table.labelCodes!.codes == [0, 0, 1])
        // The same column by index, counted from the end.
        #expect(try CSVReader.parse(text, options: CSVReadOptions(labelColumn: .index(-1))) == table)
        #expect(CSVReadOptions.Column(parsing: "2") == .index(2) && CSVReadOptions.Column(parsing: "species") == .name("species"))
    }

    @Test func delimitersAreDetected() throws {
        let expected = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        for delimiter in ["\t", ";", "|", ","] {
            let text = ["a", "b", "c"].joined(separator: delimiter) + "\n1\(delimiter)2\(delimiter)3\n4\(delimiter)5\(delimiter)6\n"
            let table = try CSVReader.parse(text)
            #expect(table.features == expected && String(table.delimiter) == delimiter)
        }
        // Decimal commas in a semicolon file are not mistaken for delimiters when the delimiter is given.
        let given = try CSVReader.parse("1;2\n3;4\n", options: CSVReadOptions(delimiter: ";", header: .absent))
        #expect(given.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
    }

    @Test func headerlessFilesAndLabelColumnsWithoutHeader() throws {
        let numeric = try CSVReader.parse("1,2\n3,4\n")
        #expect(!numeric.hasHeader && numeric.featureNames == ["column1", "column2"])
        // A text label column in every row is not a header.
        let labelled = try CSVReader.parse("5.1,3.5,setosa\n4.9,3.0,versicolor\n",
                                           options: CSVReadOptions(labelColumn: .index(2)))
        #expect(!labelled.hasHeader && labelled.features.rows == 2 && labelled.labels == ["setosa", "versicolor"])
        #expect(Self.message { _ = try CSVReader.parse("1,2\n3,4\n", options: CSVReadOptions(labelColumn: .name("y"))) }
            == "<memory>: the label column \"y\" is given by name but the file has no header row; give its index instead")
        // A forced header.
        let forced = try CSVReader.parse("1,2\n3,4\n", options: CSVReadOptions(header: .present))
        #expect(forced.featureNames == ["1", "2"] && forced.features.rows == 1)
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let text = "x,\"y, the second\",name\n\"1.5\",2,\"a, b\"\n3,4,\"say \"\"hi\"\"\"\n5,6,\"two\nlines\"\n7,8,plain\n"
        let table = try CSVReader.parse(text, options: CSVReadOptions(labelColumn: .name("name")))
        #expect(table.featureNames == ["x", "y, the second"])
        #expect(table.features == Matrix(rows: 4, columns: 2, elements: [1.5, 2, 3, 4, 5, 6, 7, 8]))
        #expect(table.labels == ["a, b", "say \"hi\"", "two\nlines", "plain"])
        // The quoted line break makes the last record start on line 6.
        #expect(table.lineNumbers == [2, 3, 4, 6])
    }

    @Test func commentsBlankLinesCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}# produced by a tool\r\na,b\r\n\r\n1, 2\r\n# a comment\r\n  3 ,4\r\n"
        let table = try CSVReader.parse(text)
        #expect(table.featureNames == ["a", "b"])
        #expect(table.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]))
        #expect(table.lineNumbers == [4, 6])
    }

    @Test func errorsNameLineAndColumn() {
        #expect(Self.message { _ = try CSVReader.parse("a,b\n1,2\n# note\n3\n", source: "data.csv") }
            == "data.csv:4: row has 1 field but the first row has 2; every row needs the same number of columns")
        #expect(Self.message { _ = try CSVReader.parse("a,b\n1,2\n3,abc\n", source: "data.csv") }
            == "data.csv:3: column 2 (\"b\"): \"abc\" is not a number; fix the cell, or choose this column as the label column if it holds class names")
        #expect(Self.message { _ = try CSVReader.parse("a,b\n1,NaN\n", source: "d.csv") }
            == "d.csv:2: column 2 (\"b\"): \"NaN\" is not finite; impute or remove it, or drop such rows (nonFinite: .dropRow / --drop-nonfinite)")
        #expect(Self.message { _ = try CSVReader.parse("1,2\n,3\n", source: "d.csv") }.hasPrefix("d.csv:2: column 1: an empty cell (missing value)"))
        #expect(throws: DataIOError.nonFinite(source: "<memory>", line: 3, column: 1, columnName: "a", text: "-inf")) {
            try CSVReader.parse("a,b\n1,2\n-inf,3\n")
        }
        #expect(throws: DataIOError.empty(source: "e.csv")) { try CSVReader.parse("", source: "e.csv") }
        #expect(throws: DataIOError.empty(source: "e.csv")) { try CSVReader.parse("# nothing\n\n", source: "e.csv") }
        #expect(throws: DataIOError.empty(source: "e.csv")) { try CSVReader.parse("a,b\n", source: "e.csv") }
        #expect(throws: DataIOError.unterminatedQuote(source: "<memory>", line: 3)) {
            try CSVReader.parse("a,b\n1,2\n3,\"4\n5,6\n")
        }
        #expect(Self.message { _ = try CSVReader.parse("a,b\n1,2\n", options: CSVReadOptions(labelColumn: .name("c"))) }
            == "<memory>: no column named \"c\"; the header has \"a\", \"b\"")
        #expect(throws: DataIOError.columnOutOfRange(source: "<memory>", index: 5, columns: 2)) {
            try CSVReader.parse("1,2\n", options: CSVReadOptions(labelColumn: .index(5)))
        }
        #expect(throws: DataIOError.noNumericColumns(source: "<memory>")) {
            try CSVReader.parse("a\nx\n", options: CSVReadOptions(labelColumn: .index(0)))
        }
        #expect(Self.message { _ = try CSVReader.read("/nonexistent/folder/data.csv") }
            == "/nonexistent/folder/data.csv: cannot read the file (No such file or directory); check the path and its permissions")
    }

    @Test func nonFiniteRowsCanBeDropped() throws {
        let text = "a,b,c\n1,2,x\nnan,3,y\n4,,z\n5,inf,w\n6,7,v\n"
        let options = CSVReadOptions(labelColumn: .name("c"), nonFinite: .dropRow)
        let table = try CSVReader.parse(text, options: options)
        #expect(table.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 6, 7]))
        #expect(table.labels == ["x", "v"] && table.lineNumbers == [2, 6] && table.droppedRows == 3)
        // Or kept as values.
        let kept = try CSVReader.parse(text, options: CSVReadOptions(labelColumn: .name("c"), nonFinite: .keep))
        #expect(kept.features.rows == 5 && kept.features[1, 0].isNaN && kept.features[2, 1].isNaN)
        #expect(kept.features[3, 1] == .infinity && kept.droppedRows == 0)
        #expect(try CSVReader.parse("-Infinity,NA\n", options: CSVReadOptions(nonFinite: .keep)).features[0, 0] == -.infinity)
        #expect(throws: DataIOError.empty(source: "<memory>")) {
            try CSVReader.parse("a\nnan\n", options: CSVReadOptions(nonFinite: .dropRow))
        }
    }

    @Test func largeTablesAreSplitAcrossCoresInOrder() throws {
        // 20 000 rows take the parallel path; values and labels come back in order and bit-exact.
        let matrix = Matrix.randomNormal(rows: 20_000, columns: 3, seed: 9)
        let labels = (0..<20_000).map { "class \($0 % 7)" }
        let bytes = try CSVWriter.encode(matrix, columnNames: ["a", "b", "c"], labels: labels)
        let table = try CSVReader.parse(bytes, options: CSVReadOptions(labelColumn: .name("label")))
        #expect(table.features == matrix && table.labels == labels)
        // The first error in file order is reported, whichever core met it first.
        var text = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        text[15_001] = "1,2,oops,class 0"
        text[18_001] = "1,2"
        #expect(Self.message { _ = try CSVReader.parse(text.joined(separator: "\n"), options: CSVReadOptions(labelColumn: .name("label"))) }
            .hasPrefix("<memory>:15002: column 3 (\"c\"): \"oops\""))
    }

    @Test(arguments: 0..<8)
    func numbersParseExactlyAsStrtod(seed: Int) throws {
        // The reference is the C library's correctly rounded strtod; the texts cover the fast path (≤ 2⁵³),
        // the 128-bit path (up to 19 digits) and the strtod fallback (more digits, large exponents).
        var rng = SeededGenerator(seed: UInt64(seed))
        var texts: [String] = []
        for _ in 0..<400 {
            let value = (rng.nextNormal()) * pow(10, Double(Int(rng.nextUniform() * 16) - 8))
            texts.append(value.description)
            texts.append(String(format: "%.17g", value))
            texts.append(String(format: "%.6e", value))
            let digits = 1 + Int(rng.nextUniform() * 22)
            var mantissa = ""
            for _ in 0..<digits { mantissa.append(Character(String(Int(rng.nextUniform() * 10)))) }
            let point = Int(rng.nextUniform() * Double(digits + 1))
            let decimal = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            texts.append((rng.nextUniform() < 0.5 ? "-" : "") + decimal + "e\(Int(rng.nextUniform() * 70) - 35)")
        }
        texts += ["0", "-0", "0.0", "1e0", "9007199254740993", "0.1", "123456789012345678", "1.7976931348623157e308",
                  "4.9e-324", "2.2250738585072014e-308", ".5", "5.", "+3", "1E5", "0x1p-3", "18446744073709551615"]
        let table = try CSVReader.parse(texts.joined(separator: "\n"), options: CSVReadOptions(header: .absent))
        for (text, value) in zip(texts, table.features.elements) {
            let reference = strtod(text, nil)
            #expect(value.bitPattern == reference.bitPattern, "\(text)")
        }
    }

    @Test func decoratedCellsReadLikePlainOnes() throws {
        // Rows of plain numbers take a one-pass path; blanks, quotes, signs and long numbers take the general
        // path. Both must give the same values and labels, row by row, in one table.
        var rng = SeededGenerator(seed: 21)
        var plain = "a,b,c\n", decorated = "a,b,c\n"
        var expected: [Double] = [], labels: [String] = []
        for i in 0..<3000 {
            let a = (rng.nextNormal() * 1e6).rounded() / 1e3, b = rng.nextNormal()
            expected += [a, b]
            labels.append("k\(i % 5)")
            plain += "\(a),\(b),k\(i % 5)\n"
            switch i % 4 {
            case 0: decorated += " \(a) ,\"\(b)\",\"k\(i % 5)\"\n"
            case 1: decorated += "\(a >= 0 ? "+" : "")\(a),\(String(format: "%.30f", b)), k\(i % 5)\n"
            case 2: decorated += "\(a)e0,\(String(format: "%.25e", b)),k\(i % 5)\n"
            default: decorated += "\(a),\(b),k\(i % 5)\n"
            }
        }
        let options = CSVReadOptions(labelColumn: .name("c"))
        let first = try CSVReader.parse(plain, options: options)
        let second = try CSVReader.parse(decorated, options: options)
        #expect(first.features.elements == expected && first.labels == labels)
        #expect(second.features == first.features && second.labels == labels)
    }

    @Test func readsStandardInput() throws {
        // "-" reads standard input: point file descriptor 0 at a pipe for the duration of the test.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let saved = dup(STDIN_FILENO)
        defer {
            dup2(saved, STDIN_FILENO)
            close(saved)
        }
        let text = "x;y\n1;2\n3;4\n"
        _ = text.withCString { write(ends[1], $0, strlen($0)) }
        close(ends[1])
        dup2(ends[0], STDIN_FILENO)
        close(ends[0])
        let table = try CSVReader.read("-")
        #expect(table.features == Matrix(rows: 2, columns: 2, elements: [1, 2, 3, 4]) && table.featureNames == ["x", "y"])
        #expect(Self.message { _ = try CSVReader.parse("a\nzz\n", source: "<stdin>") }.hasPrefix("<stdin>:2: column 1"))
    }

    @Test func readsFilesFromDisk() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("table.tsv")
        try "u\tv\n1\t2\n".write(toFile: path, atomically: false, encoding: .utf8)
        let table = try CSVReader.read(path)
        #expect(table.features == Matrix(rows: 1, columns: 2, elements: [1, 2]) && table.delimiter == "\t")
        #expect(Self.message { _ = try CSVReader.read(directory.url.path) }.contains("it is a directory"))
    }
}
