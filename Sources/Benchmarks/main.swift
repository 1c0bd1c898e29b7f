import Foundation

// `make bench` runs this release-built executable. Each section prints a table with its baseline beside ours.
// Usage: mathfoundations-bench [--quick] [--markdown] [section ...], with the section names of the list below (all by
// default). The run starts with a header (date, CPU, OpenBLAS kernel and threads, Python baseline environment);
// `--markdown` ends it with the README's performance table built from this run's figures (`Summary`).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == CLIBenchmarks.libraryJobFlag {
    // The cli section runs the library's half of its comparison in a fresh process, as dimred runs.
    do { try CLIBenchmarks.libraryJob(Array(arguments.dropFirst())) } catch {
        FileHandle.standardError.write("mathfoundations-bench: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
    exit(0)
}
if arguments.first == ScaleBenchmarks.jobFlag || arguments.first == ScaleBenchmarks.trustworthinessFlag {
    // The scale section runs each large fit in a child process, so its peak memory is its own.
    do {
        if arguments.first == ScaleBenchmarks.jobFlag {
            try ScaleBenchmarks.job(Array(arguments.dropFirst()))
        } else {
            try ScaleBenchmarks.trustworthinessJob(Array(arguments.dropFirst()))
        }
    } catch {
        FileHandle.standardError.write("mathfoundations-bench: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
    exit(0)
}
let quick = arguments.contains("--quick")
let markdown = arguments.contains("--markdown")
let requested = Set(arguments.filter { !$0.hasPrefix("--") })
let sections: [(name: String, run: (Bool) throws -> Void)] = [
    ("linalg", LinearAlgebraBenchmarks.run),
    ("spectral", SpectralBenchmarks.run),
    ("manifold", ManifoldBenchmarks.run),
    ("spectral-embedding", SpectralEmbeddingBenchmarks.run),
    ("smacof", SMACOFBenchmarks.run),
    ("neighbors", NeighborsBenchmarks.run),
    ("knn-approximate", KNNApproximateBenchmarks.run),
    ("io", DataIOBenchmarks.run),
    ("model", ModelFileBenchmarks.run),
    ("resampling", ResamplingBenchmarks.run),
    ("autodiff", AutodiffBenchmarks.run),
    ("convolution", ConvolutionBenchmarks.run),
    ("networks", NeuralNetworkBenchmarks.run),
    ("optimization", OptimizationBenchmarks.run),
    ("cnn", CNNBenchmarks.run),
    ("cli", CLIBenchmarks.run),
    ("tsne", TSNEBenchmarks.run),
    ("umap", UMAPBenchmarks.run),
    ("scale", ScaleBenchmarks.run),
]
let unknown = requested.subtracting(sections.map(\.name))
if !unknown.isEmpty {
    FileHandle.standardError.write("mathfoundations-bench: unknown section \(unknown.sorted().joined(separator: ", ")); choose from \(sections.map(\.name).joined(separator: ", "))\n".data(using: .utf8)!)
    exit(2)
}
RunHeader.print()
for section in sections where requested.isEmpty || requested.contains(section.name) {
    do {
        try section.run(quick)
    } catch {
        FileHandle.standardError.write("mathfoundations-bench: \(section.name) failed: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
if markdown {
    print("\n" + Summary.markdown(sections: sections.map(\.name).filter { requested.isEmpty || requested.contains($0) }, quick: quick))
}
