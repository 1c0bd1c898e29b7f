import Dispatch
import Foundation
import LinearAlgebra

/// Metric and non-metric multidimensional scaling by SMACOF (scaling by majorizing a complicated function), with
/// the semantics and defaults of scikit-learn's `MDS` (1.9): it minimises the raw stress
///
///     σ(X) = Σ_{i<j} (dᵢⱼ(X) − δ̂ᵢⱼ)²
///
/// by the Guttman transform `X ← (1/n) B(X) X` (`GuttmanTransform`), which never increases σ. Metric MDS fits the
/// dissimilarities themselves, `δ̂ = δ`. Non-metric MDS fits disparities `δ̂` that only keep the order of the
/// dissimilarities: every iteration regresses the current distances on the dissimilarities isotonically
/// (`IsotonicRegression`, pairs with δᵢⱼ = 0 treated as missing, tied δ given one disparity) and rescales them so
/// `Σ_{i<j} δ̂ᵢⱼ² = n(n − 1)/2`; the first iteration uses the scaled dissimilarities.
///
/// A run stops when `(σ_{t−1} − σ_t) / Σ_{i<j} dᵢⱼ² < tolerance` or after `maxIterations`. With several
/// `initializations` (random, each seeded from `seed`) the runs go in parallel across cores and the one with the
/// least stress is kept. Kruskal's stress-1 `√(σ / Σ_{i<j} dᵢⱼ²)` is reported beside the raw stress; `stress`
/// is the one scikit-learn returns as `stress_` (stress-1 for non-metric, raw for metric, unless
/// `normalizedStress` says otherwise). No `transform` (scikit-learn has none).
///
/// - Complexity: O(n² k) per iteration (the distances and a tile-wise n × n × k `dgemm`), plus O(n² log n) once and
///   O(n²) per iteration for the isotonic step of non-metric MDS; n² doubles for the dissimilarities.
/// - Reference: J. de Leeuw, "Applications of convex analysis to multidimensional scaling" (1977); J. B. Kruskal,
///   "Nonmetric multidimensional scaling: a numerical method", Psychometrika 29 (1964); I. Borg, P. J. F. Groenen,
///   *Modern Multidimensional Scaling*, 2nd ed. (2005).
public struct SMACOF: EmbeddingEstimator {
    /// How a run's starting configuration is chosen.
    public enum Initialization: Sendable, Equatable {
        /// Uniform in [0, 1)ᵏ per point, seeded (scikit-learn 1.9's default; `initializations` runs).
        case random
        /// Classical MDS of the dissimilarities (one run; scikit-learn's `init="classical_mds"`, its default
        /// from 1.10).
        case classicalMDS
        /// This n × components configuration (one run).
        case given(Matrix)
    }

    /// Embedding dimension (default 2).
    public var components: Int
    /// Metric MDS (default) or, when false, non-metric (scikit-learn's `metric_mds`).
    public var metric: Bool
    /// Runs from different random starts, the best kept (scikit-learn's `n_init`, default 1 since 1.9).
    public var initializations: Int
    /// The starting configuration (default `.random`).
    public var initialization: Initialization
    /// Iterations per run at most (default 300).
    public var maxIterations: Int
    /// Relative stress decrease below which a run stops (scikit-learn's `eps`, default 1e-6 since 1.7).
    public var tolerance: Double
    /// Whether `Model.stress` is stress-1 (`true`) or raw (`false`); `nil` (default, scikit-learn's "auto"):
    /// stress-1 for non-metric MDS, raw for metric. Also decides which stress picks the best run.
    public var normalizedStress: Bool?
    /// Seed of the random starts.
    public var seed: UInt64

    /// SMACOF with the given settings (defaults above: scikit-learn's `MDS`).
    public init(components: Int = 2, metric: Bool = true, initializations: Int = 1, initialization: Initialization = .random,
                maxIterations: Int = 300, tolerance: Double = 1e-6, normalizedStress: Bool? = nil, seed: UInt64 = 0) {
        self.components = components
        self.metric = metric
        self.initializations = initializations
        self.initialization = initialization
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.normalizedStress = normalizedStress
        self.seed = seed
    }

