/// Which points a scatter plot draws, and in which order.
///
/// Up to `maxPoints` finite points are all drawn. Beyond that a seeded random subset is drawn and the caption
/// says so: each class keeps a share proportional to its size, `round(nᶜ · M / N)`, but at least
/// `min(nᶜ, f)` points with `f = min(50, ⌊M / 2c⌋)` (c classes), so a small class stays visible and the total
/// stays below `M + c·f ≤ 1.5 M`. A subset keeps every point a real data point (zoomable, each one inspectable),
/// keeps the class colours exact and bounds the file to about 70 bytes per drawn point, with no image encoder.
///
/// Classes are drawn in a seeded random order (Fisher–Yates), so no class is buried under the classes after it;
/// points without classes keep their input order.
struct PointSelection {
    /// The indices of the points to draw, in drawing order.
    var order: [Int]
    /// The number of finite points.
    var finiteCount: Int
    /// The number of points in the input.
    var totalCount: Int
    /// Whether `order` is a subset of the finite points.
    var isSubset: Bool { order.count < finiteCount }

    /// The selection for points `(x[i], y[i])` with class `codes[i]` of `classCount` classes (`nil`: no classes).
    init(x: [Double], y: [Double], codes: [Int]?, classCount: Int, maxPoints: Int, seed: UInt64) {
        let finite = x.indices.filter { x[$0].isFinite && y[$0].isFinite }
        finiteCount = finite.count
        totalCount = x.count
        var generator = SplitMix64(seed: seed)
        let budget = max(maxPoints, 1)
        guard let codes else {
            if finite.count <= budget {
                order = finite
            } else {
                var pool = finite
                order = generator.sample(budget, from: &pool).sorted()
            }
            return
        }
        if finite.count <= budget {
            order = finite
        } else {
            var members = [[Int]](repeating: [], count: classCount)
            for i in finite { members[codes[i]].append(i) }
            let present = max(members.filter { !$0.isEmpty }.count, 1)
            let floor = max(1, min(50, budget / (2 * present)))
            order = []
            for var pool in members where !pool.isEmpty {
                let share = Int((Double(pool.count) * Double(budget) / Double(finite.count)).rounded())
                order += generator.sample(min(pool.count, max(share, floor)), from: &pool)
            }
        }
        generator.shuffle(&order)
    }
}

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014): the
/// same seed gives the same picture on every platform, with no dependency outside Plotting.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, no modulo bias).
    mutating func index(below bound: Int) -> Int {
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Shuffles `values` in place (Fisher–Yates).
    mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(i, index(below: i + 1))
        }
    }

    /// `count` distinct elements of `pool` drawn uniformly (a partial Fisher–Yates that reorders `pool`).
    mutating func sample(_ count: Int, from pool: inout [Int]) -> [Int] {
        let count = min(count, pool.count)
        for i in 0..<count { pool.swapAt(i, i + index(below: pool.count - i)) }
        return Array(pool.prefix(count))
    }
}
