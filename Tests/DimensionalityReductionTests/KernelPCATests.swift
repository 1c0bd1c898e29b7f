import Foundation
import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

@Suite("Kernel PCA")
struct KernelPCATests {
    @Test func linearKernelEqualsPCA() throws {
        let x = SpectralFixtures.cloud(rows: 50, columns: 4, seed: 21)
        let pca = try PCA(components: .count(3)).fit(x)
        for solver in [KernelPCA.EigenSolver.dense, .iterative()] {
            let model = try KernelPCA(components: .count(3), kernel: .linear, eigenSolver: solver).fit(x)
            assertEqualUpToColumnSigns(model.embedding, try pca.transform(x), relativeTolerance: 1e-7)
            // Eigenvalues of the centred Gram matrix are the squared singular values.
            assertClose(model.eigenvalues, pca.singularValues.map { $0 * $0 }, relativeTolerance: 1e-8)
            // New points too: the kernel-space projection of a new row equals its PCA score.
            let y = SpectralFixtures.cloud(rows: 7, columns: 4, seed: 22)
            assertEqualUpToColumnSigns(try model.transform(y), try pca.transform(y), relativeTolerance: 1e-7)
        }
    }

    @Test func transformOfTrainingDataEqualsFitTransform() throws {
        let x = SpectralFixtures.curve
        for kernel in [Kernel.rbf(), .polynomial(), .sigmoid(gamma: 0.1), .cosine, .rbf(gamma: 2)] {
            let pca = KernelPCA(components: .count(3), kernel: kernel)
            let model = try pca.fit(x)
            assertClose(try model.transform(x), try pca.fitTransform(x), relativeTolerance: 1e-8)
        }
    }

    /// Eigenvalues published by scikit-learn 1.9.1 (`KernelPCA(n_components=3, eigen_solver='dense')`) on
    /// `SpectralFixtures.curve`, computed once and pasted here.
    @Test func eigenvaluesMatchScikitLearn() throws {
        let cases: [(Kernel, [Double])] = [
            (.rbf(), [7.01426243941141, 4.374673812247438, 4.177385675197081]),
            (.polynomial(), [74.69661724702826, 34.24935683627111, 29.954410677451683]),
            (.sigmoid(gamma: 0.1), [2.2461109465965996, 0.8446041730975675, 0.7971830633826413]),
            (.cosine, [18.892296179621848, 10.666341691209709, 10.240206761789313]),
        ]
        for (kernel, expected) in cases {
            let model = try KernelPCA(components: .count(3), kernel: kernel, eigenSolver: .dense).fit(SpectralFixtures.curve)
            assertClose(model.eigenvalues, expected, relativeTolerance: 1e-10)
        }
        // scikit-learn's `|transform|` of rows 30..<33 after fitting RBF kernel PCA on rows 0..<30.
        let train = SpectralFixtures.curve.rows(at: 0..<30), test = SpectralFixtures.curve.rows(at: 30..<33)
        let scores = try KernelPCA(components: .count(2), kernel: .rbf()).fit(train).transform(test)
        assertClose(scores.map(abs), try Matrix(rows: [[0.34476270346379423, 0.1019915445439909],
                                                       [0.2901357874198103, 0.1440218322924016],
                                                       [0.3619463761430943, 0.17487822034620534]]),
                    relativeTolerance: 1e-8)
    }

    @Test func iterativeAndDenseSolversAgree() throws {
        let x = SpectralFixtures.cloud(rows: 300, columns: 3, seed: 23)
        let dense = try KernelPCA(components: .count(2), kernel: .rbf(), eigenSolver: .dense).fit(x)
        let iterative = try KernelPCA(components: .count(2), kernel: .rbf(), eigenSolver: .iterative()).fit(x)
        assertClose(iterative.eigenvalues, dense.eigenvalues, relativeTolerance: 1e-8)
        assertClose(iterative.embedding, dense.embedding, relativeTolerance: 1e-6)
    }

    @Test func precomputedAndCustomKernelsMatchBuiltIn() throws {
        let x = SpectralFixtures.curve
        let gamma = 1.0 / 3
        let kernelMatrix = x.pairwiseSquaredDistances().map { exp(-gamma * $0) }
        let builtIn = try KernelPCA(components: .count(2), kernel: .rbf()).fit(x)
        let precomputed = try KernelPCA(components: .count(2), kernel: .precomputed).fit(kernelMatrix)
        assertClose(precomputed.embedding, builtIn.embedding, relativeTolerance: 1e-10)
        let y = SpectralFixtures.cloud(rows: 4, columns: 3, seed: 24)
        let cross = y.pairwiseSquaredDistances(to: x).map { exp(-gamma * $0) }
        assertClose(try precomputed.transform(cross), try builtIn.transform(y), relativeTolerance: 1e-10)
        let custom = try KernelPCA(components: .count(2), kernel: .custom { a, b in
            a.pairwiseSquaredDistances(to: b).map { exp(-gamma * $0) }
        }).fit(x)
        assertClose(custom.embedding, builtIn.embedding, relativeTolerance: 1e-10)
    }

