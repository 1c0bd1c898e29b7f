import LinearAlgebra
import TestSupport
import Testing

@Suite("Block Krylov eigensolver agrees with dsyevr")
struct IterativeEigensolverTests {
    func check(_ a: Matrix, count: Int, end: SpectrumEnd, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let solver = BlockKrylovEigensolver(tolerance: 1e-10, seed: 3)
        let result = try solver.solve(a, count: count, end: end)
        let dense = try a.symmetricEigen(end == .largest ? .largest(count) : .smallest(count))
        #expect(!result.usedDenseFallback, sourceLocation: sourceLocation)
        let normA = max(abs(dense.eigenvalues.first!), try a.symmetricEigen(.largest(1)).eigenvalues[0])
        assertClose(result.eigenvalues, dense.eigenvalues, relativeTolerance: 1e-8, absoluteTolerance: 1e-10 * normA,
                    sourceLocation: sourceLocation)
        assertEqualUpToColumnSigns(result.eigenvectors, dense.eigenvectors, relativeTolerance: 1e-6,
                                   sourceLocation: sourceLocation)
        // The residual is measured independently of the solver's own report.
        let q = result.eigenvectors
        let residual = a * q - q.scalingColumns(by: result.eigenvalues)
        #expect(residual.frobeniusNorm <= 1e-9 * normA * Double(count), sourceLocation: sourceLocation)
        #expect(result.relativeResiduals.allSatisfy { $0 <= 1e-10 }, sourceLocation: sourceLocation)
        assertClose(q.columnGram(), .identity(count), absoluteTolerance: 1e-10, sourceLocation: sourceLocation)
    }

    @Test func randomSPDTop() throws {
        try check(randomSPD(300, seed: 1), count: 4, end: .largest)
    }

    @Test func rbfKernelTop() throws {
        try check(rbfKernelMatrix(points: 400, dimension: 3, gamma: 0.5, seed: 2), count: 2, end: .largest)
    }

    @Test func graphLaplacianBottom() throws {
        // The bottom of a Laplacian: 0 (constant vector) and the small Fiedler values.
        let laplacian = randomGraphLaplacian(200, seed: 6)
        try check(laplacian, count: 3, end: .smallest)
        let result = try BlockKrylovEigensolver(tolerance: 1e-10).solve(laplacian, count: 1, end: .smallest)
        #expect(abs(result.eigenvalues[0]) < 1e-8)
    }

    @Test func operatorClosureMatchesDenseMatrix() throws {
        let a = randomSPD(250, seed: 5)
        let viaClosure = try BlockKrylovEigensolver(seed: 1).solve(dimension: 250, count: 3, end: .largest) { a * $0 }
        let dense = try a.symmetricEigen(.largest(3))
        assertClose(viaClosure.eigenvalues, dense.eigenvalues, relativeTolerance: 1e-8)
        #expect(viaClosure.matrixProducts > 0 && viaClosure.iterations > 0)
    }

    @Test func sameSeedSameBits() throws {
        let a = rbfKernelMatrix(points: 300, dimension: 2, gamma: 1, seed: 7)
        let first = try BlockKrylovEigensolver(seed: 9).solve(a, count: 2, end: .largest)
        let second = try BlockKrylovEigensolver(seed: 9).solve(a, count: 2, end: .largest)
        #expect(first.eigenvalues == second.eigenvalues && first.eigenvectors == second.eigenvectors)
    }

    @Test func smallProblemUsesDenseSolver() throws {
        let a = try Matrix(rows: [[2, 1], [1, 2]])
        let result = try BlockKrylovEigensolver().solve(a, count: 1, end: .smallest)
        #expect(result.usedDenseFallback)
        assertClose(result.eigenvalues, [1], relativeTolerance: 1e-14)
    }

    @Test func nonConvergenceIsReported() throws {
        let a = randomSPD(300, seed: 4)
        #expect(throws: LinearAlgebraError.self) {
            try BlockKrylovEigensolver(tolerance: 1e-14, maxRestarts: 1, steps: 1).solve(a, count: 4, end: .smallest)
        }
    }
}
