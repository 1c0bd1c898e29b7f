import LinearAlgebra
import TestSupport
import Testing

@Suite("LAPACK decompositions")
struct DecompositionTests {
    @Test func closedFormEigenvalues() throws {
        let a = try Matrix(rows: [[2, 1], [1, 2]])
        let eig = try a.symmetricEigen()
        assertClose(eig.eigenvalues, [3, 1], relativeTolerance: 1e-14)
        let s = 1 / 2.0.squareRoot()
        // Sign convention: the largest-magnitude entry positive (ties: the first one).
        assertClose(eig.eigenvectors.column(0).map(abs), [s, s], relativeTolerance: 1e-14)
        #expect(eig.eigenvectors.column(0).contains { $0 > 0 })
        let bottom = try a.symmetricEigen(.smallest(1))
        assertClose(bottom.eigenvalues, [1], relativeTolerance: 1e-14)
    }

    @Test(arguments: [0, 1, 2, 3, 4])
    func eigenReconstruction(seed: UInt64) throws {
        let g = Matrix.randomNormal(rows: 12, columns: 12, seed: seed)
        let a = (g + g.transposed) / 2
        let eig = try a.symmetricEigen()
        let q = eig.eigenvectors
        assertClose(q * Matrix.diagonal(eig.eigenvalues) * q.transposed, a, relativeTolerance: 1e-12)
        assertClose(q.columnGram(), .identity(12), absoluteTolerance: 1e-12)
        #expect(zip(eig.eigenvalues, eig.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        // Selections agree with the full spectrum.
        let top = try a.symmetricEigen(.largest(3))
        assertClose(top.eigenvalues, Array(eig.eigenvalues.prefix(3)), relativeTolerance: 1e-12)
        assertEqualUpToColumnSigns(top.eigenvectors, q.columns(at: [0, 1, 2]))
        let range = try a.symmetricEigen(.ascendingIndices(2...4))
        assertClose(range.eigenvalues, Array(eig.eigenvalues.reversed()[2...4]), relativeTolerance: 1e-12)
    }

    @Test func eigenOfHilbert() throws {
        let h = hilbertMatrix(8)
        let eig = try h.symmetricEigen()
        let q = eig.eigenvectors
        assertClose(q * Matrix.diagonal(eig.eigenvalues) * q.transposed, h, relativeTolerance: 1e-10)
        // Known extreme eigenvalues of H₈.
        assertClose(eig.eigenvalues[0], 1.695938996921949, relativeTolerance: 1e-12)
        assertClose(eig.eigenvalues[7], 1.111539635335230e-10, relativeTolerance: 1e-5)
    }

    @Test(arguments: [(9, 5), (5, 9), (6, 6)])
    func svdReconstruction(shape: (Int, Int)) throws {
        let a = Matrix.randomNormal(rows: shape.0, columns: shape.1, seed: UInt64(shape.0 * 10 + shape.1))
        let svd = try a.svd()
        let r = min(shape.0, shape.1)
        #expect(svd.u.rows == shape.0 && svd.u.columns == r && svd.vt.rows == r && svd.vt.columns == shape.1)
        assertClose(svd.u * Matrix.diagonal(svd.singularValues) * svd.vt, a, relativeTolerance: 1e-12)
        assertClose(svd.u.columnGram(), .identity(r), absoluteTolerance: 1e-12)
        assertClose(svd.vt.rowGram(), .identity(r), absoluteTolerance: 1e-12)
        // σᵢ² are the eigenvalues of AᵀA.
        let eigen = try a.columnGram().symmetricEigen(.largest(r)).eigenvalues
        assertClose(svd.singularValues.map { $0 * $0 }, eigen, relativeTolerance: 1e-10)
        assertClose(try a.singularValues(), svd.singularValues, relativeTolerance: 1e-12)
    }

    @Test func svdOfRankOneOuterProduct() throws {
        let u = [1.0, 2, 2], v = [3.0, 4]  // ‖u‖ = 3, ‖v‖ = 5
        let a = Matrix(rows: 3, columns: 2) { i, j in u[i] * v[j] }
        let svd = try a.svd()
        assertClose(svd.singularValues[0], 15, relativeTolerance: 1e-14)
        assertClose(svd.singularValues[1], 0, absoluteTolerance: 1e-14)
        assertClose(svd.u.column(0), u.map { $0 / 3 }, relativeTolerance: 1e-13)
        assertClose(svd.vt.row(0), v.map { $0 / 5 }, relativeTolerance: 1e-13)
        #expect(svd.rank() == 1)
    }

