import LinearAlgebra
import Testing

/// Whether `actual` is within `relativeTolerance · |expected| + absoluteTolerance` of `expected`.
///
/// Use an absolute tolerance only where the expected value is about zero.
public func isClose(_ actual: Double, _ expected: Double, relativeTolerance: Double = 1e-10,
                    absoluteTolerance: Double = 0) -> Bool {
    if actual == expected { return true }
    guard actual.isFinite, expected.isFinite else { return false }
    return abs(actual - expected) <= relativeTolerance * abs(expected) + absoluteTolerance
}

/// Records an issue unless `actual` is close to `expected` (see `isClose`).
public func assertClose(_ actual: Double, _ expected: Double, relativeTolerance: Double = 1e-10,
                        absoluteTolerance: Double = 0, _ comment: Comment? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(isClose(actual, expected, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance),
            "\(actual) is not within rel \(relativeTolerance) / abs \(absoluteTolerance) of \(expected)\(comment.map { ": \($0)" } ?? "")",
            sourceLocation: sourceLocation)
}

/// Records an issue unless the arrays have the same length and are entry-wise close.
public func assertClose(_ actual: [Double], _ expected: [Double], relativeTolerance: Double = 1e-10,
                        absoluteTolerance: Double = 0, _ comment: Comment? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "lengths \(actual.count) and \(expected.count) differ", sourceLocation: sourceLocation)
    guard actual.count == expected.count else { return }
    let failures = zip(actual, expected).enumerated().filter {
        !isClose($0.element.0, $0.element.1, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
    }
    #expect(failures.isEmpty,
            "\(failures.count) of \(actual.count) entries differ, first at \(failures.first.map { "\($0.offset): \($0.element.0) vs \($0.element.1)" } ?? "")\(comment.map { " (\($0))" } ?? "")",
            sourceLocation: sourceLocation)
}

/// Records an issue unless `‖actual − expected‖_F ≤ relativeTolerance · ‖expected‖_F + absoluteTolerance`.
///
/// A norm-wise comparison is the right one for reconstructions such as `U Σ Vᵀ ≈ A`, whose small entries
/// carry rounding of the size of the large ones.
public func assertClose(_ actual: Matrix, _ expected: Matrix, relativeTolerance: Double = 1e-10,
                        absoluteTolerance: Double = 0, _ comment: Comment? = nil,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.rows == expected.rows && actual.columns == expected.columns,
            "shapes \(actual.rows) × \(actual.columns) and \(expected.rows) × \(expected.columns) differ",
            sourceLocation: sourceLocation)
    guard actual.rows == expected.rows && actual.columns == expected.columns else { return }
    let difference = (actual - expected).frobeniusNorm
    let bound = relativeTolerance * expected.frobeniusNorm + absoluteTolerance
    #expect(difference <= bound,
            "‖actual − expected‖_F = \(difference) exceeds \(bound)\(comment.map { " (\($0))" } ?? "")",
            sourceLocation: sourceLocation)
}

/// Whether two matrices have equal columns up to the sign of each column (for sign-arbitrary factors).
public func assertEqualUpToColumnSigns(_ actual: Matrix, _ expected: Matrix, relativeTolerance: Double = 1e-8,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.rows == expected.rows && actual.columns == expected.columns, sourceLocation: sourceLocation)
    guard actual.rows == expected.rows && actual.columns == expected.columns else { return }
    for j in 0..<actual.columns {
        let a = actual.column(j), e = expected.column(j)
        let sign: Double = BLAS.dot(a, e) < 0 ? -1 : 1
        let difference = BLAS.norm2(zip(a, e).map { $0 - sign * $1 })
        #expect(difference <= relativeTolerance * Swift.max(BLAS.norm2(e), 1e-300),
                "column \(j) differs by \(difference) (up to sign)", sourceLocation: sourceLocation)
    }
}

/// The `n × n` Hilbert matrix `Hᵢⱼ = 1 / (i + j + 1)`, symmetric positive definite and very ill-conditioned.
public func hilbertMatrix(_ n: Int) -> Matrix {
    Matrix(rows: n, columns: n) { i, j in 1 / Double(i + j + 1) }
}

/// A random symmetric positive definite matrix `G Gᵀ + n I`.
public func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
    let g = Matrix.randomNormal(rows: n, columns: n, seed: seed)
    return g.rowGram() + Matrix.identity(n) * Double(n)
}

/// The RBF kernel `exp(−γ ‖xᵢ − xⱼ‖²)` of `n` random points in `dimension` dimensions.
public func rbfKernelMatrix(points n: Int, dimension: Int, gamma: Double, seed: UInt64) -> Matrix {
    let x = Matrix.randomNormal(rows: n, columns: dimension, seed: seed)
    return x.pairwiseSquaredDistances().map { exp(-gamma * $0) }
}

/// The combinatorial Laplacian `L = D − W` of a connected weighted graph on `n` nodes: a path with weights in
/// [1, 2) plus `n / 4` random chords, so no symmetry makes its spectrum degenerate.
public func randomGraphLaplacian(_ n: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    var w = Matrix(rows: n, columns: n)
    func connect(_ i: Int, _ j: Int) {
        guard i != j else { return }
        let weight = 1 + generator.nextUniform()
        w[i, j] = weight
        w[j, i] = weight
    }
    for i in 0..<(n - 1) { connect(i, i + 1) }
    for _ in 0..<(n / 4) { connect(Int(generator.next() % UInt64(n)), Int(generator.next() % UInt64(n))) }
    var laplacian = -w
    for i in 0..<n { laplacian[i, i] = w.row(i).reduce(0, +) }
    return laplacian
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
