@testable import DimensionalityReduction
import LinearAlgebra
import TestSupport
import Testing

/// Inputs at the edges of what the neighbourhood methods can use: coincident points, flat neighbourhoods,
/// values so large that their squares overflow. Each must give a clear error or a correct result, never an
/// embedding built on arbitrary vectors.
@Suite("Degenerate inputs")
struct DegenerateInputTests {
    /// 150 points of a flat patch in 3-D, then `copies` copies of the point (1, 1, 1) at rows 150...
    static func patchWithCopies(_ copies: Int) -> (data: Matrix, copies: Set<Int>) {
        let uv = Matrix.randomUniform(rows: 150, columns: 2, in: 0..<1, seed: 3)
        var rows = (0..<150).map { [uv[$0, 0], uv[$0, 1], 0.3 * uv[$0, 0] - 0.2 * uv[$0, 1]] }
        rows += [[Double]](repeating: [1, 1, 1], count: copies)
        return (try! Matrix(rows: rows), Set(150..<(150 + copies)))
    }

    typealias Fit = (Matrix) throws -> Void
    static var tangentMethods: [(String, Fit)] {   // computed: closures are not Sendable, so no static `let`
        [
            ("LocalTangentSpaceAlignment", { _ = try LocalTangentSpaceAlignment(neighbors: 10).fit($0) }),
            ("HessianLLE", { _ = try HessianLLE(neighbors: 10).fit($0) }),
            ("ModifiedLLE", { _ = try ModifiedLLE(neighbors: 10).fit($0) }),
        ]
    }

    @Test("k + 1 copies of a point: LTSA, Hessian and modified LLE name the duplicated rows")
    func coincidentPointsAreNamed() throws {
        let (x, copies) = Self.patchWithCopies(12)
        for (name, fit) in Self.tangentMethods {
            do {
                try fit(x)
                Issue.record("\(name) accepted 12 copies of one point")
            } catch let ManifoldLearningError.degenerateNeighborhood(method, row, rows, rank, components) {
                #expect(method == name && rank == 0 && components == 2)
                #expect(copies.contains(row) && Set(rows).isSubset(of: copies) && rows.count == 11, "\(name): \(rows)")
            }
        }
        // The message says what is wrong in the user's terms.
        expectFailure(messageContaining: "are the same point), fewer than components = 2, so its tangent space is undefined; remove duplicate rows") {
            _ = try LocalTangentSpaceAlignment(neighbors: 10).fit(x)
        }
        // Fewer copies than the neighbourhood size leave every neighbourhood two-dimensional: the fit works.
        let (few, _) = Self.patchWithCopies(3)
        for (name, fit) in Self.tangentMethods {
            #expect(throws: Never.self, "\(name)") { try fit(few) }
        }
    }

    @Test("all rows identical, and collinear data asked for two components, are refused")
    func identicalAndCollinearRows() throws {
        let identical = Matrix(rows: 30, columns: 3, repeating: 2.5)
        let line = try Matrix(rows: (0..<40).map { t in [Double(t), 2 * Double(t) + 1, -Double(t)] })
        for (name, fit) in Self.tangentMethods {
            #expect(throws: ManifoldLearningError.self, "\(name)") { try fit(identical) }
            do {
                try fit(line)
                Issue.record("\(name) embedded a line in two dimensions")
            } catch let ManifoldLearningError.degenerateNeighborhood(_, _, _, rank, _) {
                #expect(rank == 1, "\(name)")
            }
        }
    }

    @Test("a cost matrix with a clearly negative eigenvalue is refused by both bottom-eigenvector paths")
    func indefiniteCostMatrix() throws {
        // M = L − 3 u uᵀ with L a path Laplacian (L𝟙 = 0) and u ⟂ 𝟙, ‖u‖ = 1: M𝟙 = 0, and u's Rayleigh quotient
        // uᵀLu − 3 = 1 − 3 = −2 bounds the smallest eigenvalue from above.
        let n = 700
        let u = (0..<n).map { i in (i < 2 ? 1.0 : i < 4 ? -1.0 : 0) / 2 }
        var dense = Matrix(rows: n, columns: n)
        for i in 0..<n {
            dense[i, i] = (i == 0 || i == n - 1) ? 1 : 2
            if i + 1 < n { dense[i, i + 1] = -1; dense[i + 1, i] = -1 }
        }
        for i in 0..<4 { for j in 0..<4 { dense[i, j] -= 3 * u[i] * u[j] } }
        let m = Self.sparse(dense)
        #expect(m.multiply([Double](repeating: 1, count: n)).allSatisfy { abs($0) < 1e-12 })
        for solver in [LocallyLinearEmbedding.EigenSolver.dense, .sparse(tolerance: 1e-8)] {
            do {
                _ = try BottomEigenvectors(of: m, count: 2, solver: solver, method: "Test")
                Issue.record("\(solver): a negative eigenvalue was returned")
            } catch let ManifoldLearningError.indefiniteCostMatrix(_, eigenvalue, scale) {
                // Dense: the Rayleigh quotient of the bottom vector (≤ −2); sparse: the largest shift tried.
                #expect(eigenvalue < -1e-7 && scale == m.maxAbsoluteRowSum, "\(solver): \(eigenvalue)")
            }
        }
    }

    static func sparse(_ a: Matrix) -> SparseSymmetricMatrix {
        var offsets = [0], columns: [Int] = [], values: [Double] = []
        for i in 0..<a.rows {
            for j in 0..<a.columns where a[i, j] != 0 || i == j { columns.append(j); values.append(a[i, j]) }
            offsets.append(columns.count)
        }
        return SparseSymmetricMatrix(dimension: a.rows, offsets: offsets, columns: columns, values: values)
    }

    @Test("finite values whose squares overflow are refused at the door, naming the entry")
    func hugeFiniteValues() throws {
        var x = Matrix.randomNormal(rows: 40, columns: 3, seed: 2)
        x[7, 1] = 1e306
        let fits: [(String, Fit)] = Self.tangentMethods + [
            ("LocallyLinearEmbedding", { _ = try LocallyLinearEmbedding(neighbors: 6).fit($0) }),
            ("Isomap", { _ = try Isomap(neighbors: 6).fit($0) }),
        ]
        for (name, fit) in fits {
            expectFailure(messageContaining: "\(name): entry (7, 1) = 1e+306 is beyond ±1e+140") { try fit(x) }
        }
        for (name, fit) in [("PCA", { _ = try PCA(components: .count(2)).fit($0) } as Fit),
                            ("KernelPCA", { _ = try KernelPCA(components: .count(2), kernel: .rbf()).fit($0) }),
                            ("ClassicalMDS", { _ = try ClassicalMDS(components: 2).fit($0) })] {
            expectFailure(messageContaining: "\(name): entry (7, 1) = 1e+306 is beyond ±1e+140") { try fit(x) }
        }
        // Large but safe values still work, and scale out exactly as PCA is equivariant.
        let scaled = x.map { $0 == 1e306 ? 0 : $0 * 1e100 }
        let small = x.map { $0 == 1e306 ? 0 : $0 }
        let big = try PCA(components: .count(2)).fit(scaled).explainedVariance
        assertClose(big.map { $0 / 1e200 }, try PCA(components: .count(2)).fit(small).explainedVariance, relativeTolerance: 1e-10)
    }
}
