import Foundation
import LinearAlgebra
import Neighbors

extension UMAP {
    /// How the layout starts (umap-learn's `init`).
    public enum Initialization: String, Sendable, Equatable, CaseIterable {
        /// Laplacian eigenmaps of the fuzzy graph (the default): the eigenvectors of the 2nd to
        /// (components + 1)-th smallest eigenvalues of the normalised Laplacian `L = I − D^(−½) W D^(−½)`.
        /// A disconnected graph is laid out per component around component centres (see `spectralLayout`);
        /// if the eigensolver fails, the layout falls back to `.random`, as umap-learn does.
        case spectral
        /// Uniform in [−10, 10] in every coordinate.
        case random
        /// The first principal components of the data, scaled so the largest |coordinate| is 10.
        case pca
    }

    /// The starting layout (n × components, row-major, single precision) in umap-learn's box: after the
    /// chosen initialisation (spectral and PCA scaled to a largest |coordinate| of 10 plus N(0, 10⁻⁴²) noise),
    /// every coordinate is mapped affinely onto [0, 10].
    ///
    /// - Returns: the layout and the initialisation actually used (`.random` after a spectral failure).
    static func initialLayout(_ method: Initialization, graph: SparseSymmetricMatrix, data: Matrix, components: Int,
                              generator: inout SeededGenerator) throws -> (layout: [Float], used: Initialization) {
        let n = graph.dimension
        var layout: Matrix
        var used = method
        switch method {
        case .random:
            layout = Matrix(rows: n, columns: components) { _, _ in -10 + 20 * generator.nextUniform() }
        case .pca:
            let scores = try DimensionalityReductionError.wrapping("UMAP") { try PCA(components: .count(min(components, data.columns))).fitTransform(data) }
            layout = Matrix(rows: n, columns: components) { i, c in c < scores.columns ? scores[i, c] : 0 }
            addNoise(to: &layout, generator: &generator)
        case .spectral:
            if let spectral = try? spectralLayout(graph: graph, data: data, components: components, generator: &generator) {
                layout = spectral
                addNoise(to: &layout, generator: &generator)
            } else {
                layout = Matrix(rows: n, columns: components) { _, _ in -10 + 20 * generator.nextUniform() }
                used = .random
            }
        }
        // Each coordinate onto [0, 10].
        var result = [Float](repeating: 0, count: n * components)
        for c in 0..<components {
            let column = layout.column(c)
            let (low, high) = (column.min() ?? 0, column.max() ?? 0)
            let scale = high > low ? 10 / (high - low) : 0
            for i in 0..<n { result[i * components + c] = Float((column[i] - low) * scale) }
        }
        return (result, used)
    }

    /// umap-learn's `noisy_scale_coords`: scale so the largest |coordinate| is 10, then add N(0, 10⁻⁴²) noise.
    private static func addNoise(to layout: inout Matrix, generator: inout SeededGenerator) {
        let largest = layout.elements.map(abs).max() ?? 0
        let expansion = largest > 0 ? 10 / largest : 1
        for index in layout.elements.indices {
            layout.elements[index] = layout.elements[index] * expansion + 1e-4 * generator.nextNormal()
        }
    }

