import LinearAlgebra
import Neighbors

/// The out-of-sample map of LLE and LTSA (as scikit-learn's for every LLE variant): a new point is written as
/// the regularised barycentric combination of its `k` nearest training points, and placed at the same
/// combination of their embeddings,
///
///     y(x) = Σⱼ wⱼ y_{nⱼ},   w = argmin ‖x − Σⱼ wⱼ x_{nⱼ}‖²  subject to Σⱼ wⱼ = 1  (+ reg · tr(G) ridge)
///
/// Holds only the training data and embedding, so it can be stored and rebuilt without refitting.
struct BarycentricMap: Sendable {
    let training: Matrix
    let embedding: Matrix
    let neighbors: Int
    let regularization: Double
    let eigenvalues: [Double]
    let search: NearestNeighbors.Model

    init(training: Matrix, embedding: Matrix, neighbors: Int, regularization: Double, eigenvalues: [Double]) throws {
        self.training = training
        self.embedding = embedding
        self.neighbors = neighbors
        self.regularization = regularization
        self.eigenvalues = eigenvalues
        self.search = try NearestNeighbors(neighbors: neighbors).fit(training)
    }

    /// - Complexity: O(m n d) for the search, O(m k² d) for the weights, O(m k c) for the combination.
    func transform(_ x: Matrix) throws -> Matrix {
        let method = "LocallyLinearEmbedding.transform"
        let k = neighbors
        let list = try search.kneighbors(of: x, neighbors: k)
        let w = try BarycentricWeights.compute(points: x, reference: training, neighbors: list.indices, k: k,
                                               regularization: regularization, method: method)
        let c = embedding.columns
        var result = Matrix(rows: x.rows, columns: c)
        for i in 0..<x.rows {
            for a in 0..<k {
                let neighbor = list.indices[i * k + a]
                for j in 0..<c { result.elements[i * c + j] += w[i * k + a] * embedding.elements[neighbor * c + j] }
            }
        }
        return result
    }
}
