import Foundation
import LinearAlgebra

/// Approximate k-nearest neighbours of every row of a data set by NN-descent (Dong, Moses & Li 2011, as
/// pynndescent runs it): "a neighbour of a neighbour is likely a neighbour".
///
/// 1. **Initialisation.** A few random-projection trees (`RandomProjectionTree`) cut the data into leaves of at
///    most `leafSize` points; every pair inside a leaf is offered to both points' bounded heaps of L neighbours
///    (rows still short of L afterwards get random points).
/// 2. **Candidates.** Each round, every point i samples up to c = min(⌈ρ·L⌉, `maxCandidates`) candidates among
///    its neighbours marked *new* and its *reverse* neighbours (points that list i) marked new, and as many among
///    the *old* ones, by random priority; the sampled new neighbours are then marked old. The cap bounds the local
///    join at about 1.5 c² distances per point and round whatever k (pynndescent's `max_candidates`, 60).
/// 3. **Local join.** For every pair (p, q) of i's candidates, new × new and new × old (old × old pairs were
///    joined in an earlier round),
///
///        d(p, q) = ‖x_p − x_q‖²  is offered to p's heap and to q's heap,
///
///    and a heap accepts it when it beats its current k-th distance and q is not already listed.
/// 4. **Termination** after `maxIterations` rounds, or as soon as a round changes at most δ·n·L heap entries.
/// 5. **Result:** the heaps hold L = `poolSize` (max(k, min(2k, 60)) by default) neighbours per point during the
///    search; each point's k nearest among them are returned.
///
/// The distances of the search are squared Euclidean in single precision on centred rows (`PaddedFloatRows`);
/// the reported distances are recomputed in double precision from the original rows, and each row is sorted by
/// (distance, index). A point is never its own neighbour (by index, so duplicates are found at distance 0), as
/// in `NearestNeighbors.Model.kneighbors()`.
///
/// Parallel and reproducible: pairs are evaluated in fixed chunks of rows on all cores, each chunk writing its
/// heap updates to its own buffer; the updates are then applied by row ownership (each core owns a contiguous
/// range of rows and applies the updates to them in chunk order), so no two threads touch the same heap and
/// the same seed gives the same graph whatever the number of cores. Random choices come from hashes of
/// (seed, round, row, slot), not from a shared generator.
///
/// Edge cases: k ≥ n is rejected by the caller; with k = n − 1 every point's list is all other points (exact).
/// Recall is high on data of low intrinsic dimension and lower on full-dimensional noise; raise `sampleRate`,
/// `trees`, `poolSize` or `maxIterations` to trade time for recall.
///
/// - Complexity: about O(n c² d) per round, c = min(⌈ρL⌉, `maxCandidates`), a few rounds in practice (at most
///   `maxIterations`); memory 4n⌈d/8⌉·8 bytes of single-precision rows, 9nL bytes of heaps and 18nc of candidate
///   heaps (k = 15, L = c = 30, d = 50: about 1.0 GB at 10⁶ points; t-SNE's k = 90, L = 90, c = 60: about
///   2.1 GB), the proposals of one join block (bounded by the block size, below) and the n × k result (16nk
///   bytes), which is built after the candidate heaps are freed.
/// - Reference: W. Dong, C. Moses, K. Li, "Efficient k-nearest neighbor graph construction for generic similarity
///   measures", WWW 2011, doi:10.1145/1963405.1963487; L. McInnes, pynndescent (`nndescent.py`).
public struct NNDescent: Sendable, Equatable {
    /// Random-projection trees of the initialisation (`nil`: pynndescent 0.7's `max(3, min(12, round(2 log₁₀ n)))`).
    public var trees: Int?
    /// Most points per tree leaf (`nil`: pynndescent 0.7's `max(60, min(256, 5k))`; measured at n = 20 000,
    /// k = 15 in 50-D, 9 trees of 75-point leaves give a higher recall for less work than 17 trees of 15-point
    /// leaves).
    public var leafSize: Int?
    /// ρ, the sampling rate: each round a point joins at most ⌈ρ L⌉ new and ⌈ρ L⌉ old candidates (and at most
    /// `maxCandidates`), L the `poolSize`.
    public var sampleRate: Double
    /// The most new (and the most old) candidates a point joins per round (`nil`: pynndescent's
    /// `max_candidates`, 60). Without a cap the join grows as L²: at t-SNE's k = 90 (L = 90) about 12 000
    /// distances per point and round instead of 5 400. Measured at n = 10⁵, d = 50, k = 90: see
    /// `KNN_APPROXIMATE_K=90 make bench SECTIONS=knn-approximate`.
    public var maxCandidates: Int?
    /// Rounds of local joins at most (`nil`: pynndescent's `max(5, round(log₂ n))`).
    public var maxIterations: Int?
    /// δ: stop when a round changes at most δ·n·k heap entries (pynndescent's `delta`, 0.001).
    public var delta: Double
    /// L, the neighbours each point keeps during the search (KGraph's pool size; `nil`: max(k, min(2k, 60)), so
    /// 2k up to k = 30 and no more than 60 beyond, except k itself; values below k count as k, which is
    /// pynndescent's search). The result is each point's k nearest among its L, after the
    /// distances are recomputed exactly. A longer list gives the local joins more paths: on 50-D blobs (20
    /// centres) at n = 10⁵, k = 15, NN-descent converges to a recall of 0.81 with L = k whatever ρ or the rounds
    /// (0.89 at ρ = 2, 0.94 at ρ = 4), and to 0.98 with L = 2k, for about 2.3 times the time of L = k (still a
    /// fraction of pynndescent's; `make bench SECTIONS=knn-approximate`). Set `poolSize: k` for the faster,
    /// lower-recall graph.
    public var poolSize: Int?
    /// Seed of every random choice: the same seed gives the same graph.
    public var seed: UInt64

