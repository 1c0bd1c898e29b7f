import Dispatch
import Foundation
import LinearAlgebra

extension NeighborGraph {
    /// Geodesic (shortest-path) lengths from `source` to every vertex, by Dijkstra's algorithm with a binary
    /// heap; unreachable vertices get `+∞`.
    ///
    ///     g(s, v) = min over paths s = v₀, …, v_m = v of Σ w(vᵢ, vᵢ₊₁)
    ///
    /// - Complexity: O((n + edges) log n).
    /// - Throws: `NeighborsError.vertexOutOfRange` for a bad source.
    public func shortestPaths(from source: Int) throws -> [Double] {
        try shortestPaths(from: [source]).elements
    }

    /// Geodesic lengths from each of `sources` (landmarks) to every vertex: an `m × n` matrix whose row `i`
    /// is `shortestPaths(from: sources[i])`. Sources run in parallel, one Dijkstra each.
    ///
    /// - Complexity: O(m (n + edges) log n) time over the cores, O(m n) memory.
    /// - Throws: `NeighborsError.vertexOutOfRange` for a bad source.
    public func shortestPaths(from sources: [Int]) throws -> Matrix {
        for source in sources where source < 0 || source >= vertexCount {
            throw NeighborsError.vertexOutOfRange(operation: "NeighborGraph.shortestPaths", vertex: source, vertexCount: vertexCount)
        }
        var result = Matrix(rows: sources.count, columns: vertexCount)
        result.elements.withUnsafeMutableBufferPointer { output in
            runDijkstra(sources: sources, into: output.baseAddress!)
        }
        return result
    }

    /// The dense `n × n` matrix of geodesic lengths between all pairs of vertices (`+∞` between
    /// components), one Dijkstra per source, sources split across cores. The result is made exactly
    /// symmetric (the two directions of a path sum the same lengths in opposite orders, which can differ in
    /// the last bit).
    ///
    /// - Complexity: O(n (n + edges) log n) time over the cores, 8 n² bytes.
    public func allPairsShortestPaths() -> Matrix {
        var result = Matrix(rows: vertexCount, columns: vertexCount)
        result.elements.withUnsafeMutableBufferPointer { output in
            runDijkstra(sources: Array(0..<vertexCount), into: output.baseAddress!)
        }
        result.fillLowerFromUpper()
        return result
    }

    /// Writes row `i` = distances from `sources[i]` into `output` (row-major, `vertexCount` columns).
    private func runDijkstra(sources: [Int], into output: UnsafeMutablePointer<Double>) {
        let n = vertexCount
        guard n > 0, !sources.isEmpty else { return }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, sources.count))
        // Sources are handed out in small chunks from a shared counter so the cores finish together.
        let chunk = max(1, min(64, sources.count / (workers * 8)))
        let counter = ChunkCounter()
        offsets.withUnsafeBufferPointer { rowStart in
            targets.withUnsafeBufferPointer { column in
                weights.withUnsafeBufferPointer { length in
                    DispatchQueue.concurrentPerform(iterations: workers) { _ in
                        var heap = IndexedBinaryHeap(capacity: n)
                        defer { heap.deallocate() }
                        while true {
                            let first = counter.next(chunk)
                            guard first < sources.count else { break }
                            for i in first..<min(first + chunk, sources.count) {
                                let distance = output + i * n
                                distance.update(repeating: .infinity, count: n)
                                heap.reset()
                                heap.insertOrDecrease(sources[i], key: 0)
                                distance[sources[i]] = 0
                                while !heap.isEmpty {
                                    let (v, dv) = heap.popMinimum()
                                    for p in rowStart[v]..<rowStart[v + 1] {
                                        let u = column[p]
                                        let candidate = dv + length[p]
                                        if candidate < distance[u] {
                                            distance[u] = candidate
                                            heap.insertOrDecrease(u, key: candidate)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A lock-protected counter that hands out chunk starts to parallel workers.
private final class ChunkCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func next(_ step: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let current = value
        value += step
        return current
    }
}
