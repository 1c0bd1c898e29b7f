import Foundation
/// Which end of a symmetric matrix's spectrum an iterative eigensolver looks for.
public enum SpectrumEnd: Sendable, Equatable {
    /// The largest (most positive) eigenvalues: kernel PCA, classical MDS, Isomap.
    case largest
    /// The smallest (most negative) eigenvalues: LLE, Laplacian eigenmaps.
    case smallest
}

/// A few extreme eigenpairs of a large symmetric matrix by a restarted block Krylov (block Lanczos) method
/// with Rayleigh–Ritz extraction.
///
/// Each cycle grows an orthonormal basis `V = [X, A X, A² X, …]` of `steps + 1` blocks of `blockSize`
/// columns (block Gram–Schmidt, applied twice), solves the small projected problem `(Vᵀ A V) s = θ s`, and
/// restarts from the best `blockSize` Ritz vectors `x = V s`. The Ritz pairs are checked after every block
/// (the projection costs O(n m²), little beside one product), and accepted when
///
///     ‖A x − θ x‖₂ ≤ tolerance · ‖A‖₂,
///
/// with `‖A‖₂` estimated by the largest |Ritz value| seen (a lower bound that is tight for the extreme end).
/// The smallest eigenvalues of `A` are the largest of `−A`, so both ends use the same iteration.
///
/// Convergence policy. A residual cannot fall much below the error of one product with the operator: with
/// `fl(A·B) = A·B + E`, `‖E‖ ≤ δ ‖A‖ ‖B‖`, the Ritz residuals level off near δ, the *attainable* accuracy
/// (`δ ≈ ε√n` for a dense or sparse product; `δ ≈ ε·κ(S)` when each product solves `S X = B`, as
/// shift-invert does). So the solver watches for stagnation, no halving of the worst wanted residual over
/// two restart cycles, and then
///
///     worst residual ≤ tolerance                        → converged (`.tolerance`)
///     stagnated, worst residual ≤ 10 · δ                → accepted at the attainable accuracy (`.attainable`)
///     otherwise                                         → iterate on; after `maxRestarts`, throw
///
/// A tolerance below the attainable level is therefore met at that level and reported in
/// `Result.convergence`, never chased forever; only a residual far above both throws.
///
/// The matrix enters only through block products `A · B` (`B` is `n × blockSize`), so a sparse or implicit
/// operator can be passed as a closure. Products are BLAS `dgemm` for a dense matrix: the cost is
/// `O(n² · blockSize)` per product instead of the `O(n³)` of a dense eigensolver.
///
/// Eigenvalues come in descending order for `.largest` and ascending for `.smallest`; eigenvectors follow the
/// toolkit's sign convention (largest-magnitude entry positive). Small problems, where the Krylov basis
/// would span most of the space (`blockSize · (steps + 1) ≥ n / 2`), are handed to dense `dsyevr`.
///
/// Reference: G. H. Golub, C. F. Van Loan, *Matrix Computations*, 4th ed., §10.3 (block Lanczos);
/// Y. Saad, *Numerical Methods for Large Eigenvalue Problems*, 2nd ed., ch. 6.
public struct BlockKrylovEigensolver: Sendable {
    /// The relative residual `‖A x − θ x‖ / ‖A‖` every returned pair must reach.
    public var tolerance: Double
    /// The most restart cycles before `LinearAlgebraError.notConverged` is thrown.
    public var maxRestarts: Int
    /// Columns per block; `nil` chooses `max(k + 2, ⌈1.5 k⌉)` for `k` wanted pairs.
    public var blockSize: Int?
    /// Krylov blocks added per restart cycle.
    public var steps: Int
    /// Seed of the random starting block.
    public var seed: UInt64
    /// The relative error δ of one product with the operator, `‖fl(A·B) − A·B‖ ≤ δ ‖A‖ ‖B‖`, which sets the
    /// attainable residual; `nil` takes `ε√n`, right for an explicit dense or sparse matrix. An operator that
    /// solves a linear system `S X = B` per product should pass `ε · κ(S)`.
    public var productAccuracy: Double?
    /// Where the restart cycles report, as the phase "eigensolver": the fraction is how far the worst wanted
    /// residual has come down from its first value to the tolerance on a log scale,
    /// `log(r₀ / r) / log(r₀ / tolerance)` (never decreasing), and 1 when the solve returns.
    public var progress: ProgressReporter

