import LinearAlgebra

/// The eigenvectors of a positive semidefinite sparse M with M𝟙 = 0 (LLE's cost matrix, a graph
/// Laplacian) for its `count` smallest eigenvalues after the constant vector, ascending.
struct BottomEigenvectors {
    /// Eigenvalues `vⱼᵀ M vⱼ`, ascending.
    let values: [Double]
    /// Orthonormal eigenvectors, n × count, orthogonal to 𝟙.
    let vectors: Matrix

    /// Dense `dsyevr` on `M + α 𝟙𝟙ᵀ/n` with α above M's spectrum (its largest absolute row sum): the
    /// constant vector's eigenvalue moves from 0 to α, so the `count` smallest eigenpairs are M's smallest
    /// on 𝟙⊥. (Skipping the first of the `count + 1` smallest, as scikit-learn does, picks an arbitrary
    /// vector when the null space has more than one dimension, as for a flat patch in LTSA.)
    init(dense m: SparseSymmetricMatrix, count: Int) throws {
        var a = m.dense
        let n = m.dimension
        var alpha = 1.0
        for i in 0..<n { alpha = max(alpha, 2 * a.row(i).reduce(0) { $0 + abs($1) }) }
        a.elements.withUnsafeMutableBufferPointer { entries in
            for index in entries.indices { entries[index] += alpha / Double(n) }
        }
        let vectors = try a.symmetricEigen(.smallest(count)).eigenvectors
        let product = m.multiply(vectors)
        self.values = (0..<count).map { j in
            (0..<n).reduce(0) { $0 + vectors.elements[$1 * count + j] * product.elements[$1 * count + j] }
        }
        self.vectors = vectors
    }

    /// Shift-invert on 𝟙⊥: the largest eigenpairs of `P (M + σI)⁻¹ P` (P = I − 𝟙𝟙ᵀ/n) are
    /// `1/(λⱼ + σ)` with M's eigenvectors, for the eigenvalues above the constant vector's zero.
    /// σ = 10⁻¹⁰ · max diag(M) keeps the factorisation positive definite; it is raised tenfold (up to
    /// three times) if CHOLMOD still finds a non-positive pivot.
    init(shiftInvert m: SparseSymmetricMatrix, count: Int, tolerance: Double) throws {
        let n = m.dimension
        var shift = 1e-10 * max(m.diagonal.max() ?? 1, .leastNormalMagnitude)
        var factor: SparseCholesky?
        for attempt in 0..<4 {
            do {
                factor = try SparseCholesky(m, shift: shift)
                break
            } catch where attempt < 3 {
                shift *= 10
            }
        }
        let cholesky = factor!
        func project(_ buffer: UnsafeMutablePointer<Double>, width: Int) {
            for c in 0..<width {
                let column = buffer + c * n
                var mean = 0.0
                for i in 0..<n { mean += column[i] }
                mean /= Double(n)
                for i in 0..<n { column[i] -= mean }
            }
        }
        let solver = BlockKrylovEigensolver(tolerance: tolerance)
        let result = try solver.solve(dimension: n, count: count, end: .largest) { block in
            // Row-major n × b is column-major b × n; its transpose is the column-major n × b block.
            var columnMajor = block.transposed
            var solved = Matrix(rows: block.columns, columns: n)
            columnMajor.elements.withUnsafeMutableBufferPointer { b in
                solved.elements.withUnsafeMutableBufferPointer { x in
                    project(b.baseAddress!, width: block.columns)
                    cholesky.solve(columnMajor: b.baseAddress!, width: block.columns, into: x.baseAddress!)
                    project(x.baseAddress!, width: block.columns)
                }
            }
            return solved.transposed
        }
        let vectors = result.eigenvectors
        // Rayleigh quotients on M itself (more accurate than 1/θ − σ for tiny eigenvalues).
        let product = m.multiply(vectors)
        self.values = (0..<count).map { j in
            (0..<n).reduce(0) { $0 + vectors.elements[$1 * count + j] * product.elements[$1 * count + j] }
        }
        self.vectors = vectors
    }
}
