import LinearAlgebra
import Neighbors

/// Landmark Isomap (de Silva & Tenenbaum): Isomap whose geodesics are computed from m landmarks only, then
/// landmark MDS. Memory O(m n) instead of O(n²), time O(m (n + nk) log n) for the shortest paths — what lets
/// one machine embed 100 000 points.
///
///     G_L = shortest paths from m random landmarks in the k-NN graph   (m × n, Dijkstra in parallel)
///     embedding = LandmarkMDS(G_L)
///
/// With every point a landmark the result is Isomap's embedding (up to column signs).
///
/// - Complexity: k-NN O(n² d); shortest paths O(m (n + nk) log n) over the cores; O(m n) memory.
/// - Reference: V. de Silva, J. B. Tenenbaum, "Global versus local methods in nonlinear dimensionality
///   reduction", NIPS 15 (2003).
public struct LandmarkIsomap: EmbeddingEstimator {
    /// How the landmarks are chosen.
    public enum LandmarkChoice: Sendable, Equatable {
        /// Uniformly at random (seeded); the shortest paths then run in parallel.
        case random
        /// MaxMin (farthest-point) sampling in geodesic distance from a random first landmark: better
        /// coverage of the manifold, at the price of sequential shortest-path runs.
        case maxMin
    }

    /// The neighbour graph's definition (default 5 neighbours).
    public var neighborhood: Isomap.Neighborhood
    /// Embedding dimension (default 2).
    public var components: Int
    /// Number of landmarks m (default 500, at most n).
    public var landmarks: Int
    /// Seed of the landmark choice.
    public var seed: UInt64
    /// Random or MaxMin landmarks (default random).
    public var landmarkChoice: LandmarkChoice
    /// Link the components of a disconnected graph instead of throwing.
    public var connectComponents: Bool

    /// Landmark Isomap on the `neighbors`-nearest-neighbour graph with `landmarks` random landmarks.
    public init(neighbors: Int = 5, components: Int = 2, landmarks: Int = 500, seed: UInt64 = 0,
                landmarkChoice: LandmarkChoice = .random, connectComponents: Bool = false) {
        self.init(neighborhood: .count(neighbors), components: components, landmarks: landmarks, seed: seed,
                  landmarkChoice: landmarkChoice, connectComponents: connectComponents)
    }

    /// Landmark Isomap on a given neighbourhood (k nearest or a radius).
    public init(neighborhood: Isomap.Neighborhood, components: Int = 2, landmarks: Int = 500, seed: UInt64 = 0,
                landmarkChoice: LandmarkChoice = .random, connectComponents: Bool = false) {
        self.neighborhood = neighborhood
        self.components = components
        self.landmarks = landmarks
        self.seed = seed
        self.landmarkChoice = landmarkChoice
        self.connectComponents = connectComponents
    }

    /// A fitted landmark Isomap.
    public struct Model: EmbeddingModel {
        /// The configuration that was fitted.
        public let configuration: LandmarkIsomap
        /// The embedding, n × components.
        public let embedding: Matrix
        /// Geodesic distances from each landmark to every point, m × n.
        public let landmarkGeodesics: Matrix
        /// The landmark MDS fitted on those geodesics (landmark indices, eigenvalues, triangulation).
        public let mds: LandmarkMDS.Model
        /// Components of the neighbour graph before linking (1 when it was connected).
        public let linkedComponents: Int
        let search: NearestNeighbors.Model

        /// The landmarks' indices among the training points.
        public var landmarkIndices: [Int] { mds.landmarkIndices }

