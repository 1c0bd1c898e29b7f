import Foundation
import LinearAlgebra
import Testing

/// Fixtures shared by the PCA, classical MDS, kernel PCA and quality-metric tests.
enum SpectralFixtures {
    /// scikit-learn's PCA doc example: 6 points in the plane.
    static let plane = try! Matrix(rows: [[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])

    /// 40 points on a closed-form curve in 3-D, `xᵢ = (sin 0.37i, cos 0.71i, 0.1i − 2)`; the Python reference
    /// values in the tests were computed on the same formula.
    static let curve = Matrix(rows: 40, columns: 3) { i, j in
        let t = Double(i)
        switch j {
        case 0: return sin(0.37 * t)
        case 1: return cos(0.71 * t)
        default: return 0.1 * t - 2
        }
    }

    /// A seeded Gaussian cloud with unequal scales per column (so the spectrum has no ties).
    static func cloud(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        let g = Matrix.randomNormal(rows: rows, columns: columns, seed: seed)
        return g.scalingColumns(by: (0..<columns).map { 3 / Double($0 + 1) }).addingToEachRow((0..<columns).map { Double($0) })
    }
}

/// Records an issue unless `body` throws an error whose description contains `fragment`.
func expectFailure(messageContaining fragment: String, sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing “\(fragment)”, but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(String(describing: error).contains(fragment), "“\(error)” does not contain “\(fragment)”",
                sourceLocation: sourceLocation)
    }
}
