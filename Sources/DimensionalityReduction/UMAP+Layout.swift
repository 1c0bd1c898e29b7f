import Dispatch
import Foundation
import LinearAlgebra

/// UMAP's layout optimiser: stochastic gradient descent on the fuzzy-set cross entropy between the graph's
/// memberships `w` and the embedding's `φ(‖yᵢ − yⱼ‖) = 1 / (1 + a ‖yᵢ − yⱼ‖^(2b))`, with negative sampling,
/// as umap-learn's `optimize_layout_euclidean`.
///
/// Each directed edge (i, j) of weight w is sampled once every `w_max / w` epochs (its *epochs per sample*),
/// and each time it is sampled, with `d² = ‖yᵢ − yⱼ‖²`:
///
///     attraction   g = clip₄(−2ab d^(2(b−1)) / (1 + a d^(2b)) · (yᵢ − yⱼ)),   yᵢ += α g,  yⱼ −= α g
///     repulsion    for each of the negative samples due (rate × the edge's samples so far), a vertex k drawn
///                  uniformly: g_k = clip₄(2γb / ((0.001 + d²)(1 + a d^(2b))) · (yᵢ − y_k)),   yᵢ += α Σ_k g_k
///
/// The forces of one positive sample are all evaluated at the same yᵢ and applied together (a mini-batch over
/// the sample's negative samples, and in two dimensions its attraction too), where umap-learn moves yᵢ after
/// each one. Every update then depends on the one before through yᵢ, so applying them one at a time puts
/// `rate` power evaluations in series; together they overlap, at the same embedding quality (trustworthiness
/// on digits and blobs as umap-learn's). In two dimensions one sample is one batch of eight lanes (up to seven
/// negative samples and the edge; more negatives take further batches) through vector code, with `d^(2b)` from
/// `UMAPFastPower` (relative error about 10⁻⁶, against `powf`'s 12–16 ns per call), and each task walks the two
/// halves of its edges with two cursors that take turns, so two samples' chains are in flight at once. On the
/// 20 000 blobs (`make bench SECTIONS=umap`) these make the layout 2–3 times faster than one sample at a time
/// with `powf` for the attraction and vectors built lane by lane through the stack (6.8 → 3.1 CPU s of the phase
/// on a shared, loaded machine; same T(10)).
///
/// clip₄ limits every coordinate to ±4, and the learning rate decays linearly,
/// `α = α₀ (1 − epoch / epochs)`. Edges whose weight is below `w_max / epochs` are dropped before (they would
/// never be sampled).
///
/// The embedding is kept in single precision, as umap-learn's. Each head vertex i draws its negative samples
/// from its own random stream, seeded from the run's seed: with `parallel == false` a run is reproducible bit
/// for bit; with `parallel == true` the edges are split across cores in contiguous runs of whole head
/// vertices and updated without locks (Hogwild, as umap-learn's `parallel=True`), so concurrent updates of a
/// shared vertex interleave and the result differs between runs.
///
/// - Complexity: O(epochs · edges) checks plus O(Σ samples · (1 + rate)) updates of `dimension` coordinates;
///   O(edges) memory.
/// - Reference: McInnes, Healy & Melville (2018), §3.2 and Algorithm 5; umap-learn 0.5 `umap.layouts`.
struct UMAPLayout {
    /// Head (updated) vertex of each directed edge, ascending.
    let heads: [Int32]
    /// Tail vertex of each directed edge.
    let tails: [Int32]
    /// Epochs between two samples of each edge, `w_max / w`.
    let epochsPerSample: [Double]
    let a: Double
    let b: Double
    /// Repulsion strength γ.
    let gamma: Double
    let initialLearningRate: Double
    let negativeSampleRate: Int
    let epochs: Int

