import Dispatch
import Foundation
import LinearAlgebra
import Neighbors

/// UMAP's fuzzy simplicial set of a k-nearest-neighbour graph (the 1-skeleton): a symmetric sparse matrix of
/// membership strengths in [0, 1], with umap-learn's `fuzzy_simplicial_set` semantics.
///
/// Each point i counts itself as its nearest neighbour (umap-learn's `n_neighbors` = k includes the point),
/// so it has k − 1 other neighbours j at distances dᵢⱼ. Its local scales are
///
///     ρᵢ = the distance to its `localConnectivity`-th nearest non-identical neighbour (interpolated)
///     σᵢ such that Σⱼ exp(−max(0, dᵢⱼ − ρᵢ) / σᵢ) = log₂(k) · bandwidth   (binary search, 64 steps, to 1e-5)
///     σᵢ ≥ 10⁻³ · mean distance of row i (or of all rows when ρᵢ = 0)        (umap-learn's MIN_K_DIST_SCALE)
///
/// giving the directed memberships `aᵢⱼ = exp(−max(0, dᵢⱼ − ρᵢ) / σᵢ)` (1 when σᵢ = 0), symmetrised by the
/// fuzzy union (probabilistic t-conorm), mixed with the intersection by `setOperationMixRatio` r:
///
///     W = r (A + Aᵀ − A ∘ Aᵀ) + (1 − r) A ∘ Aᵀ
///
/// Entries that are 0 are not stored; the diagonal is empty. As in umap-learn, the distances enter in single
/// precision (see `singlePrecision`); everything after is double precision.
///
/// Edge cases: duplicate points are at distance 0 and do not count for ρ; a point whose neighbours are all
/// duplicates has ρ = 0 and σ = 10⁻³ · (mean distance over all rows), or σ = 0 and memberships 1 when that
/// mean is 0.
///
/// - Complexity: O(n k) exponentials per bisection step (up to 64, typically ~25), split across cores;
///   O(n k log k) for the union.
/// - Reference: L. McInnes, J. Healy, J. Melville, "UMAP: Uniform Manifold Approximation and Projection for
///   Dimension Reduction", arXiv:1802.03426 (2018), §3.1 and Algorithms 2–3; umap-learn 0.5
///   `umap.umap_.smooth_knn_dist`, `compute_membership_strengths`, `fuzzy_simplicial_set`.
public struct FuzzySimplicialSet: Sendable {
    /// The symmetric membership strengths W (n × n, empty diagonal).
    public let graph: SparseSymmetricMatrix
    /// σᵢ, the normalising distance of each point.
    public let sigmas: [Double]
    /// ρᵢ, the distance to each point's nearest (non-identical) neighbour.
    public let rhos: [Double]

    /// Bisection steps of the σ search (umap-learn's `n_iter`).
    static let bisectionSteps = 64
    /// The bisection stops when |Σ − log₂(k) · bandwidth| falls below this (umap-learn's SMOOTH_K_TOLERANCE).
    static let tolerance = 1e-5
    /// σᵢ is at least this fraction of the mean neighbour distance (umap-learn's MIN_K_DIST_SCALE).
    static let minimumScale = 1e-3

