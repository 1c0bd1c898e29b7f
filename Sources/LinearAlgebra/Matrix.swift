import Foundation

/// A dense matrix of `Double`, stored row-major, with value semantics.
///
/// A data set is an `n × d` matrix: one row per sample, one column per feature. Storage is a
/// contiguous `[Double]` in row-major order (`elements[i * columns + j]` is row `i`, column `j`), so
/// copies share storage until one of them is mutated (copy-on-write, as for `Array`).
///
/// Products, decompositions and distances are in `Matrix+Products.swift`, `Matrix+Decompositions.swift`
/// and the files beside them; they call BLAS and LAPACK.
public struct Matrix: Equatable, Hashable, Sendable {
    /// The number of rows (samples).
    public let rows: Int
    /// The number of columns (features).
    public let columns: Int
    /// The entries in row-major order: `elements[i * columns + j]` is `self[i, j]`.
    public var elements: [Double]

    /// A matrix with the given shape and row-major entries.
    ///
    /// - Precondition: `elements.count == rows * columns`, both non-negative. (A shape mismatch here is a
    ///   programming error; data read from outside goes through the throwing `init(rows:)`.)
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows) × \(columns)")
        precondition(elements.count == rows * columns,
                     "Matrix: \(elements.count) elements do not fill a \(rows) × \(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A `rows × columns` matrix with every entry equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: rows * columns))
    }

    /// A matrix from an array of rows.
    ///
    /// - Throws: `LinearAlgebraError.raggedRows` when the rows differ in length.
    public init(rows rowArrays: [[Double]]) throws {
        let columns = rowArrays.first?.count ?? 0
        var elements: [Double] = []
        elements.reserveCapacity(rowArrays.count * columns)
        for (index, row) in rowArrays.enumerated() {
            guard row.count == columns else {
                throw LinearAlgebraError.raggedRows(row: index, length: row.count, expected: columns)
            }
            elements.append(contentsOf: row)
        }
        self.init(rows: rowArrays.count, columns: columns, elements: elements)
    }

    /// A matrix whose entries are `entry(i, j)`.
    public init(rows: Int, columns: Int, entry: (_ row: Int, _ column: Int) throws -> Double) rethrows {
        var elements = [Double]()
        elements.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { elements.append(try entry(i, j)) }
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }

    /// A column vector (`n × 1`).
    public init(column values: [Double]) {
        self.init(rows: values.count, columns: 1, elements: values)
    }

    /// `(rows, columns)`.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// Whether the matrix has no entries.
    public var isEmpty: Bool { rows == 0 || columns == 0 }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// The entry in row `i`, column `j`.
    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) outside \(rows) × \(columns)")
            return elements[i * columns + j]
        }
        set {
            precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix: index (\(i), \(j)) outside \(rows) × \(columns)")
            elements[i * columns + j] = newValue
        }
    }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "Matrix: row \(i) outside 0..<\(rows)")
        return Array(elements[(i * columns)..<((i + 1) * columns)])
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "Matrix: column \(j) outside 0..<\(columns)")
        return (0..<rows).map { elements[$0 * columns + j] }
    }

    /// Replaces row `i`.
    public mutating func setRow(_ i: Int, to values: [Double]) {
        precondition(i >= 0 && i < rows && values.count == columns, "Matrix: bad row \(i) of length \(values.count)")
        elements.replaceSubrange((i * columns)..<((i + 1) * columns), with: values)
    }

    /// Replaces column `j`.
    public mutating func setColumn(_ j: Int, to values: [Double]) {
        precondition(j >= 0 && j < columns && values.count == rows, "Matrix: bad column \(j) of length \(values.count)")
        for i in 0..<rows { elements[i * columns + j] = values[i] }
    }

    /// The rows at `indices`, in that order (repeats allowed).
    public func rows<Indices: Sequence>(at indices: Indices) -> Matrix where Indices.Element == Int {
        var result: [Double] = []
        var count = 0
        elements.withUnsafeBufferPointer { source in
            for i in indices {
                precondition(i >= 0 && i < rows, "Matrix: row \(i) outside 0..<\(rows)")
                result.append(contentsOf: source[(i * columns)..<((i + 1) * columns)])
                count += 1
            }
        }
        return Matrix(rows: count, columns: columns, elements: result)
    }

    /// The columns at `indices`, in that order (repeats allowed).
    public func columns(at indices: [Int]) -> Matrix {
        for j in indices { precondition(j >= 0 && j < columns, "Matrix: column \(j) outside 0..<\(columns)") }
        var result = [Double](repeating: 0, count: rows * indices.count)
        for i in 0..<rows {
            for (k, j) in indices.enumerated() { result[i * indices.count + k] = elements[i * columns + j] }
        }
        return Matrix(rows: rows, columns: indices.count, elements: result)
    }

    /// The rows as an array of arrays.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    /// The transpose `Aᵀ`.
    public var transposed: Matrix {
        var result = [Double](repeating: 0, count: elements.count)
        let (m, n) = (rows, columns)
        elements.withUnsafeBufferPointer { a in
            result.withUnsafeMutableBufferPointer { t in
                // Blocked so both sides stay in cache.
                let block = 32
                for i0 in stride(from: 0, to: m, by: block) {
                    for j0 in stride(from: 0, to: n, by: block) {
                        for i in i0..<min(i0 + block, m) {
                            for j in j0..<min(j0 + block, n) { t[j * m + i] = a[i * n + j] }
                        }
                    }
                }
            }
        }
        return Matrix(rows: n, columns: m, elements: result)
    }

    /// The main diagonal.
    public var diagonal: [Double] { (0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] } }

    /// The sum of the diagonal.
    public var trace: Double { diagonal.reduce(0, +) }

    /// Whether every entry is finite (no NaN, no ±∞).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// Whether `A = Aᵀ` within `tolerance · max|aᵢⱼ|`.
    public func isSymmetric(tolerance: Double = 1e-10) -> Bool {
        guard isSquare else { return false }
        let n = rows
        return elements.withUnsafeBufferPointer { a in
            var scale = 0.0
            for value in a { scale = Swift.max(scale, abs(value)) }
            let limit = tolerance * Swift.max(scale, .leastNormalMagnitude)
            // Compared in 64 × 64 tiles so the transposed reads stay in cache.
            let tile = 64
            for i0 in stride(from: 0, to: n, by: tile) {
                for j0 in stride(from: i0, to: n, by: tile) {
                    for i in i0..<Swift.min(i0 + tile, n) {
                        for j in Swift.max(j0, i + 1)..<Swift.max(Swift.min(j0 + tile, n), Swift.max(j0, i + 1))
                        where abs(a[i * n + j] - a[j * n + i]) > limit {
                            return false
                        }
                    }
                }
            }
            return true
        }
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        let shown = (0..<Swift.min(rows, 8)).map { i -> String in
            let values = (0..<Swift.min(columns, 8)).map { String(format: "%10.4g", self[i, $0]) }
            return "[" + values.joined(separator: " ") + (columns > 8 ? " …" : "") + "]"
        }
        return "Matrix \(rows) × \(columns)\n" + shown.joined(separator: "\n") + (rows > 8 ? "\n…" : "")
    }
}