    /// The layout of the stored entries of `graph` as directed edges (both directions, heads ascending);
    /// weak edges should already be pruned.
    init(graph: SparseSymmetricMatrix, epochs: Int, a: Double, b: Double, gamma: Double, learningRate: Double,
         negativeSampleRate: Int) {
        let largest = graph.values.max() ?? 0
        var heads: [Int32] = [], tails: [Int32] = [], perSample: [Double] = []
        heads.reserveCapacity(graph.storedCount)
        tails.reserveCapacity(graph.storedCount)
        perSample.reserveCapacity(graph.storedCount)
        for i in 0..<graph.dimension {
            for p in graph.offsets[i]..<graph.offsets[i + 1] where graph.values[p] > 0 {
                heads.append(Int32(i))
                tails.append(Int32(graph.columns[p]))
                perSample.append(largest / graph.values[p])
            }
        }
        self.init(heads: heads, tails: tails, epochsPerSample: perSample, a: a, b: b, gamma: gamma,
                  initialLearningRate: learningRate, negativeSampleRate: negativeSampleRate, epochs: epochs)
    }

    init(heads: [Int32], tails: [Int32], epochsPerSample: [Double], a: Double, b: Double, gamma: Double,
         initialLearningRate: Double, negativeSampleRate: Int, epochs: Int) {
        self.heads = heads
        self.tails = tails
        self.epochsPerSample = epochsPerSample
        self.a = a
        self.b = b
        self.gamma = gamma
        self.initialLearningRate = initialLearningRate
        self.negativeSampleRate = negativeSampleRate
        self.epochs = epochs
    }

