import LinearAlgebra

/// The eigenvectors of a positive semidefinite sparse M with M𝟙 = 0 (LLE's cost matrix, a graph
/// Laplacian) for its `count` smallest eigenvalues after the constant vector, ascending.
///
/// Both paths check the result against what M must be: an eigenvalue below `−10⁻⁶ ‖M‖∞` (or a shifted
/// Cholesky factorisation that fails at every shift) means M is not positive semidefinite (degenerate
/// neighbourhoods built it), and is thrown as `ManifoldLearningError.indefiniteCostMatrix` rather than
/// returned as an embedding.
struct BottomEigenvectors {
    /// Eigenvalues `vⱼᵀ M vⱼ`, ascending.
    let values: [Double]
    /// Orthonormal eigenvectors, n × count, orthogonal to 𝟙 (or to the null vector given to the shift-invert path).
    let vectors: Matrix

    /// The bottom of M by the chosen solver: `.automatic` is dense for n ≤ 600 and shift-invert to a relative
    /// residual of 10⁻⁸ above (met at the attainable accuracy when that is coarser).
    ///
    /// - Throws: `ManifoldLearningError.invalidParameter` for a `.sparse` tolerance that is not in (0, 1),
    ///   `.indefiniteCostMatrix` for a clearly negative eigenvalue, `LinearAlgebraError` from the solvers.
    /// The shift-invert solver's restart cycles report to `progress` ("eigensolver"); the dense one its end.
    init(of m: SparseSymmetricMatrix, count: Int, solver: BottomEigenSolver, method: String,
         progress: ProgressReporter = .silent) throws {
        defer { progress.report("eigensolver", fraction: 1) }
        switch solver {
        case .dense:
            try self.init(dense: m, count: count, method: method)
        case .automatic:
            if m.dimension <= 600 {
                try self.init(dense: m, count: count, method: method)
            } else {
                try self.init(shiftInvert: m, count: count, tolerance: 1e-8, method: method, progress: progress)
            }
        case let .sparse(tolerance):
            guard tolerance > 0 && tolerance < 1 else {
                throw ManifoldLearningError.invalidParameter(method: method, message: "tolerance = \(tolerance) must be between 0 and 1")
            }
            try self.init(shiftInvert: m, count: count, tolerance: tolerance, method: method, progress: progress)
        }
    }

    /// Dense `dsyevr` on `M + α 𝟙𝟙ᵀ/n` with α above M's spectrum (twice its largest absolute row sum): the
    /// constant vector's eigenvalue moves from 0 to α, so the `count` smallest eigenpairs are M's smallest
    /// on 𝟙⊥. (Skipping the first of the `count + 1` smallest, as scikit-learn does, picks an arbitrary
    /// vector when the null space has more than one dimension, as for a flat patch in LTSA.)
    init(dense m: SparseSymmetricMatrix, count: Int, method: String) throws {
        var a = m.dense
        let n = m.dimension
        let alpha = max(1, 2 * m.maxAbsoluteRowSum)
        a.elements.withUnsafeMutableBufferPointer { entries in
            for index in entries.indices { entries[index] += alpha / Double(n) }
        }
        let vectors = try a.symmetricEigen(.smallest(count)).eigenvectors
        try self.init(m, vectors: vectors, method: method)
    }

    /// Shift-invert on 𝟙⊥: the largest eigenpairs of `P (M + σI)⁻¹ P` (P = I − 𝟙𝟙ᵀ/n) are
    /// `1/(λⱼ + σ)` with M's eigenvectors, for the eigenvalues above the constant vector's zero.
    /// σ = 10⁻¹⁰ · max diag(M) keeps the factorisation positive definite; it is raised tenfold (up to
    /// three times) if CHOLMOD still finds a non-positive pivot.
    ///
    /// Each product is a Cholesky solve with `S = M + σI`, accurate to about `ε κ(S)` with
    /// `κ(S) ≤ (‖M‖∞ + σ)/σ`: the eigensolver is told so, and accepts residuals that stagnate at that level
    /// when `tolerance` is below it (see `BlockKrylovEigensolver`'s convergence policy).
    ///
    /// `nullVector` (unit length) replaces 𝟙/√n as the known null vector that is projected out, for a matrix
    /// whose kernel is not the constant vector (the normalised Laplacian `I − D^{-1/2} A D^{-1/2}`, whose null
    /// vector is `D^{1/2} 𝟙 / ‖D^{1/2} 𝟙‖`).
    init(shiftInvert m: SparseSymmetricMatrix, count: Int, tolerance: Double, method: String,
         nullVector: [Double]? = nil, progress: ProgressReporter = .silent) throws {
        let n = m.dimension
        precondition(nullVector.map { $0.count == n } ?? true, "BottomEigenvectors: null vector of the wrong length")
        var shift = 1e-10 * max(m.diagonal.max() ?? 1, .leastNormalMagnitude)
        var factor: SparseCholesky?
        for attempt in 0..<4 {
            do {
                factor = try SparseCholesky(m, shift: shift)
                break
            } catch LinearAlgebraError.singular where attempt == 3 {
                // M + σI is indefinite even at σ = 10⁻⁷ max diag(M): M has an eigenvalue below −σ.
                throw ManifoldLearningError.indefiniteCostMatrix(method: method, eigenvalue: -shift, scale: m.maxAbsoluteRowSum)
            } catch where attempt < 3 {
                shift *= 10
            }
        }
        guard let cholesky = factor else { preconditionFailure("BottomEigenvectors: the shift loop ends with a factor or a throw") }
        func project(_ buffer: UnsafeMutablePointer<Double>, width: Int) {
            for c in 0..<width {
                let column = buffer + c * n
                if let nu = nullVector {
                    var dot = 0.0
                    for i in 0..<n { dot += nu[i] * column[i] }
                    for i in 0..<n { column[i] -= dot * nu[i] }
                } else {
                    var mean = 0.0
                    for i in 0..<n { mean += column[i] }
                    mean /= Double(n)
                    for i in 0..<n { column[i] -= mean }
                }
            }
        }
        let conditionNumber = (m.maxAbsoluteRowSum + shift) / shift
        let solver = BlockKrylovEigensolver(tolerance: tolerance, productAccuracy: Double.ulpOfOne * conditionNumber,
                                            progress: progress)
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
        try self.init(m, vectors: result.eigenvectors, method: method)
    }

    /// Rayleigh quotients on M itself (more accurate than 1/θ − σ for tiny eigenvalues), checked for sign.
    private init(_ m: SparseSymmetricMatrix, vectors: Matrix, method: String) throws {
        let (n, count) = (m.dimension, vectors.columns)
        let product = m.multiply(vectors)
        let values = (0..<count).map { j in
            (0..<n).reduce(0) { $0 + vectors.elements[$1 * count + j] * product.elements[$1 * count + j] }
        }
        let scale = m.maxAbsoluteRowSum
        if let negative = values.min(), negative < -1e-6 * scale {
            throw ManifoldLearningError.indefiniteCostMatrix(method: method, eigenvalue: negative, scale: scale)
        }
        self.values = values
        self.vectors = vectors
    }
}
