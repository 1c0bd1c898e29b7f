import Dispatch
import Foundation
import LinearAlgebra

/// A sparse symmetric n × n matrix in compressed sparse row form, both triangles stored (row `i` holds
/// columns `columns[offsets[i] ..< offsets[i + 1]]`, ascending, with `values` beside them). Because the
/// matrix is symmetric, the same arrays are also its compressed sparse *column* form.
///
/// LLE's cost matrix `M = (I − W)ᵀ(I − W)` has about (2k)² entries per row, so it stays sparse where a
/// dense n × n matrix would not fit (n = 100 000: 8 MB per 100 entries/row against 80 GB).
public struct SparseSymmetricMatrix: Sendable, Equatable {
    /// `n`.
    public let dimension: Int
    /// Row starts, `dimension + 1` entries.
    public let offsets: [Int]
    /// Column indices, ascending within each row.
    public let columns: [Int]
    /// The entries beside `columns`.
    public let values: [Double]

    /// The number of stored entries (both triangles).
    public var storedCount: Int { columns.count }

    /// A matrix from its compressed-row arrays.
    ///
    /// - Precondition: consistent arrays (row starts from 0 to `columns.count`, columns in `0..<dimension`).
    public init(dimension: Int, offsets: [Int], columns: [Int], values: [Double]) {
        precondition(offsets.count == dimension + 1 && offsets.first == 0 && offsets.last == columns.count
                     && values.count == columns.count, "SparseSymmetricMatrix: inconsistent compressed rows")
        self.dimension = dimension
        self.offsets = offsets
        self.columns = columns
        self.values = values
    }

    /// `Σᵢ rᵢ rᵢᵀ` for sparse vectors `rᵢ` that each have `support` entries: `rᵢ` has `values[i·support + t]`
    /// at index `indices[i·support + t]` (indices within one vector distinct). With rᵢ the rows of a matrix
    /// A this is AᵀA; LLE passes the rows of I − W.
    ///
    /// - Complexity: O(count · support²) time, split across cores by output row.
    public init(sumOfOuterProductsOf count: Int, support: Int, indices: [Int], values: [Double], dimension n: Int) {
        precondition(indices.count == count * support && values.count == count * support,
                     "SparseSymmetricMatrix: \(indices.count) indices for \(count) vectors of \(support) entries")
        self = values.withUnsafeBufferPointer { v in
            Self.assemble(count: count, size: support, indices: indices, dimension: n) { i, p, q in
                v[i * support + p] * v[i * support + q]
            }
        }
    }

    /// `Σᵢ Sᵢ Bᵢ Sᵢᵀ` for symmetric `size × size` blocks `Bᵢ` (row-major at `blocks[i·size²]`) scattered to
    /// the rows and columns `indices[i·size ..< (i + 1)·size]` (distinct within a block). LTSA passes
    /// `I − Gᵢ Gᵢᵀ` on each neighbourhood.
    ///
    /// - Complexity: O(count · size²) time, split across cores by output row.
    public init(sumOfBlocksOf count: Int, size: Int, indices: [Int], blocks: [Double], dimension n: Int) {
        precondition(indices.count == count * size && blocks.count == count * size * size,
                     "SparseSymmetricMatrix: \(indices.count) indices and \(blocks.count) entries for \(count) blocks of \(size)")
        self = blocks.withUnsafeBufferPointer { b in
            Self.assemble(count: count, size: size, indices: indices, dimension: n) { i, p, q in
                b[(i * size + p) * size + q]
            }
        }
    }