    /// NN-descent settings; the defaults are pynndescent's except the pool of 2k neighbours (`poolSize`).
    public init(trees: Int? = nil, leafSize: Int? = nil, sampleRate: Double = 1, maxIterations: Int? = nil,
                delta: Double = 0.001, poolSize: Int? = nil, maxCandidates: Int? = nil, seed: UInt64 = 0) {
        self.poolSize = poolSize
        self.maxCandidates = maxCandidates
        self.trees = trees
        self.leafSize = leafSize
        self.sampleRate = sampleRate
        self.maxIterations = maxIterations
        self.delta = delta
        self.seed = seed
    }

    /// Throws unless every setting is usable.
    func validate(operation: String) throws {
        func fail(_ name: String, _ value: Any, _ requirement: String) -> NeighborsError {
            NeighborsError.invalidSetting(operation: operation, name: name, value: "\(value)", requirement: requirement)
        }
        if let trees, trees < 1 { throw fail("trees", trees, "at least 1 (or nil for the default)") }
        if let leafSize, leafSize < 2 { throw fail("leafSize", leafSize, "at least 2 (or nil for the default)") }
        guard sampleRate.isFinite, sampleRate > 0 else { throw fail("sampleRate", sampleRate, "finite and > 0") }
        if let maxIterations, maxIterations < 0 { throw fail("maxIterations", maxIterations, "at least 0") }
        guard delta.isFinite, delta >= 0 else { throw fail("delta", delta, "finite and ≥ 0") }
        if let poolSize, poolSize < 1 { throw fail("poolSize", poolSize, "at least 1 (or nil for k); below k counts as k") }
        if let maxCandidates, maxCandidates < 1 { throw fail("maxCandidates", maxCandidates, "at least 1 (or nil for 60)") }
    }

