#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes one output piece by piece (a stream of blocks whose total size is not known in advance) with the
/// all-or-nothing rule of `StagedFileWriter`: a regular file (or a new path) is written under a temporary name
/// beside it (`.NAME.PID.RANDOM.tmp`, created with `O_EXCL`) and renamed over it by `finish()`; standard output
/// (`-`) and devices or FIFOs are written in place as the pieces come (see `OutputDestination`).
///
/// ```swift
/// let output = try StreamingFileWriter(path: "out.csv")
/// try output.write(header); for block in blocks { try output.write(encode(block)) }
/// try output.finish()          // without it (an error on the way), `discard()` leaves out.csv as it was
/// ```
///
/// - Throws: `DataIOError.missingDirectory` / `.writeFailed` naming the path and the system's reason.
public final class StreamingFileWriter {
    private let path: String
    private var descriptor: Int32
    private let temporary: String?
    private let destination: String
    private var done = false

    /// Opens `path` for writing (`-`: standard output).
    public init(path: String) throws {
        self.path = path
        switch try OutputDestination(path: path) {
        case .standardOutput:
            descriptor = STDOUT_FILENO
            temporary = nil
            destination = path
        case let .inPlace(target):
            var fd: Int32
            repeat { fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC) } while fd < 0 && errno == EINTR
            guard fd >= 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
            descriptor = fd
            temporary = nil
            destination = target
        case let .replace(target):
            let (candidate, fd) = try StagedFileWriter.createTemporary(beside: target, shownAs: path)
            var status = stat()
            if stat(target, &status) == 0 { _ = fchmod(fd, status.st_mode & 0o7777) }
            descriptor = fd
            temporary = candidate
            destination = target
        }
    }

    deinit { if !done { discard() } }

    /// Appends `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        precondition(!done, "StreamingFileWriter: write after finish or discard")
        do {
            try StagedFileWriter.writeAll(descriptor, bytes, path: path)
        } catch {
            discard()
            throw error
        }
    }

    /// Flushes and closes the output; a regular file is renamed over its destination.
    public func finish() throws {
        guard !done else { return }
        done = true
        guard let temporary else {
            if descriptor != STDOUT_FILENO, close(descriptor) != 0 {
                throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError())
            }
            return
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let reason = FileBytes.systemError()
            unlink(temporary)
            throw DataIOError.writeFailed(path: path, reason: reason)
        }
        guard rename(temporary, destination) == 0 else {
            let reason = FileBytes.systemError()
            unlink(temporary)
            throw DataIOError.writeFailed(path: path, reason: reason)
        }
    }

    /// Abandons the output: a temporary file is removed and the destination left as it was (what was already
    /// written to standard output or a device stays written).
    public func discard() {
        guard !done else { return }
        done = true
        if descriptor != STDOUT_FILENO { close(descriptor) }
        if let temporary { unlink(temporary) }
    }
}
