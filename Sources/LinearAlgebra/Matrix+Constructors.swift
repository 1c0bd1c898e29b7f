extension Matrix {
    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = 1 }
        return m
    }

    /// The square matrix with `values` on its diagonal and zeros elsewhere.
    public static func diagonal(_ values: [Double]) -> Matrix {
        let n = values.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m.elements[i * n + i] = values[i] }
        return m
    }

    /// A `rows × columns` matrix of zeros.
    public static func zeros(rows: Int, columns: Int) -> Matrix { Matrix(rows: rows, columns: columns) }

    /// A matrix of independent normal draws N(`mean`, `standardDeviation`²), reproducible from `seed`.
    public static func randomNormal(rows: Int, columns: Int, mean: Double = 0, standardDeviation: Double = 1,
                                    seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        return randomNormal(rows: rows, columns: columns, mean: mean, standardDeviation: standardDeviation,
                            using: &generator)
    }

    /// A matrix of independent normal draws N(`mean`, `standardDeviation`²) from `generator`.
    public static func randomNormal(rows: Int, columns: Int, mean: Double = 0, standardDeviation: Double = 1,
                                    using generator: inout SeededGenerator) -> Matrix {
        var elements = [Double](repeating: 0, count: rows * columns)
        for k in elements.indices { elements[k] = mean + standardDeviation * generator.nextNormal() }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// A matrix of independent uniform draws from `[range.lowerBound, range.upperBound)`, reproducible from `seed`.
    public static func randomUniform(rows: Int, columns: Int, in range: Range<Double> = 0..<1, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        let width = range.upperBound - range.lowerBound
        var elements = [Double](repeating: 0, count: rows * columns)
        for k in elements.indices { elements[k] = range.lowerBound + width * generator.nextUniform() }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// The matrices side by side: `[A B …]` (all with the same number of rows).
    public static func horizontalConcatenation(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, columns: 0) }
        precondition(parts.allSatisfy { $0.rows == first.rows }, "Matrix.horizontalConcatenation: row counts differ")
        let columns = parts.reduce(0) { $0 + $1.columns }
        var elements = [Double]()
        elements.reserveCapacity(first.rows * columns)
        for i in 0..<first.rows {
            for part in parts { elements.append(contentsOf: part.elements[(i * part.columns)..<((i + 1) * part.columns)]) }
        }
        return Matrix(rows: first.rows, columns: columns, elements: elements)
    }

    /// The matrices stacked: `[A; B; …]` (all with the same number of columns).
    public static func verticalConcatenation(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, columns: 0) }
        precondition(parts.allSatisfy { $0.columns == first.columns }, "Matrix.verticalConcatenation: column counts differ")
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, columns: first.columns,
                      elements: parts.flatMap(\.elements))
    }
}
