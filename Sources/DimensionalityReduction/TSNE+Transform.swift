import Foundation
import LinearAlgebra
import Neighbors

extension TSNE {
    /// A fitted t-SNE: the embedding, its KL divergence, and the training data `transform` needs.
    public struct Model: EmbeddingModel {
        /// The settings that were fitted.
        public let configuration: TSNE
        /// The training embedding, n × components.
        public let embedding: Matrix
        /// KL(P ‖ Q) of `embedding` (openTSNE's `kl_divergence_`; with interpolation, Z is interpolated too).
        public let klDivergence: Double
        /// The neighbour search over the training rows.
        let search: NearestNeighbors.Model

        /// The training rows, n × d.
        public var trainingData: Matrix { search.data }

        /// Places new rows with `TransformSettings()` (openTSNE's `transform` defaults).
        public func transform(_ x: Matrix) throws -> Matrix { try transform(x, settings: TransformSettings(), progress: .silent) }

        /// Places new rows (m × d) into the fixed training embedding, as openTSNE's `transform`:
        ///
        ///     p_{j|i} over the k = min(n, ⌊3 · perplexity⌋) nearest training rows (rows sum to 1, no symmetrising)
        ///     yᵢ⁽⁰⁾ = coordinate-wise median of the embeddings of the `initializationNeighbors` nearest rows
        ///     gᵢ = α Σⱼ p_{j|i} wᵢⱼ (yᵢ − yⱼ) − (1/Zᵢ) Σⱼ wᵢⱼ² (yᵢ − yⱼ),   Zᵢ = Σ_{j ∈ training} wᵢⱼ
        ///
        /// then `iterations` steps of the gains descent (`TSNEOptimizer`) with gradients clipped per point to
        /// `maximumGradientNorm`; each new point only sees the training points, so points are independent.
        /// The repulsion is exact over the n training points, or (two components, n ≥
        /// `TSNE.interpolationThreshold`) interpolated from one grid laid over the training embedding with
        /// 25 % padding, inside which new points are kept.
        ///
        /// - Complexity: O(m n d) search; per step O(m k) plus O(m n) exact or O(m) with the grid.
        /// - Throws: `DimensionalityReductionError` for empty, non-finite or mis-shaped rows or settings out of range.
        public func transform(_ x: Matrix, settings: TransformSettings, progress: ProgressReporter = .silent) throws -> Matrix {
            let method = "TSNE.transform"
            try DimensionalityReductionError.validate(x, method: method)
            let n = embedding.rows, c = embedding.columns, m = x.rows
            guard x.columns == search.data.columns else {
                throw DimensionalityReductionError.featureMismatch(method: method, expected: search.data.columns, got: x.columns)
            }
            try settings.validate(trainingSamples: n)
            let k = min(n, Int(3 * settings.perplexity))
            let kInitial = min(n, settings.initializationNeighbors)
            progress.report("neighbours", fraction: 0)
            let list = try search.kneighbors(of: x, neighbors: max(k, kInitial))
            progress.report("neighbours", fraction: 1)
            let nearest = NeighborList(count: m, neighbors: k,
                                       indices: (0..<m).flatMap { list.indices(ofRow: $0).prefix(k) },
                                       distances: (0..<m).flatMap { list.distances(ofRow: $0).prefix(k) })
            let affinities = TSNEAffinities.conditional(neighbors: nearest, perplexity: settings.perplexity)
            progress.report("affinities", fraction: 1)
            var y = [Double](repeating: 0, count: m * c)
            var column = [Double](repeating: 0, count: kInitial)
            for i in 0..<m {
                let neighbors = Array(list.indices(ofRow: i).prefix(kInitial))
                for t in 0..<c {
                    for (a, j) in neighbors.enumerated() { column[a] = embedding.elements[j * c + t] }
                    column.sort()
                    y[i * c + t] = kInitial % 2 == 1 ? column[kInitial / 2] : (column[kInitial / 2 - 1] + column[kInitial / 2]) / 2
                }
            }
            let useGrid: Bool
            switch settings.gradientMethod {
            case .exact: useGrid = false
            case .interpolation: useGrid = true
            case .automatic: useGrid = c == 2 && n >= TSNE.interpolationThreshold
            }
            if useGrid && c != 2 {
                throw DimensionalityReductionError.invalidParameter(
                    method: method, name: "gradientMethod", message: "interpolation works on two components, not \(c); use .exact")
            }
            var field: InterpolationField?
            if useGrid {
                let grid = InterpolationField()
                let low = embedding.elements.min()!, high = embedding.elements.max()!
                let middle = (low + high) / 2, half = max((high - low) / 2, 1e-6) * 1.25
                embedding.elements.withUnsafeBufferPointer {
                    grid.build(points: $0.baseAddress!, count: n, low: middle - half, high: middle + half)
                }
                field = grid
            }
            var repulsion = [Double](repeating: 0, count: m * c), normalizers = [Double](repeating: 0, count: m)
            let exaggeration = settings.exaggeration
            embedding.elements.withUnsafeBufferPointer { reference in
                let r = reference.baseAddress!
                let gradient: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void = { y, g in
                    TSNEGradient.attraction(affinities, points: y, reference: r, components: c, exaggeration: exaggeration, into: g)
                    repulsion.withUnsafeMutableBufferPointer { rep in
                        normalizers.withUnsafeMutableBufferPointer { z in
                            if let field {
                                TSNEGradient.parallelRows(m, minimumPerChunk: 2048) { range in
                                    for i in range {
                                        let (x0, x1) = (y[2 * i], y[2 * i + 1])
                                        let (p1, p2, p3, p4) = field.potentials(at: x0, x1)
                                        rep[2 * i] = x0 * p1 - p2
                                        rep[2 * i + 1] = x1 * p1 - p3
                                        z[i] = (1 + x0 * x0 + x1 * x1) * p1 - 2 * (x0 * p2 + x1 * p3) + p4
                                    }
                                }
                            } else {
                                TSNEGradient.exactRepulsion(points: y, count: m, reference: r, referenceCount: n, components: c,
                                                            into: rep.baseAddress!, normalizers: z.baseAddress!)
                            }
                            for i in 0..<m {
                                for t in 0..<c { g[i * c + t] -= rep[i * c + t] / (z[i] + Double.ulpOfOne) }
                            }
                        }
                    }
                }
                let keepInside: ((UnsafeMutablePointer<Double>) -> Void)? = field.map { grid in
                    let low = grid.lower, high = grid.upper - 1e-9 * (grid.upper - grid.lower)
                    return { y in for e in 0..<(m * c) { y[e] = min(max(y[e], low), high) } }
                }
                var state = TSNEOptimizer.State(count: m * c)
                let phase = TSNEOptimizer.Phase(iterations: settings.iterations, learningRate: settings.learningRate,
                                                momentum: settings.momentum, minimumGain: 0.01, maximumStepNorm: nil,
                                                maximumGradientNorm: settings.maximumGradientNorm, recentre: false)
                let total = settings.iterations, every = max(1, total / 100)
                TSNEOptimizer.descend(&y, state: &state, components: c, phase: phase, gradient: gradient, afterStep: keepInside) { done in
                    if done % every == 0 || done == total { progress.report("optimisation", step: done, of: total) }
                }
            }
            return Matrix(rows: m, columns: c, elements: y)
        }
    }

