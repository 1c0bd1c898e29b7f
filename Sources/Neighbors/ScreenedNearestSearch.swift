import Dispatch
import Foundation
import LinearAlgebra

/// Exact k-nearest-neighbour search in cache-sized tiles: single-precision products screen the candidates,
/// double precision decides.
///
/// For a tile of 128 queries × 2048 fitted points, one `sgemm` gives each pair a screened value whose error is
/// bounded per pair (`ScreeningFrame`): `ℓ = v + κ` is a proven lower bound of the exact double-precision squared
/// distance `Σ (qₜ − xₜ)²`. Each query keeps a candidate set and θ, the k-th smallest exact distance among its
/// candidates; a point joins the set only when its bound could beat θ,
///
///     ℓ ≤ θ   (tested as v ≤ cutoff(θ, κ) in single precision, eight values at a time),
///
/// and whenever the set fills up, the new members' exact distances are computed, the set is sorted by
/// (distance, index), θ is updated and every member farther than θ is dropped. A point left out is provably
/// farther than the final θ, which is at least the k-th nearest distance, so the answer — the first k of the
/// final set — is the exact k nearest, ties broken by index. Near-ties only make the set larger (it grows when
/// more than half of it ties), never trigger a pass over all points, so the cost grows smoothly with n.
///
/// Rows too large or too small relative to the rest to screen in single precision (`ScreeningFrame`'s
/// outliers) are compared exactly: an outlier fitted point is a candidate of every query, an outlier query is
/// compared with every fitted point.
///
/// - Complexity: 2 m n d single-precision flops (BLAS, split across cores), O(m n) comparisons and O(d) per
///   candidate, with O(cores · 128 · 2048) scratch memory plus n (d + 2) floats.
enum ScreenedNearestSearch {
    static let queryTile = 128
    static let referenceTile = 2048

    static func kNearest(reference: Matrix, queries: Matrix?, k: Int) -> NeighborList {
        kNearestCounting(reference: reference, queries: queries, k: k).list
    }

