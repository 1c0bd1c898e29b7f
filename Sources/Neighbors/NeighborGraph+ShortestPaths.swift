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
    /// Reports each finished source to `progress` as the phase "shortest paths".
    ///
    /// - Complexity: O(m (n + edges) log n) time over the cores, O(m n) memory.
    /// - Throws: `NeighborsError.vertexOutOfRange` for a bad source.
    public func shortestPaths(from sources: [Int], progress: ProgressReporter = .silent) throws -> Matrix {
        for source in sources where source < 0 || source >= vertexCount {
            throw NeighborsError.vertexOutOfRange(operation: "NeighborGraph.shortestPaths", vertex: source, vertexCount: vertexCount)
        }
        var result = Matrix(rows: sources.count, columns: vertexCount)
        let finished = ProgressCounter(progress, phase: "shortest paths", total: sources.count)
        result.elements.withUnsafeMutableBufferPointer { output in
            runDijkstra(sources: sources, into: output.baseAddress!, finished: finished)
        }
        finished.finish()
        return result
    }

    /// The dense `n × n` matrix of geodesic lengths between all pairs of vertices (`+∞` between
    /// components), one Dijkstra per source, sources split across cores. The result is made exactly
    /// symmetric (the two directions of a path sum the same lengths in opposite orders, which can differ in
    /// the last bit).
    ///
    /// Sources run in rounds (in a fixed pseudo-random order). A source whose graph neighbours u were solved
    /// in earlier rounds starts from the upper bounds `g(s, t) ≤ w(s, u) + g(u, t)`; these bounds are
    /// consistent (`B(t) ≤ B(p) + w(p, t)` by the triangle inequality of each g(u, ·)), so Dijkstra need only
    /// queue the vertices whose bound a relaxation improves — the rest already hold their exact distance.
    /// On neighbour graphs of manifolds this halves the heap work.
    ///
    /// Reports each finished source to `progress` as the phase "shortest paths".
    ///
    /// - Complexity: O(n (n + edges) log n) time over the cores (about half of it in practice), 8 n² bytes.
    public func allPairsShortestPaths(progress: ProgressReporter = .silent) -> Matrix {
        var result = Matrix(rows: vertexCount, columns: vertexCount)
        let finished = ProgressCounter(progress, phase: "shortest paths", total: vertexCount)
        result.elements.withUnsafeMutableBufferPointer { output in
            runAllPairs(into: output.baseAddress!, finished: finished)
        }
        finished.finish()
        Self.copyUpperToLower(&result)
        return result
    }

    /// `A[j, i] = A[i, j]` for j > i, in 64 × 64 tiles (so both sides stay in cache), tile rows in parallel.
    private static func copyUpperToLower(_ a: inout Matrix) {
        let n = a.rows
        let tile = 64
        let tiles = (n + tile - 1) / tile
        a.elements.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer.baseAddress!)  // tile row `ti` writes only below its own diagonal tiles
            DispatchQueue.concurrentPerform(iterations: tiles) { ti in
                let base = shared.value
                let i0 = ti * tile
                for j0 in stride(from: i0, to: n, by: tile) {
                    for i in i0..<min(i0 + tile, n) {
                        for j in max(j0, i + 1)..<max(min(j0 + tile, n), max(j0, i + 1)) { base[j * n + i] = base[i * n + j] }
                    }
                }
            }
        }
    }

    /// Landmarks chosen by MaxMin (farthest-point) sampling, with their geodesic rows: each new landmark is
    /// the vertex farthest (in geodesic distance) from all landmarks chosen so far, ties to the smaller
    /// index, starting from `first`; vertices in components no landmark reaches count as infinitely far, so
    /// every component gets a landmark before any gets a second.
    ///
    ///     l₁ = first,   lⱼ₊₁ = argmax_v min_{i ≤ j} g(lᵢ, v)
    ///
    /// Reports each landmark's finished run to `progress` as the phase "shortest paths".
    ///
    /// - Complexity: `count` sequential Dijkstra runs, O(count (n + edges) log n); O(count · n) memory.
    /// - Throws: `NeighborsError` for `first` out of range or `count` outside `1...n`.
    public func farthestPointLandmarks(count: Int, first: Int,
                                       progress: ProgressReporter = .silent) throws -> (landmarks: [Int], distances: Matrix) {
        let n = vertexCount
        guard first >= 0 && first < n else {
            throw NeighborsError.vertexOutOfRange(operation: "NeighborGraph.farthestPointLandmarks", vertex: first, vertexCount: n)
        }
        guard count >= 1 && count <= n else {
            throw NeighborsError.invalidLandmarkCount(operation: "NeighborGraph.farthestPointLandmarks", requested: count, vertexCount: n)
        }
        var landmarks = [first]
        var result = Matrix(rows: count, columns: n)
        var nearest = [Double](repeating: .infinity, count: n)
        var chosen = [Bool](repeating: false, count: n)
        chosen[first] = true
        let local = LocalityOrderedGraph(self)
        let finished = ProgressCounter(progress, phase: "shortest paths", total: count)
        result.elements.withUnsafeMutableBufferPointer { output in
            for row in 0..<count {
                runDijkstra(sources: [landmarks[row]], into: output.baseAddress! + row * n, local: local, finished: finished)
                var best = -1
                for v in 0..<n {
                    nearest[v] = min(nearest[v], output[row * n + v])
                    if !chosen[v] && (best < 0 || nearest[v] > nearest[best]) { best = v }
                }
                if row + 1 < count {
                    landmarks.append(best)
                    chosen[best] = true
                }
            }
        }
        finished.finish()
        return (landmarks, result)
    }

    /// Writes row `i` = distances from `sources[i]` into `output` (row-major, `vertexCount` columns).
    ///
    /// The search runs on a copy of the graph renumbered in breadth-first order with 32-bit indices, so a
    /// vertex's neighbours sit close to it in the distance array (far fewer cache misses on large graphs);
    /// each finished row is scattered back to the original numbering.
    private func runDijkstra(sources: [Int], into output: UnsafeMutablePointer<Double>,
                             local prepared: LocalityOrderedGraph? = nil, finished: ProgressCounter) {
        let n = vertexCount
        guard n > 0, !sources.isEmpty else { return }
        let local = prepared ?? LocalityOrderedGraph(self)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, sources.count))
        // Sources are handed out in small chunks from a shared counter so the cores finish together.
        let chunk = max(1, min(64, sources.count / (workers * 8)))
        let counter = ChunkCounter()
        local.offsets.withUnsafeBufferPointer { rowStart in
            local.edges.withUnsafeBufferPointer { edge in
                local.order.withUnsafeBufferPointer { order in
                    // Each source's row of `output` is written by the one worker that took it from the counter.
                    concurrentPerformSharing(iterations: workers) { _ in
                        var heap = IndexedBinaryHeap(capacity: n)
                        let distance = UnsafeMutablePointer<Double>.allocate(capacity: n)
                        defer { heap.deallocate(); distance.deallocate() }
                        while true {
                            let first = counter.next(chunk)
                            guard first < sources.count else { break }
                            for i in first..<min(first + chunk, sources.count) {
                                let source = local.rank[sources[i]]
                                distance.update(repeating: .infinity, count: n)
                                heap.reset()
                                heap.insertOrDecrease(source, key: 0)
                                distance[source] = 0
                                while !heap.isEmpty {
                                    let (v, dv) = heap.popMinimum()
                                    for p in Int(rowStart[v])..<Int(rowStart[v + 1]) {
                                        let u = Int(edge[p].target)
                                        let candidate = dv + edge[p].weight
                                        if candidate < distance[u] {
                                            distance[u] = candidate
                                            heap.insertOrDecrease(u, key: candidate)
                                        }
                                    }
                                }
                                let row = output + i * n
                                for a in 0..<n { row[order[a]] = distance[a] }
                            }
                            finished.advance(by: min(first + chunk, sources.count) - first)
                        }
                    }
                }
            }
        }
    }
}