    /// The k nearest other rows of every row of `x` (n × d, finite, k ≤ n − 1), approximately.
    func kNearest(_ x: Matrix, k: Int, progress: ProgressReporter = .silent) -> NeighborList {
        let n = x.rows
        precondition(k >= 1 && k < n, "NNDescent: k = \(k) needs 1 ≤ k < n = \(n)")
        let rows = PaddedFloatRows(x)
        let pool = min(n - 1, max(k, poolSize ?? min(2 * k, Self.defaultCandidates)))
        let heaps = NeighborHeaps(rows: n, capacity: pool)
        defer { heaps.deallocate() }
        let exchange = HeapExchange(heaps: heaps, workers: ProcessInfo.processInfo.activeProcessorCount)

        let treeCount = trees ?? max(3, min(12, Int((2 * log10(Double(n))).rounded())))
        let leaf = leafSize ?? max(60, min(256, 5 * k))
        initialiseFromTrees(rows, exchange: exchange, treeCount: treeCount, leafSize: leaf, progress: progress)
        fillShortRows(rows, heaps: heaps, workers: exchange.workers)

        let rounds = maxIterations ?? max(5, Int(log2(Double(n)).rounded()))
        let candidates = max(1, min(n - 1, maxCandidates ?? Self.defaultCandidates,
                                    Int((sampleRate * Double(pool)).rounded(.up))))
        do {
            let newCandidates = NeighborHeaps(rows: n, capacity: candidates)
            let oldCandidates = NeighborHeaps(rows: n, capacity: candidates)
            // Freed (with the single-precision rows) before the result is built, so the n × k result does not
            // add to their peak.
            defer { newCandidates.deallocate(); oldCandidates.deallocate(); rows.deallocate() }
            for round in 0..<rounds {
                progress.report("neighbours", step: round, of: rounds)
                sampleCandidates(heaps: heaps, new: newCandidates, old: oldCandidates, round: round, workers: exchange.workers)
                let changes = localJoin(rows, exchange: exchange, new: newCandidates, old: oldCandidates)
                if Double(changes) <= delta * Double(n) * Double(pool) { break }
            }
        }
        progress.report("neighbours", fraction: 1)
        return exactlySorted(x, heaps: heaps, keeping: k, workers: exchange.workers)
    }

    /// pynndescent's `max_candidates`, and the cap of the default pool.
    static let defaultCandidates = 60

    /// Offers every pair within each tree leaf to both heaps, tree after tree (as many trees built at once as
    /// there are cores).
    private func initialiseFromTrees(_ rows: PaddedFloatRows, exchange: HeapExchange, treeCount: Int, leafSize: Int,
                                     progress: ProgressReporter) {
        let heaps = exchange.heaps
        var first = 0
        while first < treeCount {
            let group = min(exchange.workers, treeCount - first)
            var forest = [RandomProjectionTree.Leaves?](repeating: nil, count: group)
            forest.withUnsafeMutableBufferPointer { forest in
                // Task `t` writes only `forest[t]`; the rows are read-only.
                let shared = UncheckedSendable((forest, rows))
                DispatchQueue.concurrentPerform(iterations: group) { [first] t in
                    let (forest, rows) = shared.value
                    forest[t] = RandomProjectionTree.leaves(of: rows, leafSize: leafSize,
                                                            seed: Self.hash(seed, 0x7265_6573, UInt64(first + t), 0))
                }
            }
            for leaves in forest {
                let leaves = leaves!
                let leavesPerChunk = max(1, 4096 / leafSize)
                let chunks = (leaves.count + leavesPerChunk - 1) / leavesPerChunk
                // Proposals of about 64 chunks (2¹⁸ points) at a time: up to leafSize − 1 per point, so the buffers
                // stay near 12 · 2¹⁸ · leafSize bytes instead of growing with n. Leaves of one tree are disjoint and
                // a leaf's proposals read and write only its own points' heaps, so the batching leaves the result
                // unchanged.
                let chunksPerBatch = 64
                leaves.order.withUnsafeBufferPointer { order in
                    for batch in stride(from: 0, to: chunks, by: chunksPerBatch) {
                    _ = exchange.run(chunks: min(chunksPerBatch, chunks - batch)) { batchChunk, buffer in
                        let chunk = batch + batchChunk
                        for leaf in (chunk * leavesPerChunk)..<min(leaves.count, (chunk + 1) * leavesPerChunk) {
                            let lo = leaves.bounds[leaf], hi = leaves.bounds[leaf + 1]
                            for a in lo..<hi {
                                let p = Int(order[a])
                                for b in (a + 1)..<hi {
                                    let q = Int(order[b])
                                    let d = rows.squaredDistance(p, q)
                                    if d < heaps.threshold(p) { buffer.emit(target: p, other: q, key: d) }
                                    if d < heaps.threshold(q) { buffer.emit(target: q, other: p, key: d) }
                                }
                            }
                        }
                    }
                    }
                }
            }
            first += group
            progress.report("neighbour trees", step: first, of: treeCount)
        }
    }