    /// Row a of the sum gathers, over the pieces i that touch a (at local position p), `entry(i, p, q)` into
    /// column `indices[i·size + q]`, in a dense accumulator per worker.
    private static func assemble(count: Int, size: Int, indices: [Int], dimension n: Int,
                                 entry: (_ piece: Int, _ p: Int, _ q: Int) -> Double) -> SparseSymmetricMatrix {
        // For every coordinate a, the pieces that touch it and its position in them.
        var appearanceStart = [Int](repeating: 0, count: n + 1)
        for index in indices { appearanceStart[index + 1] += 1 }
        for a in 0..<n { appearanceStart[a + 1] += appearanceStart[a] }
        var next = appearanceStart
        var appearance = [Int](repeating: 0, count: indices.count)   // flat position i·size + p
        for (position, index) in indices.enumerated() {
            appearance[next[index]] = position
            next[index] += 1
        }
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let chunks = n < 512 ? 1 : workers * 4
        let chunkSize = (n + chunks - 1) / chunks
        var chunkColumns = [[Int]](repeating: [], count: chunks)
        var chunkValues = [[Double]](repeating: [], count: chunks)
        var rowLengths = [Int](repeating: 0, count: n)
        indices.withUnsafeBufferPointer { idx in
            chunkColumns.withUnsafeMutableBufferPointer { outColumns in
                chunkValues.withUnsafeMutableBufferPointer { outValues in
                    rowLengths.withUnsafeMutableBufferPointer { lengths in
                        // Chunk `chunk` writes only its own rows' lengths and its own output slots; `entry` only reads.
                        concurrentPerformSharing(iterations: chunks) { chunk in
                            var accumulator = [Double](repeating: 0, count: n)
                            var seen = [Bool](repeating: false, count: n)
                            var touched: [Int] = []
                            var localColumns: [Int] = []
                            var localValues: [Double] = []
                            for a in (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize) {
                                touched.removeAll(keepingCapacity: true)
                                for slot in appearanceStart[a]..<appearanceStart[a + 1] {
                                    let (piece, p) = appearance[slot].quotientAndRemainder(dividingBy: size)
                                    for q in 0..<size {
                                        let b = idx[piece * size + q]
                                        if !seen[b] { seen[b] = true; touched.append(b) }
                                        accumulator[b] += entry(piece, p, q)
                                    }
                                }
                                touched.sort()
                                for b in touched {
                                    localColumns.append(b)
                                    localValues.append(accumulator[b])
                                    accumulator[b] = 0
                                    seen[b] = false
                                }
                                lengths[a] = touched.count
                            }
                            outColumns[chunk] = localColumns
                            outValues[chunk] = localValues
                        }
                    }
                }
            }
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        for a in 0..<n { offsets[a + 1] = offsets[a] + rowLengths[a] }
        return SparseSymmetricMatrix(dimension: n, offsets: offsets, columns: chunkColumns.flatMap { $0 },
                                     values: chunkValues.flatMap { $0 })
    }

    /// `A x`.
    ///
    /// - Complexity: O(stored entries).
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "SparseSymmetricMatrix.multiply: vector of length \(x.count) for n = \(dimension)")
        var y = [Double](repeating: 0, count: dimension)
        for i in 0..<dimension {
            var sum = 0.0
            for p in offsets[i]..<offsets[i + 1] { sum += values[p] * x[columns[p]] }
            y[i] = sum
        }
        return y
    }

    /// `A B` for a dense n × b block `B`.
    public func multiply(_ b: Matrix) -> Matrix {
        precondition(b.rows == dimension, "SparseSymmetricMatrix.multiply: \(b.rows) rows for n = \(dimension)")
        let width = b.columns
        var result = Matrix(rows: dimension, columns: width)
        b.elements.withUnsafeBufferPointer { source in
            result.elements.withUnsafeMutableBufferPointer { out in
                for i in 0..<dimension {
                    for p in offsets[i]..<offsets[i + 1] {
                        let (column, value) = (columns[p], values[p])
                        for c in 0..<width { out[i * width + c] += value * source[column * width + c] }
                    }
                }
            }
        }
        return result
    }

    /// `‖A‖∞ = maxᵢ Σⱼ |aᵢⱼ|`, which bounds every |eigenvalue| from above (Gershgorin), so `‖A‖₂ ≤ ‖A‖∞`.
    public var maxAbsoluteRowSum: Double {
        (0..<dimension).reduce(0) { largest, i in
            max(largest, (offsets[i]..<offsets[i + 1]).reduce(0) { $0 + abs(values[$1]) })
        }
    }

    /// The diagonal entries.
    public var diagonal: [Double] {
        (0..<dimension).map { i in
            (offsets[i]..<offsets[i + 1]).first { columns[$0] == i }.map { values[$0] } ?? 0
        }
    }

    /// The dense n × n matrix (for small n and tests).
    public var dense: Matrix {
        var result = Matrix(rows: dimension, columns: dimension)
        for i in 0..<dimension {
            for p in offsets[i]..<offsets[i + 1] { result.elements[i * dimension + columns[p]] = values[p] }
        }
        return result
    }
}
