import Dispatch
import Foundation
import LinearAlgebra

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
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
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
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        return blocks
    }
}
