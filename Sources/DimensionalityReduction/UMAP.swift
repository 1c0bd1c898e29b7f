import Foundation
import LinearAlgebra
import Neighbors

/// UMAP, Uniform Manifold Approximation and Projection (McInnes, Healy & Melville 2018), with umap-learn's
/// semantics and defaults.
///
///     1. k nearest neighbours of every point (the point itself counts as the first of its k)
///     2. fuzzy simplicial set W: memberships exp(−(dᵢⱼ − ρᵢ)/σᵢ), fuzzy union     (`FuzzySimplicialSet`)
///     3. a, b of φ(d) = 1 / (1 + a d^(2b)) fitted to minDistance and spread        (`curveParameters`)
///     4. initial layout: spectral (Laplacian eigenmaps of W), random or PCA          (`Initialization`)
///     5. SGD on the cross entropy Σ w log(w/φ) + (1 − w) log((1 − w)/(1 − φ)),
///        edges sampled in proportion to w, negative sampling for the repulsion      (`UMAPLayout`)
///
/// With a `seed` every random choice (initialisation noise, negative samples) is drawn from it and the
/// layout runs on one core, so the same seed gives the same embedding bit for bit on a machine (umap-learn
/// with `random_state`). Without a seed the layout runs on all cores with lock-free (Hogwild) updates and
/// differs from run to run, as umap-learn's default.
///
/// ```swift
/// let model = try UMAP(neighbors: 15, minDistance: 0.1, seed: 42).fit(x)
/// model.embedding                       // n × 2
/// let placed = try model.transform(new) // new rows into the same picture
/// ```
///
/// - Complexity: exact k-NN O(n² d) (BLAS, screened; a k-d tree for d ≤ 10), the fuzzy set O(n k), the
///   spectral initialisation a few sparse block products per Krylov cycle, and the layout
///   O(epochs · edges + Σ samples · (1 + negativeSampleRate)); memory O(n k).
/// - Reference: L. McInnes, J. Healy, J. Melville, "UMAP: Uniform Manifold Approximation and Projection for
///   Dimension Reduction", arXiv:1802.03426 (2018); umap-learn 0.5 (`umap.UMAP`).
public struct UMAP: EmbeddingEstimator {
    /// k, the size of the local neighbourhood including the point itself (umap-learn's `n_neighbors`, 15).
    public var neighbors: Int
    /// Embedding dimension (`n_components`, 2).
    public var components: Int
    /// The distance below which embedded neighbours count as fully similar (`min_dist`, 0.1); ≤ `spread`.
    public var minDistance: Double
    /// The scale of the embedded memberships' decay (`spread`, 1).
    public var spread: Double
    /// SGD epochs (`n_epochs`); `nil` takes umap-learn's 500 for n ≤ 10 000 and 200 above.
    public var epochs: Int?
    /// Initial SGD learning rate α₀ (`learning_rate`, 1).
    public var learningRate: Double
    /// Negative samples per positive sample (`negative_sample_rate`, 5).
    public var negativeSampleRate: Int
    /// Weight γ of the repulsion (`repulsion_strength`, 1).
    public var repulsionStrength: Double
    /// Neighbours assumed connected at the local level, for ρ (`local_connectivity`, 1).
    public var localConnectivity: Double
    /// 1 for the fuzzy union, 0 for the fuzzy intersection, between for a mix (`set_op_mix_ratio`, 1).
    public var setOperationMixRatio: Double
    /// The starting layout (`init`, spectral).
    public var initialization: Initialization
    /// How the k nearest neighbours are searched. `.automatic`: exact below 20 000 points or in ≤ 10 dimensions, NN-descent
    /// above (`NearestNeighbors.Algorithm.resolvedForEmbedding`), with a candidate pool of 1.5 (k − 1) (see
    /// `neighborSearch`); any other value is used as given.
    public var neighborAlgorithm: NearestNeighbors.Algorithm
    /// Seed of every random choice; `nil` for a parallel, non-reproducible layout (`random_state`).
    public var seed: UInt64?

