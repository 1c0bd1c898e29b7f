import Foundation

/// Counts the steps of one phase that several workers finish concurrently (Dijkstra sources split across
/// cores, per-point blocks) and reports them to a `ProgressReporter` in order: the reports of a phase have
/// non-decreasing step counts whatever thread finishes a step, and there are at most about `reports` of them
/// (plus the last), so the handler stays cheap beside the work.
///
/// ```swift
/// let counter = ProgressCounter(progress, phase: "shortest paths", total: sources.count)
/// DispatchQueue.concurrentPerform(iterations: workers) { _ in … counter.advance() … }
/// counter.finish()
/// ```
///
/// - Complexity: O(1) per `advance` (one lock); nothing at all for a `.silent` reporter.
public final class ProgressCounter: @unchecked Sendable {  // @unchecked: every stored var is read and written under `lock`
    private let reporter: ProgressReporter
    private let phase: String
    private let total: Int
    private let stride: Int
    private let lock = NSLock()
    private var done = 0
    private var reported = -1

    /// A counter of `total` steps of `phase`; reports step 0 at once.
    public init(_ reporter: ProgressReporter, phase: String, total: Int, reports: Int = 200) {
        self.reporter = reporter
        self.phase = phase
        self.total = Swift.max(total, 0)
        self.stride = Swift.max(1, self.total / Swift.max(reports, 1))
        if reporter.isActive { advance(by: 0) }
    }

    /// Adds `count` finished steps, reporting when the count has moved on by the report stride.
    public func advance(by count: Int = 1) {
        guard reporter.isActive else { return }
        lock.lock()
        defer { lock.unlock() }
        done = Swift.min(total, done + count)
        if reported < 0 || done - reported >= stride || (done == total && reported < total) {
            reported = done
            reporter.report(phase, step: done, of: total)
        }
    }

    /// Reports the phase complete (step `total` of `total`) unless that was the last report.
    public func finish() {
        guard reporter.isActive else { return }
        lock.lock()
        defer { lock.unlock() }
        done = total
        if reported < total {
            reported = total
            reporter.report(phase, step: total, of: total)
        }
    }
}
