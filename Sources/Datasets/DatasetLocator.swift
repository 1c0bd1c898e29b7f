import Foundation

/// Finds the project's `datasets/` folder, which holds the bundled CSV files.
///
/// Search order: the folder named by the environment variable `MATHFOUNDATIONS_DATASETS`; `datasets/` beside
/// the running executable or in any folder above it (so `.build/release/dimred` finds the checkout's
/// `datasets/`); `../share/mathfoundations/datasets` from the executable's folder (where `make install` puts
/// them: `PREFIX/bin/dimred` finds `PREFIX/share/mathfoundations/datasets`); `datasets/` in the current
/// directory or any folder above it; and `datasets/` at the package root found from this source file's
/// compile-time path.
public enum DatasetLocator {
    /// The environment variable that overrides the search.
    public static let environmentVariable = "MATHFOUNDATIONS_DATASETS"

    /// Where `make install` puts the bundled files, relative to the folder holding the installed executable.
    public static let installedRelativePath = "../share/mathfoundations/datasets"

    /// The folders searched, in order, without duplicates.
    ///
    /// - Parameters:
    ///   - environment: the process environment (for `MATHFOUNDATIONS_DATASETS`).
    ///   - executable: the running program, symbolic links resolved by the caller's default.
    ///   - filePath: this source file's compile-time path (the package root is two folders above it).
    public static func candidateFolders(environment: [String: String] = ProcessInfo.processInfo.environment,
                                        executable: URL? = Bundle.main.executableURL?.resolvingSymlinksInPath(),
                                        filePath: String = #filePath) -> [URL] {
        var folders: [URL] = []
        if let override = environment[environmentVariable], !override.isEmpty {
            folders.append(URL(fileURLWithPath: override))
        }
        func walkUp(from start: URL) {
            var folder = start.standardizedFileURL
            for _ in 0..<8 {
                folders.append(folder.appendingPathComponent("datasets"))
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        if let executable {
            let folder = executable.deletingLastPathComponent()
            walkUp(from: folder)
            folders.append(folder.appendingPathComponent(installedRelativePath).standardizedFileURL)
        }
        walkUp(from: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        // Sources/Datasets/DatasetLocator.swift → the package root is two folders up.
        folders.append(URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("datasets"))
        var seen = Set<String>()
        return folders.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// The path of the bundled file `name` (e.g. `iris.csv`).
    ///
    /// - Throws: `DatasetError.fileNotFound` listing every folder searched.
    public static func locate(_ name: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let folders = candidateFolders(environment: environment)
        for folder in folders {
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        throw DatasetError.fileNotFound(file: name, searched: folders.map(\.path))
    }
}
