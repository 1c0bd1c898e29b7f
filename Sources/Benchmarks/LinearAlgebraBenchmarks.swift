import Foundation
import LinearAlgebra

/// dgemm throughput beside NumPy's matrix product in the same run (`benchmarks/compare_numpy_gemm.py`, NumPy's own
/// BLAS; "not run" without it), and the dense-versus-iterative eigensolver comparison of the foundation issue.
enum LinearAlgebraBenchmarks {
    static func run(quick: Bool) throws {
        let gemmSizes = quick ? [500, 1000] : [2000, 4000]
        let numpy = PythonBaseline.run(script: "benchmarks/compare_numpy_gemm.py", arguments: gemmSizes.map { "\($0)" },
                                       systemPythonFallback: true)
        let library = PythonBaseline.version(numpy, "numpy", name: "NumPy")
        var gemmRows: [[String]] = []
        for n in gemmSizes {
            let a = Matrix.randomNormal(rows: n, columns: n, seed: 1)
            let b = Matrix.randomNormal(rows: n, columns: n, seed: 2)
            var sink = 0.0
            let seconds = Bench.time(repeats: 3) { sink += (a * b).elements[0] }
            let gflops = 2 * pow(Double(n), 3) / seconds / 1e9
            let theirs = numpy?["n\(n)_gflops"]
            gemmRows.append(["\(n)", Bench.format(seconds), Bench.format(gflops, 1), PythonBaseline.cell(numpy, "n\(n)_gflops", digits: 1),
                             PythonBaseline.ratio(gflops, theirs)])
            if n == gemmSizes.last {
                Summary.add("dgemm, n = \(n), GFLOP/s", baseline: "\(library) `a @ b`, same run: "
                                + PythonBaseline.figure(theirs, digits: 1, unit: "GFLOP/s"),
                            ours: "\(Bench.format(gflops, 1)) GFLOP/s", ratio: PythonBaseline.ratio(gflops, theirs))
            }
            if sink.isNaN { print("") }
        }
        Bench.printTable("dgemm (OpenBLAS, \(BLAS.threadCount) threads)",
                         header: ["n", "seconds", "GFLOP/s", "\(library) GFLOP/s, same run", "ours / NumPy"], rows: gemmRows)

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
        if let last = eigenRows.last {
            Summary.add("top 2 eigenpairs of a \(last[0]) × \(last[0]) RBF kernel, residual 1e-8",
                        baseline: "dsyevr (column-major), same run: \(last[1]) s", ours: "block Krylov: \(last[2]) s",
                        ratio: "\(last[3]) faster")
        }
        Bench.printTable("Top 2 eigenpairs of an n × n RBF kernel: dsyevr (column-major) vs block Krylov",
                         header: ["n", "dsyevr s", "block Krylov s", "speed-up", "max residual", "|Δλ|/λ", "products"],
                         rows: eigenRows)
    }
}