    public init(tolerance: Double = 1e-8, maxRestarts: Int = 200, blockSize: Int? = nil, steps: Int = 10,
                seed: UInt64 = 0, productAccuracy: Double? = nil, progress: ProgressReporter = .silent) {
        self.progress = progress
        self.tolerance = tolerance
        self.maxRestarts = maxRestarts
        self.blockSize = blockSize
        self.steps = steps
        self.seed = seed
        self.productAccuracy = productAccuracy
    }

    /// How a solve ended.
    public enum Convergence: Sendable, Equatable {
        /// Every returned residual is at most `tolerance`.
        case tolerance
        /// The residuals stagnated above `tolerance` but within the attainable level `10 δ` (the associated
        /// value): the pairs are as accurate as the operator's products allow.
        case attainable(level: Double)
        /// The problem was small enough for dense `dsyevr` (residuals at rounding level).
        case dense
    }

    /// The outcome of a solve.
    public struct Result: Sendable {
        /// The wanted eigenvalues (descending for `.largest`, ascending for `.smallest`).
        public let eigenvalues: [Double]
        /// The matching eigenvectors as orthonormal columns, `n × k`.
        public let eigenvectors: Matrix
        /// Restart cycles run (0 when the dense fallback was used).
        public let iterations: Int
        /// Block products `A · B` evaluated.
        public let matrixProducts: Int
        /// `‖A xⱼ − θⱼ xⱼ‖ / ‖A‖` for each returned pair.
        public let relativeResiduals: [Double]
        /// Whether the tolerance was reached, the attainable accuracy accepted, or dense `dsyevr` used.
        public let convergence: Convergence

        /// Whether the problem was small enough to go to dense `dsyevr`.
        public var usedDenseFallback: Bool { convergence == .dense }

        /// The pairs as a `SymmetricEigendecomposition`.
        public var decomposition: SymmetricEigendecomposition {
            SymmetricEigendecomposition(eigenvalues: eigenvalues, eigenvectors: eigenvectors)
        }
    }

    /// The `count` extreme eigenpairs of the dense symmetric matrix `a`.
    ///
    /// - Throws: `LinearAlgebraError` for an empty, non-finite, non-square or non-symmetric matrix, a count
    ///   outside `1...n`, or residuals above both the tolerance and the attainable level after `maxRestarts`
    ///   cycles (`.notConverged`).
    public func solve(_ a: Matrix, count: Int, end: SpectrumEnd) throws -> Result {
        try a.validateSquare(for: "BlockKrylovEigensolver")
        guard a.isSymmetric(tolerance: 1e-8) else { throw LinearAlgebraError.notSymmetric(operation: "BlockKrylovEigensolver") }
        // Each product reads each off-diagonal entry of A once (`symmetricProduct`), half a dgemm's traffic.
        return try solve(dimension: a.rows, count: count, end: end, dense: a) { block in a.symmetricProduct(block) }
    }

    /// The `count` extreme eigenpairs of the symmetric operator `multiply`, which must return `A · B` for an
    /// `n × b` block `B` (a sparse matrix, a kernel evaluated on the fly, a shifted operator…).
    ///
    /// For a small problem the operator is applied to the identity to form the dense matrix.
    public func solve(dimension n: Int, count: Int, end: SpectrumEnd,
                      multiply: (Matrix) throws -> Matrix) throws -> Result {
        try solve(dimension: n, count: count, end: end, dense: nil, multiply: multiply)
    }