    /// UMAP with umap-learn's defaults.
    public init(neighbors: Int = 15, components: Int = 2, minDistance: Double = 0.1, spread: Double = 1,
                epochs: Int? = nil, learningRate: Double = 1, negativeSampleRate: Int = 5,
                repulsionStrength: Double = 1, localConnectivity: Double = 1, setOperationMixRatio: Double = 1,
                initialization: Initialization = .spectral,
                neighborAlgorithm: NearestNeighbors.Algorithm = .automatic, seed: UInt64? = nil) {
        self.neighbors = neighbors
        self.components = components
        self.minDistance = minDistance
        self.spread = spread
        self.epochs = epochs
        self.learningRate = learningRate
        self.negativeSampleRate = negativeSampleRate
        self.repulsionStrength = repulsionStrength
        self.localConnectivity = localConnectivity
        self.setOperationMixRatio = setOperationMixRatio
        self.initialization = initialization
        self.neighborAlgorithm = neighborAlgorithm
        self.seed = seed
    }

    /// umap-learn's epoch count for n training points: 500 up to 10 000 points, 200 above.
    public static func defaultEpochs(samples n: Int) -> Int { n <= 10_000 ? 500 : 200 }

    /// A fitted UMAP: the embedding and what `transform` needs.
    public struct Model: EmbeddingModel {
        /// The settings that were fitted.
        public let configuration: UMAP
        /// The training embedding, n × components (umap-learn's `embedding_`).
        public let embedding: Matrix
        /// The fuzzy simplicial set of the training data, before pruning (umap-learn's `graph_`, σ, ρ).
        public let fuzzySet: FuzzySimplicialSet
        /// The fitted curve parameters of φ(d) = 1 / (1 + a d^(2b)) (umap-learn's `_a`, `_b`).
        public let a: Double
        /// See `a`.
        public let b: Double
        /// The SGD epochs run.
        public let epochs: Int
        /// The initialisation used (`.random` when the spectral one failed).
        public let initialization: Initialization
        /// The nearest-neighbour search over the training data.
        let search: NearestNeighbors.Model

        /// The training data, n × d.
        public var trainingData: Matrix { search.data }
    }

