/// Where a long computation says how far it has got: a phase name ("neighbours", "affinities",
/// "optimisation", "eigensolver", "shortest paths") and the fraction of that phase done, with an optional
/// step count ("epoch 120 of 500").
///
/// Estimators take one as an argument (default `.silent`) and pass it down; nothing is global. The handler
/// may be called from any thread (work split across cores reports from its workers), so it must be
/// `@Sendable` and cheap: the `dimred` CLI draws its bar from it. Reports within a phase have non-decreasing
/// fractions; a phase ends with fraction 1.
///
/// ```swift
/// let progress = ProgressReporter { update in print(update.phase, update.fraction) }
/// let model = try TSNE().fit(x, progress: progress)
/// ```
public struct ProgressReporter: Sendable {
    /// One report.
    public struct Update: Sendable, Equatable {
        /// The phase: a short lower-case noun ("neighbours", "optimisation").
        public let phase: String
        /// Fraction of the phase done, in [0, 1].
        public let fraction: Double
        /// Steps done and steps in all (epochs, iterations, restart cycles, sources), when the phase counts them.
        public let step: (done: Int, total: Int)?

        /// A report of `fraction` (clamped to [0, 1]) of `phase`, with an optional step count.
        public init(phase: String, fraction: Double, step: (done: Int, total: Int)? = nil) {
            self.phase = phase
            self.fraction = min(max(fraction, 0), 1)
            self.step = step
        }

        public static func == (a: Update, b: Update) -> Bool {
            a.phase == b.phase && a.fraction == b.fraction && a.step?.done == b.step?.done && a.step?.total == b.step?.total
        }
    }

    private let handler: (@Sendable (Update) -> Void)?

    /// A reporter that calls `handler` with every update.
    public init(_ handler: @escaping @Sendable (Update) -> Void) { self.handler = handler }

    private init() { handler = nil }

    /// A reporter that drops every update (the default everywhere).
    public static let silent = ProgressReporter()

    /// Whether updates go anywhere (skip building costly detail when not).
    public var isActive: Bool { handler != nil }

    /// Reports `fraction` of `phase` done.
    public func report(_ phase: String, fraction: Double) {
        handler?(Update(phase: phase, fraction: fraction))
    }

    /// Reports step `done` of `total` in `phase` (fraction `done / total`).
    public func report(_ phase: String, step done: Int, of total: Int) {
        guard let handler else { return }
        handler(Update(phase: phase, fraction: total > 0 ? Double(done) / Double(total) : 1, step: (done, total)))
    }
}