extension NeighborGraph {
    /// All-pairs shortest paths in rounds, each source bounded by the rows of its already-solved neighbours.
    private func runAllPairs(into output: UnsafeMutablePointer<Double>, finished: ProgressCounter) {
        let n = vertexCount
        guard n > 0 else { return }
        let local = LocalityOrderedGraph(self)
        // A fixed pseudo-random processing order (Fisher–Yates with a constant seed): solved neighbours are
        // then spread around each source, which makes the bounds tight in most directions.
        var generator = SeededGenerator(seed: 0x15_0A_A9)
        var processing = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            processing.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        var solved = [Bool](repeating: false, count: n)   // by original index, updated between rounds
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var done = 0
        while done < n {
            let size = min(n - done, max(64, done / 4))
            let round = Array(processing[done..<(done + size)])
            let chunk = max(1, min(16, size / (workers * 4)))
            let counter = ChunkCounter()
            solved.withUnsafeBufferPointer { isSolved in
                local.offsets.withUnsafeBufferPointer { rowStart in
                    local.edges.withUnsafeBufferPointer { edge in
                        local.order.withUnsafeBufferPointer { order in
                            // Each source's row of `output` is written by the one worker that took it; solved rows are read-only.
                            concurrentPerformSharing(iterations: min(workers, size)) { _ in
                                var heap = IndexedBinaryHeap(capacity: n)
                                let distance = UnsafeMutablePointer<Double>.allocate(capacity: n)
                                let bound = UnsafeMutablePointer<Double>.allocate(capacity: n)
                                defer { heap.deallocate(); distance.deallocate(); bound.deallocate() }
                                while true {
                                    let first = counter.next(chunk)
                                    guard first < size else { break }
                                    for source in round[first..<min(first + chunk, size)] {
                                        let ls = local.rank[source]
                                        // Bounds from solved neighbours' rows (original numbering, sequential).
                                        bound.update(repeating: .infinity, count: n)
                                        for p in Int(rowStart[ls])..<Int(rowStart[ls + 1]) {
                                            let u = order[Int(edge[p].target)]
                                            guard isSolved[u] else { continue }
                                            let w = edge[p].weight
                                            let row = output + u * n
                                            for t in 0..<n { bound[t] = min(bound[t], w + row[t]) }
                                        }
                                        for a in 0..<n { distance[a] = bound[order[a]] }
                                        heap.reset()
                                        distance[ls] = 0
                                        heap.insertOrDecrease(ls, key: 0)
                                        while !heap.isEmpty {
                                            let (v, dv) = heap.popMinimum()
                                            for p in Int(rowStart[v])..<Int(rowStart[v + 1]) {
                                                let u = Int(edge[p].target)
                                                let candidate = dv + edge[p].weight
                                                if candidate < distance[u] {
                                                    distance[u] = candidate
                                                    heap.insertOrDecrease(u, key: candidate)
                                                }
                                            }
                                        }
                                        let row = output + source * n
                                        for a in 0..<n { row[order[a]] = distance[a] }
                                    }
                                    finished.advance(by: min(first + chunk, size) - first)
                                }
                            }
                        }
                    }
                }
            }
            for source in round { solved[source] = true }
            done += size
        }
    }
}

