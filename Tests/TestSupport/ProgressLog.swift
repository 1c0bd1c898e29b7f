import Foundation
import LinearAlgebra

/// Collects every progress report, from any thread (estimators report from their workers), for tests of the
/// phases and fractions an estimator reports.
public final class ProgressLog: @unchecked Sendable {  // @unchecked: every stored var is read and written under `lock`
    private let lock = NSLock()
    private var updates: [ProgressReporter.Update] = []

    public init() {}

    /// A reporter that appends to this log.
    public var reporter: ProgressReporter { ProgressReporter { [self] update in append(update) } }

    /// Appends one report.
    public func append(_ update: ProgressReporter.Update) { lock.lock(); updates.append(update); lock.unlock() }

    /// Every report so far, in arrival order.
    public var all: [ProgressReporter.Update] { lock.lock(); defer { lock.unlock() }; return updates }

    /// The fractions reported for `phase`, in order.
    public func fractions(_ phase: String) -> [Double] { all.filter { $0.phase == phase }.map(\.fraction) }
}
