import Dispatch
import Foundation
import LinearAlgebra

/// A k-d tree over the rows of a data set, for exact k-nearest-neighbour queries in low dimension
/// (Bentley 1975; Friedman, Bentley & Finkel 1977).
///
/// Each node splits its points at the median of the coordinate with the largest spread and stores their
/// bounding box; leaves hold at most `leafSize` points. A query descends to the nearer child first and skips
/// a node when the box is farther than its current k-th best, `‖q − box‖² > worst`, so ties are never
/// skipped. Distances are computed exactly as `Σ (qₜ − xₜ)²`, the same arithmetic as the brute-force
/// search, so both give identical answers (ties by index).
///
/// - Complexity: build O(n log n); a query about O(log n + k) for well-spread data in few dimensions.
struct KDTree: Sendable {
    private struct Node: Sendable {
        var start: Int
        var end: Int
        var left: Int = -1
        var right: Int = -1
    }

    private let dimension: Int
    private let points: [Double]        // row-major, rows permuted to tree order
    private let original: [Int]         // tree position → original row index
    private let nodes: [Node]
    private let boxes: [Double]         // per node: d lows then d highs
    static let leafSize = 24

    init(_ data: Matrix) {
        let n = data.rows, d = data.columns
        dimension = d
        var order = Array(0..<n)
        var nodes: [Node] = []
        var boxes: [Double] = []
        nodes.reserveCapacity(2 * n / Self.leafSize + 2)
        data.elements.withUnsafeBufferPointer { x in
            // Builds the node for order[start..<end]; returns its index.
            func build(_ start: Int, _ end: Int) -> Int {
                let id = nodes.count
                nodes.append(Node(start: start, end: end))
                var low = [Double](repeating: .infinity, count: d), high = [Double](repeating: -.infinity, count: d)
                for p in start..<end {
                    for t in 0..<d {
                        let v = x[order[p] * d + t]
                        low[t] = Swift.min(low[t], v)
                        high[t] = Swift.max(high[t], v)
                    }
                }
                boxes.append(contentsOf: low)
                boxes.append(contentsOf: high)
                guard end - start > Self.leafSize else { return id }
                var axis = 0
                for t in 1..<d where high[t] - low[t] > high[axis] - low[axis] { axis = t }
                guard high[axis] > low[axis] else { return id }   // all points equal: a leaf
                let middle = (start + end) / 2
                order.withUnsafeMutableBufferPointer { o in
                    Self.select(o, start, end, middle) { x[$0 * d + axis] }
                }
                let left = build(start, middle)
                let right = build(middle, end)
                nodes[id].left = left
                nodes[id].right = right
                return id
            }
            _ = build(0, n)
        }
        self.nodes = nodes
        self.boxes = boxes
        self.original = order
        self.points = data.rows(at: order).elements
    }

    /// Rearranges `o[start..<end]` so the element of rank `k` by `key` is at `k`, smaller keys before it
    /// and larger after (Hoare's quickselect with a median-of-three pivot).
    private static func select(_ o: UnsafeMutableBufferPointer<Int>, _ start: Int, _ end: Int, _ k: Int,
                               key: (Int) -> Double) {
        var (lo, hi) = (start, end - 1)
        while hi > lo {
            let mid = (lo + hi) / 2
            let (a, b, c) = (key(o[lo]), key(o[mid]), key(o[hi]))
            let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
            var (i, j) = (lo, hi)
            while i <= j {
                while key(o[i]) < pivot { i += 1 }
                while key(o[j]) > pivot { j -= 1 }
                if i <= j { o.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    /// The `k` nearest rows of the tree's data for each row of `queries` (row-major m × k), ascending by
    /// (distance, index); with `excludeSelf`, query i never returns index i.
    func kNearest(queries: Matrix, k: Int, excludeSelf: Bool) -> NeighborList {
        let m = queries.rows, d = dimension
        var indices = [Int](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let chunks = m < 256 ? 1 : workers * 8
        let chunkSize = (m + chunks - 1) / chunks
        queries.elements.withUnsafeBufferPointer { q in
            points.withUnsafeBufferPointer { x in
                boxes.withUnsafeBufferPointer { box in
                    nodes.withUnsafeBufferPointer { node in
                        original.withUnsafeBufferPointer { originalIndex in
                            indices.withUnsafeMutableBufferPointer { outI in
                                distances.withUnsafeMutableBufferPointer { outD in
                                    // Chunk `chunk` writes only its own queries' rows of `outI` and `outD`; the rest is read-only.
                                    let shared = UncheckedSendable((q, x, box, node, originalIndex, outI, outD))
                                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                                        let (q, x, box, node, originalIndex, outI, outD) = shared.value
                                        var bestD = [Double](repeating: .infinity, count: k)
                                        var bestI = [Int](repeating: Int.max, count: k)
                                        var stack = [(node: Int, bound: Double)]()
                                        for i in (chunk * chunkSize)..<Swift.min(m, (chunk + 1) * chunkSize) {
                                            let qp = q.baseAddress! + i * d
                                            let skip = excludeSelf ? i : -1
                                            for t in 0..<k { bestD[t] = .infinity; bestI[t] = Int.max }
                                            stack.removeAll(keepingCapacity: true)
                                            stack.append((0, 0))
                                            while let (id, bound) = stack.popLast() {
                                                guard bound <= bestD[k - 1] else { continue }
                                                let current = node[id]
                                                if current.left < 0 {
                                                    for p in current.start..<current.end {
                                                        let index = originalIndex[p]
                                                        guard index != skip else { continue }
                                                        let value = BruteForceSearch.squaredDistance(qp, x.baseAddress! + p * d, d)
                                                        let worst = bestD[k - 1]
                                                        guard value < worst || (value == worst && index < bestI[k - 1]) else { continue }
                                                        var s = k - 1
                                                        while s > 0 && (bestD[s - 1] > value || (bestD[s - 1] == value && bestI[s - 1] > index)) {
                                                            bestD[s] = bestD[s - 1]; bestI[s] = bestI[s - 1]; s -= 1
                                                        }
                                                        bestD[s] = value; bestI[s] = index
                                                    }
                                                    continue
                                                }
                                                let nearBound = boxDistance(qp, box.baseAddress! + 2 * d * current.left, d)
                                                let farBound = boxDistance(qp, box.baseAddress! + 2 * d * current.right, d)
                                                // Push the farther child first so the nearer one is searched first.
                                                if nearBound <= farBound {
                                                    stack.append((current.right, farBound)); stack.append((current.left, nearBound))
                                                } else {
                                                    stack.append((current.left, nearBound)); stack.append((current.right, farBound))
                                                }
                                            }
                                            for t in 0..<k {
                                                outI[i * k + t] = bestI[t]
                                                outD[i * k + t] = bestD[t].squareRoot()
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
        return NeighborList(count: m, neighbors: k, indices: indices, distances: distances)
    }

    /// `‖q − box‖²`: the squared distance from `q` to the axis-aligned box `[low, high]` (0 inside).
    @inline(__always)
    private func boxDistance(_ q: UnsafePointer<Double>, _ box: UnsafePointer<Double>, _ d: Int) -> Double {
        var sum = 0.0
        for t in 0..<d {
            let below = box[t] - q[t], above = q[t] - box[d + t]
            let gap = Swift.max(0, Swift.max(below, above))
            sum += gap * gap
        }
        return sum
    }
}
