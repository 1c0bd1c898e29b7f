import CLapack

/// Internal glue between `Matrix` and LAPACKE.
///
/// Routines on symmetric matrices and the SVD call LAPACK's column-major entry points directly: a row-major
/// buffer read as column-major is the transpose, which for a symmetric matrix is the matrix itself and for
/// the SVD only swaps the roles of U and V. LAPACKE's row-major entry points would copy a transpose in and out.
enum LAPACK {
    /// A LAPACK character argument (`'V'`, `'U'`, …).
    @inline(__always)
    static func flag(_ character: Unicode.Scalar) -> CChar { CChar(UInt8(ascii: character)) }

    /// Throws for a negative `info`, which means an argument was wrong: a defect in the toolkit's call.
    static func checkArguments(_ info: Int32, routine: String) throws {
        if info < 0 {
            throw LinearAlgebraError.lapackFailure(routine: routine, info: info,
                                                   meaning: "argument \(-info) had an illegal value (please report this)")
        }
    }

    /// `lapack_int` is 32-bit in Debian's LAPACKE; sizes beyond that cannot be passed.
    static func int32(_ value: Int, _ routine: String) throws -> Int32 {
        guard let result = Int32(exactly: value) else {
            throw LinearAlgebraError.invalidArgument(operation: routine, message: "dimension \(value) exceeds LAPACK's 32-bit index range")
        }
        return result
    }
}

/// The sign convention of the toolkit: each vector is flipped so its largest-magnitude entry is positive,
/// which makes eigenvectors and singular vectors reproducible across LAPACK builds and solvers.
enum SignConvention {
    /// Flips columns of the `rows × columns` row-major buffer in place; returns which columns were flipped.
    @discardableResult
    static func normalizeColumns(_ buffer: inout [Double], rows: Int, columns: Int) -> [Bool] {
        var flipped = [Bool](repeating: false, count: columns)
        for j in 0..<columns {
            var best = 0.0
            var bestIndex = 0
            for i in 0..<rows where abs(buffer[i * columns + j]) > best {
                best = abs(buffer[i * columns + j])
                bestIndex = i
            }
            if buffer[bestIndex * columns + j] < 0 {
                flipped[j] = true
                for i in 0..<rows { buffer[i * columns + j] = -buffer[i * columns + j] }
            }
        }
        return flipped
    }
}

extension Matrix {
    /// Flips each column so its largest-magnitude entry is positive (the toolkit's sign convention).
    public func withNormalizedColumnSigns() -> Matrix {
        var copy = self
        SignConvention.normalizeColumns(&copy.elements, rows: rows, columns: columns)
        return copy
    }
}
