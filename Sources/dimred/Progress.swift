import Foundation
import MathFoundations

/// Progress messages on standard error for steps that take more than about a second.
///
/// A step that ends within `delay` prints nothing. A longer one shows, on a terminal, a bar redrawn in place
/// every 0.1 s and replaced by a summary line at the end: while the library reports a phase of the step
/// (`ProgressReporter`: "neighbours", "shortest paths", "eigensolver", …) the bar is filled to the phase's
/// fraction, with the percentage, the step count where the phase counts steps, the elapsed time and an
/// estimate of the time left in the phase (`ETA`, from the phase's elapsed time and fraction, once 1 % is
/// done); without a phase, an indeterminate bar. When standard error is a file or pipe: one plain line when
/// the step has run `delay` seconds, one line per phase from then on, and one when it ends. `--quiet` turns
/// it all off (no timer is started and the library gets `.silent`).
///
/// The delay is 1 s, or `DIMRED_PROGRESS_DELAY` seconds when that is set (0 shows every step).
final class Progress: @unchecked Sendable {  // @unchecked: immutable settings; step state is shared under `lock`
    private let enabled: Bool
    private let isTerminal: Bool
    private let delay: Double
    private let lock = NSLock()

    init(quiet: Bool, delay: Double? = nil, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        enabled = !quiet
        self.isTerminal = isTerminal
        let configured = ProcessInfo.processInfo.environment["DIMRED_PROGRESS_DELAY"].flatMap(Double.init)
        self.delay = delay ?? configured.map { Swift.max($0, 0) } ?? 1.0
    }

    /// Writes one message line (unless quiet).
    func note(_ message: String) {
        guard enabled else { return }
        write("dimred: \(message)\n")
    }

    /// Runs `body` as the step `title`, reporting it if it takes longer than the delay.
    func step<T>(_ title: String, _ body: () throws -> T) rethrows -> T {
        try step(title) { (_: ProgressReporter) in try body() }
    }

    /// Runs `body` as the step `title`, handing it a `ProgressReporter` whose phases the bar (or the phase
    /// lines) show; `.silent` when quiet.
    func step<T>(_ title: String, _ body: (ProgressReporter) throws -> T) rethrows -> T {
        guard enabled else { return try body(.silent) }
        let state = StepState(start: Self.now)
        let reporter = ProgressReporter { [self] update in
            lock.lock()
            defer { lock.unlock() }
            guard !state.finished else { return }
            if update.phase != state.phase {
                (state.phase, state.phaseStart) = (update.phase, Self.now)
                state.fraction = update.fraction
                state.step = update.step
                if state.shown {   // each phase is drawn at least once, however short
                    write(isTerminal ? "\r\u{1B}[K" + Self.line(title: title, state: state, now: Self.now)
                                     : "dimred: \(title): \(update.phase)\n")
                }
            }
            state.fraction = update.fraction
            state.step = update.step
        }
        // Shows the step (and its phase so far) once it has run `delay`; on a terminal, redraws the bar.
        func show() {
            guard !state.finished else { return }
            if isTerminal {
                state.frame += 1
                write("\r\u{1B}[K" + Self.line(title: title, state: state, now: Self.now))
            } else if !state.shown {
                write("dimred: \(title) ...\n")
                if let phase = state.phase { write("dimred: \(title): \(phase)\n") }
            }
            state.shown = true
        }
        if delay == 0 { show() }   // at once, so even a step shorter than the timer's first tick is shown
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + (delay == 0 && isTerminal ? 0.1 : delay), repeating: isTerminal ? 0.1 : .infinity)
        timer.setEventHandler { [self] in
            lock.lock()
            defer { lock.unlock() }
            show()
        }
        timer.resume()
        defer {
            timer.cancel()
            lock.lock()
            state.finished = true
            if state.shown {
                write((isTerminal ? "\r\u{1B}[K" : "") + "dimred: \(title): done in \(Self.format(Self.now - state.start))\n")
            }
            lock.unlock()
        }
        return try body(reporter)
    }

    /// What the timer and the reporter share about one step (under `lock`).
    final class StepState: @unchecked Sendable {  // @unchecked: its vars are touched only under the owner's `lock`
        let start: Double
        var finished = false
        var shown = false
        var frame = 0
        var phase: String?
        var phaseStart = 0.0
        var fraction = 0.0
        var step: (done: Int, total: Int)?

        init(start: Double) { self.start = start }
    }

    /// The terminal line of a step: `[████████░░░░░░░░░░░░]  42% isomap of 2000 × 3: shortest paths (840/2000)
    /// 3.1 s, ETA 4.2 s` while a phase reports, the bouncing bar otherwise.
    static func line(title: String, state: StepState, now: Double) -> String {
        let elapsed = format(now - state.start)
        guard let phase = state.phase else { return bar(frame: state.frame) + " \(title) " + elapsed }
        let count = state.step.map { " (\($0.done)/\($0.total))" } ?? ""
        return bar(fraction: state.fraction) + " " + percent(state.fraction) + " \(title): \(phase)\(count) " + elapsed
            + ", ETA " + (eta(fraction: state.fraction, elapsed: now - state.phaseStart).map(format) ?? "…")
    }

    /// The time left in a phase `fraction` done after `elapsed` seconds, at the rate so far: `elapsed (1 − f) / f`;
    /// `nil` before 1 % (too early to tell).
    static func eta(fraction: Double, elapsed: Double) -> Double? {
        fraction >= 0.01 ? elapsed * (1 - fraction) / fraction : nil
    }

    /// A 20-cell bar filled to `fraction` (`[█████               ]`).
    static func bar(fraction: Double) -> String {
        let width = 20
        let filled = Swift.min(width, Swift.max(0, Int((fraction * Double(width)).rounded(.down))))
        return "[" + String(repeating: "█", count: filled) + String(repeating: " ", count: width - filled) + "]"
    }

    /// `fraction` as a right-aligned whole percentage (` 42%`).
    static func percent(_ fraction: Double) -> String { String(format: "%3d%%", Int((fraction * 100).rounded(.down))) }

    /// An indeterminate bar: a block bouncing in a 20-cell track (`[    ███         ]`).
    static func bar(frame: Int) -> String {
        let width = 20, block = 4, span = width - block
        let position = frame % (2 * span) < span ? frame % span : span - frame % span
        return "[" + String(repeating: " ", count: position) + String(repeating: "█", count: block)
            + String(repeating: " ", count: span - position) + "]"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.1f s", seconds) }

    private static var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