    /// A fitted SMACOF embedding (the best run).
    public struct Model: EmbeddingModel {
        /// The configuration that was fitted.
        public let configuration: SMACOF
        /// The embedding, n × components (scikit-learn's `embedding_`).
        public let embedding: Matrix
        /// scikit-learn's `stress_`: `normalizedStress` (stress-1) or `rawStress` (see `SMACOF.normalizedStress`).
        public let stress: Double
        /// `σ = Σ_{i<j} (dᵢⱼ − δ̂ᵢⱼ)²` of the embedding against the last disparities.
        public let rawStress: Double
        /// Kruskal's stress-1 `√(σ / Σ_{i<j} dᵢⱼ²)`.
        public let normalizedStress: Double
        /// Iterations of the best run (scikit-learn's `n_iter_`).
        public let iterations: Int
        /// The raw stress after each iteration of the best run (non-increasing for metric MDS).
        public let stressHistory: [Double]
        /// The disparities `δ̂` of the last iteration (n × n; the dissimilarities for metric MDS).
        public let disparities: Matrix

        /// SMACOF has no out-of-sample map.
        ///
        /// - Throws: always `DimensionalityReductionError.invalidParameter`.
        public func transform(_ x: Matrix) throws -> Matrix {
            throw DimensionalityReductionError.invalidParameter(
                method: "SMACOF", name: "transform",
                message: "is not available: SMACOF MDS has no out-of-sample map (as in scikit-learn); fit on all the rows together, or use pca or isomap, which have one")
        }
    }