    @Test func svdOfHilbert() throws {
        let h = hilbertMatrix(8)
        let svd = try h.svd()
        assertClose(svd.u * Matrix.diagonal(svd.singularValues) * svd.vt, h, relativeTolerance: 1e-10)
        assertClose(try h.conditionNumber(), 1.525757553806e10, relativeTolerance: 1e-4)
    }

    @Test(arguments: [(8, 5), (5, 8), (6, 6)])
    func qrReconstruction(shape: (Int, Int)) throws {
        let a = Matrix.randomNormal(rows: shape.0, columns: shape.1, seed: 11)
        let qr = try a.qr()
        let k = min(shape.0, shape.1)
        assertClose(qr.q * qr.r, a, relativeTolerance: 1e-12)
        assertClose(qr.q.columnGram(), .identity(k), absoluteTolerance: 1e-12)
        for i in 0..<qr.r.rows {
            for j in 0..<min(i, qr.r.columns) { #expect(qr.r[i, j] == 0) }
        }
    }

    @Test func qrOfHilbert() throws {
        let h = hilbertMatrix(8)
        let qr = try h.qr()
        assertClose(qr.q * qr.r, h, relativeTolerance: 1e-12)
        assertClose(qr.q.columnGram(), .identity(8), absoluteTolerance: 1e-12)
    }

    @Test func choleskyAndPositiveDefiniteSolve() throws {
        for seed: UInt64 in 0..<5 {
            let a = randomSPD(10, seed: seed)
            let l = try a.cholesky()
            assertClose(l * l.transposed, a, relativeTolerance: 1e-12)
            for i in 0..<10 {
                #expect(l[i, i] > 0)
                for j in (i + 1)..<10 { #expect(l[i, j] == 0) }
            }
            let b = Matrix.randomNormal(rows: 10, columns: 3, seed: seed + 100)
            let x = try a.solvePositiveDefinite(b)
            assertClose(a * x, b, relativeTolerance: 1e-12)
        }
        let h = hilbertMatrix(8)
        let l = try h.cholesky()
        assertClose(l * l.transposed, h, relativeTolerance: 1e-12)
    }

    @Test func luSolveInverseDeterminant() throws {
        for seed: UInt64 in 0..<5 {
            let a = Matrix.randomNormal(rows: 9, columns: 9, seed: seed)
            let b = Matrix.randomNormal(rows: 9, columns: 2, seed: seed + 50)
            let x = try a.solve(b)
            assertClose(a * x, b, relativeTolerance: 1e-11)
            assertClose(a * (try a.inverse()), .identity(9), absoluteTolerance: 1e-11)
            // det = product of eigenvalues for a symmetric matrix.
            let s = (a + a.transposed) / 2
            let product = try s.symmetricEigen().eigenvalues.reduce(1, *)
            assertClose(try s.determinant(), product, relativeTolerance: 1e-10)
        }
        assertClose(try Matrix(rows: [[1, 2], [3, 4]]).determinant(), -2, relativeTolerance: 1e-14)
        // Hilbert: A x = b to a residual limited by κ(H₈) ≈ 1.5e10.
        let h = hilbertMatrix(8)
        let expected = [Double](repeating: 1, count: 8)
        let b = h * expected
        let x = try h.solve(b)
        assertClose(h * x, b, relativeTolerance: 1e-13)
        assertClose(x, expected, relativeTolerance: 1e-5)
        // det H₈ is known in closed form: ≈ 2.737050e-33.
        assertClose(try h.determinant(), 2.737050054301720e-33, relativeTolerance: 1e-6)
    }

    @Test func leastSquaresAndPseudoInverse() throws {
        // Fit y = 2 + 3 t exactly through noiseless points.
        let t = [0.0, 1, 2, 3, 4]
        let design = Matrix(rows: 5, columns: 2) { i, j in j == 0 ? 1 : t[i] }
        let y = Matrix(column: t.map { 2 + 3 * $0 })
        let fit = try design.leastSquares(y)
        assertClose(fit.solution.elements, [2, 3], relativeTolerance: 1e-12)
        #expect(fit.rank == 2)
        // Penrose conditions for a rank-deficient matrix.
        let a = Matrix(rows: 4, columns: 3) { i, j in Double(i + 1) * Double(j + 1) } + Matrix(rows: 4, columns: 3) { i, j in i == j ? 1 : 0 }
        let p = try a.pseudoInverse()
        assertClose(a * p * a, a, relativeTolerance: 1e-12)
        assertClose(p * a * p, p, relativeTolerance: 1e-12)
        assertClose((a * p).transposed, a * p, relativeTolerance: 1e-12)
        assertClose((p * a).transposed, p * a, relativeTolerance: 1e-12)
        // Least squares agrees with the pseudo-inverse on an underdetermined system (minimum norm).
        let wide = Matrix.randomNormal(rows: 3, columns: 6, seed: 9)
        let rhs = Matrix.randomNormal(rows: 3, columns: 1, seed: 10)
        assertClose(try wide.leastSquares(rhs).solution, try wide.pseudoInverse() * rhs, relativeTolerance: 1e-11)
    }
}

@Suite("Bad input gives typed errors")
struct BadInputTests {
    @Test func errors() throws {
        let nan = try Matrix(rows: [[1, .nan], [0, 1]])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "symmetricEigen", row: 0, column: 1)) { try nan.symmetricEigen() }
        #expect(throws: LinearAlgebraError.nonFinite(operation: "svd", row: 0, column: 1)) { try nan.svd() }
        let infinite = try Matrix(rows: [[1, 0], [0, .infinity]])
        #expect(throws: LinearAlgebraError.nonFinite(operation: "solve", row: 1, column: 1)) { try infinite.solve([1, 1]) }
        let wide = Matrix(rows: 2, columns: 3, repeating: 1)
        #expect(throws: LinearAlgebraError.notSquare(operation: "symmetricEigen", rows: 2, columns: 3)) { try wide.symmetricEigen() }
        #expect(throws: LinearAlgebraError.notSquare(operation: "inverse", rows: 2, columns: 3)) { try wide.inverse() }
        #expect(throws: LinearAlgebraError.notSquare(operation: "cholesky", rows: 2, columns: 3)) { try wide.cholesky() }
        let empty = Matrix(rows: 0, columns: 0)
        #expect(throws: LinearAlgebraError.empty(operation: "qr")) { try empty.qr() }
        #expect(throws: LinearAlgebraError.empty(operation: "svd")) { try empty.svd() }
        let a = try Matrix(rows: [[2, 1], [1, 2]])
        #expect(throws: LinearAlgebraError.invalidCount(operation: "symmetricEigen", requested: 3, limit: 2)) { try a.symmetricEigen(.largest(3)) }
        #expect(throws: LinearAlgebraError.invalidCount(operation: "BlockKrylovEigensolver", requested: 5, limit: 2)) {
            try BlockKrylovEigensolver().solve(a, count: 5, end: .largest)
        }
        let asymmetric = try Matrix(rows: [[1, 2], [0, 1]])
        #expect(throws: LinearAlgebraError.notSymmetric(operation: "symmetricEigen")) { try asymmetric.symmetricEigen() }
        let singular = try Matrix(rows: [[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.singular(operation: "solve", info: 2)) { try singular.solve([1, 1]) }
        #expect(throws: LinearAlgebraError.singular(operation: "inverse", info: 2)) { try singular.inverse() }
        #expect(try singular.determinant() == 0)
        let indefinite = try Matrix(rows: [[1, 2], [2, 1]])
        do {
            _ = try indefinite.cholesky()
            Issue.record("an indefinite matrix must not factor")
        } catch let error as LinearAlgebraError {
            #expect(error.description.contains("not positive definite"))
        }
        #expect(throws: LinearAlgebraError.shapeMismatch(operation: "solve", left: (2, 2), right: (3, 1))) {
            try a.solve([1, 2, 3])
        }
    }

    @Test func messagesNameTheProblem() {
        let error = LinearAlgebraError.invalidCount(operation: "PCA", requested: 5, limit: 3)
        #expect(error.description == "PCA: asked for 5 but the limit is 3; choose a count between 1 and 3")
    }
}
