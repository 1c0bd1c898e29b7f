#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Writes a whole file so that readers see either the old file or the complete new one, never a part.
///
/// The bytes go to a temporary file in the same folder (`.NAME.PID.RANDOM.tmp`, created with `O_EXCL` so it
/// never clobbers anything), are flushed to disk with `fsync`, and the temporary file is renamed over the
/// destination (`rename(2)` is atomic within one file system). On any failure the temporary file is removed
/// and the destination is left as it was. The new file gets mode `0666` minus the process umask, as a plain
/// `open` would give it. The path `-` writes to standard output instead.
public enum AtomicFileWriter {
    /// Writes `bytes` to `path` atomically (`-`: standard output).
    ///
    /// - Throws: `DataIOError.missingDirectory` when the folder does not exist, `DataIOError.writeFailed`
    ///   with the system's reason for any other failure (permissions, a full disk, the path is a folder).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            try bytes.withUnsafeBytes { try writeAll(STDOUT_FILENO, $0, path: path) }
            return
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataIOError.missingDirectory(path: path, directory: directory)
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataIOError.writeFailed(path: path, reason: "it is a folder")
        }
        var generator = SystemRandomNumberGenerator()
        var temporary = ""
        var descriptor: Int32 = -1
        for _ in 0..<16 {
            let suffix = String(generator.next() & 0xFFFF_FFFF, radix: 36)
            temporary = url.deletingLastPathComponent()
                .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(suffix).tmp").path
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
        do {
            try bytes.withUnsafeBytes { try writeAll(descriptor, $0, path: path) }
            guard fsync(descriptor) == 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
            guard close(descriptor) == 0 else {
                descriptor = -1
                throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError())
            }
            descriptor = -1
            guard rename(temporary, path) == 0 else { throw DataIOError.writeFailed(path: path, reason: FileBytes.systemError()) }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    /// Writes the UTF-8 encoding of `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url.path)
    }

    private static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
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
