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
    private var cleanupSlot: Int?
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
            let (candidate, fd, slot) = try StagedFileWriter.createTemporary(beside: target, shownAs: path)
            cleanupSlot = slot
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

    /// Whether bytes already written can be overwritten (`overwrite(_:at:)`): only a regular file, written under
    /// its temporary name; standard output, a FIFO or a device cannot go back.
    public var canOverwrite: Bool { temporary != nil }

    /// Overwrites the bytes at `offset` (already written) with `bytes`, e.g. a header whose row count is known only
    /// at the end; later writes still append.
    ///
    /// - Precondition: `canOverwrite`, and `offset + bytes.count` within what was written.
    /// - Throws: `DataIOError.writeFailed` naming the path and the system's reason.
    public func overwrite(_ bytes: [UInt8], at offset: Int) throws {
        precondition(!done && canOverwrite, "StreamingFileWriter: overwrite needs an open regular file")
        var written = 0
        while written < bytes.count {
            let got = bytes.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress! + written, bytes.count - written, off_t(offset + written))
            }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                let reason = FileBytes.systemError()
                discard()
                throw DataIOError.writeFailed(path: path, reason: reason)
            }
            written += got
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
        defer { InterruptCleanup.unregister(cleanupSlot) }
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
        InterruptCleanup.unregister(cleanupSlot)
    }
}
