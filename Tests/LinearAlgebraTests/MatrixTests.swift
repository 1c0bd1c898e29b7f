import LinearAlgebra
import TestSupport
import Testing

@Suite("Matrix basics")
struct MatrixTests {
    @Test func constructionAndAccess() throws {
        let a = try Matrix(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(a.rows == 2 && a.columns == 3)
        #expect(a[1, 2] == 6)
        #expect(a.row(1) == [4, 5, 6])
        #expect(a.column(1) == [2, 5])
        #expect(a.transposed == (try Matrix(rows: [[1, 4], [2, 5], [3, 6]])))
        #expect(a.rows(at: [1, 1, 0]).elements == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(a.columns(at: [2, 0]).elements == [3, 1, 6, 4])
        #expect(Matrix.identity(3).trace == 3)
        #expect(Matrix.diagonal([1, 2]).elements == [1, 0, 0, 2])
    }

    @Test func valueSemantics() {
        let a = Matrix(rows: 2, columns: 2, repeating: 1)
        var b = a
        b[0, 0] = 5
        #expect(a[0, 0] == 1 && b[0, 0] == 5)
    }

    @Test func raggedRowsThrow() {
        #expect(throws: LinearAlgebraError.raggedRows(row: 1, length: 1, expected: 2)) {
            try Matrix(rows: [[1, 2], [3]])
        }
    }

    @Test func reductionsAndCentring() throws {
        let a = try Matrix(rows: [[1, 2], [3, 4], [5, 9]])
        #expect(a.sum(along: .rows) == [9, 15])
        #expect(a.sum(along: .columns) == [3, 7, 14])
        #expect(a.columnMeans == [3, 5])
        let (centered, means) = a.centeringColumns()
        #expect(means == [3, 5])
        assertClose(centered.columnMeans, [0, 0], absoluteTolerance: 1e-15)
        // Sample variance of [1, 3, 5] is 4; of [2, 4, 9] is 13.
        assertClose(a.columnVariances(), [4, 13])
        assertClose(a.frobeniusNorm, (1.0 + 4 + 9 + 16 + 25 + 81).squareRoot())
        assertClose(a.rowNorms, [Double(5).squareRoot(), 5, Double(106).squareRoot()])
    }

    @Test func seededRandomnessIsReproducible() {
        let a = Matrix.randomNormal(rows: 3, columns: 4, seed: 7)
        let b = Matrix.randomNormal(rows: 3, columns: 4, seed: 7)
        let c = Matrix.randomNormal(rows: 3, columns: 4, seed: 8)
        #expect(a == b)
        #expect(a != c)
        let u = Matrix.randomUniform(rows: 100, columns: 10, in: -2..<3, seed: 1)
        #expect(u.elements.allSatisfy { $0 >= -2 && $0 < 3 })
    }

    @Test func normalSamplerMoments() {
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<200_000).map { _ in generator.nextNormal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance; 5σ bounds.
        #expect(abs(mean) < 0.012)
        #expect(abs(variance - 1) < 0.016)
    }
}

@Suite("BLAS products and distances")
struct ProductTests {
    /// The textbook triple loop, as the independent reference for dgemm.
    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        Matrix(rows: a.rows, columns: b.columns) { i, j in
            (0..<a.columns).reduce(0) { $0 + a[i, $1] * b[$1, j] }
        }
    }

    @Test func gemmMatchesTripleLoop() {
        let a = Matrix.randomNormal(rows: 7, columns: 5, seed: 1)
        let b = Matrix.randomNormal(rows: 5, columns: 4, seed: 2)
        assertClose(a * b, naiveProduct(a, b), relativeTolerance: 1e-13)
        assertClose(Matrix.product(a.transposed, b, transposingA: true), naiveProduct(a, b), relativeTolerance: 1e-13)
        assertClose(Matrix.product(a, b.transposed, transposingB: true), naiveProduct(a, b), relativeTolerance: 1e-13)
        let x = [1.0, -2, 0.5, 3, -1]
        assertClose(a * x, naiveProduct(a, Matrix(column: x)).elements, relativeTolerance: 1e-13)
        let y = (0..<7).map { Double($0) - 3 }
        assertClose(a.multiply(y, transposing: true), naiveProduct(a.transposed, Matrix(column: y)).elements,
                    relativeTolerance: 1e-13)
    }

    @Test func syrkGramMatrices() {
        let x = Matrix.randomNormal(rows: 6, columns: 3, seed: 3)
        let outer = x.rowGram(), inner = x.columnGram()
        assertClose(outer, naiveProduct(x, x.transposed), relativeTolerance: 1e-13)
        assertClose(inner, naiveProduct(x.transposed, x), relativeTolerance: 1e-13)
        #expect(outer == outer.transposed && inner == inner.transposed)
    }

    @Test func symmetricProductEqualsGEMM() {
        for n in [1, 31, 32, 33, 200] {
            let a = randomSPD(n, seed: UInt64(n))
            let b = Matrix.randomNormal(rows: n, columns: 5, seed: 7)
            assertClose(a.symmetricProduct(b), a * b, relativeTolerance: 1e-12)
            // Column pieces smaller than a strip, and not dividing n.
            assertClose(a.symmetricProduct(b, columnsPerCall: 23), a * b, relativeTolerance: 1e-12)
        }
    }

    @Test func pairwiseDistances() {
        let x = Matrix.randomNormal(rows: 20, columns: 4, seed: 4)
        let y = Matrix.randomNormal(rows: 5, columns: 4, seed: 5)
        let d = x.pairwiseSquaredDistances(to: y)
        for i in 0..<x.rows {
            for j in 0..<y.rows {
                let direct = zip(x.row(i), y.row(j)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                assertClose(d[i, j], direct, relativeTolerance: 1e-10)
            }
        }
        let within = x.pairwiseSquaredDistances()
        #expect(within.diagonal.allSatisfy { $0 == 0 })
        #expect(within == within.transposed)
        #expect(within.elements.allSatisfy { $0 >= 0 })
        // Duplicated points are exactly at distance 0 from each other's copies too.
        let duplicated = Matrix.verticalConcatenation([x, x])
        #expect(duplicated.pairwiseSquaredDistances()[0, 20] < 1e-12)
    }
}
