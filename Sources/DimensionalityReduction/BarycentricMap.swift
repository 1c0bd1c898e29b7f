import LinearAlgebra
import Neighbors

/// The out-of-sample map of LLE, modified LLE, Hessian LLE and LTSA (scikit-learn's for every LLE variant): a new point is written as
/// the regularised barycentric combination of its `k` nearest training points, and placed at the same
/// combination of their embeddings,
///
///     y(x) = Σⱼ wⱼ y_{nⱼ},   w = argmin ‖x − Σⱼ wⱼ x_{nⱼ}‖²  subject to Σⱼ wⱼ = 1  (+ reg · tr(G) ridge)
///
/// Holds only the training data and embedding, so it can be stored and rebuilt without refitting.
struct BarycentricMap: Sendable {
    let method: String
    let training: Matrix
    let embedding: Matrix
    let neighbors: Int
    let regularization: Double
    let eigenvalues: [Double]
    let search: NearestNeighbors.Model

    init(method: String, training: Matrix, embedding: Matrix, neighbors: Int, regularization: Double,
         eigenvalues: [Double]) throws {
        self.method = method
        self.training = training
        self.embedding = embedding
        self.neighbors = neighbors
        self.regularization = regularization
        self.eigenvalues = eigenvalues
        self.search = try NearestNeighbors(neighbors: neighbors).fit(training)
    }

    /// - Complexity: O(m n d) for the search, O(m k² d) for the weights, O(m k c) for the combination.
    func transform(_ x: Matrix) throws -> Matrix {
        try BarycentricWeights.transform(x, search: search, embedding: embedding, neighbors: neighbors,
                                         regularization: regularization, method: "\(method).transform")
    }
}
