// swift-tools-version: 6.0
// MathFoundations: the mathematical foundations of data science on LAPACK/OpenBLAS.
// Modules and the direction of imports are described in README.md ("Architecture").
import PackageDescription

/// Every Swift target is compiled in the Swift 6 language mode (full data-race checking). The kernels that hand
/// raw buffers to `DispatchQueue.concurrentPerform` wrap them in LinearAlgebra's `UncheckedSendable`, which states the
/// rule they follow (disjoint index ranges per task, memory that outlives the parallel region).
let languageMode: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "MathFoundations",
    products: [
        .library(name: "MathFoundations", targets: ["MathFoundations"]),
        .executable(name: "dimred", targets: ["dimred"]),
        .executable(name: "mathfoundations-bench", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `make docs`: the DocC plugin (`swift package generate-documentation`); a build-time tool only, linked into no target.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .systemLibrary(name: "CSuiteSparse", providers: [.apt(["libsuitesparse-dev"])]),
        .systemLibrary(name: "CFFTW", providers: [.apt(["libfftw3-dev"])]),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"], swiftSettings: languageMode),
        .target(name: "DataIO", dependencies: ["LinearAlgebra"], swiftSettings: languageMode),
        .target(name: "Neighbors", dependencies: ["LinearAlgebra"], swiftSettings: languageMode),
        .target(name: "DimensionalityReduction", dependencies: ["LinearAlgebra", "Neighbors", "CSuiteSparse", "CFFTW"], swiftSettings: languageMode),
        .target(name: "Autodiff", dependencies: ["LinearAlgebra", "CLapack"], swiftSettings: languageMode),
        .target(name: "Optimization", dependencies: ["Autodiff", "LinearAlgebra"], swiftSettings: languageMode),
        .target(name: "NeuralNetworks", dependencies: ["Autodiff", "LinearAlgebra"], swiftSettings: languageMode),
        .target(name: "Resampling", dependencies: ["LinearAlgebra", "Neighbors"], swiftSettings: languageMode),
        .target(name: "Datasets", dependencies: ["LinearAlgebra", "DataIO"], swiftSettings: languageMode),
        .target(name: "HighDimensionalGeometry", dependencies: ["LinearAlgebra"], swiftSettings: languageMode),
        .target(name: "Plotting", dependencies: [], swiftSettings: languageMode),
        .target(
            name: "MathFoundations",
            dependencies: [
                "LinearAlgebra", "DataIO", "Neighbors", "DimensionalityReduction", "Autodiff", "Optimization",
                "NeuralNetworks", "Resampling", "Datasets", "HighDimensionalGeometry", "Plotting",
            ],
            swiftSettings: languageMode
        ),
        .executableTarget(
            name: "dimred",
            dependencies: ["MathFoundations", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: languageMode
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["MathFoundations"], swiftSettings: languageMode),
        .target(name: "TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/TestSupport", swiftSettings: languageMode),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"], swiftSettings: languageMode),
        .testTarget(
            name: "DataIOTests", dependencies: ["DataIO", "TestSupport"], exclude: ["Fixtures"], swiftSettings: languageMode
        ),
        .testTarget(name: "NeighborsTests", dependencies: ["Neighbors", "Datasets", "TestSupport"], swiftSettings: languageMode),
        .testTarget(
            name: "DimensionalityReductionTests",
            dependencies: ["DimensionalityReduction", "Datasets", "TestSupport"],
            swiftSettings: languageMode
        ),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "TestSupport"], swiftSettings: languageMode),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"], swiftSettings: languageMode),
        .testTarget(name: "NeuralNetworksTests", dependencies: ["NeuralNetworks", "Datasets", "TestSupport"], swiftSettings: languageMode),
        .testTarget(name: "ResamplingTests", dependencies: ["Resampling", "NeuralNetworks", "Datasets", "TestSupport"], swiftSettings: languageMode),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"], swiftSettings: languageMode),
        .testTarget(
            name: "HighDimensionalGeometryTests",
            dependencies: ["HighDimensionalGeometry", "DimensionalityReduction", "Neighbors", "TestSupport"],
            swiftSettings: languageMode
        ),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "TestSupport"], swiftSettings: languageMode),
        .testTarget(name: "dimredTests", dependencies: ["MathFoundations", "TestSupport"], swiftSettings: languageMode),
    ]
)

// notebooks-as-scripts/: one executable per worked example of the course (`swift run -c release NAME` writes its
// tables and SVG figures to output/NAME/; `--quick` shrinks the sizes), on a small shared support library.
let notebooks: [(name: String, modules: [Target.Dependency])] = [
    ("autodiff-exercise", ["Autodiff", "Plotting"]),
    ("forward-vs-reverse-cost", ["Autodiff", "LinearAlgebra", "Plotting"]),
    ("curse-of-dimensionality", ["HighDimensionalGeometry", "Plotting"]),
    ("pca-and-mds", ["Datasets", "DimensionalityReduction", "LinearAlgebra", "Plotting"]),
    ("manifold-gallery", ["Datasets", "DimensionalityReduction", "LinearAlgebra", "Plotting"]),
    ("imbalanced-smote", ["Datasets", "LinearAlgebra", "Plotting", "Resampling"]),
    ("activation-gallery", ["Autodiff", "NeuralNetworks", "Plotting"]),
    ("formal-neuron", ["NeuralNetworks", "Plotting"]),
    ("xor-initialization", ["LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("regression-optimizers", ["LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("stochastic-gradient-methods", ["LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("adaptive-optimizers", ["NeuralNetworks", "Plotting"]),
    ("learning-rate-schedules", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("initialization-depth", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("regularization", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("mlp-digits", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("line-search-and-newton", ["LinearAlgebra", "Optimization", "Plotting"]),
    ("adjoint-method", ["Autodiff", "LinearAlgebra", "Plotting"]),
    ("rbf-network", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("convolution", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("cnn-digits", ["Datasets", "LinearAlgebra", "NeuralNetworks", "Plotting"]),
    ("tsne-and-umap", ["Datasets", "DimensionalityReduction", "LinearAlgebra", "Plotting"]),
]
package.targets += [
    .target(name: "NotebookSupport", dependencies: ["DataIO", "Plotting"], path: "notebooks-as-scripts/NotebookSupport",
            swiftSettings: languageMode),
    .testTarget(name: "NotebooksTests", dependencies: [], swiftSettings: languageMode),
]
package.targets += notebooks.map { notebook in
    .executableTarget(name: notebook.name, dependencies: ["NotebookSupport"] + notebook.modules,
                      path: "notebooks-as-scripts/\(notebook.name)", swiftSettings: languageMode)
}