    /// umap-learn's `spectral_layout`: for a connected graph, the eigenvectors 2 … components + 1 of the
    /// normalised Laplacian, i.e. of the largest eigenvalues of `N = D^(−½) W D^(−½)`, by block Krylov on the
    /// sparse product (relative residual 10⁻⁴, umap-learn's ARPACK tolerance).
    ///
    /// A graph of several components is laid out as umap-learn's `multi_component_layout`: component centres
    /// from a meta-layout (±unit vectors for at most 2 · components components; otherwise classical MDS of
    /// the components' centroids in data space, scaled to a largest coordinate of 1, where umap-learn uses a
    /// spectral embedding of `exp(−distance²)` affinities between centroids, which underflow to 0 for
    /// well-separated components), and each component's own spectral layout (uniform noise when it has
    /// fewer than 2 · components or ≤ components + 1 vertices) scaled to half the distance to the nearest
    /// other centre.
    ///
    /// - Throws: `LinearAlgebraError` when an eigensolve fails (the caller then falls back to random).
    static func spectralLayout(graph: SparseSymmetricMatrix, data: Matrix, components dim: Int,
                               generator: inout SeededGenerator) throws -> Matrix {
        let n = graph.dimension
        var edges: [(source: Int, target: Int, weight: Double)] = []
        edges.reserveCapacity(graph.storedCount / 2)
        for i in 0..<n {
            for p in graph.offsets[i]..<graph.offsets[i + 1] where graph.columns[p] > i {
                edges.append((i, graph.columns[p], 1))
            }
        }
        let parts = try NeighborGraph(vertexCount: n, edges: edges).connectedComponents()
        if parts.count == 1 { return try connectedSpectralLayout(graph, components: dim) }

        // Meta-layout of the component centres.
        var centres = Matrix(rows: parts.count, columns: dim)
        if parts.count <= 2 * dim {
            let half = (parts.count + 1) / 2
            for label in 0..<parts.count {
                let axis = label % half
                if axis < dim { centres[label, axis] = label < half ? 1 : -1 }
            }
        } else {
            var centroids = Matrix(rows: parts.count, columns: data.columns)
            for i in 0..<n {
                for c in 0..<data.columns { centroids[parts.labels[i], c] += data[i, c] }
            }
            for label in 0..<parts.count {
                for c in 0..<data.columns { centroids[label, c] /= Double(parts.sizes[label]) }
            }
            let meta = try ClassicalMDS(components: dim, reportsNegativeEigenvalues: false)
                .fit(centroids).embedding
            let largest = meta.elements.max() ?? 1
            for label in 0..<parts.count {
                for c in 0..<meta.columns { centres[label, c] = meta[label, c] / (largest > 0 ? largest : 1) }
            }
        }

        var result = Matrix(rows: n, columns: dim)
        var members = [[Int]](repeating: [], count: parts.count)
        for i in 0..<n { members[parts.labels[i]].append(i) }
        var ranges = [Double](repeating: 1, count: parts.count)
        var solved: [Int] = []
        for label in 0..<parts.count {
            var nearest = Double.infinity
            for other in 0..<parts.count where other != label {
                var squared = 0.0
                for c in 0..<dim { squared += (centres[label, c] - centres[other, c]) * (centres[label, c] - centres[other, c]) }
                if squared > 0 { nearest = min(nearest, squared.squareRoot()) }
            }
            ranges[label] = nearest.isFinite ? nearest / 2 : 1
            let vertices = members[label]
            if vertices.count < 2 * dim || vertices.count <= dim + 1 {
                for i in vertices {
                    for c in 0..<dim { result[i, c] = centres[label, c] - ranges[label] + 2 * ranges[label] * generator.nextUniform() }
                }
            } else {
                solved.append(label)
            }
        }
        // The components' eigensolves are independent: largest first across the cores, one BLAS thread each
        // (they draw nothing from `generator`, so a seeded layout stays the same).
        solved.sort { members[$0].count > members[$1].count }
        var locals = [Result<Matrix, Error>?](repeating: nil, count: solved.count)
        locals.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            let solve = { (task: Int) in
                slots[task] = Result { try connectedSpectralLayout(graph.submatrix(members[solved[task]]), components: dim) }
            }
            if solved.count > 1 {
                BLAS.withThreads(1) { concurrentPerformSharing(iterations: solved.count, solve) }
            } else {
                for task in solved.indices { solve(task) }
            }
        }
        for (task, label) in solved.enumerated() {
            let local = try locals[task]!.get()
            let largest = local.elements.map(abs).max() ?? 0
            let expansion = largest > 0 ? ranges[label] / largest : 0
            for (row, i) in members[label].enumerated() {
                for c in 0..<dim { result[i, c] = local[row, c] * expansion + centres[label, c] }
            }
        }
        return result
    }

    /// Eigenvectors 2 … dim + 1 (by descending eigenvalue) of `D^(−½) W D^(−½)` for a connected graph.
    private static func connectedSpectralLayout(_ graph: SparseSymmetricMatrix, components dim: Int) throws -> Matrix {
        let n = graph.dimension
        var degrees = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for p in graph.offsets[i]..<graph.offsets[i + 1] { degrees[i] += graph.values[p] }
        }
        let inverseRoot = degrees.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var scaled = graph.values
        for i in 0..<n {
            for p in graph.offsets[i]..<graph.offsets[i + 1] { scaled[p] *= inverseRoot[i] * inverseRoot[graph.columns[p]] }
        }
        let normalized = SparseSymmetricMatrix(dimension: n, offsets: graph.offsets, columns: graph.columns, values: scaled)
        let solver = BlockKrylovEigensolver(tolerance: 1e-4, maxRestarts: 300)
        let pairs = try solver.solve(dimension: n, count: dim + 1, end: .largest) { normalized.multiply($0) }
        return pairs.eigenvectors.columns(at: Array(1...dim))
    }
}

extension SparseSymmetricMatrix {
    /// The principal submatrix on `vertices` (ascending, distinct), renumbered 0..<vertices.count.
    func submatrix(_ vertices: [Int]) -> SparseSymmetricMatrix {
        var position = [Int](repeating: -1, count: dimension)
        for (index, vertex) in vertices.enumerated() { position[vertex] = index }
        var offsets = [0], columns: [Int] = [], values: [Double] = []
        for vertex in vertices {
            for p in self.offsets[vertex]..<self.offsets[vertex + 1] {
                let column = position[self.columns[p]]
                if column >= 0 { columns.append(column); values.append(self.values[p]) }
            }
            offsets.append(columns.count)
        }
        return SparseSymmetricMatrix(dimension: vertices.count, offsets: offsets, columns: columns, values: values)
    }
}