    /// The fuzzy simplicial set of a neighbour list **without** the points themselves (as
    /// `NearestNeighbors.Model.kneighbors()` returns it): k = `list.neighbors + 1` in umap-learn's counting.
    ///
    /// - Parameters:
    ///   - list: each point's `k − 1` nearest other points, ascending distance.
    ///   - localConnectivity: the number of neighbours assumed connected (umap-learn's default 1), ≥ 0.
    ///   - setOperationMixRatio: r in [0, 1]: 1 is the fuzzy union (default), 0 the fuzzy intersection.
    ///   - bandwidth: the target scale of the σ search, > 0 (umap-learn's default 1).
    /// - Precondition: parameters in range (`UMAP.fit` validates them first).
    public init(excludingSelf list: NeighborList, localConnectivity: Double = 1, setOperationMixRatio: Double = 1,
                bandwidth: Double = 1) {
        precondition(localConnectivity >= 0 && bandwidth > 0 && (0...1).contains(setOperationMixRatio),
                     "FuzzySimplicialSet: localConnectivity ≥ 0, bandwidth > 0 and a mix ratio in [0, 1] are required")
        let n = list.count
        let k = list.neighbors + 1
        // umap-learn's layout: column 0 is the point itself at distance 0.
        var distances = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            for (p, distance) in list.distances(ofRow: i).enumerated() { distances[i * k + p + 1] = Self.singlePrecision(distance) }
        }
        let (sigmas, rhos) = Self.smoothDistances(distances, rows: n, neighbors: k,
                                                  localConnectivity: localConnectivity, bandwidth: bandwidth)
        // Directed memberships aᵢⱼ for the k − 1 other neighbours.
        var memberships = [Double](repeating: 0, count: n * (k - 1))
        for i in 0..<n {
            for p in 0..<(k - 1) {
                memberships[i * (k - 1) + p] = Self.membership(distances[i * k + p + 1], rho: rhos[i], sigma: sigmas[i])
            }
        }
        self.graph = Self.union(list, memberships: memberships, mixRatio: setOperationMixRatio)
        self.sigmas = sigmas
        self.rhos = rhos
    }

    /// `d` rounded to single precision. umap-learn rounds the k-NN distances to `float32` before the σ search
    /// and keeps ρ, σ in `float32`; doing the same keeps the bisection's stopping step, hence σ, identical to
    /// umap-learn's (otherwise a sum that lands within 10⁻⁵ of the target one step earlier in one precision than
    /// in the other gives σ values 10⁻⁵ apart). The memberships then agree to about 10⁻⁷.
    @inline(__always)
    static func singlePrecision(_ d: Double) -> Double { Double(Float(d)) }

    /// `exp(−(d − ρ) / σ)`, or 1 when `d ≤ ρ` or `σ = 0` (umap-learn's `compute_membership_strengths`).
    @inline(__always)
    static func membership(_ distance: Double, rho: Double, sigma: Double) -> Double {
        distance - rho <= 0 || sigma == 0 ? 1 : exp(-(distance - rho) / sigma)
    }

    /// umap-learn's `smooth_knn_dist` on a row-major `rows × neighbors` distance table whose rows are sorted
    /// ascending: ρᵢ from the non-zero distances, σᵢ by bisection on `Σ_{j ≥ 1} exp(−max(0, dᵢⱼ − ρᵢ) / σ)`
    /// (column 0 is left out of the sum, as umap-learn does: it is the point itself in a fit), then the
    /// MIN_K_DIST_SCALE floor. Rows run in parallel.
    static func smoothDistances(_ distances: [Double], rows n: Int, neighbors k: Int, localConnectivity: Double,
                                bandwidth: Double) -> (sigmas: [Double], rhos: [Double]) {
        let target = log2(Double(k)) * bandwidth
        let meanDistance = distances.isEmpty ? 0 : distances.reduce(0, +) / Double(distances.count)
        var sigmas = [Double](repeating: 0, count: n)
        var rhos = [Double](repeating: 0, count: n)
        let index = Int(localConnectivity.rounded(.down))
        let interpolation = localConnectivity - Double(index)
        let chunks = n < 256 ? 1 : ProcessInfo.processInfo.activeProcessorCount * 4
        let chunkSize = (n + chunks - 1) / chunks
        distances.withUnsafeBufferPointer { d in
            sigmas.withUnsafeMutableBufferPointer { sigmaOut in
                rhos.withUnsafeMutableBufferPointer { rhoOut in
                    let shared = UncheckedSendable((d, sigmaOut, rhoOut))  // chunk `chunk` writes only its own rows
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let (d, sigmaOut, rhoOut) = shared.value
                        for i in (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize) {
                            let row = UnsafeBufferPointer(rebasing: d[(i * k)..<((i + 1) * k)])
                            // ρ: the index-th non-zero distance, interpolated towards the next one.
                            var rho = 0.0
                            let nonZero = row.firstIndex { $0 > 0 }.map { k - $0 } ?? 0
                            let firstNonZero = k - nonZero
                            if Double(nonZero) >= localConnectivity {
                                if index > 0 {
                                    rho = row[firstNonZero + index - 1]
                                    if interpolation > tolerance {
                                        rho += interpolation * (row[firstNonZero + index] - row[firstNonZero + index - 1])
                                    }
                                } else {
                                    rho = interpolation * row[firstNonZero]
                                }
                            } else if nonZero > 0 {
                                rho = row[k - 1]
                            }
                            // σ by bisection, doubling while no upper bound is known.
                            var (low, high, mid) = (0.0, Double.infinity, 1.0)
                            for _ in 0..<bisectionSteps {
                                var sum = 0.0
                                for j in 1..<k {
                                    let excess = row[j] - rho
                                    sum += excess > 0 ? exp(-(excess / mid)) : 1
                                }
                                if abs(sum - target) < tolerance { break }
                                if sum > target {
                                    high = mid
                                    mid = (low + high) / 2
                                } else {
                                    low = mid
                                    mid = high == .infinity ? mid * 2 : (low + high) / 2
                                }
                            }
                            var sigma = mid
                            let floorMean = rho > 0 ? row.reduce(0, +) / Double(k) : meanDistance
                            if sigma < minimumScale * floorMean { sigma = minimumScale * floorMean }
                            sigmaOut[i] = sigma
                            rhoOut[i] = rho
                        }
                    }
                }
            }
        }
        return (sigmas, rhos)
    }

    /// `W = r (A + Aᵀ − A ∘ Aᵀ) + (1 − r) A ∘ Aᵀ` for the directed memberships A (`list` gives the columns),
    /// zeros dropped, as a symmetric CSR matrix with ascending columns.
    static func union(_ list: NeighborList, memberships: [Double], mixRatio r: Double) -> SparseSymmetricMatrix {
        let n = list.count, m = list.neighbors
        // A by rows with ascending columns.
        var rowOrder = [Int](repeating: 0, count: n * m)   // positions into list / memberships
        for i in 0..<n {
            let base = i * m
            let sorted = (0..<m).sorted { list.indices[base + $0] < list.indices[base + $1] }
            for p in 0..<m { rowOrder[base + p] = base + sorted[p] }
        }
        // Aᵀ by rows (filled in increasing source order, so columns ascend).
        var transposeStart = [Int](repeating: 0, count: n + 1)
        for j in list.indices { transposeStart[j + 1] += 1 }
        for v in 0..<n { transposeStart[v + 1] += transposeStart[v] }
        var next = transposeStart
        var transposeColumns = [Int](repeating: 0, count: n * m)
        var transposeValues = [Double](repeating: 0, count: n * m)
        for i in 0..<n {
            for p in 0..<m {
                let j = list.indices[i * m + p]
                transposeColumns[next[j]] = i
                transposeValues[next[j]] = memberships[i * m + p]
                next[j] += 1
            }
        }
        // Merge row i of A with row i of Aᵀ.
        var offsets = [Int](repeating: 0, count: n + 1)
        var columns: [Int] = []
        var values: [Double] = []
        columns.reserveCapacity(2 * n * m)
        values.reserveCapacity(2 * n * m)
        func append(_ column: Int, _ a: Double, _ aTransposed: Double) {
            let product = a * aTransposed
            let value = r * (a + aTransposed - product) + (1 - r) * product
            if value > 0 { columns.append(column); values.append(value) }
        }
        for i in 0..<n {
            var p = i * m, q = transposeStart[i]
            let (pEnd, qEnd) = ((i + 1) * m, transposeStart[i + 1])
            while p < pEnd || q < qEnd {
                let columnA = p < pEnd ? list.indices[rowOrder[p]] : Int.max
                let columnT = q < qEnd ? transposeColumns[q] : Int.max
                if columnA == columnT {
                    if columnA != i { append(columnA, memberships[rowOrder[p]], transposeValues[q]) }
                    p += 1; q += 1
                } else if columnA < columnT {
                    if columnA != i { append(columnA, memberships[rowOrder[p]], 0) }
                    p += 1
                } else {
                    if columnT != i { append(columnT, 0, transposeValues[q]) }
                    q += 1
                }
            }
            offsets[i + 1] = columns.count
        }
        return SparseSymmetricMatrix(dimension: n, offsets: offsets, columns: columns, values: values)
    }
}
