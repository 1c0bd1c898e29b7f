import LinearAlgebra

/// Landmark MDS (de Silva & Tenenbaum 2004): classical scaling of m landmarks, then every point placed by
/// distance-based triangulation from its distances to the landmarks. Memory O(m n) instead of O(n²).
///
///     Δ²: squared distances, m landmarks × n points;  Δ²_L = its landmark columns (m × m)
///     B = −½ J Δ²_L J,  B vⱼ = λⱼ vⱼ (top d),  L# = rows vⱼᵀ / √λⱼ
///     yₐ = −½ L# (δ²ₐ − δ̄²),   δ̄² = row means of Δ²_L
///
/// Landmarks land exactly on their classical-MDS coordinates; for Euclidean distances every point's
/// configuration is recovered exactly when the landmarks span the data (at least d + 1 in general
/// position). The result is then centred and rotated to its principal axes (descending variance), as the
/// authors recommend.
///
/// - Complexity: O(m³) for the landmark eigenproblem (or less with the iterative solver), O(m n d) for the
///   triangulation; O(m n) memory for the distances.
/// - Reference: V. de Silva, J. B. Tenenbaum, "Sparse multidimensional scaling using landmark points",
///   Stanford technical report (2004); "Global versus local methods in nonlinear dimensionality
///   reduction", NIPS 15 (2003).
public struct LandmarkMDS: Sendable {
    /// Embedding dimension (default 2).
    public var components: Int

    /// Landmark MDS into `components` dimensions.
    public init(components: Int = 2) {
        self.components = components
    }

    /// A fitted landmark MDS: the embedding and the triangulation map.
    public struct Model: Sendable {
        /// The embedding of all n points, n × components (centred, principal axes).
        public let embedding: Matrix
        /// The top eigenvalues of the landmarks' double-centred squared distances, descending.
        public let eigenvalues: [Double]
        /// The landmarks' indices among the n points.
        public let landmarkIndices: [Int]
        /// `L#ᵀ` (m × d), the mean squared distances `δ̄²`, and the final centring and rotation.
        let pseudoinverse: Matrix
        let meanSquared: [Double]
        let center: [Double]
        let rotation: Matrix

        /// Places new points from their distances to the landmarks (q × m, columns in the order of
        /// `landmarkIndices`), in the coordinates of `embedding`.
        ///
        /// - Throws: `ManifoldLearningError` for a wrong column count or non-finite or negative distances.
        public func transform(distancesToLandmarks d: Matrix) throws -> Matrix {
            let method = "LandmarkMDS.transform"
            try ManifoldLearningError.validate(d, method: method)
            guard d.columns == landmarkIndices.count else {
                throw ManifoldLearningError.featureMismatch(method: method, fitted: landmarkIndices.count, given: d.columns)
            }
            let shifted = Matrix(rows: d.rows, columns: d.columns) { i, j in d[i, j] * d[i, j] - meanSquared[j] }
            let raw = Matrix.product(shifted, pseudoinverse, alpha: -0.5)
            return raw.subtractingFromEachRow(center) * rotation
        }
    }