        /// Embeds new points: geodesics to the landmarks through each point's training neighbours, then
        /// triangulation.
        ///
        /// - Throws: `ManifoldLearningError` for non-finite or mis-shaped points.
        public func transform(_ x: Matrix) throws -> Matrix {
            let method = "LandmarkIsomap.transform"
            try ManifoldLearningError.validate(x, method: method)
            guard x.columns == search.data.columns else {
                throw ManifoldLearningError.featureMismatch(method: method, fitted: search.data.columns, given: x.columns)
            }
            // Each new point's neighbours in the training set with their distances.
            let neighborsOf: (Int) -> ArraySlice<Int>, lengthsOf: (Int) -> ArraySlice<Double>
            switch configuration.neighborhood {
            case let .count(k):
                let list = try search.kneighbors(of: x, neighbors: k)
                (neighborsOf, lengthsOf) = (list.indices(ofRow:), list.distances(ofRow:))
            case let .radius(radius):
                let list = try search.radiusNeighbors(of: x, radius: radius)
                (neighborsOf, lengthsOf) = (list.indices(ofRow:), list.distances(ofRow:))
            }
            // Geodesics point by point (n × m), so each neighbour's m distances are contiguous: the strided walk
            // through the m × n matrix cost a cache miss per landmark.
            let (m, n) = (landmarkGeodesics.rows, landmarkGeodesics.columns)
            let byPoint = landmarkGeodesics.transposed
            var distances = Matrix(rows: x.rows, columns: m, repeating: .infinity)
            try byPoint.elements.withUnsafeBufferPointer { geodesics in
                try distances.elements.withUnsafeMutableBufferPointer { out in
                    for i in 0..<x.rows {
                        let neighbors = neighborsOf(i), lengths = lengthsOf(i)
                        guard !neighbors.isEmpty else {
                            throw ManifoldLearningError.invalidParameter(
                                method: method, message: "point \(i) has no training point within the neighbourhood; use the k-nearest neighbourhood or a larger radius")
                        }
                        for (neighbor, length) in zip(neighbors, lengths) {
                            precondition(neighbor >= 0 && neighbor < n)
                            let row = neighbor * m, target = i * m
                            for l in 0..<m { out[target + l] = min(out[target + l], length + geodesics[row + l]) }
                        }
                    }
                }
            }
            return try mds.transform(distancesToLandmarks: distances)
        }
    }

    /// Fits landmark Isomap to `x` (n × d), reporting the phases "neighbours", "shortest paths" (one step per
    /// landmark) and "eigensolver" to `progress`.
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data, bad parameters, too few landmarks
    ///   (`components + 1 ≤ landmarks ≤ n`), or a disconnected graph without `connectComponents`.
    public func fit(_ x: Matrix, progress: ProgressReporter) throws -> Model {
        let method = "LandmarkIsomap"
        try ManifoldLearningError.validate(x, method: method)
        guard components >= 1 && components < landmarks else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "components = \(components) must be between 1 and landmarks − 1 = \(landmarks - 1)")
        }
        let indices = try LandmarkSelection.random(count: landmarks, from: x.rows, seed: seed, method: method)
        let built = try NeighborGraphBuilder.graph(of: x, neighborhood: neighborhood, method: method, progress: progress)
        let (graph, before) = try NeighborGraphBuilder.connect(built.graph, data: x, connect: connectComponents,
                                                               method: method, description: built.description)
        let landmarkIndices: [Int]
        let geodesics: Matrix
        switch landmarkChoice {
        case .random:
            landmarkIndices = indices
            geodesics = try graph.shortestPaths(from: indices, progress: progress)
        case .maxMin:
            var generator = SeededGenerator(seed: seed)
            let first = min(x.rows - 1, Int(generator.nextUniform() * Double(x.rows)))
            (landmarkIndices, geodesics) = try graph.farthestPointLandmarks(count: landmarks, first: first, progress: progress)
        }
        let mds = try LandmarkMDS(components: components).fit(landmarkDistances: geodesics, landmarkIndices: landmarkIndices,
                                                              progress: progress)
        return Model(configuration: self, embedding: mds.embedding, landmarkGeodesics: geodesics, mds: mds,
                     linkedComponents: before, search: built.search)
    }
}