    /// `kNearest` with the work it took (for benchmarks).
    static func kNearestCounting(reference: Matrix, queries: Matrix?, k: Int)
        -> (list: NeighborList, statistics: NearestNeighbors.SearchStatistics) {
        let excludeSelf = queries == nil
        let queries = queries ?? reference
        let n = reference.rows, m = queries.rows, d = reference.columns
        let frame = ScreeningFrame(reference)
        let width = frame.width
        let (fitted, outliers) = frame.fittedRows(reference)
        let (screenedQueries, offsets, inlier) = frame.queryRows(queries)

        var indices = [Int](repeating: 0, count: m * k)
        var distances = [Double](repeating: 0, count: m * k)
        let blocks = (m + queryTile - 1) / queryTile
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, blocks))
        var fullScans = [Int](repeating: 0, count: workers), exactDistances = [Int](repeating: 0, count: workers)
        reference.elements.withUnsafeBufferPointer { x in
        queries.elements.withUnsafeBufferPointer { q in
        fitted.withUnsafeBufferPointer { xs in
        screenedQueries.withUnsafeBufferPointer { qs in
        indices.withUnsafeMutableBufferPointer { outIndices in
        distances.withUnsafeMutableBufferPointer { outDistances in
        fullScans.withUnsafeMutableBufferPointer { fullScanCounts in
        exactDistances.withUnsafeMutableBufferPointer { exactCounts in
            func work(_ worker: Int) {
                let tile = UnsafeMutablePointer<Float>.allocate(capacity: queryTile * referenceTile)
                tile.initialize(repeating: 0, count: queryTile * referenceTile)
                defer { tile.deallocate() }
                var sets = (0..<queryTile).map { _ in CandidateSet(k: k) }
                var cutoffs = [Float](repeating: 0, count: queryTile)
                var block = worker
                while block < blocks {
                    let start = block * queryTile, rows = min(queryTile, m - start)
                    for r in 0..<rows {
                        let query = start + r
                        sets[r].reset()
                        guard inlier[query] else { continue }
                        let queryRow = q.baseAddress! + query * d
                        for j in outliers where !(excludeSelf && j == query) { sets[r].append(j) }
                        sets[r].refresh(query: queryRow, data: x.baseAddress!, features: d)
                        cutoffs[r] = frame.cutoff(threshold: sets[r].threshold, offset: offsets[query])
                    }
                    var first = 0
                    while first < n {
                        let columns = min(referenceTile, n - first)
                        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: columns, k: width, alpha: -2,
                                   a: qs.baseAddress! + start * width, lda: width,
                                   b: xs.baseAddress! + first * width, ldb: width, beta: 0, c: tile, ldc: columns)
                        for r in 0..<rows where inlier[start + r] {
                            let query = start + r
                            let row = tile + r * columns
                            let skip = excludeSelf ? query - first : -1
                            let queryRow = q.baseAddress! + query * d
                            var cutoff = cutoffs[r]
                            // Eight values at a time: most chunks hold nothing below the cutoff.
                            var j = 0
                            while j < columns {
                                let end = min(j + 8, columns)
                                if end - j == 8 {
                                    let smallest = min(min(min(row[j], row[j + 1]), min(row[j + 2], row[j + 3])),
                                                       min(min(row[j + 4], row[j + 5]), min(row[j + 6], row[j + 7])))
                                    if smallest > cutoff { j = end; continue }
                                }
                                for c in j..<end where row[c] <= cutoff && c != skip {
                                    sets[r].append(first + c)
                                    if sets[r].isFull {
                                        sets[r].refresh(query: queryRow, data: x.baseAddress!, features: d)
                                        cutoff = frame.cutoff(threshold: sets[r].threshold, offset: offsets[query])
                                    }
                                }
                                j = end
                            }
                            cutoffs[r] = cutoff
                        }
                        first += columns
                    }
                    for r in 0..<rows {
                        let query = start + r
                        let queryRow = q.baseAddress! + query * d
                        if !inlier[query] {
                            // An outlier query: every fitted point is a candidate.
                            for j in 0..<n where !(excludeSelf && j == query) { sets[r].append(j) }
                            fullScanCounts[worker] += 1
                        }
                        sets[r].refresh(query: queryRow, data: x.baseAddress!, features: d)
                        exactCounts[worker] += sets[r].exactCount
                        for t in 0..<k {
                            outIndices[query * k + t] = sets[r].index(t)
                            outDistances[query * k + t] = sets[r].squaredDistance(t).squareRoot()
                        }
                    }
                    block += workers
                }
            }
            if workers == 1 {
                work(0)
            } else {
                BLAS.withThreads(1) { concurrentPerformSharing(iterations: workers, work) }
            }
        }}}}}}}}
        let list = NeighborList(count: m, neighbors: k, indices: indices, distances: distances)
        return (list, .init(queries: m, fullScans: fullScans.reduce(0, +), exactDistances: exactDistances.reduce(0, +)))
    }
}

/// One query's candidates: a prefix whose exact squared distances are known, sorted by (distance, index) and
/// all within `threshold`, followed by newly screened indices not yet measured.
struct CandidateSet {
    private var members: [(distance: Double, index: Int)] = []
    private var measured = 0
    private var capacity: Int
    private let k: Int
    /// Exact distances computed since the last `reset`.
    private(set) var exactCount = 0
    /// The k-th smallest exact squared distance among the members (∞ until k are measured).
    private(set) var threshold = Double.infinity

    init(k: Int) {
        self.k = k
        capacity = 2 * k + 32
        members.reserveCapacity(capacity)
    }

    var isFull: Bool { members.count >= capacity }

    mutating func reset() {
        members.removeAll(keepingCapacity: true)
        measured = 0
        exactCount = 0
        threshold = .infinity
        capacity = 2 * k + 32
    }

    /// Adds fitted point `index`, to be measured at the next `refresh`.
    @inline(__always)
    mutating func append(_ index: Int) { members.append((.nan, index)) }

    /// Measures the new members exactly, sorts by (distance, index), sets `threshold` to the k-th distance and
    /// drops every member beyond it; the capacity doubles when ties keep more than half of it.
    mutating func refresh(query: UnsafePointer<Double>, data: UnsafePointer<Double>, features d: Int) {
        guard measured < members.count else { return }
        for t in measured..<members.count {
            members[t].distance = BruteForceSearch.squaredDistance(query, data + members[t].index * d, d)
        }
        exactCount += members.count - measured
        members.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
        if members.count >= k {
            threshold = members[k - 1].distance
            var end = k
            while end < members.count && members[end].distance <= threshold { end += 1 }
            members.removeLast(members.count - end)
        }
        measured = members.count
        if 2 * members.count > capacity { capacity = 2 * members.count + k + 32 }
    }

    func index(_ t: Int) -> Int { members[t].index }
    func squaredDistance(_ t: Int) -> Double { members[t].distance }
}
