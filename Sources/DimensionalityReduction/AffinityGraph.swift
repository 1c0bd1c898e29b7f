import Dispatch
import LinearAlgebra
import Neighbors

/// The symmetric affinity matrix `A` (zero diagonal) of a spectral embedding, sparse for a k-nearest-neighbour
/// graph or dense for an RBF kernel, with the products its eigensolvers need.
///
/// The diagonal is left out because the normalised Laplacian ignores it (SciPy's `laplacian(normed=True)`
/// subtracts it from the degrees): `dᵢ = Σ_{j≠i} aᵢⱼ`.
struct AffinityGraph {
    enum Storage {
        /// Compressed sparse rows, columns ascending within each row, no diagonal entries.
        case sparse(offsets: [Int], columns: [Int32], values: [Double])
        /// A dense n × n matrix with a zero diagonal.
        case dense(Matrix)
    }

    let dimension: Int
    let storage: Storage

    /// The k-nearest-neighbour connectivity of scikit-learn's `SpectralEmbedding`: `kneighbors_graph(x, k,
    /// include_self=True)` (each point and its k − 1 nearest others) made symmetric as `½ (C + Cᵀ)`, so an edge
    /// has affinity 1 when each point is among the other's neighbours and ½ when only one is. `links` are extra
    /// undirected edges of affinity 1 (linking the components of a disconnected graph).
    ///
    /// - Complexity: the k-NN search (`NeighborSets`: O(n² d) on BLAS), then O(n k) for the rows, split across cores.
    static func nearestNeighbors(of x: Matrix, neighbors k: Int, links: [(Int, Int)] = []) throws -> AffinityGraph {
        let n = x.rows
        let others = k - 1
        var list: [Int32] = []
        if others >= 1 {
            list = try NeighborSets.nearest(x, count: others)
        }
        // The directed edges i → j of C (i's neighbours); links are added per row below.
        var inDegree = [Int](repeating: 0, count: n + 1)
        for j in list { inDegree[Int(j) + 1] += 1 }
        for v in 0..<n { inDegree[v + 1] += inDegree[v] }
        // Sources of the edges into each vertex (Cᵀ's rows), ascending because sources are visited in order.
        var incoming = [Int32](repeating: 0, count: inDegree[n])
        var next = inDegree
        for i in 0..<n {
            for t in 0..<others {
                let j = Int(list[i * others + t])
                incoming[next[j]] = Int32(i); next[j] += 1
            }
        }
        // Each row gathers C's row (its neighbours, weight ½), Cᵀ's row (½) and its links (twice ½, so 1).
        var extra = [[Int32]](repeating: [], count: n)
        for (i, j) in links { extra[i] += [Int32(j), Int32(j)]; extra[j] += [Int32(i), Int32(i)] }
        var capacity = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { capacity[i + 1] = capacity[i] + others + (inDegree[i + 1] - inDegree[i]) + extra[i].count }
        var columns = [Int32](repeating: 0, count: capacity[n])
        var values = [Double](repeating: 0, count: capacity[n])
        var lengths = [Int](repeating: 0, count: n)
        list.withUnsafeBufferPointer { neighbours in
            incoming.withUnsafeBufferPointer { into in
                columns.withUnsafeMutableBufferPointer { c in
                    values.withUnsafeMutableBufferPointer { v in
                        lengths.withUnsafeMutableBufferPointer { length in
                            parallelRowChunks(n, minimumChunk: 64) { rows in
                                var row: [Int32] = []
                                for i in rows {
                                    // C's row and Cᵀ's row are both ascending: merge them (links, rare, are sorted in).
                                    row.removeAll(keepingCapacity: true)
                                    var (p, q) = (i * others, inDegree[i])
                                    let (pEnd, qEnd) = ((i + 1) * others, inDegree[i + 1])
                                    while p < pEnd || q < qEnd {
                                        if q == qEnd || (p < pEnd && neighbours[p] <= into[q]) {
                                            row.append(neighbours[p]); p += 1
                                        } else {
                                            row.append(into[q]); q += 1
                                        }
                                    }
                                    if !extra[i].isEmpty { row.append(contentsOf: extra[i]); row.sort() }
                                    // Every appearance adds ½; repeats merge into one entry.
                                    var write = capacity[i]
                                    for column in row where column != Int32(i) {
                                        if write > capacity[i] && c[write - 1] == column {
                                            v[write - 1] += 0.5
                                        } else {
                                            c[write] = column; v[write] = 0.5; write += 1
                                        }
                                    }
                                    length[i] = write - capacity[i]
                                }
                            }
                        }
                    }
                }
            }
        }
        // Close the gaps left by merged repeats.
        var offsets = [Int](repeating: 0, count: n + 1)
        var write = 0
        for i in 0..<n {
            let start = capacity[i]
            if write != start {
                for p in 0..<lengths[i] { columns[write + p] = columns[start + p]; values[write + p] = values[start + p] }
            }
            write += lengths[i]
            offsets[i + 1] = write
        }
        columns.removeLast(columns.count - write)
        values.removeLast(values.count - write)
        return AffinityGraph(dimension: n, storage: .sparse(offsets: offsets, columns: columns, values: values))
    }

    /// The RBF affinity `aᵢⱼ = exp(−γ ‖xᵢ − xⱼ‖²)` (scikit-learn's `rbf_kernel`), diagonal set to 0.
    ///
    /// - Complexity: one n × n × d `dgemm` and n² exponentials; n² doubles of memory.
    static func rbf(of x: Matrix, gamma: Double) -> AffinityGraph {
        var a = Kernel.rbf(gamma: gamma).matrix(x, x)
        let n = x.rows
        for i in 0..<n { a.elements[i * n + i] = 0 }
        return AffinityGraph(dimension: n, storage: .dense(a))
    }

