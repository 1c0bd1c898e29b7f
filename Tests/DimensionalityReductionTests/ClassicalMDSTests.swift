@testable import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("Classical MDS")
struct ClassicalMDSTests {
    @Test func equalsPCAScoresOnEuclideanDistances() throws {
        let x = SpectralFixtures.cloud(rows: 60, columns: 4, seed: 11)
        let pca = try PCA(components: .count(3), solver: .svd).fit(x)
        let scores = try pca.transform(x)
        for solver in [ClassicalMDS.EigenSolver.dense, .iterative()] {
            let mds = try ClassicalMDS(components: 3, eigenSolver: solver).fit(dissimilarities: x.pairwiseDistances())
            assertEqualUpToColumnSigns(mds.embedding, scores, relativeTolerance: 1e-7)
            assertClose(mds.eigenvalues.map { $0.squareRoot() }, pca.singularValues, relativeTolerance: 1e-8)
            #expect(mds.isEuclidean == true)
        }
    }

    @Test func dataAndDistanceMatrixAgree() throws {
        let x = SpectralFixtures.curve
        let fromData = try ClassicalMDS(components: 2).fit(x)
        let fromDistances = try ClassicalMDS(components: 2).fit(dissimilarities: x.pairwiseDistances())
        // Both follow the largest-entry-positive sign rule, so they agree including signs.
        assertClose(fromData.embedding, fromDistances.embedding, relativeTolerance: 1e-8)
        assertClose(fromData.eigenvalues, fromDistances.eigenvalues, relativeTolerance: 1e-9)
        assertClose(fromData.trace, fromDistances.trace, relativeTolerance: 1e-10)
    }

