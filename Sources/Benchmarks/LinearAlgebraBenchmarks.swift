import Foundation
import LinearAlgebra

/// dgemm throughput and the dense-versus-iterative eigensolver comparison of the foundation issue.
enum LinearAlgebraBenchmarks {
    static func run(quick: Bool) throws {
        let gemmSizes = quick ? [500, 1000] : [2000, 4000]
        var gemmRows: [[String]] = []
        for n in gemmSizes {
            let a = Matrix.randomNormal(rows: n, columns: n, seed: 1)
            let b = Matrix.randomNormal(rows: n, columns: n, seed: 2)
            var sink = 0.0
            let seconds = Bench.time(repeats: 3) { sink += (a * b).elements[0] }
            let gflops = 2 * pow(Double(n), 3) / seconds / 1e9
            gemmRows.append(["\(n)", Bench.format(seconds), Bench.format(gflops, 1), n == 4000 ? "≈ 55" : "–"])
            if sink.isNaN { print("") }
        }
        Bench.printTable("dgemm (OpenBLAS, \(BLAS.threadCount) threads)",
                         header: ["n", "seconds", "GFLOP/s", "issue's reference GFLOP/s"], rows: gemmRows)

        let eigenSizes = quick ? [500, 1000] : [1000, 2000, 4000]
        var eigenRows: [[String]] = []
        for n in eigenSizes {
            // RBF kernel of n standard-normal points in 10 dimensions, γ = 1/10 (scikit-learn's default 1/d).
            let x = Matrix.randomNormal(rows: n, columns: 10, seed: 3)
            let kernel = x.pairwiseSquaredDistances().map { exp(-0.1 * $0) }
            var dense: SymmetricEigendecomposition?
            let denseSeconds = try Bench.time { dense = try kernel.symmetricEigen(.largest(2)) }
            var iterative: BlockKrylovEigensolver.Result?
            let iterativeSeconds = try Bench.time(repeats: 3) {
                iterative = try BlockKrylovEigensolver(tolerance: 1e-8).solve(kernel, count: 2, end: .largest)
            }
            let agreement = zip(dense!.eigenvalues, iterative!.eigenvalues).map { abs($0 - $1) / abs($0) }.max()!
            eigenRows.append([
                "\(n)", Bench.format(denseSeconds), Bench.format(iterativeSeconds),
                Bench.format(denseSeconds / iterativeSeconds, 1) + "×",
                String(format: "%.1e", iterative!.relativeResiduals.max()!),
                String(format: "%.1e", agreement), "\(iterative!.matrixProducts)",
            ])
        }
        Bench.printTable("Top 2 eigenpairs of an n × n RBF kernel: dsyevr (column-major) vs block Krylov",
                         header: ["n", "dsyevr s", "block Krylov s", "speed-up", "max residual", "|Δλ|/λ", "products"],
                         rows: eigenRows)
    }
}
