#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Whole-file reads as bytes, with `-` meaning standard input.
enum FileBytes {
    /// The name used in messages for standard input.
    static let standardInputName = "<stdin>"

    /// The display name of a path: `<stdin>` for `-`, else the path itself.
    static func sourceName(_ path: String) -> String { path == "-" ? standardInputName : path }

    /// Every byte of the file at `path`, or of standard input when `path` is `-`.
    ///
    /// - Throws: `DataIOError.unreadable` naming the path and the system's reason.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" { return try readAll(descriptor: STDIN_FILENO, source: standardInputName, sizeHint: 1 << 16) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DataIOError.unreadable(source: path, reason: systemError()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DataIOError.unreadable(source: path, reason: systemError()) }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw DataIOError.unreadable(source: path, reason: "it is a directory")
        }
        return try readAll(descriptor: descriptor, source: path, sizeHint: max(Int(status.st_size), 0) + 1)
    }

    /// Reads until end of file, growing the buffer geometrically.
    private static func readAll(descriptor: Int32, source: String, sizeHint: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 4096))
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw DataIOError.unreadable(source: source, reason: systemError())
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// The text of the current `errno`.
    static func systemError() -> String { String(cString: strerror(errno)) }
}