    private func solve(dimension n: Int, count k: Int, end: SpectrumEnd, dense: Matrix?,
                       multiply: (Matrix) throws -> Matrix) throws -> Result {
        let operation = "BlockKrylovEigensolver"
        guard n >= 1 else { throw LinearAlgebraError.empty(operation: operation) }
        guard k >= 1 && k <= n else { throw LinearAlgebraError.invalidCount(operation: operation, requested: k, limit: n) }
        guard tolerance > 0, maxRestarts >= 1, steps >= 1 else {
            throw LinearAlgebraError.invalidArgument(operation: operation, message: "tolerance, maxRestarts and steps must be positive")
        }
        let delta = productAccuracy ?? Double.ulpOfOne * Double(n).squareRoot()
        guard delta.isFinite && delta >= 0 else {
            throw LinearAlgebraError.invalidArgument(operation: operation, message: "productAccuracy = \(delta) must be finite and ≥ 0")
        }
        let attainable = 10 * Swift.max(delta, Double.ulpOfOne)
        let b = Swift.max(blockSize ?? Swift.max(k + 2, (3 * k + 1) / 2), k)
        if b * (steps + 1) * 2 >= n {
            defer { progress.report("eigensolver", fraction: 1) }
            return try denseFallback(dimension: n, count: k, end: end, dense: dense, multiply: multiply)
        }
        let sign: Double = end == .largest ? 1 : -1
        var products = 0
        // The operator whose largest eigenvalues we want: A or −A.
        func apply(_ block: Matrix) throws -> Matrix {
            products += 1
            let product = try multiply(block)
            precondition(product.rows == n && product.columns == block.columns,
                         "BlockKrylovEigensolver: the product closure returned \(product.rows) × \(product.columns) for \(n) × \(block.columns)")
            return sign == 1 ? product : -product
        }

        let maxColumns = b * (steps + 1)
        var basis = KrylovBasis(rows: n, maxColumns: maxColumns)
        var generator = SeededGenerator(seed: seed)
        var x = Matrix.randomNormal(rows: n, columns: b, using: &generator)
        x = basis.orthonormalize(x, using: &generator)
        var ax = try apply(x)
        var normEstimate = 0.0
        var theta = [Double](repeating: 0, count: b)
        var residuals = [Double](repeating: .infinity, count: k)
        // Stagnation watch: the worst wanted residual must halve within `window` checks (two cycles).
        var progress = StagnationWatch(window: 2 * steps)
        var best: Result?
        var firstResidual: Double?, reportedFraction = 0.0
        func reportProgress(_ worst: Double) {
            guard self.progress.isActive, worst.isFinite, worst > 0 else { return }
            let start = firstResidual ?? worst
            firstResidual = start
            let span = log(start / Swift.min(tolerance, start * 0.5))
            let fraction = Swift.min(1, Swift.max(reportedFraction, log(start / worst) / span))
            if fraction > reportedFraction || reportedFraction == 0 {
                reportedFraction = fraction
                self.progress.report("eigensolver", fraction: fraction)
            }
        }
        defer { self.progress.report("eigensolver", fraction: 1) }
        func snapshot(cycle: Int, convergence: Convergence) -> Result {
            Result(eigenvalues: theta[0..<k].map { sign * $0 },
                   eigenvectors: x.columns(at: Array(0..<k)).withNormalizedColumnSigns(),
                   iterations: cycle, matrixProducts: products, relativeResiduals: residuals, convergence: convergence)
        }

        for cycle in 1...maxRestarts {
            basis.reset()
            basis.append(x, image: ax)
            for _ in 0..<steps {
                let next = basis.orthonormalize(basis.lastImage, using: &generator)
                basis.append(next, image: try apply(next))
                // Rayleigh–Ritz on the basis so far: O(n m²), small beside one product with A.
                let projected = basis.projectedMatrix()
                let ritz = try projected.symmetricEigen(.largest(b))
                theta = ritz.eigenvalues
                normEstimate = Swift.max(normEstimate, projected.maxAbsoluteEigenvalueBound(ritz: theta))
                x = basis.combine(ritz.eigenvectors)
                ax = basis.combineImages(ritz.eigenvectors)
                let scale = Swift.max(normEstimate, .leastNormalMagnitude)
                for j in 0..<k {
                    var squared = 0.0
                    for i in 0..<n {
                        let r = ax.elements[i * b + j] - theta[j] * x.elements[i * b + j]
                        squared += r * r
                    }
                    residuals[j] = squared.squareRoot() / scale
                }
                let worst = residuals.max() ?? .infinity
                reportProgress(worst)
                if worst <= tolerance { return snapshot(cycle: cycle, convergence: .tolerance) }
                if worst <= attainable && worst < (best?.relativeResiduals.max() ?? .infinity) {
                    best = snapshot(cycle: cycle, convergence: .attainable(level: attainable))
                }
                if progress.stagnates(after: worst), let best { return best }
            }
        }
        if let best { return best }
        throw LinearAlgebraError.notConverged(operation: operation, iterations: maxRestarts,
                                              residual: residuals.max() ?? .infinity, tolerance: tolerance,
                                              attainable: attainable)
    }