    /// Fits from the distances of m landmarks to all n points (m × n, row `i` belongs to the landmark at
    /// column `landmarkIndices[i]`).
    ///
    /// The landmarks' eigensolver reports to `progress` ("eigensolver").
    ///
    /// - Throws: `ManifoldLearningError` for non-finite or negative distances, bad landmark indices, or
    ///   `components ≥ m`; `DimensionalityReductionError` if the eigensolver fails.
    public func fit(landmarkDistances d: Matrix, landmarkIndices: [Int],
                    progress: ProgressReporter = .silent) throws -> Model {
        let method = "LandmarkMDS"
        try ManifoldLearningError.validate(d, method: method)
        let (m, n) = (d.rows, d.columns)
        guard landmarkIndices.count == m, landmarkIndices.allSatisfy({ $0 >= 0 && $0 < n }) else {
            throw ManifoldLearningError.invalidParameter(method: method, message: "landmarkIndices must hold \(m) indices in 0..<\(n), one per row of the distances")
        }
        guard components >= 1 && components < m else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: m, needed: components + 1, reason: "components = \(components) (counted in landmarks)")
        }
        if let index = d.elements.firstIndex(where: { $0 < 0 }) {
            throw ManifoldLearningError.invalidParameter(method: method, message: "distance (\(index / n), \(index % n)) = \(d.elements[index]) is negative")
        }
        // Classical scaling of the landmarks.
        let landmarkBlock = d.columns(at: landmarkIndices).symmetrized
        let (kernel, _) = DoubleCentering.kernel(fromDistances: landmarkBlock)
        let solver: SpectralEigenSolver = m <= 1500 ? .dense : .iterative(tolerance: 1e-10)
        let eigen = try ClassicalMDS(components: components, eigenSolver: solver, reportsNegativeEigenvalues: false)
            .embed(kernel: kernel, method: method, progress: progress)
        var meanSquared = [Double](repeating: 0, count: m)
        for i in 0..<m {
            for j in 0..<m { meanSquared[i] += landmarkBlock[i, j] * landmarkBlock[i, j] }
            meanSquared[i] /= Double(m)
        }
        let pseudoinverse = eigen.projection  // m × d: columns vⱼ / √λⱼ
        // Triangulate all points in column chunks of Δ, so no second m × n matrix is formed.
        let c = components
        var raw = Matrix(rows: n, columns: c)
        let chunk = 4096
        for start in stride(from: 0, to: n, by: chunk) {
            let width = min(chunk, n - start)
            var squared = Matrix(rows: width, columns: m)
            d.elements.withUnsafeBufferPointer { source in
                squared.elements.withUnsafeMutableBufferPointer { out in
                    for i in 0..<m {
                        for j in 0..<width {
                            let value = source[i * n + start + j]
                            out[j * m + i] = value * value - meanSquared[i]
                        }
                    }
                }
            }
            let part = Matrix.product(squared, pseudoinverse, alpha: -0.5)
            raw.elements.replaceSubrange((start * c)..<((start + width) * c), with: part.elements)
        }
        // Centre and rotate to principal axes (descending variance), signs by the toolkit's convention.
        let center = raw.columnMeans
        let centered = raw.subtractingFromEachRow(center)
        let axes = try centered.columnGram().symmetricEigen(.all).eigenvectors
        let rotated = centered * axes
        var rotation = axes
        let flipped = signFlips(rotated)
        for j in 0..<c where flipped[j] { for i in 0..<c { rotation[i, j] = -rotation[i, j] } }
        return Model(embedding: centered * rotation, eigenvalues: eigen.eigenvalues, landmarkIndices: landmarkIndices,
                     pseudoinverse: pseudoinverse, meanSquared: meanSquared, center: center, rotation: rotation)
    }

    /// Fits on Euclidean distances of the rows of `x` to `landmarks` rows chosen at random (seeded).
    ///
    /// - Throws: `ManifoldLearningError` for empty or non-finite data or `landmarks` outside
    ///   `components + 1 ... n`.
    public func fit(_ x: Matrix, landmarks: Int, seed: UInt64 = 0) throws -> Model {
        let method = "LandmarkMDS"
        try ManifoldLearningError.validate(x, method: method)
        let indices = try LandmarkSelection.random(count: landmarks, from: x.rows, seed: seed, method: method)
        let distances = x.rows(at: indices).pairwiseDistances(to: x)
        return try fit(landmarkDistances: distances, landmarkIndices: indices)
    }

    private func signFlips(_ y: Matrix) -> [Bool] {
        (0..<y.columns).map { j in
            var best = 0.0
            for i in 0..<y.rows where abs(y[i, j]) > abs(best) { best = y[i, j] }
            return best < 0
        }
    }
}

/// Seeded choice of landmark points.
enum LandmarkSelection {
    /// `count` distinct indices from `0..<n`, uniformly at random (partial Fisher–Yates), ascending.
    static func random(count: Int, from n: Int, seed: UInt64, method: String) throws -> [Int] {
        guard count >= 2 && count <= n else {
            throw ManifoldLearningError.tooFewSamples(method: method, samples: n, needed: count, reason: "landmarks = \(count)")
        }
        var generator = SeededGenerator(seed: seed)
        var pool = Array(0..<n)
        for i in 0..<count {
            let j = i + Int(generator.nextUniform() * Double(n - i))
            pool.swapAt(i, min(j, n - 1))
        }
        return pool[0..<count].sorted()
    }
}