/// A copy of a graph renumbered in breadth-first order (component by component), with compact edges.
private struct LocalityOrderedGraph {
    struct Edge {
        var target: Int32
        var weight: Double
    }
    /// `order[newIndex]` = original vertex; `rank[original]` = new index.
    let order: [Int]
    let rank: [Int]
    let offsets: [Int32]
    let edges: [Edge]

    init(_ graph: NeighborGraph) {
        let n = graph.vertexCount
        precondition(graph.targets.count < Int(Int32.max), "NeighborGraph: \(graph.targets.count) edge entries exceed the 32-bit index range of the shortest-path kernel")
        var rank = [Int](repeating: -1, count: n)
        var order = [Int]()
        order.reserveCapacity(n)
        for start in 0..<n where rank[start] < 0 {
            rank[start] = order.count
            order.append(start)
            var head = order.count - 1
            while head < order.count {
                let v = order[head]
                head += 1
                for p in graph.offsets[v]..<graph.offsets[v + 1] where rank[graph.targets[p]] < 0 {
                    rank[graph.targets[p]] = order.count
                    order.append(graph.targets[p])
                }
            }
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        var edges = [Edge]()
        edges.reserveCapacity(graph.targets.count)
        for (newIndex, v) in order.enumerated() {
            for p in graph.offsets[v]..<graph.offsets[v + 1] {
                edges.append(Edge(target: Int32(rank[graph.targets[p]]), weight: graph.weights[p]))
            }
            offsets[newIndex + 1] = Int32(edges.count)
        }
        self.order = order
        self.rank = rank
        self.offsets = offsets
        self.edges = edges
    }
}

/// A lock-protected counter that hands out chunk starts to parallel workers.
private final class ChunkCounter: @unchecked Sendable {  // @unchecked: every stored var is read and written under `lock`
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
