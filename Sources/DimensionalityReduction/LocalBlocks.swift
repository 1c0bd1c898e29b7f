import Dispatch
import Foundation
import LinearAlgebra
import Neighbors

/// The per-neighbourhood step of LTSA and Hessian LLE: one dense k × k block per point, computed in
/// parallel (OpenBLAS single-threaded inside, since each block makes small LAPACK calls).
enum LocalBlocks {
    /// Row-major `n × k × k` blocks, block i written by `fill(i, block)`; the first error thrown is rethrown.
    /// Finished points are reported to `progress` as the phase "local fits".
    static func compute(count n: Int, size k: Int, method: String, progress: ProgressReporter = .silent,
                        fill: (_ point: Int, _ block: UnsafeMutablePointer<Double>) throws -> Void) throws -> [Double] {
        let counter = ProgressCounter(progress, phase: "local fits", total: n)
        defer { counter.finish() }
        var blocks = [Double](repeating: 0, count: n * k * k)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let chunks = n < 256 ? 1 : workers * 4
        let chunkSize = (n + chunks - 1) / chunks
        var failures = [Error?](repeating: nil, count: chunks)
        blocks.withUnsafeMutableBufferPointer { out in
            failures.withUnsafeMutableBufferPointer { failed in
                BLAS.withThreads(1) {
                    withoutActuallyEscaping(fill) { fill in
                    // Chunk `chunk` writes only its own points' blocks and `failed[chunk]`; `fill` writes only its block.
                    let shared = UncheckedSendable((out, failed, fill))
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let (out, failed, fill) = shared.value
                        do {
                            let points = (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize)
                            for i in points { try fill(i, out.baseAddress! + i * k * k) }
                            counter.advance(by: points.count)
                        } catch {
                            failed[chunk] = error
                        }
                    }
                    }
                }
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return blocks
    }

    /// `compute` with each neighbourhood's tangent basis: the top `d` eigenvectors (k × d) of the Gram matrix
    /// of point i's k neighbours, centred, checked to span d dimensions (`NeighborhoodRank`). The first step
    /// of Hessian LLE and LTSA.
    static func computeFromTangents(_ x: Matrix, neighbors list: NeighborList, dimension d: Int, method: String,
                                    progress: ProgressReporter,
                                    fill: (_ point: Int, _ tangent: Matrix, _ block: UnsafeMutablePointer<Double>) throws -> Void)
        throws -> [Double] {
        try compute(count: x.rows, size: list.neighbors, method: method, progress: progress) { i, block in
            let neighborhood = list.indices(ofRow: i)
            let local = x.rows(at: neighborhood).centeringColumns().centered
            let spectrum = try local.rowGram().symmetricEigen(.largest(d))
            try NeighborhoodRank.require(d, eigenvalues: spectrum.eigenvalues, points: x, row: i, rows: neighborhood, method: method)
            try fill(i, spectrum.eigenvectors, block)
        }
    }
}
