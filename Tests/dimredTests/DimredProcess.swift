import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Runs the built `dimred` executable and captures what it prints.
///
/// The binary is found, in order: `$DIMRED_BINARY`; beside the test bundle (the products folder SwiftPM
/// builds into, e.g. `.build/debug`); `.build/debug/dimred` under the package root. `make test` builds it
/// before `swift test`; when it is missing the test fails and says how to build it (never skips).
enum DimredProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root (three folders above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL? {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["DIMRED_BINARY"] { candidates.append(URL(fileURLWithPath: path)) }
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("dimred"))
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("dimred"))
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("dimred"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/dimred"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs `dimred arguments...` in `directory` with `input` on standard input and `extra` added to the environment.
    static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil, environment extra: [String: String] = [:],
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        guard let binary else {
            Issue.record("the dimred binary was not found; build it first: swift build --product dimred (make test does)",
                         sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MATHFOUNDATIONS_DATASETS"] = packageRoot.appendingPathComponent("datasets").path
        environment.merge(extra) { _, new in new }
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        // @unchecked: written by the one reader task, read only after `group.wait()`.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension DimredProcess {
    /// A shell command started in the background (`/bin/sh -c`), with its standard output captured.
    final class Running {
        let process: Process
        let output: Pipe

        init(_ process: Process, _ output: Pipe) {
            self.process = process
            self.output = output
        }

        /// Waits for the command (at most `timeout` seconds, then stops it) and returns what it printed.
        func finish(timeout: Double = 20) -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { process.terminate() }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
        }
    }

    /// Starts `command` with `/bin/sh -c` in `directory` (for redirections and background readers).
    static func startShell(_ command: String, in directory: URL) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["MATHFOUNDATIONS_DATASETS"] = packageRoot.appendingPathComponent("datasets").path
        process.environment = environment
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return Running(process, output)
    }

    /// Runs `command` with `/bin/sh -c` in `directory`; its standard error is captured into `stderr`.
    static func runShell(_ command: String, in directory: URL) throws -> Result {
        let running = try startShell("(\(command)) 2>&1 1>/dev/null", in: directory)
        let result = running.finish()
        return Result(status: result.status, stdout: "", stderr: result.stdout)
    }
}

/// A fresh folder under the system's temporary directory, removed when the value is released.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("dimred-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Every name in the folder, hidden ones included.
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
}

/// Counts the elements of an XML document with Foundation's XMLParser; a parse error is reported.
final class XMLCounter: NSObject, XMLParserDelegate {
    private(set) var counts: [String: Int] = [:]
    private(set) var classes: [String: Int] = [:]
    private(set) var error: Error?

    init(_ text: String) {
        super.init()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = self
        if !parser.parse() && error == nil { error = parser.parserError }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
        if let name = attributes["class"] { classes[name, default: 0] += 1 }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}