    /// Fits UMAP to the rows of `x` (n × d), reporting the phases "neighbours", "fuzzy set",
    /// "initialisation" and "optimisation" (epoch k of n) to `progress`.
    ///
    /// - Throws: `DimensionalityReductionError` for empty or non-finite data, fewer than 3 rows, or a setting
    ///   out of range (each message names the setting and its limit); `numericalFailure` if the a, b fit fails.
    public func fit(_ x: Matrix, progress: ProgressReporter = .silent) throws -> Model {
        let method = "UMAP"
        try DimensionalityReductionError.validate(x, method: method)
        let n = x.rows
        guard n >= 3 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 3) }
        try validate(samples: n)
        let (a, b) = try Self.curveParameters(minDistance: minDistance, spread: spread)
        var generator = SeededGenerator(seed: seed ?? UInt64.random(in: .min ... .max))

        progress.report("neighbours", fraction: 0)
        let search = try DimensionalityReductionError.wrapping(method) {
            try neighborSearch(samples: x.rows, features: x.columns).fit(x)
        }
        let list = try search.kneighbors(progress: progress)
        progress.report("neighbours", fraction: 1)

        progress.report("fuzzy set", fraction: 0)
        let fuzzySet = FuzzySimplicialSet(excludingSelf: list, localConnectivity: localConnectivity,
                                          setOperationMixRatio: setOperationMixRatio)
        let epochCount = epochs ?? Self.defaultEpochs(samples: n)
        // umap-learn prunes with the epoch count when it exceeds 10, else with the default one.
        let pruneEpochs = epochCount > 10 ? epochCount : Self.defaultEpochs(samples: n)
        let threshold = (fuzzySet.graph.values.max() ?? 0) / Double(pruneEpochs)
        let pruned = fuzzySet.graph.keeping { $0 >= threshold }
        progress.report("fuzzy set", fraction: 1)

        progress.report("initialisation", fraction: 0)
        var (layout, used) = try Self.initialLayout(initialization, graph: pruned, data: x, components: components,
                                                    generator: &generator)
        progress.report("initialisation", fraction: 1)

        let optimizer = UMAPLayout(graph: pruned, epochs: epochCount, a: a, b: b,
                                   gamma: repulsionStrength, learningRate: learningRate,
                                   negativeSampleRate: negativeSampleRate)
        optimizer.optimize(&layout, tail: nil, dimension: components, seed: generator.next(), parallel: seed == nil,
                           progress: progress)
        let embedding = Matrix(rows: n, columns: components, elements: layout.map(Double.init))
        return Model(configuration: self, embedding: embedding, fuzzySet: fuzzySet, a: a, b: b, epochs: epochCount,
                     initialization: used, search: search)
    }

    /// The search for the k − 1 nearest other points in a fit on n × d data: `neighborAlgorithm` resolved for
    /// embeddings with this k; when `.automatic` picks NN-descent, with a pool of ⌊1.5 (k − 1)⌋ candidates
    /// instead of NNDescent's 2 (k − 1).
    ///
    /// The smaller pool halves the neighbour search's CPU time at no cost to the layout: on blobs n = 20 000,
    /// d = 50 (the benchmark) the recall against the exact 15-NN graph is 0.989 with a pool of 1.5k = 22,
    /// 0.998 with 2k = 30 and 0.952 with k, and the UMAP embedding's trustworthiness T(10) is 0.9770 with each
    /// (`make bench SECTIONS=knn-approximate` with `KNN_APPROXIMATE_VARIANTS=pool=22`, and `SECTIONS=umap`).
    func neighborSearch(samples: Int, features: Int) -> NearestNeighbors {
        let k = neighbors - 1
        var algorithm = neighborAlgorithm.resolvedForEmbedding(samples: samples, features: features, neighbors: neighbors,
                                                               seed: seed ?? 0)
        if neighborAlgorithm == .automatic, case var .approximate(settings) = algorithm, settings.poolSize == nil {
            settings.poolSize = max(k, 3 * k / 2)
            algorithm = .approximate(settings)
        }
        return NearestNeighbors(neighbors: k, algorithm: algorithm)
    }

    /// Throws `invalidParameter` for the first setting out of range for n samples.
    func validate(samples n: Int) throws {
        func invalid(_ name: String, _ message: String) -> DimensionalityReductionError {
            .invalidParameter(method: "UMAP", name: name, message: message)
        }
        guard neighbors >= 2 else {
            throw invalid("neighbors", "= \(neighbors) must be at least 2 (it counts the point itself; umap-learn's default is 15)")
        }
        guard neighbors < n else {
            throw invalid("neighbors", "= \(neighbors) must be below the number of samples n = \(n); use at most \(n - 1)")
        }
        guard components >= 1 && components < n else {
            throw DimensionalityReductionError.invalidComponents(method: "UMAP", requested: components, limit: n - 1)
        }
        if let epochs, epochs < 1 {
            throw invalid("epochs", "= \(epochs) must be at least 1 (or nil for umap-learn's 500 / 200 by size)")
        }
        guard learningRate.isFinite && learningRate > 0 else {
            throw invalid("learningRate", "= \(learningRate) must be finite and > 0 (default 1)")
        }
        guard negativeSampleRate >= 0 else {
            throw invalid("negativeSampleRate", "= \(negativeSampleRate) must be ≥ 0 (default 5)")
        }
        guard repulsionStrength.isFinite && repulsionStrength >= 0 else {
            throw invalid("repulsionStrength", "= \(repulsionStrength) must be finite and ≥ 0 (default 1)")
        }
        guard localConnectivity.isFinite && localConnectivity >= 0 && localConnectivity <= Double(neighbors - 1) else {
            throw invalid("localConnectivity", "= \(localConnectivity) must lie in [0, neighbors − 1] = [0, \(neighbors - 1)] (default 1)")
        }
        guard setOperationMixRatio >= 0 && setOperationMixRatio <= 1 else {
            throw invalid("setOperationMixRatio", "= \(setOperationMixRatio) must lie in [0, 1] (1 = fuzzy union, the default)")
        }
        try Self.validateCurve(minDistance: minDistance, spread: spread)
    }
}

extension SparseSymmetricMatrix {
    /// The matrix with only the entries whose value passes `keep` (symmetric when `keep` depends on the value only).
    func keeping(_ keep: (Double) -> Bool) -> SparseSymmetricMatrix {
        var offsets = [0], columns: [Int] = [], values: [Double] = []
        columns.reserveCapacity(storedCount)
        values.reserveCapacity(storedCount)
        for i in 0..<dimension {
            for p in self.offsets[i]..<self.offsets[i + 1] where keep(self.values[p]) {
                columns.append(self.columns[p])
                values.append(self.values[p])
            }
            offsets.append(columns.count)
        }
        return SparseSymmetricMatrix(dimension: dimension, offsets: offsets, columns: columns, values: values)
    }
}