    private func denseFallback(dimension n: Int, count k: Int, end: SpectrumEnd, dense: Matrix?,
                               multiply: (Matrix) throws -> Matrix) throws -> Result {
        let a = try dense ?? multiply(Matrix.identity(n)).symmetrized
        let decomposition = try a.symmetricEigen(end == .largest ? .largest(k) : .smallest(k))
        let scale = Swift.max(abs(decomposition.eigenvalues.first ?? 0), abs(decomposition.eigenvalues.last ?? 0),
                              .leastNormalMagnitude)
        let q = decomposition.eigenvectors
        let residualMatrix = a * q - q.scalingColumns(by: decomposition.eigenvalues)
        let residuals = (0..<k).map { BLAS.norm2(residualMatrix.column($0)) / scale }
        return Result(eigenvalues: decomposition.eigenvalues, eigenvectors: q, iterations: 0,
                      matrixProducts: dense == nil ? 1 : 0, relativeResiduals: residuals, convergence: .dense)
    }
}

/// Detects a residual history that has stopped falling: no halving of the level that opened the current
/// window within `window` observations.
private struct StagnationWatch {
    let window: Int
    private var reference = Double.infinity
    private var sinceProgress = 0

    init(window: Int) { self.window = window }

    /// Records `residual`; `true` once `window` observations in a row failed to halve the reference level.
    mutating func stagnates(after residual: Double) -> Bool {
        if residual <= 0.5 * reference {
            reference = residual
            sinceProgress = 0
            return false
        }
        sinceProgress += 1
        return sinceProgress >= window
    }
}

private extension Matrix {
    /// max |θ| over the Ritz values, a lower bound on ‖A‖₂ (the projected matrix is small, so its diagonal
    /// bounds the rest of its spectrum from below too).
    func maxAbsoluteEigenvalueBound(ritz: [Double]) -> Double {
        Swift.max(ritz.map(abs).max() ?? 0, diagonal.map(abs).max() ?? 0)
    }
}

/// An orthonormal Krylov basis `V` (n × m, growing by blocks) with the images `A V`, in fixed row-major
/// buffers of width `maxColumns` so blocks are added and used in BLAS calls without copies.
private struct KrylovBasis {
    let rows: Int
    let maxColumns: Int
    private(set) var columns = 0
    private var vectors: [Double]
    private var images: [Double]
    private var lastBlockWidth = 0

    init(rows: Int, maxColumns: Int) {
        self.rows = rows
        self.maxColumns = maxColumns
        vectors = [Double](repeating: 0, count: rows * maxColumns)
        images = [Double](repeating: 0, count: rows * maxColumns)
    }

    mutating func reset() { columns = 0; lastBlockWidth = 0 }

    mutating func append(_ block: Matrix, image: Matrix) {
        let width = block.columns
        precondition(columns + width <= maxColumns, "KrylovBasis: full")
        for i in 0..<rows {
            for j in 0..<width {
                vectors[i * maxColumns + columns + j] = block.elements[i * width + j]
                images[i * maxColumns + columns + j] = image.elements[i * width + j]
            }
        }
        columns += width
        lastBlockWidth = width
    }

    /// `A V_last`, the image of the newest block: the next Krylov direction.
    var lastImage: Matrix {
        let start = columns - lastBlockWidth
        var block = [Double](repeating: 0, count: rows * lastBlockWidth)
        for i in 0..<rows {
            for j in 0..<lastBlockWidth { block[i * lastBlockWidth + j] = images[i * maxColumns + start + j] }
        }
        return Matrix(rows: rows, columns: lastBlockWidth, elements: block)
    }

