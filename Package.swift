// swift-tools-version: 6.0
// MathFoundations: the mathematical foundations of data science on LAPACK/OpenBLAS.
// Modules and the direction of imports are described in README.md ("Architecture").
import PackageDescription

/// Every Swift target is compiled in the Swift 5 language mode: the numerical kernels hand raw buffers to
/// `DispatchQueue.concurrentPerform`, which the Swift 6 data-race checker rejects without a wrapper per call.
let languageMode: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "MathFoundations",
    products: [
        .library(name: "MathFoundations", targets: ["MathFoundations"]),
        .executable(name: "dimred", targets: ["dimred"]),
        .executable(name: "mathfoundations-bench", targets: ["Benchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"], swiftSettings: languageMode),
        .target(name: "MathFoundations", dependencies: ["LinearAlgebra"], swiftSettings: languageMode),
        .executableTarget(
            name: "dimred",
            dependencies: ["MathFoundations", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: languageMode
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["MathFoundations"], swiftSettings: languageMode),
        .target(name: "TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/TestSupport", swiftSettings: languageMode),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"], swiftSettings: languageMode),
    ]
)
