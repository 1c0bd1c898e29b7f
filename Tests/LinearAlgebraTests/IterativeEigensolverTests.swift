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

    @Test func sameSeedSameResult() throws {
        let a = rbfKernelMatrix(points: 300, dimension: 2, gamma: 1, seed: 7)
        let first = try BlockKrylovEigensolver(seed: 9).solve(a, count: 2, end: .largest)
        let second = try BlockKrylovEigensolver(seed: 9).solve(a, count: 2, end: .largest)
        // The seed fixes every random choice, so the same process with the same BLAS thread count gives the same
        // bits; but OpenBLAS's thread count is process-wide and concurrent tests change it (BLAS.withThreads), which
        // changes GEMM's summation order. So the two runs are compared to rounding, far below the solver's own
        // tolerance (1e-8), within which runs from different seeds may differ.
        assertClose(second.eigenvalues, first.eigenvalues, relativeTolerance: 1e-13)
        assertClose(second.eigenvectors, first.eigenvectors, relativeTolerance: 1e-11)
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

    /// `A·B` plus a relative error of `delta` per product, as an operator that solves a linear system has.
    func noisyProduct(_ a: Matrix, delta: Double, seed: UInt64) -> (Matrix) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        let norm = (try? a.symmetricEigen(.largest(1)).eigenvalues[0]) ?? 1
        return { block in
            var product = a * block
            let scale = delta * norm * block.frobeniusNorm / Double(block.rows * block.columns).squareRoot()
            for index in product.elements.indices { product.elements[index] += scale * generator.nextNormal() }
            return product
        }
    }

    @Test("a tolerance below the operator's accuracy is met at the attainable level, reported, not chased")
    func stagnationAtAttainableAccuracy() throws {
        let a = randomSPD(300, seed: 11)
        let delta = 1e-9
        let multiply = noisyProduct(a, delta: delta, seed: 2)
        let result = try BlockKrylovEigensolver(tolerance: 1e-13, seed: 1, productAccuracy: delta)
            .solve(dimension: 300, count: 3, end: .largest, multiply: multiply)
        #expect(result.convergence == .attainable(level: 10 * delta))
        #expect(result.relativeResiduals.allSatisfy { $0 > 1e-13 && $0 <= 10 * delta })
        // Stopped on stagnation, long before the restart limit.
        #expect(result.iterations < 40)
        // The pairs are as good as the residual says: eigenvalues within ‖r‖ (Weyl), vectors within ‖r‖ / gap.
        let dense = try a.symmetricEigen(.largest(4))
        assertClose(result.eigenvalues, Array(dense.eigenvalues.prefix(3)), relativeTolerance: 20 * delta)
        let exact = a * result.eigenvectors - result.eigenvectors.scalingColumns(by: result.eigenvalues)
        #expect(exact.frobeniusNorm <= 20 * delta * dense.eigenvalues[0])
    }

    @Test("residuals far above both the tolerance and the declared accuracy still throw, naming both")
    func stagnationFarAboveAttainableThrows() throws {
        let a = randomSPD(300, seed: 12)
        // The operator errs by 10⁻⁶ but claims 10⁻¹²: the residual floor (≈ 10⁻⁶) is far above 10 · 10⁻¹².
        let multiply = noisyProduct(a, delta: 1e-6, seed: 3)
        let solver = BlockKrylovEigensolver(tolerance: 1e-10, maxRestarts: 6, seed: 1, productAccuracy: 1e-12)
        do {
            _ = try solver.solve(dimension: 300, count: 2, end: .largest, multiply: multiply)
            Issue.record("expected notConverged")
        } catch let LinearAlgebraError.notConverged(_, iterations, residual, tolerance, attainable) {
            #expect(iterations == 6 && tolerance == 1e-10 && attainable == 1e-11)
            #expect(residual > 1e-8)
        }
    }

    @Test func denseAndToleranceOutcomesAreReported() throws {
        let a = randomSPD(300, seed: 1)
        #expect(try BlockKrylovEigensolver(tolerance: 1e-8).solve(a, count: 2, end: .largest).convergence == .tolerance)
        #expect(try BlockKrylovEigensolver().solve(try Matrix(rows: [[2, 1], [1, 2]]), count: 1, end: .largest).convergence == .dense)
    }
}
