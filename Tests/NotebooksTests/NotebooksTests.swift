import Foundation
import Testing

// Runs every notebook of notebooks-as-scripts/ with --quick into a temporary folder and checks that it exits 0,
// wrote at least one SVG, and that every SVG it wrote is a complete document. The notebooks are separate
// executables: build them first (`swift build`, as `make test` does).

/// The notebooks, as named in Package.swift.
let notebookNames = [
    "autodiff-exercise",
    "forward-vs-reverse-cost",
    "curse-of-dimensionality",
    "pca-and-mds",
    "manifold-gallery",
    "imbalanced-smote",
    "activation-gallery",
    "formal-neuron",
    "xor-initialization",
    "regression-optimizers",
    "stochastic-gradient-methods",
    "adaptive-optimizers",
    "learning-rate-schedules",
    "initialization-depth",
    "regularization",
    "mlp-digits",
    "line-search-and-newton",
    "adjoint-method",
    "rbf-network",
    "convolution",
    "cnn-digits",
    "tsne-and-umap",
]

/// The folder holding the built executables: the test bundle's own build folder.
func productsFolder() -> URL {
    let candidates = [Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
                      URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    for folder in candidates where FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(notebookNames[0]).path) {
        return folder
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug")
}

@Test("Each notebook runs with --quick, exits 0 and writes complete SVG figures", arguments: notebookNames)
func notebookRunsQuick(name: String) throws {
    let executable = productsFolder().appendingPathComponent(name)
    try #require(FileManager.default.isExecutableFile(atPath: executable.path),
                 "\(executable.path) is missing: run `swift build` before `swift test` (make test does)")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(name)-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    let process = Process()
    process.executableURL = executable
    process.arguments = ["--quick", "--output", output.path]
    // The package root, so bundled data sets are found.
    process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(name)-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: log.path])
    }
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    #expect(process.terminationStatus == 0, "\(name) exited with \(process.terminationStatus):\n\(text.suffix(3000))")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []
    let figures = files.filter { $0.hasSuffix(".svg") }
    #expect(!figures.isEmpty, "\(name) wrote no SVG figure; it wrote \(files)")
    for figure in figures {
        let svg = try String(contentsOf: output.appendingPathComponent(figure), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"), "\(name): \(figure) is not a complete SVG document")
    }
}

@Test("Every folder of notebooks-as-scripts/ is a notebook this suite runs")
func everyNotebookIsRun() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notebooks-as-scripts")
    var isDirectory: ObjCBool = false
    let folders = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isDirectory) && isDirectory.boolValue
            && $0 != "NotebookSupport"
    }
    #expect(Set(folders) == Set(notebookNames), "folders \(folders.sorted()) differ from the tested notebooks \(notebookNames.sorted())")
}

@Test("A notebook refuses an unknown argument with exit status 2 and a message naming it")
func unknownArgumentIsRefused() throws {
    let executable = productsFolder().appendingPathComponent("formal-neuron")
    try #require(FileManager.default.isExecutableFile(atPath: executable.path), "run `swift build` before `swift test`")
    let process = Process()
    process.executableURL = executable
    process.arguments = ["--fast"]
    let pipe = Pipe()
    process.standardError = pipe
    process.standardOutput = Pipe()
    try process.run()
    let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(message.contains("unknown argument '--fast'"), "stderr: \(message)")
}