    /// The degrees `dᵢ = Σⱼ aᵢⱼ`.
    var degrees: [Double] {
        switch storage {
        case let .sparse(offsets, _, values):
            return (0..<dimension).map { i in (offsets[i]..<offsets[i + 1]).reduce(0) { $0 + values[$1] } }
        case let .dense(a):
            return a.sum(along: .columns)
        }
    }

    /// The connected components of the graph of the non-zero affinities: a label per vertex (numbered in order of
    /// each component's smallest vertex) and the number of components.
    ///
    /// - Complexity: O(n + stored entries) (union–find with path halving); O(n²) for a dense matrix.
    func components() -> (labels: [Int], count: Int) {
        let n = dimension
        var parent = Array(0..<n)
        func root(_ v: Int) -> Int {
            var v = v
            while parent[v] != v { parent[v] = parent[parent[v]]; v = parent[v] }
            return v
        }
        func union(_ a: Int, _ b: Int) {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[Swift.max(ra, rb)] = Swift.min(ra, rb) }
        }
        switch storage {
        case let .sparse(offsets, columns, _):
            for i in 0..<n { for p in offsets[i]..<offsets[i + 1] { union(i, Int(columns[p])) } }
        case let .dense(a):
            a.elements.withUnsafeBufferPointer { e in
                for i in 0..<n { for j in (i + 1)..<Swift.max(i + 1, n) where e[i * n + j] > 0 { union(i, j) } }
            }
        }
        var label = [Int](repeating: -1, count: n)
        var labels = [Int](repeating: 0, count: n)
        var count = 0
        for v in 0..<n {
            let r = root(v)
            if label[r] < 0 { label[r] = count; count += 1 }
            labels[v] = label[r]
        }
        return (labels, count)
    }

    /// `S = D^{-1/2} A D^{-1/2}` given `inverseRoot[i] = 1/√dᵢ`: the normalised affinity, whose eigenvalues
    /// `1 − λ` are those of the normalised Laplacian `L = I − S`.
    func normalized(inverseRoot w: [Double]) -> AffinityGraph {
        switch storage {
        case let .sparse(offsets, columns, values):
            var scaled = values
            for i in 0..<dimension {
                for p in offsets[i]..<offsets[i + 1] { scaled[p] *= w[i] * w[Int(columns[p])] }
            }
            return AffinityGraph(dimension: dimension, storage: .sparse(offsets: offsets, columns: columns, values: scaled))
        case var .dense(a):
            Kernel.transformEntries(&a, rowTerms: w, columnTerms: w) { value, wi, wj in value * (wi * wj) }
            return AffinityGraph(dimension: dimension, storage: .dense(a))
        }
    }

    /// `A B` for an n × b block `B`: sparse rows in parallel chunks, or a symmetric `dgemm` for a dense matrix.
    ///
    /// - Complexity: O(stored entries · b), or n² b for a dense matrix.
    func multiply(_ b: Matrix) -> Matrix {
        switch storage {
        case let .dense(a):
            return a.symmetricProduct(b)
        case let .sparse(offsets, columns, values):
            let width = b.columns
            var result = Matrix(rows: dimension, columns: width)
            b.elements.withUnsafeBufferPointer { source in
                result.elements.withUnsafeMutableBufferPointer { out in
                    columns.withUnsafeBufferPointer { c in
                        values.withUnsafeBufferPointer { v in
                            parallelRowChunks(dimension, minimumChunk: 256) { rows in
                                for i in rows {
                                    let target = out.baseAddress! + i * width
                                    for p in offsets[i]..<offsets[i + 1] {
                                        let value = v[p]
                                        let from = source.baseAddress! + Int(c[p]) * width
                                        for column in 0..<width { target[column] += value * from[column] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return result
        }
    }

    /// The matrix as a dense n × n `Matrix`.
    var dense: Matrix {
        switch storage {
        case let .dense(a):
            return a
        case let .sparse(offsets, columns, values):
            var result = Matrix(rows: dimension, columns: dimension)
            for i in 0..<dimension {
                for p in offsets[i]..<offsets[i + 1] { result.elements[i * dimension + Int(columns[p])] = values[p] }
            }
            return result
        }
    }

    /// `I − A` as a `SparseSymmetricMatrix` (the normalised Laplacian when `A` is the normalised affinity), for the
    /// sparse Cholesky factorisation of shift-invert. Only for sparse storage.
    var identityMinusSparse: SparseSymmetricMatrix {
        guard case let .sparse(offsets, columns, values) = storage else {
            preconditionFailure("AffinityGraph.identityMinusSparse: dense storage")
        }
        let n = dimension
        var newOffsets = [Int](repeating: 0, count: n + 1)
        var newColumns: [Int] = []
        var newValues: [Double] = []
        newColumns.reserveCapacity(columns.count + n)
        newValues.reserveCapacity(columns.count + n)
        for i in 0..<n {
            var placed = false
            for p in offsets[i]..<offsets[i + 1] {
                let column = Int(columns[p])
                if !placed && column > i { newColumns.append(i); newValues.append(1); placed = true }
                newColumns.append(column); newValues.append(-values[p])
            }
            if !placed { newColumns.append(i); newValues.append(1) }
            newOffsets[i + 1] = newColumns.count
        }
        return SparseSymmetricMatrix(dimension: n, offsets: newOffsets, columns: newColumns, values: newValues)
    }

    /// Stored entries per row on average (n for a dense matrix).
    var averageRowEntries: Double {
        switch storage {
        case let .sparse(offsets, _, _): return Double(offsets[dimension]) / Double(Swift.max(dimension, 1))
        case .dense: return Double(dimension)
        }
    }
}
