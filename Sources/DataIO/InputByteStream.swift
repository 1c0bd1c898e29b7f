#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A byte source read front to back in pieces: a file, standard input (`-`) or bytes in memory, with a look at
/// the first bytes before a reader is chosen (`peek(_:)`), so `dimred transform -` can tell an NPY stream (it
/// starts with `\x93NUMPY`) from CSV text without reading, or buffering, the rest.
///
/// The block readers (`CSVBlockReader`, `NPYBlockReader`) take one; each read returns what the source has, so
/// memory stays bounded by the reader's own buffers.
///
/// - Throws: `DataIOError.unreadable` naming the source and the system's reason.
public final class InputByteStream {
    /// The name used in messages: the path, `<stdin>` or the given name of a memory buffer.
    public let source: String
    /// Whether the bytes come from standard input.
    public let isStandardInput: Bool
    private var readBytes: (UnsafeMutableRawBufferPointer) throws -> Int
    private var closeSource: (() -> Void)?
    /// Bytes read by `peek` and not yet handed out.
    private var pending: [UInt8] = []

    /// Opens the file at `path` (`-`: standard input).
    ///
    /// - Throws: `DataIOError.unreadable` when the file cannot be opened or is a folder.
    public init(path: String) throws {
        let source = FileBytes.sourceName(path)
        self.source = source
        isStandardInput = path == "-"
        var descriptor = STDIN_FILENO
        if path != "-" {
            repeat { descriptor = open(path, O_RDONLY | O_CLOEXEC) } while descriptor < 0 && errno == EINTR
            guard descriptor >= 0 else { throw DataIOError.unreadable(source: path, reason: FileBytes.systemError()) }
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                Glibc.close(descriptor)
                throw DataIOError.unreadable(source: path, reason: "it is a directory")
            }
        }
        let owned = path != "-"
        closeSource = { if owned { Glibc.close(descriptor) } }
        readBytes = { buffer in
            while true {
                let got = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else { throw DataIOError.unreadable(source: source, reason: FileBytes.systemError()) }
                return got
            }
        }
    }

    /// A stream over `bytes`, handed out at most `pieceSize` bytes per read, as a pipe would (tests and fuzzing
    /// use small pieces to cut records and headers at every place).
    public init(bytes: [UInt8], source: String = "<memory>", pieceSize: Int = .max) {
        self.source = source
        isStandardInput = false
        var position = 0
        let piece = max(1, pieceSize)
        readBytes = { buffer in
            let count = min(buffer.count, bytes.count - position, piece)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { whole in
                buffer.baseAddress!.copyMemory(from: whole.baseAddress! + position, byteCount: count)
            }
            position += count
            return count
        }
        closeSource = {}
    }

    deinit { close() }

    /// Closes the source (once); later reads return 0.
    public func close() {
        closeSource?()
        closeSource = nil
        readBytes = { _ in 0 }
    }

    /// Reads into `buffer`; returns the byte count, 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        if !pending.isEmpty {
            let count = min(buffer.count, pending.count)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) }
            pending.removeFirst(count)
            return count
        }
        return try readBytes(buffer)
    }

    /// Reads until `buffer` is full or the source ends; returns the byte count.
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < buffer.count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// Every byte still to come, read until the end (the buffer grows geometrically).
    public func readToEnd() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = try bytes.withUnsafeMutableBytes { try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[count...])) }
            if got == 0 { break }
            count += got
        }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// The first `count` bytes still to come (fewer when the source ends first), without consuming them: the next
    /// reads return them again.
    public func peek(_ count: Int) throws -> [UInt8] {
        while pending.count < count {
            var piece = [UInt8](repeating: 0, count: count - pending.count)
            let got = try piece.withUnsafeMutableBytes { try readBytes($0) }
            if got == 0 { break }
            pending.append(contentsOf: piece[0..<got])
        }
        return Array(pending.prefix(count))
    }
}
