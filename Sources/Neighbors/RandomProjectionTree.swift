import LinearAlgebra

/// The leaves of one random-projection tree (Dasgupta & Freund 2008, as pynndescent builds them for Euclidean
/// data): each node with more than `leafSize` points is split by the hyperplane halfway between two of its points
/// picked at random,
///
///     side(x) = sign(n · x − n · (a + b) / 2),    n = a − b,
///
/// points on the hyperplane (|margin| ≤ 10⁻⁸) go to a random side, and a split that leaves one side empty (all
/// points equal, say) cuts the node in half instead. Near points tend to share a leaf, which makes the leaves a
/// good first guess of each point's neighbours for NN-descent.
///
/// - Complexity: O(n d log(n / leafSize)) expected, O(n) memory (one permutation).
/// - Reference: S. Dasgupta, Y. Freund, "Random projection trees and low dimensional manifolds", STOC 2008;
///   pynndescent `rp_trees.py` (`euclidean_random_projection_split`).
enum RandomProjectionTree {
    /// A permutation of the rows and where each leaf starts in it: leaf `t` is
    /// `order[bounds[t] ..< bounds[t + 1]]`, every leaf has between 1 and `leafSize` points.
    struct Leaves {
        let order: [Int32]
        let bounds: [Int]
        var count: Int { bounds.count - 1 }
    }

    /// The leaves of one tree over all rows, with the random choices drawn from `seed`.
    static func leaves(of rows: PaddedFloatRows, leafSize: Int, seed: UInt64) -> Leaves {
        let n = rows.count, lanes = rows.lanes
        var generator = SeededGenerator(seed: seed)
        var order = (0..<n).map { Int32($0) }
        var bounds = [0]
        let normal = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: max(lanes, 1))
        defer { normal.deallocate() }
        var stack: [(Int, Int)] = [(0, n)]
        order.withUnsafeMutableBufferPointer { order in
            while let (lo, hi) = stack.popLast() {
                let size = hi - lo
                if size <= leafSize {
                    bounds.append(hi)
                    continue
                }
                let first = lo + Int(generator.next() % UInt64(size))
                var second = lo + Int(generator.next() % UInt64(size - 1))
                if second >= first { second += 1 }
                let a = rows.row(Int(order[first])), b = rows.row(Int(order[second]))
                var offset: Float = 0
                for t in 0..<lanes {
                    normal[t] = a[t] - b[t]
                    offset += (normal[t] * (a[t] + b[t]) * 0.5).sum()
                }
                // Lomuto partition: the left side (positive margin) gathers at the front.
                var middle = lo
                for t in lo..<hi {
                    let margin = PaddedFloatRows.dot(normal, rows.row(Int(order[t])), lanes: lanes) - offset
                    let left = abs(margin) <= 1e-8 ? (generator.next() & 1 == 0) : margin > 0
                    if left {
                        order.swapAt(t, middle)
                        middle += 1
                    }
                }
                if middle == lo || middle == hi { middle = lo + size / 2 }
                // Depth first, left subtree first: leaves come out in a fixed order.
                stack.append((middle, hi))
                stack.append((lo, middle))
            }
        }
        return Leaves(order: order, bounds: bounds)
    }
}
