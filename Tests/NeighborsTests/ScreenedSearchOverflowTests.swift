import LinearAlgebra
import Neighbors
import Testing

@Suite("Screened k-NN search: values whose squares overflow single precision")
struct ScreenedSearchOverflowTests {
    @Test("a 12-row, 12-column set with one value of 1e19 (and one of 1e200) finds the brute-force neighbours")
    func hugeValues() throws {
        for huge in [1e19, -3e25, 1e200] {
            var x = Matrix(rows: 12, columns: 12) { i, j in Double((i * 7 + j * 3) % 11) + 0.01 * Double(i) }
            x[4, 2] = huge
            let list = try NearestNeighbors(neighbors: 3).fit(x).kneighbors()
            for i in 0..<x.rows {
                // Independent reference: every other row by exact squared distance, ties by index.
                var order: [(distance: Double, index: Int)] = []
                for j in 0..<x.rows where j != i {
                    var sum = 0.0
                    for c in 0..<x.columns { let t = x[i, c] - x[j, c]; sum += t * t }
                    order.append((sum, j))
                }
                order.sort { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }
                let expected = order.prefix(3).map { $0.index }
                #expect(Array(list.indices(ofRow: i)) == expected, "value \(huge), row \(i)")
            }
        }
    }
}