    /// Fits to the Euclidean distances between the rows of `x` (n × d), reporting "optimisation" (iteration k of
    /// `initializations × maxIterations`).
    ///
    /// - Throws: `DimensionalityReductionError` for empty or non-finite data, fewer than 2 rows, or bad settings.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        try DimensionalityReductionError.validate(x, method: "SMACOF")
        return try fit(dissimilarities: x.pairwiseDistances(), progress: progress)
    }

    /// Fits to an n × n dissimilarity matrix (square, symmetric, finite, non-negative, zero diagonal; scikit-learn's
    /// `metric="precomputed"`).
    ///
    /// - Throws: `DimensionalityReductionError.invalidDissimilarities` naming the failed check, `tooFewSamples` for
    ///   n < 2, `invalidComponents`, `invalidParameter` for a bad setting or `.given` start of the wrong shape.
    public func fit(dissimilarities delta: Matrix, progress: ProgressReporter = .silent) throws -> Model {
        let method = "SMACOF"
        try ClassicalMDS.validateDissimilarities(delta, method: method)
        let n = delta.rows
        guard n >= 2 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 2) }
        guard components >= 1 && components <= n else {
            throw DimensionalityReductionError.invalidComponents(method: method, requested: components, limit: n)
        }
        guard initializations >= 1 else {
            throw DimensionalityReductionError.invalidParameter(method: method, name: "initializations", message: "= \(initializations) must be at least 1")
        }
        guard maxIterations >= 1 else {
            throw DimensionalityReductionError.invalidParameter(method: method, name: "maxIterations", message: "= \(maxIterations) must be at least 1")
        }
        guard tolerance >= 0 && tolerance.isFinite else {
            throw DimensionalityReductionError.invalidParameter(method: method, name: "tolerance", message: "= \(tolerance) must be finite and ≥ 0")
        }
        // Symmetrise exactly (the check allows 1e-8 of asymmetry), as scikit-learn's check_symmetric does.
        var dissimilarities = delta
        for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) {
            let mean = 0.5 * (delta.elements[i * n + j] + delta.elements[j * n + i])
            dissimilarities.elements[i * n + j] = mean; dissimilarities.elements[j * n + i] = mean
        } }

        var starts: [Matrix]
        switch initialization {
        case .random:
            var generator = SeededGenerator(seed: seed)
            starts = (0..<initializations).map { _ in
                Matrix(rows: n, columns: components, elements: (0..<(n * components)).map { _ in generator.nextUniform() })
            }
        case .classicalMDS:
            let classical = try ClassicalMDS(components: components, reportsNegativeEigenvalues: false)
                .fit(dissimilarities: dissimilarities)
            starts = [classical.embedding]
        case let .given(start):
            guard start.rows == n && start.columns == components && start.isFinite else {
                throw DimensionalityReductionError.invalidParameter(
                    method: method, name: "initialization",
                    message: "is \(start.rows) × \(start.columns)\(start.isFinite ? "" : " with non-finite entries"); give a finite \(n) × \(components) configuration")
            }
            starts = [start]
        }

        let order = metric ? nil : NonMetricDisparities(dissimilarities)
        let counter = IterationCounter(progress: progress, total: starts.count * maxIterations)
        progress.report("optimisation", step: 0, of: starts.count * maxIterations)
        var runs = [Run?](repeating: nil, count: starts.count)
        let parallelRuns = starts.count > 1
        runs.withUnsafeMutableBufferPointer { buffer in
            let results = buffer
            func body(_ r: Int) {
                results[r] = run(from: starts[r], dissimilarities: dissimilarities, order: order,
                                 parallelTiles: !parallelRuns, counter: counter)
            }
            if parallelRuns {
                BLAS.withThreads(1) { concurrentPerformSharing(iterations: starts.count, body) }
            } else {
                body(0)
            }
        }
        progress.report("optimisation", step: starts.count * maxIterations, of: starts.count * maxIterations)
        let useNormalized = normalizedStress ?? !metric
        let completed = runs.map { $0! }
        let best = completed.indices.min { a, b in
            let (x, y) = (completed[a], completed[b])
            return useNormalized ? x.normalized < y.normalized : x.raw < y.raw
        }!
        let chosen = completed[best]
        return Model(configuration: self, embedding: chosen.embedding, stress: useNormalized ? chosen.normalized : chosen.raw,
                     rawStress: chosen.raw, normalizedStress: chosen.normalized, iterations: chosen.history.count,
                     stressHistory: chosen.history, disparities: chosen.disparities)
    }

    /// The outcome of one run.
    struct Run {
        let embedding: Matrix
        let raw: Double
        let normalized: Double
        let history: [Double]
        let disparities: Matrix
    }

    /// One SMACOF run from `start` (scikit-learn's `_smacof_single`).
    func run(from start: Matrix, dissimilarities: Matrix, order: NonMetricDisparities?, parallelTiles: Bool,
             counter: IterationCounter) -> Run {
        var x = start
        var history: [Double] = []
        var sums = GuttmanTransform.StressSums()
        var disparities = dissimilarities
        if let order {
            // Non-metric: disparities from the current distances, a Guttman step, then the new distances and stress.
            var distances = GuttmanTransform.distances(of: x, against: nil, parallel: parallelTiles).distances
            var workspace = NonMetricDisparities.Workspace(groups: order.groupCount)
            for iteration in 0..<maxIterations {
                order.disparities(from: iteration == 0 ? nil : distances, dissimilarities: dissimilarities,
                                  into: &disparities, workspace: &workspace)
                x = GuttmanTransform.apply(x: x, disparities: disparities, product: true, stress: false,
                                           parallel: parallelTiles).next!
                (distances, sums) = GuttmanTransform.distances(of: x, against: disparities, parallel: parallelTiles)
                counter.advance()
                if converged(history: &history, sums: sums) { break }
            }
        } else {
            // Metric: each pass gives the stress of X and the next X, so a run costs one pass per iteration.
            var next = GuttmanTransform.apply(x: x, disparities: dissimilarities, product: true, stress: false,
                                              parallel: parallelTiles).next!
            for iteration in 0..<maxIterations {
                x = next
                let last = iteration == maxIterations - 1
                let pass = GuttmanTransform.apply(x: x, disparities: dissimilarities, product: !last, stress: true,
                                                  parallel: parallelTiles)
                sums = pass.sums
                counter.advance()
                if converged(history: &history, sums: sums) || last { break }
                next = pass.next!
            }
        }
        let normalized = sums.squaredDistances > 0 ? (sums.residual / sums.squaredDistances).squareRoot() : 0
        return Run(embedding: x, raw: sums.residual, normalized: normalized, history: history, disparities: disparities)
    }

    /// Records the stress and applies scikit-learn's rule `(σ_{t−1} − σ_t) / Σ_{i<j} dᵢⱼ² < tolerance`.
    private func converged(history: inout [Double], sums: GuttmanTransform.StressSums) -> Bool {
        let previous = history.last
        history.append(sums.residual)
        guard let previous else { return false }
        return (previous - sums.residual) / sums.squaredDistances < tolerance
    }
}

/// Counts iterations across parallel runs for the progress reporter.
final class IterationCounter: @unchecked Sendable {  // @unchecked: every stored var is read and written under `lock`
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let progress: ProgressReporter

    init(progress: ProgressReporter, total: Int) {
        self.progress = progress
        self.total = total
    }

    func advance() {
        guard progress.isActive else { return }
        // Reported under the lock, so the steps arrive in order.
        lock.lock()
        defer { lock.unlock() }
        done += 1
        progress.report("optimisation", step: done, of: total)
    }
}
