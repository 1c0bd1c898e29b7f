// swift-tools-version: 5.4
// libFuzzer harnesses for the readers of untrusted files; README.md says how to build and run them.
//
// Tools version 5.4 on purpose: from 5.5 on, SwiftPM links every executable with `--defsym main=<Target>_main`
// (so tests can import executables), a symbol a harness built with `-parse-as-library` never defines; under
// 5.4 the harness links as a plain program whose `main` is libFuzzer's.
import Foundation
import PackageDescription

/// Every folder of Sources/ is one harness: an executable whose main.swift defines
/// `@_cdecl("LLVMFuzzerTestOneInput")`. Adding a harness is adding its folder; this manifest does not list them.
let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources").path
let harnesses = ((try? FileManager.default.contentsOfDirectory(atPath: sources)) ?? []).filter { !$0.hasPrefix(".") }.sorted()

let package = Package(
    name: "MathFoundationsFuzz",
    dependencies: [.package(name: "MathFoundations", path: "..")],
    targets: harnesses.map { name in
        .executableTarget(name: name, dependencies: [.product(name: "MathFoundations", package: "MathFoundations")])
    }
)
