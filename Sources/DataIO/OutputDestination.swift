#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How an output path is written: replaced by a rename, written in place, or standard output.
///
/// Only a regular file (or a path that does not exist yet) can be replaced atomically by renaming a temporary
/// file over it. Anything else is written in place, as `cat > path` or `sort -o path` would:
///
///     -, /dev/stdout, /dev/fd/1          → .standardOutput
///     /dev/null, a FIFO, a terminal      → .inPlace   (open O_WRONLY | O_TRUNC, never created)
///     any path under /dev or /proc       → .inPlace
///     out.csv (absent or regular)        → .replace("out.csv")
///     link.csv → data/out.csv (symlink)  → .replace("data/out.csv")  (the link keeps pointing at the new file)
///
/// Renaming over `/dev/stdout` would replace the link itself (or fail), never reach the file behind it;
/// that is why paths under `/dev` and `/proc` are written in place even when they resolve to a regular file.
public enum OutputDestination: Equatable, Sendable {
    /// The process's standard output (file descriptor 1).
    case standardOutput
    /// An existing file that is not a regular file (a device, a FIFO), opened and written where it is.
    case inPlace(path: String)
    /// A regular file or a new path, written to a temporary file beside `path` and renamed over it.
    case replace(path: String)

    /// Classifies `path` (following symbolic links).
    ///
    /// - Throws: `DataIOError.missingDirectory` when the folder of a new path does not exist,
    ///   `DataIOError.writeFailed` when the path is a folder.
    public init(path: String) throws {
        if path == "-" || path == "/dev/stdout" || path == "/dev/fd/1" || path == "/proc/self/fd/1" {
            self = .standardOutput
            return
        }
        var status = stat()
        if stat(path, &status) == 0 {
            let kind = status.st_mode & S_IFMT
            if kind == S_IFDIR { throw DataIOError.writeFailed(path: path, reason: "it is a folder") }
            let resolved = Self.resolvedPath(path)
            if kind != S_IFREG || Self.isSystemPath(path) || Self.isSystemPath(resolved) {
                self = .inPlace(path: path)
            } else {
                self = .replace(path: resolved)
            }
            return
        }
        // A new path (or a dangling link, which the rename replaces): its folder must exist.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataIOError.missingDirectory(path: path, directory: directory)
        }
        if Self.isSystemPath(path) { throw DataIOError.writeFailed(path: path, reason: "no such device or file") }
        // The folder resolved, so two spellings of one new file (`a.csv`, `./a.csv`) give the same destination;
        // a dangling link is replaced itself.
        var linkStatus = stat()
        if lstat(path, &linkStatus) == 0 {
            self = .replace(path: path)
        } else {
            self = .replace(path: URL(fileURLWithPath: Self.resolvedPath(directory)).appendingPathComponent(
                URL(fileURLWithPath: path).lastPathComponent).path)
        }
    }

    /// Whether the file is replaced by a rename (regular files and new paths).
    public var isReplaced: Bool {
        if case .replace = self { return true }
        return false
    }

    /// `path` with every symbolic link resolved (`realpath(3)`), or `path` itself when that fails.
    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isSystemPath(_ path: String) -> Bool {
        path.hasPrefix("/dev/") || path.hasPrefix("/proc/")
    }
}
