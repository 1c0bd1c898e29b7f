import Foundation

/// Progress messages on standard error for steps that take more than about a second.
///
/// A step that ends within `delay` prints nothing. A longer one shows, on a terminal, an animated bar with
/// the elapsed time, redrawn in place and replaced by a summary line at the end; when standard error is a
/// file or pipe, one plain line when it has run `delay` seconds and one when it ends. `--quiet` turns it
/// all off (no timer is even started).
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let isTerminal: Bool
    private let delay: Double
    private let lock = NSLock()

    init(quiet: Bool, delay: Double = 1.0) {
        enabled = !quiet
        isTerminal = isatty(STDERR_FILENO) == 1
        self.delay = delay
    }

    /// Writes one message line (unless quiet).
    func note(_ message: String) {
        guard enabled else { return }
        write("dimred: \(message)\n")
    }

    /// Runs `body` as the step `title`, reporting it if it takes longer than the delay.
    func step<T>(_ title: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        let state = StepState()
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + delay, repeating: isTerminal ? 0.1 : .infinity)
        timer.setEventHandler { [self] in
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock()
            defer { lock.unlock() }
            guard !state.finished else { return }
            if isTerminal {
                state.frame += 1
                write("\r\u{1B}[K" + Self.bar(frame: state.frame) + " \(title) " + Self.format(seconds))
            } else if !state.shown {
                write("dimred: \(title) ...\n")
            }
            state.shown = true
        }
        timer.resume()
        defer {
            timer.cancel()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock()
            state.finished = true
            if state.shown {
                write((isTerminal ? "\r\u{1B}[K" : "") + "dimred: \(title): done in \(Self.format(seconds))\n")
            }
            lock.unlock()
        }
        return try body()
    }

    private final class StepState: @unchecked Sendable {
        var finished = false
        var shown = false
        var frame = 0
    }

    /// An indeterminate bar: a block bouncing in a 20-cell track (`[    ███         ]`).
    static func bar(frame: Int) -> String {
        let width = 20, block = 4, span = width - block
        let position = frame % (2 * span) < span ? frame % span : span - frame % span
        return "[" + String(repeating: " ", count: position) + String(repeating: "█", count: block)
            + String(repeating: " ", count: span - position) + "]"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.1f s", seconds) }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