    /// Runs the SGD epochs on `head` (headCount × dimension, row-major). With `tail == nil` the tails are the
    /// heads themselves and both ends of an edge move (a fit); otherwise the tails are a fixed embedding
    /// (tailCount × dimension) and only the heads move (a transform).
    func optimize(_ head: inout [Float], tail: [Float]?, dimension: Int, seed: UInt64, parallel: Bool,
                  progress: ProgressReporter) {
        let headCount = head.count / dimension
        let tailCount = (tail?.count ?? head.count) / dimension
        guard !heads.isEmpty, tailCount > 0 else {
            progress.report("optimisation", step: epochs, of: epochs)
            return
        }
        let edgeCount = heads.count
        // Per-edge schedules and per-head random streams (SplitMix64 states), owned by this call.
        let next = UnsafeMutableBufferPointer<Double>.allocate(capacity: edgeCount)
        let nextNegative = UnsafeMutableBufferPointer<Double>.allocate(capacity: edgeCount)
        let everyNegative = UnsafeMutableBufferPointer<Double>.allocate(capacity: edgeCount)
        let streams = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: headCount)
        defer { next.deallocate(); nextNegative.deallocate(); everyNegative.deallocate(); streams.deallocate() }
        for e in 0..<edgeCount {
            next[e] = epochsPerSample[e]
            everyNegative[e] = epochsPerSample[e] / Double(max(negativeSampleRate, 1))
            nextNegative[e] = everyNegative[e]
        }
        for v in 0..<headCount { streams[v] = SplitMix64.mix(seed &+ SplitMix64.golden &* UInt64(v + 1)) }
        // Contiguous runs of whole head vertices, one per task, so each stream has one owner.
        let tasks = parallel ? ProcessInfo.processInfo.activeProcessorCount * 8 : 1
        var bounds = [0]
        for t in 1..<max(tasks, 1) {
            var cut = max(edgeCount * t / tasks, bounds.last!)
            while cut < edgeCount && cut > 0 && heads[cut] == heads[cut - 1] { cut += 1 }
            bounds.append(cut)
        }
        bounds.append(edgeCount)
        let kernel = Kernel(a: Float(a), b: Float(b), twoAB: Float(2 * a * b), twoGammaB: Float(2 * gamma * b),
                            dimension: dimension, tailCount: tailCount, negativeRate: negativeSampleRate)
        let fixedTail = tail ?? []
        head.withUnsafeMutableBufferPointer { headBuffer in
            fixedTail.withUnsafeBufferPointer { tailBuffer in
                heads.withUnsafeBufferPointer { h in
                    tails.withUnsafeBufferPointer { t in
                        epochsPerSample.withUnsafeBufferPointer { every in
                            let headPointer = headBuffer.baseAddress!
                            let tailPointer = tail == nil ? headPointer : UnsafeMutablePointer(mutating: tailBuffer.baseAddress!)
                            var alpha = initialLearningRate
                            for epoch in 0..<epochs {
                                let state = EpochState(epoch: Double(epoch), alpha: Float(alpha), moveTail: tail == nil)
                                func run(_ task: Int) {
                                    kernel.run(edges: bounds[task]..<bounds[task + 1], state: state, head: headPointer,
                                               tail: tailPointer, heads: h, tails: t, every: every,
                                               everyNegative: UnsafeBufferPointer(everyNegative), next: next,
                                               nextNegative: nextNegative, streams: streams)
                                }
                                if bounds.count > 2 {
                                    // Hogwild by design (see above): shared vertices' coordinates are updated without
                                    // locks, the one documented exception to UncheckedSendable's disjoint-writes rule.
                                    concurrentPerformSharing(iterations: bounds.count - 1, run)
                                } else {
                                    run(0)
                                }
                                alpha = initialLearningRate * (1 - Double(epoch) / Double(epochs))
                                progress.report("optimisation", step: epoch + 1, of: epochs)
                            }
                        }
                    }
                }
            }
        }
    }

    /// What changes between epochs.
    struct EpochState {
        let epoch: Double
        let alpha: Float
        let moveTail: Bool
    }

    /// The per-edge update of one epoch over a range of edges.
    struct Kernel {
        let a: Float
        let b: Float
        let twoAB: Float
        let twoGammaB: Float
        let dimension: Int
        let tailCount: Int
        let negativeRate: Int

        @inline(__always)
        private func clip(_ value: Float) -> Float { min(max(value, -4), 4) }

        @inline(__always)
        private func squaredDistance(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>) -> Float {
            if dimension == 2 {
                let (dx, dy) = (x[0] - y[0], x[1] - y[1])
                return dx * dx + dy * dy
            }
            var sum: Float = 0
            for c in 0..<dimension { sum += (x[c] - y[c]) * (x[c] - y[c]) }
            return sum
        }

        func run(edges: Range<Int>, state: EpochState, head: UnsafeMutablePointer<Float>,
                 tail: UnsafeMutablePointer<Float>, heads: UnsafeBufferPointer<Int32>, tails: UnsafeBufferPointer<Int32>,
                 every: UnsafeBufferPointer<Double>, everyNegative: UnsafeBufferPointer<Double>,
                 next: UnsafeMutableBufferPointer<Double>, nextNegative: UnsafeMutableBufferPointer<Double>,
                 streams: UnsafeMutableBufferPointer<UInt64>) {
            let epoch = state.epoch, alpha = state.alpha
            let push = UnsafeMutablePointer<Float>.allocate(capacity: dimension)
            defer { push.deallocate() }
            if dimension == 2 {
                /// Advances the schedule of edge e and returns its due negative samples.
                @inline(__always) func schedule(_ e: Int) -> Int {
                    next[e] += every[e]
                    guard negativeRate > 0 else { return 0 }
                    let negatives = max(Int((epoch - nextNegative[e]) / everyNegative[e]), 0)
                    nextNegative[e] += Double(negatives) * everyNegative[e]
                    return negatives
                }
                @inline(__always) func single(_ e: Int) {
                    let negatives = schedule(e)
                    let j = Int(heads[e])
                    samplePlanar(head + 2 * j, tail + 2 * Int(tails[e]), negatives: negatives, stream: &streams[j],
                                 tail: tail, alpha: alpha, moveTail: state.moveTail)
                }
                // Two cursors over the two halves of the range (split between head vertices) take turns, so two
                // independent dependency chains (gather, power, division, update) are in flight at once; one
                // sample's chain alone leaves the core mostly waiting.
                var middle = (edges.lowerBound + edges.upperBound) / 2
                while middle < edges.upperBound && middle > edges.lowerBound && heads[middle] == heads[middle - 1] {
                    middle += 1
                }
                var first = edges.lowerBound, second = middle
                while true {
                    while first < middle && next[first] > epoch { first += 1 }
                    while second < edges.upperBound && next[second] > epoch { second += 1 }
                    guard first < middle && second < edges.upperBound else { break }
                    let negativesA = schedule(first), negativesB = schedule(second)
                    let i = Int(heads[first]), j = Int(heads[second])
                    if negativesA <= 7 && negativesB <= 7 {
                        samplePlanarPair(head + 2 * i, tail + 2 * Int(tails[first]), negativesA, &streams[i],
                                         head + 2 * j, tail + 2 * Int(tails[second]), negativesB, &streams[j],
                                         tail: tail, alpha: alpha, moveTail: state.moveTail)
                    } else {
                        samplePlanar(head + 2 * i, tail + 2 * Int(tails[first]), negatives: negativesA,
                                     stream: &streams[i], tail: tail, alpha: alpha, moveTail: state.moveTail)
                        samplePlanar(head + 2 * j, tail + 2 * Int(tails[second]), negatives: negativesB,
                                     stream: &streams[j], tail: tail, alpha: alpha, moveTail: state.moveTail)
                    }
                    first += 1
                    second += 1
                }
                for e in first..<middle where next[e] <= epoch { single(e) }
                for e in second..<edges.upperBound where next[e] <= epoch { single(e) }
                return
            }
            for e in edges where next[e] <= epoch {
                let j = Int(heads[e]), k = Int(tails[e])
                let current = head + j * dimension
                var other = tail + k * dimension
                let d2 = squaredDistance(current, other)
                if d2 > 0 {
                    let power = pow(d2, b)
                    let coefficient = -twoAB * (power / d2) / (a * power + 1)
                    for c in 0..<dimension {
                        let g = clip(coefficient * (current[c] - other[c])) * alpha
                        current[c] += g
                        if state.moveTail { other[c] -= g }
                    }
                }
                next[e] += every[e]
                guard negativeRate > 0 else { continue }
                let negatives = Int((epoch - nextNegative[e]) / everyNegative[e])
                if negatives > 0 {
                    // The negative samples are evaluated at the same position and applied together, so they do
                    // not wait on each other (see the type's note).
                    var stream = streams[j]
                    for c in 0..<dimension { push[c] = 0 }
                    for _ in 0..<negatives {
                        other = tail + Self.draw(&stream, below: tailCount) * dimension
                        let n2 = squaredDistance(current, other)
                        if n2 > 0 {
                            let coefficient = twoGammaB / ((0.001 + n2) * (a * pow(n2, b) + 1))
                            for c in 0..<dimension { push[c] += clip(coefficient * (current[c] - other[c])) }
                        }
                        // n2 == 0: the vertex itself or a coincident one, no force (umap-learn's grad_d = 0).
                    }
                    for c in 0..<dimension { current[c] += push[c] * alpha }
                    streams[j] = stream
                    nextNegative[e] += Double(negatives) * everyNegative[e]
                }
            }
        }

        /// The next uniform draw in 0..<count from a SplitMix64 stream (Lemire's multiply-shift on the high 32 bits).
        @inline(__always)
        static func draw(_ stream: inout UInt64, below count: Int) -> Int {
            stream = stream &+ SplitMix64.golden
            return Int(((SplitMix64.mix(stream) >> 32) &* UInt64(count)) >> 32)
        }

        /// The `number`-th draw (1-based) of the stream in state `stream`, without advancing it: the same value
        /// as the `number`-th call of `draw(_:below:)`.
        @inline(__always)
        static func draw(_ stream: UInt64, number: Int, below count: Int) -> Int {
            Int(((SplitMix64.mix(stream &+ UInt64(truncatingIfNeeded: number) &* SplitMix64.golden) >> 32)
                &* UInt64(count)) >> 32)
        }

        /// `b` in the lanes set in `mask` (all bits), `a` elsewhere.
        @inline(__always)
        private static func blend(_ a: SIMD8<Float>, _ b: SIMD8<Float>, where mask: SIMD8<UInt32>) -> SIMD8<Float> {
            let bitsA = unsafeBitCast(a, to: SIMD8<UInt32>.self), bitsB = unsafeBitCast(b, to: SIMD8<UInt32>.self)
            return unsafeBitCast((bitsA & ~mask) | (bitsB & mask), to: SIMD8<Float>.self)
        }

        /// The 2-D points of one batch: lanes 0–6 the negative samples `drawn + 1 …` of `stream` (the point
        /// itself past `negatives`: dx = dy = 0, no force), lane 7 the edge's tail on the first batch (`drawn == 0`),
        /// else the point itself. Written out lane by lane so the vectors are built in registers (a loop storing
        /// into lanes goes through the stack).
        @inline(__always)
        private func gatherPlanar(_ x: Float, _ y: Float, other: UnsafeMutablePointer<Float>, drawn: Int, negatives: Int,
                                  stream: UInt64, tail: UnsafeMutablePointer<Float>) -> (SIMD8<Float>, SIMD8<Float>) {
            @inline(__always) func point(_ lane: Int) -> SIMD2<Float> {
                let sample = Self.draw(stream, number: drawn + lane + 1, below: tailCount)
                return drawn + lane < negatives
                    ? UnsafeRawPointer(tail + 2 * sample).load(as: SIMD2<Float>.self) : SIMD2(x, y)
            }
            let p0 = point(0), p1 = point(1), p2 = point(2), p3 = point(3), p4 = point(4), p5 = point(5)
            let p6 = point(6)
            let p7 = drawn == 0 ? UnsafeRawPointer(other).load(as: SIMD2<Float>.self) : SIMD2(x, y)
            return (SIMD8(p0.x, p1.x, p2.x, p3.x, p4.x, p5.x, p6.x, p7.x), SIMD8(p0.y, p1.y, p2.y, p3.y, p4.y, p5.y, p6.y, p7.y))
        }

        /// The clipped forces on (x, y) from the eight points of a batch: lane 7 the edge's attraction when `edge`
        /// is set, −2ab d^(2b) / (d² (1 + a d^(2b))) (yᵢ − yⱼ); the other lanes repulsion
        /// 2γb / ((0.001 + d²)(1 + a d^(2b))) (yᵢ − y_k). At d² = 0 (the point itself, an unused lane or a
        /// coincident vertex) dx = dy = 0 and the coefficient is finite (d² plus the least normal float for the edge),
        /// so no force, as umap-learn's. Masks come from bits, not comparisons of integer vectors (which compile to
        /// per-lane code through the stack).
        @inline(__always)
        private func forcesPlanar(_ dx: SIMD8<Float>, _ dy: SIMD8<Float>, edge: Bool) -> (SIMD8<Float>, SIMD8<Float>) {
            let d2 = dx * dx + dy * dy
            let power = UMAPFastPower.power(d2, b)
            let mask = edge ? SIMD8<UInt32>(0, 0, 0, 0, 0, 0, 0, .max) : SIMD8<UInt32>()
            let numerator = Self.blend(SIMD8<Float>(repeating: twoGammaB), -twoAB * power, where: mask)
            let distance = Self.blend(0.001 + d2, d2 + .leastNormalMagnitude, where: mask)
            let coefficient = numerator / (distance * (a * power + 1))
            let low = SIMD8<Float>(repeating: -4), high = SIMD8<Float>(repeating: 4)
            var gx = coefficient * dx, gy = coefficient * dy
            gx = gx.replacing(with: high, where: gx .> high).replacing(with: low, where: gx .< low)
            gy = gy.replacing(with: high, where: gy .> high).replacing(with: low, where: gy .< low)
            return (gx, gy)
        }

        /// One sample of the edge (current, other) in two dimensions with its `negatives` negative samples, eight
        /// forces a batch (`gatherPlanar`, `forcesPlanar`): every force is evaluated at the vertex's position before
        /// the sample and their sum applied once (see the type's note); the tail moves by the attraction alone.
        /// `stream` advances by `negatives` draws.
        @inline(__always)
        private func samplePlanar(_ current: UnsafeMutablePointer<Float>, _ other: UnsafeMutablePointer<Float>,
                                  negatives: Int, stream: inout UInt64, tail: UnsafeMutablePointer<Float>,
                                  alpha: Float, moveTail: Bool) {
            let x = current[0], y = current[1]
            var pushX = SIMD8<Float>(), pushY = SIMD8<Float>()
            var attraction = SIMD2<Float>()
            var drawn = 0
            repeat {
                let (otherX, otherY) = gatherPlanar(x, y, other: other, drawn: drawn, negatives: negatives,
                                                    stream: stream, tail: tail)
                let (gx, gy) = forcesPlanar(x - otherX, y - otherY, edge: drawn == 0)
                if drawn == 0 { attraction = SIMD2(gx[7], gy[7]) }
                pushX += gx
                pushY += gy
                drawn += 7
            } while drawn < negatives
            stream = stream &+ UInt64(truncatingIfNeeded: negatives) &* SplitMix64.golden
            current[0] += pushX.sum() * alpha
            current[1] += pushY.sum() * alpha
            if moveTail {
                other[0] -= attraction.x * alpha
                other[1] -= attraction.y * alpha
            }
        }

        /// Two samples as `samplePlanar`, each with at most 7 negative samples, computed side by side so their
        /// dependency chains overlap. The updates are increments applied after both are evaluated, so when the two
        /// edges share a vertex neither update is lost.
        @inline(__always)
        private func samplePlanarPair(_ currentA: UnsafeMutablePointer<Float>, _ otherA: UnsafeMutablePointer<Float>,
                                      _ negativesA: Int, _ streamA: inout UInt64,
                                      _ currentB: UnsafeMutablePointer<Float>, _ otherB: UnsafeMutablePointer<Float>,
                                      _ negativesB: Int, _ streamB: inout UInt64,
                                      tail: UnsafeMutablePointer<Float>, alpha: Float, moveTail: Bool) {
            let (xA, yA) = (currentA[0], currentA[1]), (xB, yB) = (currentB[0], currentB[1])
            let (otherXA, otherYA) = gatherPlanar(xA, yA, other: otherA, drawn: 0, negatives: negativesA,
                                                  stream: streamA, tail: tail)
            let (otherXB, otherYB) = gatherPlanar(xB, yB, other: otherB, drawn: 0, negatives: negativesB,
                                                  stream: streamB, tail: tail)
            let (gxA, gyA) = forcesPlanar(xA - otherXA, yA - otherYA, edge: true)
            let (gxB, gyB) = forcesPlanar(xB - otherXB, yB - otherYB, edge: true)
            streamA = streamA &+ UInt64(truncatingIfNeeded: negativesA) &* SplitMix64.golden
            streamB = streamB &+ UInt64(truncatingIfNeeded: negativesB) &* SplitMix64.golden
            currentA[0] += gxA.sum() * alpha
            currentA[1] += gyA.sum() * alpha
            currentB[0] += gxB.sum() * alpha
            currentB[1] += gyB.sum() * alpha
            if moveTail {
                otherA[0] -= gxA[7] * alpha
                otherA[1] -= gyA[7] * alpha
                otherB[0] -= gxB[7] * alpha
                otherB[1] -= gyB[7] * alpha
            }
        }
    }
}

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mix used to seed and to draw
/// from per-vertex streams `state += golden; output = mix(state)`.
enum SplitMix64 {
    /// The stream increment, 2⁶⁴ / φ.
    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
