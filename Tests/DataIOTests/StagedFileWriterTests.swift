import DataIO
import Foundation
import Testing

/// Several files written all or nothing; devices in place; a symbolic link kept.
@Suite("StagedFileWriter")
struct StagedFileWriterTests {
    @Test("a failing destination leaves every other one as it was and no temporary file behind")
    func allOrNothing() throws {
        let directory = try TemporaryDirectory()
        try AtomicFileWriter.write("old a\n", to: directory.path("a.csv"))
        try AtomicFileWriter.write("old b\n", to: directory.path("b.svg"))
        // /dev/full (open succeeds, write fails with ENOSPC) through a link, so a writer that renamed over its
        // destinations would replace the link, never the device.
        try FileManager.default.createSymbolicLink(atPath: directory.path("full"), withDestinationPath: "/dev/full")
        let before = try directory.contents()
        var outputs = StagedFileWriter()
        outputs.add("new a\n", to: directory.path("a.csv"))
        outputs.add("new b\n", to: directory.path("b.svg"))
        outputs.add("picture\n", to: directory.path("full"))
        #expect(throws: DataIOError.writeFailed(path: directory.path("full"), reason: "No space left on device")) { try outputs.commit() }
        #expect(try String(contentsOfFile: directory.path("a.csv"), encoding: .utf8) == "old a\n")
        #expect(try String(contentsOfFile: directory.path("b.svg"), encoding: .utf8) == "old b\n")
        #expect(try directory.contents() == before)
        // A folder in the way of the second file: the first is not replaced either.
        var blocked = StagedFileWriter()
        try FileManager.default.createDirectory(atPath: directory.path("dir.csv"), withIntermediateDirectories: false)
        blocked.add("new a\n", to: directory.path("a.csv"))
        blocked.add("x\n", to: directory.path("dir.csv"))
        #expect(throws: DataIOError.writeFailed(path: directory.path("dir.csv"), reason: "it is a folder")) { try blocked.commit() }
        #expect(try String(contentsOfFile: directory.path("a.csv"), encoding: .utf8) == "old a\n")
        // Two names for one file are refused.
        var twice = StagedFileWriter()
        twice.add("1\n", to: directory.path("a.csv"))
        twice.add("2\n", to: directory.path("./a.csv"))
        #expect(throws: DataIOError.self) { try twice.commit() }
        #expect(try String(contentsOfFile: directory.path("a.csv"), encoding: .utf8) == "old a\n")
        var twiceNew = StagedFileWriter()
        twiceNew.add("1\n", to: directory.path("new.csv"))
        twiceNew.add("2\n", to: directory.path("sub/../new.csv").replacingOccurrences(of: "sub/..", with: "."))
        #expect(throws: DataIOError.self) { try twiceNew.commit() }
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.csv")))
    }

    @Test("success replaces every file; /dev/null is written in place and stays a device; a name near NAME_MAX works")
    func success() throws {
        let directory = try TemporaryDirectory()
        let long = directory.path(String(repeating: "n", count: 250) + ".csv")
        var outputs = StagedFileWriter()
        outputs.add("a\n", to: directory.path("a.csv"))
        outputs.add("b\n", to: long)
        outputs.add("discarded\n", to: "/dev/null")
        try outputs.commit()
        #expect(try String(contentsOfFile: directory.path("a.csv"), encoding: .utf8) == "a\n")
        #expect(try String(contentsOfFile: long, encoding: .utf8) == "b\n")
        var status = stat()
        #expect(stat("/dev/null", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
        #expect(try OutputDestination(path: "/dev/null") == .inPlace(path: "/dev/null"))
        #expect(try OutputDestination(path: "/dev/stdout") == .standardOutput)
        #expect(try OutputDestination(path: directory.path("new.csv")) == .replace(path: directory.path("new.csv")))
    }
}
