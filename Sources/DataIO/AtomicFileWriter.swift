import Foundation

/// Writes a whole file so that readers see either the old file or the complete new one, never a part.
///
/// The bytes go to a temporary file in the same folder (`.NAME.PID.RANDOM.tmp`, created with `O_EXCL` so it
/// never clobbers anything), are flushed to disk with `fsync`, and the temporary file is renamed over the
/// destination (`rename(2)` is atomic within one file system). On any failure the temporary file is removed
/// and the destination is left as it was. A new file gets mode `0666` minus the process umask, as a plain
/// `open` would give it; a replaced file keeps its permission bits; a symbolic link keeps pointing at the
/// (new) file behind it. The path `-` (or `/dev/stdout`) writes to standard output, and a file that is not a
/// regular file (`/dev/null`, a FIFO) is written in place, as `OutputDestination` describes.
///
/// This is `StagedFileWriter` with one file; use that type to write several files all or nothing.
public enum AtomicFileWriter {
    /// Writes `bytes` to `path` atomically (`-`: standard output).
    ///
    /// - Throws: `DataIOError.missingDirectory` when the folder does not exist, `DataIOError.writeFailed`
    ///   with the system's reason for any other failure (permissions, a full disk, the path is a folder).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        var writer = StagedFileWriter()
        writer.add(bytes, to: path)
        try writer.commit()
    }

    /// Writes the UTF-8 encoding of `text` to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `data` to `url` atomically.
    public static func write(_ data: Data, to url: URL) throws {
        try write([UInt8](data), to: url.path)
    }
}