    /// How `Model.transform` places new points (openTSNE 1.0's `TSNEEmbedding.transform` defaults).
    public struct TransformSettings: Sendable, Equatable {
        /// Perplexity of the new points' affinities to the training points (default 5).
        public var perplexity: Double
        /// Neighbours whose median position starts each new point (default 25).
        public var initializationNeighbors: Int
        /// Optimisation steps (default 250).
        public var iterations: Int
        /// Step size (default 0.1).
        public var learningRate: Double
        /// Multiplier of the attraction (default 1.5).
        public var exaggeration: Double
        /// Momentum (default 0.8).
        public var momentum: Double
        /// Each point's gradient is clipped to this norm (default 0.25); `nil` for none.
        public var maximumGradientNorm: Double?
        /// Exact or interpolated repulsion (default `.automatic`).
        public var gradientMethod: GradientMethod

        public init(perplexity: Double = 5, initializationNeighbors: Int = 25, iterations: Int = 250,
                    learningRate: Double = 0.1, exaggeration: Double = 1.5, momentum: Double = 0.8,
                    maximumGradientNorm: Double? = 0.25, gradientMethod: GradientMethod = .automatic) {
            self.perplexity = perplexity
            self.initializationNeighbors = initializationNeighbors
            self.iterations = iterations
            self.learningRate = learningRate
            self.exaggeration = exaggeration
            self.momentum = momentum
            self.maximumGradientNorm = maximumGradientNorm
            self.gradientMethod = gradientMethod
        }

        func validate(trainingSamples n: Int) throws {
            func invalid(_ name: String, _ message: String) -> DimensionalityReductionError {
                .invalidParameter(method: "TSNE.transform", name: name, message: message)
            }
            let k = min(n, Int(3 * perplexity))
            guard perplexity.isFinite, perplexity >= 1, perplexity < Double(k) else {
                throw invalid("perplexity", "= \(perplexity) must be at least 1 and less than min(training samples, ⌊3 · perplexity⌋) = \(k); lower it (5 is openTSNE's default)")
            }
            guard initializationNeighbors >= 1 else { throw invalid("initializationNeighbors", "= \(initializationNeighbors) must be at least 1") }
            guard iterations >= 0 else { throw invalid("iterations", "= \(iterations) must not be negative") }
            guard learningRate.isFinite, learningRate > 0 else { throw invalid("learningRate", "= \(learningRate) must be positive") }
            guard exaggeration.isFinite, exaggeration > 0 else { throw invalid("exaggeration", "= \(exaggeration) must be positive") }
            guard (0..<1).contains(momentum) else { throw invalid("momentum", "= \(momentum) must lie in [0, 1)") }
            if let norm = maximumGradientNorm, !(norm.isFinite && norm > 0) {
                throw invalid("maximumGradientNorm", "= \(norm) must be positive, or nil for no clipping")
            }
        }
    }
}
