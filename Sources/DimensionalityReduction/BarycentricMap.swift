import LinearAlgebra
import Neighbors

/// The out-of-sample map of LLE, modified LLE, Hessian LLE and LTSA (scikit-learn's for every LLE variant): a new point is written as
/// the regularised barycentric combination of its `k` nearest training points, and placed at the same
/// combination of their embeddings,
///
///     y(x) = Σⱼ wⱼ y_{nⱼ},   w = argmin ‖x − Σⱼ wⱼ x_{nⱼ}‖²  subject to Σⱼ wⱼ = 1  (+ reg · tr(G) ridge)
///
/// Holds only the training data (in its search model) and embedding, so it can be stored and rebuilt without
/// refitting: it is what a `LocalEmbeddingModel` keeps for `transform` and what a model file holds of one.
struct BarycentricMap: Sendable {
    /// The name in messages (`"\(method).transform"`).
    let method: String
    let search: NearestNeighbors.Model
    let embedding: Matrix
    let neighbors: Int
    let regularization: Double
    let eigenvalues: [Double]

    /// The training rows.
    var training: Matrix { search.data }

    init(method: String, search: NearestNeighbors.Model, embedding: Matrix, neighbors: Int, regularization: Double,
         eigenvalues: [Double]) {
        self.method = method
        self.search = search
        self.embedding = embedding
        self.neighbors = neighbors
        self.regularization = regularization
        self.eigenvalues = eigenvalues
    }

    /// The map of `training` (rows) to `embedding`, with a new neighbour search model.
    init(method: String, training: Matrix, embedding: Matrix, neighbors: Int, regularization: Double,
         eigenvalues: [Double]) throws {
        self.init(method: method, search: try NearestNeighbors(neighbors: neighbors).fit(training), embedding: embedding,
                  neighbors: neighbors, regularization: regularization, eigenvalues: eigenvalues)
    }

    /// The same map under another name in messages.
    func named(_ method: String) -> BarycentricMap {
        BarycentricMap(method: method, search: search, embedding: embedding, neighbors: neighbors,
                       regularization: regularization, eigenvalues: eigenvalues)
    }

    /// - Complexity: O(m n d) for the search, O(m k² d) for the weights, O(m k c) for the combination.
    func transform(_ x: Matrix) throws -> Matrix {
        try BarycentricWeights.transform(x, search: search, embedding: embedding, neighbors: neighbors,
                                         regularization: regularization, method: "\(method).transform")
    }
}
