#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Removes the temporary files this process is writing when it is stopped by a signal (Ctrl-C, `kill`, a closed
/// terminal), so an interrupted `dimred transform -o out.csv` leaves `out.csv` as it was and no
/// `.out.csv.PID.RANDOM.tmp` beside it.
///
/// `StagedFileWriter` and `StreamingFileWriter` register each temporary file from its creation until it is renamed
/// or removed. A program opts in once, at start, with `install()`; the handler unlinks every registered file and
/// then re-raises the signal with its default action, so the process still dies of that signal (exit status
/// 128 + signal number in a shell). Without `install()` registration costs a few stores and nothing else happens.
///
/// The handler does only async-signal-safe work (`unlink`, `signal`, `raise`) on storage allocated up front: a fixed
/// number of slots, each a `PATH_MAX` buffer and a `sig_atomic_t` flag. A path is copied into a free slot before the
/// slot is flagged, and the flag is cleared before the slot is reused, so the handler never reads a path that is
/// being written. Files beyond the slot count (more than 64 outputs at once) are simply not cleaned up.
public enum InterruptCleanup {
    /// The signals `install()` handles: SIGINT, SIGTERM, SIGHUP.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static let slotCount = 64
    private static let pathCapacity = Int(PATH_MAX)
    nonisolated(unsafe) private static let paths: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * pathCapacity)
        buffer.initialize(repeating: 0, count: slotCount * pathCapacity)
        return buffer
    }()
    nonisolated(unsafe) private static let inUse: UnsafeMutablePointer<sig_atomic_t> = {
        let flags = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: slotCount)
        flags.initialize(repeating: 0, count: slotCount)
        return flags
    }()
    private static let lock = NSLock()

    /// Installs the handler for `signals` (idempotent) and unblocks them in the calling thread. A signal the process
    /// ignores (`SIG_IGN`, e.g. SIGHUP under `nohup`) stays ignored. Unblocking matters for a program started from a
    /// thread that blocks them, as Dispatch's worker threads do: the child inherits that mask, and a `kill` would stay
    /// pending forever instead of stopping it.
    public static func install() {
        _ = paths
        _ = inUse
        var handled = sigset_t()
        sigemptyset(&handled)
        for signal in signals { sigaddset(&handled, signal) }
        pthread_sigmask(SIG_UNBLOCK, &handled, nil)
        for signal in signals {
            var previous = sigaction()
            guard sigaction(signal, nil, &previous) == 0 else { continue }
            let ignored = unsafeBitCast(SIG_IGN, to: Int.self)
            if let handler = previous.__sigaction_handler.sa_handler, unsafeBitCast(handler, to: Int.self) == ignored { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in InterruptCleanup.handle(received) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }

    /// Records `path` for removal on a signal; returns its slot for `unregister`, or nil when every slot is taken
    /// or the path is too long to store.
    static func register(_ path: String) -> Int? {
        let bytes = Array(path.utf8)
        guard bytes.count < pathCapacity else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let slot = (0..<slotCount).first(where: { inUse[$0] == 0 }) else { return nil }
        let target = paths + slot * pathCapacity
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { target.update(from: $0.baseAddress!, count: bytes.count) }
        }
        target[bytes.count] = 0
        inUse[slot] = 1
        return slot
    }

    /// Forgets the file in `slot` (after it was renamed over its destination or removed).
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        lock.lock()
        inUse[slot] = 0
        lock.unlock()
    }

    /// The signal handler: unlinks every registered file, restores the default action and re-raises.
    private static func handle(_ received: Int32) {
        for slot in 0..<slotCount where inUse[slot] != 0 {
            unlink(paths + slot * pathCapacity)
        }
        signal(received, SIG_DFL)
        raise(received)
    }
}
