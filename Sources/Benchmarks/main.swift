import Foundation

// `make bench` runs this release-built executable. Each section prints a table with its baseline beside ours.
// Usage: mathfoundations-bench [--quick] [section ...]; sections: linalg, io, autodiff, networks.
let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let requested = Set(arguments.filter { !$0.hasPrefix("--") })
let sections: [(name: String, run: (Bool) throws -> Void)] = [
    ("linalg", LinearAlgebraBenchmarks.run),
    ("io", DataIOBenchmarks.run),
    ("autodiff", AutodiffBenchmarks.run),
    ("networks", NeuralNetworkBenchmarks.run),
]
let unknown = requested.subtracting(sections.map(\.name))
if !unknown.isEmpty {
    FileHandle.standardError.write("mathfoundations-bench: unknown section \(unknown.sorted().joined(separator: ", ")); choose from \(sections.map(\.name).joined(separator: ", "))\n".data(using: .utf8)!)
    exit(2)
}
for section in sections where requested.isEmpty || requested.contains(section.name) {
    do {
        try section.run(quick)
    } catch {
        FileHandle.standardError.write("mathfoundations-bench: \(section.name) failed: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
