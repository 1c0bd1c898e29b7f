/// Entry-wise arithmetic. Shapes must agree (a mismatch is a programming error and traps with a message);
/// the matrix product is `*` in `Matrix+Products.swift`.
extension Matrix {
    @inline(__always)
    private static func checkSameShape(_ a: Matrix, _ b: Matrix, _ operation: String) {
        precondition(a.rows == b.rows && a.columns == b.columns,
                     "Matrix \(operation): shapes \(a.rows) × \(a.columns) and \(b.rows) × \(b.columns) differ")
    }

    /// Applies `transform` to every entry.
    public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
        Matrix(rows: rows, columns: columns, elements: try elements.map(transform))
    }

    /// Combines two matrices of the same shape entry by entry.
    public func zipMap(_ other: Matrix, _ combine: (Double, Double) -> Double) -> Matrix {
        Self.checkSameShape(self, other, "zipMap")
        var result = elements
        other.elements.withUnsafeBufferPointer { b in
            for k in result.indices { result[k] = combine(result[k], b[k]) }
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }

    /// The entry-wise sum `A + B`.
    public static func + (a: Matrix, b: Matrix) -> Matrix { checkSameShape(a, b, "+"); return a.zipMap(b, +) }
    /// The entry-wise difference `A − B`.
    public static func - (a: Matrix, b: Matrix) -> Matrix { checkSameShape(a, b, "-"); return a.zipMap(b, -) }
    /// `A ← A + B`.
    public static func += (a: inout Matrix, b: Matrix) { a = a + b }
    /// `A ← A − B`.
    public static func -= (a: inout Matrix, b: Matrix) { a = a - b }
    /// The negation `−A`.
    public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }

    /// Every entry times the scalar `s`.
    public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }
    /// Every entry times the scalar `s`.
    public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
    /// Every entry divided by the scalar `s`.
    public static func / (a: Matrix, s: Double) -> Matrix { a.map { $0 / s } }
    /// `s` added to every entry.
    public static func + (a: Matrix, s: Double) -> Matrix { a.map { $0 + s } }
    /// `s` subtracted from every entry.
    public static func - (a: Matrix, s: Double) -> Matrix { a.map { $0 - s } }
    /// `A ← s A`.
    public static func *= (a: inout Matrix, s: Double) { a = a * s }
    /// `A ← A / s`.
    public static func /= (a: inout Matrix, s: Double) { a = a / s }

    /// The Hadamard (entry-wise) product `A ⊙ B`.
    public func hadamard(_ other: Matrix) -> Matrix { zipMap(other, *) }

    /// Adds `vector` to every row (`vector.count == columns`).
    public func addingToEachRow(_ vector: [Double]) -> Matrix {
        precondition(vector.count == columns, "Matrix.addingToEachRow: \(vector.count) values for \(columns) columns")
        var result = elements
        for i in 0..<rows {
            for j in 0..<columns { result[i * columns + j] += vector[j] }
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }

    /// Subtracts `vector` from every row (`vector.count == columns`).
    public func subtractingFromEachRow(_ vector: [Double]) -> Matrix { addingToEachRow(vector.map { -$0 }) }

    /// Multiplies column `j` by `factors[j]`: `A · diag(factors)`.
    public func scalingColumns(by factors: [Double]) -> Matrix {
        precondition(factors.count == columns, "Matrix.scalingColumns: \(factors.count) factors for \(columns) columns")
        var result = elements
        for i in 0..<rows {
            for j in 0..<columns { result[i * columns + j] *= factors[j] }
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }

    /// Multiplies row `i` by `factors[i]`: `diag(factors) · A`.
    public func scalingRows(by factors: [Double]) -> Matrix {
        precondition(factors.count == rows, "Matrix.scalingRows: \(factors.count) factors for \(rows) rows")
        var result = elements
        for i in 0..<rows {
            for j in 0..<columns { result[i * columns + j] *= factors[i] }
        }
        return Matrix(rows: rows, columns: columns, elements: result)
    }
}