    @Test func doubleCenteredKernelHasZeroRowAndColumnSums() throws {
        let x = SpectralFixtures.cloud(rows: 25, columns: 3, seed: 12)
        let b = doubleCenteredKernel(squaredDistances: x.pairwiseSquaredDistances())
        let scale = b.maxAbsolute
        for s in b.sum(along: .rows) + b.sum(along: .columns) { #expect(abs(s) <= 1e-12 * scale * 25) }
        #expect(b.isSymmetric(tolerance: 1e-14))
        // For Euclidean distances, B is the Gram matrix of the centred data.
        assertClose(b, x.centeringColumns().centered.rowGram(), relativeTolerance: 1e-12)
    }

    @Test func reportsNegativeEigenvaluesOfNonEuclideanInput() throws {
        // Three points at mutual distance 1 and a fourth at distance 0.1 from each: the triangle
        // inequality holds, yet no Euclidean configuration exists (the centre of an equilateral triangle
        // of side 1 is 1/√3 ≈ 0.577 from its corners), so B has a negative eigenvalue.
        let d = try Matrix(rows: [[0, 1, 1, 0.1], [1, 0, 1, 0.1], [1, 1, 0, 0.1], [0.1, 0.1, 0.1, 0]])
        let model = try ClassicalMDS(components: 2).fit(dissimilarities: d)
        let dense = try doubleCenteredKernel(squaredDistances: d.hadamard(d)).symmetricEigen()
        #expect(model.isEuclidean == false)
        assertClose(model.smallestEigenvalue!, dense.eigenvalues.last!, relativeTolerance: 1e-10)
        #expect(dense.eigenvalues.last! < -0.1)
        assertClose(model.trace, dense.eigenvalues.reduce(0, +), relativeTolerance: 1e-12)
    }

    @Test func iterativeSolverReportsTheSmallestEigenvalueOfALargeMatrix() throws {
        // Manhattan distances of a random cloud are not Euclidean: B has negative eigenvalues. n = 240 > 200
        // sends both solves to the block Krylov solver; the dense solver is the reference.
        let x = SpectralFixtures.cloud(rows: 240, columns: 3, seed: 15)
        let n = x.rows
        let d = Matrix(rows: n, columns: n) { i, j in (0..<3).reduce(0) { $0 + abs(x[i, $1] - x[j, $1]) } }
        let iterative = try ClassicalMDS(components: 2, eigenSolver: .iterative()).fit(dissimilarities: d)
        let dense = try ClassicalMDS(components: 2, eigenSolver: .dense).fit(dissimilarities: d)
        let spectrum = try doubleCenteredKernel(squaredDistances: d.hadamard(d)).symmetricEigen()
        assertClose(iterative.eigenvalues, Array(spectrum.eigenvalues.prefix(2)), relativeTolerance: 1e-8)
        assertClose(iterative.smallestEigenvalue!, spectrum.eigenvalues.last!, relativeTolerance: 1e-5)
        assertClose(dense.smallestEigenvalue!, spectrum.eigenvalues.last!, relativeTolerance: 1e-10)
        #expect(iterative.isEuclidean == false)
        assertClose(iterative.embedding, dense.embedding, relativeTolerance: 1e-6)
    }

    @Test func stressIsZeroForAnExactEmbedding() throws {
        let x = SpectralFixtures.cloud(rows: 20, columns: 2, seed: 13)
        let d = x.pairwiseDistances()
        let model = try ClassicalMDS(components: 2).fit(dissimilarities: d)
        #expect(try model.stress(dissimilarities: d) < 1e-7)
        let flat = try ClassicalMDS(components: 1).fit(dissimilarities: d)
        #expect(try flat.stress(dissimilarities: d) > 0.01)
    }

    @Test func badInputThrows() throws {
        let x = SpectralFixtures.cloud(rows: 5, columns: 2, seed: 14)
        let d = x.pairwiseDistances()
        var asymmetric = d
        asymmetric[0, 1] += 0.5
        expectFailure(messageContaining: "not symmetric") { _ = try ClassicalMDS().fit(dissimilarities: asymmetric) }
        var negative = d
        negative[0, 1] = -1
        negative[1, 0] = -1
        expectFailure(messageContaining: "is negative") { _ = try ClassicalMDS().fit(dissimilarities: negative) }
        var diagonal = d
        diagonal[2, 2] = 1
        expectFailure(messageContaining: "diagonal entry (2, 2)") { _ = try ClassicalMDS().fit(dissimilarities: diagonal) }
        var infinite = d
        infinite[3, 4] = .infinity
        expectFailure(messageContaining: "entry (3, 4) is inf") { _ = try ClassicalMDS().fit(dissimilarities: infinite) }
        expectFailure(messageContaining: "not square") { _ = try ClassicalMDS().fit(dissimilarities: Matrix(rows: 3, columns: 4)) }
        expectFailure(messageContaining: "components = 6 must be between 1 and 5") {
            _ = try ClassicalMDS(components: 6).fit(dissimilarities: d)
        }
        expectFailure(messageContaining: "components = 3 must be between 1 and 2") { _ = try ClassicalMDS(components: 3).fit(x) }
        var nan = x
        nan[1, 1] = .nan
        expectFailure(messageContaining: "entry (1, 1) is NaN") { _ = try ClassicalMDS().fit(nan) }
        expectFailure(messageContaining: "at least 2") { _ = try ClassicalMDS(components: 1).fit(dissimilarities: Matrix(rows: 1, columns: 1)) }
    }
}

@Suite("Symmetric kernel builder")
struct SymmetricKernelBuilderTests {
    @Test func centredKernelFromUpperStripsEqualsDoubleCentring() {
        let x = SpectralFixtures.cloud(rows: 150, columns: 3, seed: 41)
        for kernel in [Kernel.rbf(), .polynomial(degree: 2), .linear, .cosine, .sigmoid(gamma: 0.2)] {
            var expected = kernel.matrix(x, x, gammaFeatures: 3)
            let statistics = doubleCenter(&expected)
            let built = kernel.centeredTrainingMatrix(x)
            assertClose(built.matrix, expected, relativeTolerance: 1e-12)
            assertClose(built.rowMeans, statistics.rowMeans, relativeTolerance: 1e-12)
            assertClose(built.grandMean, statistics.grandMean, relativeTolerance: 1e-12)
            #expect(built.matrix.isSymmetric(tolerance: 0))
        }
    }
}