    /// `Y − V (Vᵀ Y)`, twice (classical Gram–Schmidt with reorthogonalisation, as two `dgemm` pairs).
    private func projectOut(_ y: inout Matrix) {
        guard columns > 0 else { return }
        let width = y.columns
        var coefficients = [Double](repeating: 0, count: columns * width)
        for _ in 0..<2 {
            vectors.withUnsafeBufferPointer { v in
                y.elements.withUnsafeMutableBufferPointer { py in
                    coefficients.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(transposeA: true, transposeB: false, m: columns, n: width, k: rows, alpha: 1,
                                  a: v.baseAddress!, lda: maxColumns, b: py.baseAddress!, ldb: width, beta: 0,
                                  c: c.baseAddress!, ldc: width)
                        BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: width, k: columns, alpha: -1,
                                  a: v.baseAddress!, lda: maxColumns, b: c.baseAddress!, ldb: width, beta: 1,
                                  c: py.baseAddress!, ldc: width)
                    }
                }
            }
        }
    }

    /// An orthonormal block spanning what `y` adds to the basis. A direction that is (numerically) already
    /// in the basis, as happens once a Ritz vector has converged, is replaced by a fresh random one.
    func orthonormalize(_ block: Matrix, using generator: inout SeededGenerator) -> Matrix {
        var y = block
        let width = y.columns
        let originalNorms = (0..<width).map { BLAS.norm2(y.column($0)) }
        for _ in 0..<4 {
            projectOut(&y)
            // Modified Gram–Schmidt inside the block, with the deficiency test on each column.
            var deficient = false
            for j in 0..<width {
                for p in 0..<j {
                    var dot = 0.0
                    for i in 0..<rows { dot += y.elements[i * width + p] * y.elements[i * width + j] }
                    for i in 0..<rows { y.elements[i * width + j] -= dot * y.elements[i * width + p] }
                }
                var norm = 0.0
                for i in 0..<rows { norm += y.elements[i * width + j] * y.elements[i * width + j] }
                norm = norm.squareRoot()
                if norm <= 1e-10 * Swift.max(originalNorms[j], .leastNormalMagnitude) || norm == 0 {
                    for i in 0..<rows { y.elements[i * width + j] = generator.nextNormal() }
                    deficient = true
                } else {
                    for i in 0..<rows { y.elements[i * width + j] /= norm }
                }
            }
            if !deficient {
                // One more pass so the block is orthogonal to the basis to working precision.
                var check = y
                projectOut(&check)
                let drift = (0..<width).map { j in BLAS.norm2(check.column(j)) }
                if drift.allSatisfy({ abs($0 - 1) < 1e-8 }) { return y }
                y = check
                continue
            }
        }
        return y
    }

    /// `Vᵀ (A V)`, symmetrised.
    func projectedMatrix() -> Matrix {
        var h = Matrix(rows: columns, columns: columns)
        vectors.withUnsafeBufferPointer { v in
            images.withUnsafeBufferPointer { av in
                h.elements.withUnsafeMutableBufferPointer { ph in
                    BLAS.gemm(transposeA: true, transposeB: false, m: columns, n: columns, k: rows, alpha: 1,
                              a: v.baseAddress!, lda: maxColumns, b: av.baseAddress!, ldb: maxColumns, beta: 0,
                              c: ph.baseAddress!, ldc: columns)
                }
            }
        }
        return h.symmetrized
    }

    /// `V S` for coefficients `S` (columns × width).
    func combine(_ coefficients: Matrix) -> Matrix { Self.multiply(vectors, maxColumns, columns, rows, coefficients) }

    /// `(A V) S`.
    func combineImages(_ coefficients: Matrix) -> Matrix { Self.multiply(images, maxColumns, columns, rows, coefficients) }

    private static func multiply(_ buffer: [Double], _ leading: Int, _ used: Int, _ rows: Int, _ s: Matrix) -> Matrix {
        var result = Matrix(rows: rows, columns: s.columns)
        buffer.withUnsafeBufferPointer { v in
            s.elements.withUnsafeBufferPointer { ps in
                result.elements.withUnsafeMutableBufferPointer { r in
                    BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: s.columns, k: used, alpha: 1,
                              a: v.baseAddress!, lda: leading, b: ps.baseAddress!, ldb: s.columns, beta: 0,
                              c: r.baseAddress!, ldc: s.columns)
                }
            }
        }
        return result
    }
}
