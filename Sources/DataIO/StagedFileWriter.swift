#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes several files as one: either every destination gets its new contents, or none is touched.
///
/// ```swift
/// var outputs = StagedFileWriter()
/// outputs.add(embeddingBytes, to: "roll.csv")
/// outputs.add(svgText, to: "roll.svg")
/// try outputs.commit()
/// ```
///
/// `commit()` runs in three steps (see `OutputDestination` for which paths go where):
///
/// 1. every regular destination is written to a temporary file in its own folder (`.NAME.PID.RANDOM.tmp`,
///    created with `O_EXCL`, so it never clobbers anything), flushed with `fsync` and closed; the temporary
///    file gets the destination's permission bits when it exists, else `0666` minus the umask;
/// 2. destinations that cannot be renamed over (a device such as `/dev/null`, a FIFO, standard output)
///    are written in place;
/// 3. every temporary file is renamed over its destination (`rename(2)`, atomic within a file system).
///
/// A failure in step 1 or 2 removes every temporary file and leaves every regular destination as it was.
/// Step 3 fails only if the file system changes under the writer (a folder replaced, a disk unmounted);
/// the destinations renamed before the failure then hold their new contents and the rest their old ones.
public struct StagedFileWriter {
    private var files: [(path: String, bytes: [UInt8])] = []

    /// An empty set of outputs.
    public init() {}

    /// The paths added so far, in order.
    public var paths: [String] { files.map(\.path) }

    /// Adds `bytes` for `path` (`-`: standard output). Nothing is written before `commit()`.
    public mutating func add(_ bytes: [UInt8], to path: String) {
        files.append((path, bytes))
    }

    /// Adds the UTF-8 encoding of `text` for `path`.
    public mutating func add(_ text: String, to path: String) {
        add(Array(text.utf8), to: path)
    }

    /// Writes every added file, all or nothing (see the type's description).
    ///
    /// - Throws: `DataIOError.missingDirectory` when a folder does not exist; `DataIOError.writeFailed`
    ///   naming the path and the system's reason for any other failure (a folder in the way, permissions,
    ///   a full disk); `DataIOError.invalidArgument` when two added paths name the same destination.
    public func commit() throws {
        let destinations = try files.map { try OutputDestination(path: $0.path) }
        var seen: [String: String] = [:]
        for (file, destination) in zip(files, destinations) {
            guard case let .replace(target) = destination else { continue }
            if let other = seen[target] {
                throw DataIOError.invalidArgument(operation: "output \(file.path)",
                                                  message: "names the same file as \(other); give each output its own path")
            }
            seen[target] = file.path
        }
        var staged: [StagedFile] = []
        do {
            for (file, destination) in zip(files, destinations) {
                if case let .replace(target) = destination {
                    staged.append(try StagedFile(file.bytes, for: target, shownAs: file.path))
                }
            }
            for (file, destination) in zip(files, destinations) {
                switch destination {
                case .standardOutput: try Self.writeAll(STDOUT_FILENO, file.bytes, path: file.path)
                case let .inPlace(path): try Self.writeInPlace(file.bytes, to: path)
                case .replace: break
                }
            }
            while let next = staged.first {
                try next.rename()
                staged.removeFirst()
            }
        } catch {
            for file in staged { file.discard() }
            throw error
        }
    }

    /// Opens an existing non-regular file (a device, a FIFO) for writing, truncating it, and writes `bytes`.
    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws {
        var descriptor: Int32
        repeat { descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
        do {
            try writeAll(descriptor, bytes, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
    }

    /// Creates a new file beside `destination` named `.NAME.PID.RANDOM.tmp` (NAME capped at 200 bytes, so a
    /// destination name near NAME_MAX still has one), with `O_EXCL` so no existing file is ever opened; returns
    /// its path, open descriptor and `InterruptCleanup` slot (to unregister once it is renamed or removed).
    /// `shownAs` names the output in errors.
    static func createTemporary(beside destination: String, shownAs: String) throws
        -> (path: String, descriptor: Int32, cleanupSlot: Int?) {
        let url = URL(fileURLWithPath: destination)
        let name = String(decoding: Array(url.lastPathComponent.utf8.prefix(200)), as: UTF8.self)
        var generator = SystemRandomNumberGenerator()
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 {
            let suffix = String(generator.next() & 0xFFFF_FFFF, radix: 36)
            temporary = url.deletingLastPathComponent().appendingPathComponent(".\(name).\(getpid()).\(suffix).tmp").path
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 || (errno != EEXIST && errno != EINTR) { break }
        }
        guard descriptor >= 0 else { throw DataIOError.writeFailed(path: shownAs, reason: FileBytes.systemError()) }
        return (temporary, descriptor, InterruptCleanup.register(temporary))
    }

    /// Writes every byte to `descriptor`, retrying short writes and `EINTR`.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError())
                }
                offset += written
            }
        }
    }
}

/// The new contents of one regular file, written and flushed under a temporary name beside it.
private struct StagedFile {
    let destination: String
    let temporary: String
    let shownAs: String
    let cleanupSlot: Int?

    /// Creates the temporary file, writes `bytes`, copies the destination's permission bits, `fsync`s and closes it.
    init(_ bytes: [UInt8], for destination: String, shownAs: String) throws {
        self.destination = destination
        self.shownAs = shownAs
        let (temporary, descriptor, cleanupSlot) = try StagedFileWriter.createTemporary(beside: destination, shownAs: shownAs)
        self.temporary = temporary
        self.cleanupSlot = cleanupSlot
        do {
            try StagedFileWriter.writeAll(descriptor, bytes, path: shownAs)
            var status = stat()
            if stat(destination, &status) == 0 { _ = fchmod(descriptor, status.st_mode & 0o7777) }
            guard fsync(descriptor) == 0 else { throw DataIOError.writeFailed(path: shownAs, reason: FileBytes.systemError()) }
        } catch {
            close(descriptor)
            unlink(temporary)
            InterruptCleanup.unregister(cleanupSlot)
            throw error
        }
        guard close(descriptor) == 0 else {
            let reason = FileBytes.systemError()
            unlink(temporary)
            InterruptCleanup.unregister(cleanupSlot)
            throw DataIOError.writeFailed(path: shownAs, reason: reason)
        }
    }

    /// Renames the temporary file over the destination.
    func rename() throws {
        guard Glibc.rename(temporary, destination) == 0 else {
            throw DataIOError.writeFailed(path: shownAs, reason: FileBytes.systemError())
        }
        InterruptCleanup.unregister(cleanupSlot)
    }

    /// Removes the temporary file.
    func discard() {
        unlink(temporary)
        InterruptCleanup.unregister(cleanupSlot)
    }
}