    /// Rows with an empty slot after the trees (a leaf smaller than k + 1) get random other points.
    private func fillShortRows(_ rows: PaddedFloatRows, heaps: NeighborHeaps, workers: Int) {
        let n = rows.count, k = heaps.capacity
        let chunk = 1024, chunks = (n + chunk - 1) / chunk
        // Chunk `c` pushes only into its own rows' heaps; the rows are read-only.
        let shared = UncheckedSendable((rows, heaps))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let (rows, heaps) = shared.value
            for i in (c * chunk)..<min(n, (c + 1) * chunk) where heaps.threshold(i) == .infinity {
                var attempt: UInt64 = 0
                while heaps.threshold(i) == .infinity && attempt < UInt64(4 * k + 16) {
                    let j = Int(Self.hash(seed, 0x6669_6c6c, UInt64(i), attempt) % UInt64(n))
                    if j != i { heaps.push(row: i, index: Int32(j), key: rows.squaredDistance(i, j), flag: 1) }
                    attempt += 1
                }
                // Few points (k close to n): take them in order.
                var j = 0
                while heaps.threshold(i) == .infinity && j < n {
                    if j != i { heaps.push(row: i, index: Int32(j), key: rows.squaredDistance(i, j), flag: 1) }
                    j += 1
                }
            }
        }
    }

    /// Fills the candidate heaps of this round: for each listed pair (i, j), j is a candidate of i and i of j,
    /// new or old by the pair's flag, kept when its random priority is among the smallest ⌈ρk⌉; then marks
    /// the sampled new neighbours old.
    private func sampleCandidates(heaps: NeighborHeaps, new: NeighborHeaps, old: NeighborHeaps, round: Int,
                                  workers: Int) {
        let n = heaps.rows, k = heaps.capacity
        let owned = (n + workers - 1) / workers
        // Each owner writes only the candidate rows (then the flags) of its own rows `lo..<hi`; `heaps` is read.
        let shared = UncheckedSendable((heaps, new, old))
        DispatchQueue.concurrentPerform(iterations: workers) { owner in
            let (heaps, new, old) = shared.value
            let lo = owner * owned, hi = min(n, lo + owned)
            guard lo < hi else { return }
            for i in lo..<hi { new.clear(row: i); old.clear(row: i) }
            for i in 0..<n {
                let ownsI = i >= lo && i < hi
                for s in 0..<k {
                    let j = Int(heaps.indices[i * k + s])
                    guard j >= 0 else { continue }
                    let ownsJ = j >= lo && j < hi
                    guard ownsI || ownsJ else { continue }
                    let priority = Float(Self.hash(seed, UInt64(round), UInt64(i), UInt64(j)) >> 40) * 0x1p-24
                    let target = heaps.flags[i * k + s] != 0 ? new : old
                    if ownsI { target.push(row: i, index: Int32(j), key: priority, flag: 0) }
                    if ownsJ { target.push(row: j, index: Int32(i), key: priority, flag: 0) }
                }
            }
        }
        // Only once every core has read the flags: the sampled new neighbours become old.
        DispatchQueue.concurrentPerform(iterations: workers) { owner in
            let (heaps, new, _) = shared.value
            let lo = owner * owned, hi = min(n, lo + owned)
            guard lo < hi else { return }
            for i in lo..<hi {
                for s in 0..<k where heaps.flags[i * k + s] != 0 && new.contains(row: i, index: heaps.indices[i * k + s]) {
                    heaps.flags[i * k + s] = 0
                }
            }
        }
    }

    /// One round of local joins over all rows, in blocks whose updates are applied before the next block is
    /// joined (so later blocks see tighter thresholds). Returns the number of heap entries changed.
    private func localJoin(_ rows: PaddedFloatRows, exchange: HeapExchange, new: NeighborHeaps,
                           old: NeighborHeaps) -> Int {
        let heaps = exchange.heaps
        let n = rows.count, c = new.capacity
        // Rows whose proposals are held at once: 16 384 up to 30 candidates (k = 15, pool 30), fewer for more, so
        // the proposal buffers (up to 3c² per row) stay within the same bound of about 0.5 GB.
        let block = max(1_024, min(16_384, 16_384 * 900 / max(1, c * c))), rowsPerChunk = 256
        var changes = 0
        var start = 0
        while start < n {
            let end = min(n, start + block)
            let chunks = (end - start + rowsPerChunk - 1) / rowsPerChunk
            changes += exchange.run(chunks: chunks) { chunk, buffer in
                for i in (start + chunk * rowsPerChunk)..<min(end, start + (chunk + 1) * rowsPerChunk) {
                    let fresh = new.indices + i * c, stale = old.indices + i * c
                    for a in 0..<c {
                        let p = Int(fresh[a])
                        guard p >= 0 else { continue }
                        let thresholdP = heaps.threshold(p)
                        for b in (a + 1)..<c {
                            let q = Int(fresh[b])
                            guard q >= 0 else { continue }
                            let d = rows.squaredDistance(p, q)
                            if d < thresholdP { buffer.emit(target: p, other: q, key: d) }
                            if d < heaps.threshold(q) { buffer.emit(target: q, other: p, key: d) }
                        }
                        for b in 0..<c {
                            let q = Int(stale[b])
                            guard q >= 0, q != p else { continue }
                            let d = rows.squaredDistance(p, q)
                            if d < thresholdP { buffer.emit(target: p, other: q, key: d) }
                            if d < heaps.threshold(q) { buffer.emit(target: q, other: p, key: d) }
                        }
                    }
                }
            }
            start = end
        }
        return changes
    }

    /// The heaps as a `NeighborList` of the `k` nearest in each: distances recomputed in double precision from
    /// `x`, each row sorted by (distance, index).
    private func exactlySorted(_ x: Matrix, heaps: NeighborHeaps, keeping k: Int, workers: Int) -> NeighborList {
        let n = x.rows, d = x.columns, pool = heaps.capacity
        var indices = [Int](repeating: 0, count: n * k)
        var distances = [Double](repeating: 0, count: n * k)
        x.elements.withUnsafeBufferPointer { e in
        indices.withUnsafeMutableBufferPointer { outIndices in
        distances.withUnsafeMutableBufferPointer { outDistances in
            let chunk = 1024, chunks = (n + chunk - 1) / chunk
            // Chunk `c` writes only its own rows of the outputs; `x` and the heaps are read-only.
            let shared = UncheckedSendable((e, outIndices, outDistances, heaps))
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let (e, outIndices, outDistances, heaps) = shared.value
                var row = [(distance: Double, index: Int)](repeating: (0, 0), count: pool)
                for i in (c * chunk)..<min(n, (c + 1) * chunk) {
                    for s in 0..<pool {
                        let j = Int(heaps.indices[i * pool + s])
                        precondition(j >= 0 && j != i, "NNDescent: row \(i) was left with an empty slot")
                        row[s] = (BruteForceSearch.squaredDistance(e.baseAddress! + i * d, e.baseAddress! + j * d, d), j)
                    }
                    row.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                    for s in 0..<k {
                        outIndices[i * k + s] = row[s].index
                        outDistances[i * k + s] = row[s].distance.squareRoot()
                    }
                }
            }
        }}}
        return NeighborList(count: n, neighbors: k, indices: indices, distances: distances)
    }

    /// A 64-bit hash of four words (SplitMix64's finaliser over a mixed key): the source of every random choice
    /// that must not depend on the order in which threads run.
    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        var z = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0x632B_E59B_D9B4_E019) &* 0xC2B2_AE3D_27D4_EB4F
        z ^= (c &+ 0x8CB9_2BA7_2F3D_8DD7) &* 0x1656_67B1_9E37_79F9 ^ (d &+ 0x4F1B_BCDC_BFA5_3E0B) &* 0xD6E8_FEB8_6659_FD93
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