    @Test func allComponentsDropsZeroEigenvalues() throws {
        // Linear kernel on 10 points in 3-D: the centred Gram matrix has rank 3.
        let x = SpectralFixtures.cloud(rows: 10, columns: 3, seed: 25)
        let model = try KernelPCA(kernel: .linear).fit(x)
        #expect(model.componentCount == 3)
        let kept = try KernelPCA(components: .count(5), kernel: .linear).fit(x)
        #expect(kept.componentCount == 5)
        #expect(kept.eigenvalues[3] < 1e-10 && kept.eigenvalues[4] < 1e-10)
        let removed = try KernelPCA(components: .count(5), kernel: .linear, removeZeroEigenvalues: true).fit(x)
        #expect(removed.componentCount == 3)
    }

    @Test("an indefinite kernel: requested components with a negative eigenvalue are refused, not clipped")
    func indefiniteKernelIsRefused() throws {
        // K = 3 u₁u₁ᵀ + u₂u₂ᵀ − 2 u₃u₃ᵀ with uⱼ ⟂ 𝟙, so double centring leaves K as it is: eigenvalues 3, 1, 0, −2.
        let u1: [Double] = [1, -1, 0, 0].map { $0 / 2.0.squareRoot() }
        let u2: [Double] = [0, 0, 1, -1].map { $0 / 2.0.squareRoot() }
        let u3: [Double] = [0.5, 0.5, -0.5, -0.5]
        var k = Matrix(rows: 4, columns: 4)
        for i in 0..<4 { for j in 0..<4 { k[i, j] = 3 * u1[i] * u1[j] + u2[i] * u2[j] - 2 * u3[i] * u3[j] } }
        do {
            _ = try KernelPCA(components: .count(4), kernel: .precomputed).fit(k)
            Issue.record("expected indefiniteKernel")
        } catch let DimensionalityReductionError.indefiniteKernel(_, eigenvalue, largest, positive) {
            assertClose(eigenvalue, -2, relativeTolerance: 1e-12)
            assertClose(largest, 3, relativeTolerance: 1e-12)
            #expect(positive == 2)
        }
        expectFailure(messageContaining: "ask for at most 2 components") {
            _ = try KernelPCA(components: .count(4), kernel: .precomputed).fit(k)
        }
        // The positive part is still there for whoever asks for it; `.all` keeps every positive eigenvalue.
        assertClose(try KernelPCA(components: .count(2), kernel: .precomputed).fit(k).eigenvalues, [3, 1], relativeTolerance: 1e-12)
        assertClose(try KernelPCA(kernel: .precomputed).fit(k).eigenvalues, [3, 1], relativeTolerance: 1e-12)
    }

    @Test func badInputThrows() throws {
        let x = SpectralFixtures.curve
        expectFailure(messageContaining: "components = 41 must be between 1 and 40") {
            _ = try KernelPCA(components: .count(41)).fit(x)
        }
        expectFailure(messageContaining: ".varianceRatio is not defined") {
            _ = try KernelPCA(components: .varianceRatio(0.9)).fit(x)
        }
        expectFailure(messageContaining: "gamma = -1.0") { _ = try KernelPCA(kernel: .rbf(gamma: -1)).fit(x) }
        expectFailure(messageContaining: "degree = 0") { _ = try KernelPCA(kernel: .polynomial(degree: 0)).fit(x) }
        expectFailure(messageContaining: "40 × 3") { _ = try KernelPCA(kernel: .precomputed).fit(x) }
        var asymmetric = Matrix.identity(4)
        asymmetric[0, 1] = 1
        expectFailure(messageContaining: "not symmetric") { _ = try KernelPCA(kernel: .precomputed).fit(asymmetric) }
        var nan = x
        nan[0, 0] = .nan
        expectFailure(messageContaining: "entry (0, 0) is NaN") { _ = try KernelPCA(kernel: .rbf()).fit(nan) }
        let model = try KernelPCA(components: .count(2), kernel: .rbf()).fit(x)
        expectFailure(messageContaining: "fitted on 3 features but the new data has 2") {
            _ = try model.transform(Matrix(rows: 2, columns: 2))
        }
        expectFailure(messageContaining: "needs 0 < tolerance < 1") {
            _ = try KernelPCA(components: .count(2), eigenSolver: .iterative(tolerance: 0)).fit(x)
        }
    }
}
