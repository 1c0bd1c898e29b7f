import LinearAlgebra
import Resampling
import TestSupport
import Testing

/// The k nearest rows of `members` to member `i` (positions into `members`), by brute force: the independent
/// reference for the Neighbors module's search. Self is excluded by position.
func bruteForceNeighbors(_ x: Matrix, members: [Int], of i: Int, k: Int) -> [Int] {
    let distances = members.indices.filter { $0 != i }.map { j -> (Double, Int) in
        (zip(x.row(members[i]), x.row(members[j])).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }, j)
    }
    return distances.sorted { $0 < $1 }.prefix(k).map(\.1)
}

@Suite("SMOTE")
struct SMOTETests {
    /// Two Gaussian clouds, 60 against 15 samples.
    let x = Matrix.verticalConcatenation([
        Matrix.randomNormal(rows: 60, columns: 3, seed: 1),
        Matrix.randomNormal(rows: 15, columns: 3, mean: 2, standardDeviation: 0.5, seed: 2),
    ])
    let labels = [Int](repeating: 0, count: 60) + [Int](repeating: 1, count: 15)

    @Test func samplesLieOnSegmentsToSameClassNeighbours() throws {
        let k = 4
        let result = try SMOTE<Int>(neighbors: k, seed: 7).fitResample(x, labels: labels)
        #expect(result.classCounts == [0: 60, 1: 60])
        #expect(result.samples.rows(at: 0..<75) == x)
        let members = Array(60..<75)
        for j in 0..<result.generatedCount {
            let row = 75 + j
            let source = result.sourceIndices[row], neighbor = result.neighborIndices[j]!, step = result.interpolationSteps[j]!
            #expect(labels[source] == 1 && labels[neighbor] == 1 && result.labels[row] == 1)
            #expect(step >= 0 && step < 1)
            #expect(source != neighbor)
            let nearest = bruteForceNeighbors(x, members: members, of: source - 60, k: k).map { members[$0] }
            #expect(nearest.contains(neighbor), "row \(row): \(neighbor) is not among the \(k) nearest of \(source)")
            let expected = zip(x.row(source), x.row(neighbor)).map { $0 + step * ($1 - $0) }
            assertClose(result.samples.row(row), expected, relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        }
    }

    @Test func duplicatesDoNotBreakSelfExclusion() throws {
        // Every minority point appears twice: a point's nearest neighbour is its copy, never itself.
        let base = Matrix.randomNormal(rows: 6, columns: 2, seed: 3)
        let minority = Matrix.verticalConcatenation([base, base])
        let data = Matrix.verticalConcatenation([Matrix.randomNormal(rows: 30, columns: 2, seed: 4), minority])
        let labels = [Int](repeating: 0, count: 30) + [Int](repeating: 1, count: 12)
        let result = try SMOTE<Int>(neighbors: 1, seed: 1).fitResample(data, labels: labels)
        for j in 0..<result.generatedCount {
            let source = result.sourceIndices[42 + j], neighbor = result.neighborIndices[j]!
            #expect(source != neighbor)
            // The single nearest neighbour is the duplicate, so the synthetic point equals the source.
            #expect(data.row(source) == data.row(neighbor))
            assertClose(result.samples.row(42 + j), data.row(source), relativeTolerance: 1e-15)
        }
    }

    @Test func seeds() throws {
        let a = try SMOTE<Int>(seed: 11).fitResample(x, labels: labels)
        let b = try SMOTE<Int>(seed: 11).fitResample(x, labels: labels)
        let c = try SMOTE<Int>(seed: 12).fitResample(x, labels: labels)
        #expect(a.samples == b.samples && a.sourceIndices == b.sourceIndices)
        #expect(a.samples != c.samples)
    }

    @Test func multiClassBlocksInLabelOrder() throws {
        let data = Matrix.randomNormal(rows: 40, columns: 2, seed: 5)
        let labels = (0..<40).map { $0 < 20 ? "b" : ($0 < 32 ? "c" : "a") }  // b: 20, c: 12, a: 8
        let result = try SMOTE<String>(neighbors: 3, seed: 2).fitResample(data, labels: labels)
        #expect(Array(result.labels[40...]) == [String](repeating: "a", count: 12) + [String](repeating: "c", count: 8))
    }

    @Test func errors() throws {
        let tiny = [Int](repeating: 0, count: 70) + [Int](repeating: 1, count: 5)
        #expect(throws: ResamplingError.tooFewSamples(label: "1", count: 5, needed: 6, method: "SMOTE")) {
            try SMOTE<Int>(neighbors: 5).fitResample(x, labels: tiny)
        }
        #expect(throws: ResamplingError.labelCountMismatch(rows: 75, labels: 3)) {
            try SMOTE<Int>().fitResample(x, labels: [0, 1, 1])
        }
        var withNaN = x
        withNaN[4, 2] = .nan
        #expect(throws: ResamplingError.nonFinite(row: 4, column: 2)) { try SMOTE<Int>().fitResample(withNaN, labels: labels) }
        #expect(throws: ResamplingError.self) { try SMOTE<Int>(neighbors: 0).fitResample(x, labels: labels) }
        let message = ResamplingError.tooFewSamples(label: "1", count: 5, needed: 6, method: "SMOTE").description
        #expect(message.contains("class 1 has 5 samples") && message.contains("lower neighbors"))
    }
}

@Suite("ADASYN")
struct ADASYNTests {
    /// 20 points on a line (tiny offsets 0.001 · i break distance ties): class 0 has 12, class 1 has 8, so the
    /// auto strategy asks for G = 4 new class-1 samples.
    static let positions: [Double] = [0, 1, 2, 3, 4, 5, 30, 31, 32, 33, 34, 35, 7.5, 10, 11, 12, 13, 21, 32.5, 50]
    let x = Matrix(rows: 20, columns: 1, elements: positions.enumerated().map { $0.element + 0.001 * Double($0.offset) })
    let labels = [Int](repeating: 0, count: 12) + [Int](repeating: 1, count: 8)

    @Test func weightsOfTheFixture() throws {
        // By hand, the 5 nearest of each class-1 point and how many are class 0:
        //  7.5 → 10, 5, 11, 4, 12: 2 of 5    10 → 11, 12, 7.5, 13, 5: 1    11 → 10, 12, 13, 7.5, 5: 1
        //  12 → 11, 13, 10, 7.5, 5: 1        13 → 12, 11, 10, 7.5, 21: 0 (see below)
        //  21 → 13, 30, 12, 31, 11: 2        32.5 → 33, 32, 31, 34, 35: 5      50 → 35, 34, 33, 32.5, 32: 4
        // For 13 the fifth neighbour is 21.017 (distance 8.001) rather than 5.005 (8.011): 0 of 5.
        let expectedR = [0.4, 0.2, 0.2, 0.2, 0, 0.4, 1, 0.8]
        // r̂ = r / 3.2 and g = rint(4 r̂) = rint([0.5, 0.25, 0.25, 0.25, 0, 0.5, 1.25, 1]) with halves to even.
        let expectedG = [0, 0, 0, 0, 0, 0, 1, 1]
        let (r, g) = try ADASYN<Int>().weights(x, labels: labels, for: 1, generating: 4)
        assertClose(r, expectedR, relativeTolerance: 1e-15)
        #expect(g == expectedG)
        // The same r by brute force over all 20 points.
        let all = Array(0..<20)
        let bruteR = (12..<20).map { i in
            Double(bruteForceNeighbors(x, members: all, of: i, k: 5).filter { labels[$0] != 1 }.count) / 5
        }
        assertClose(r, bruteR, relativeTolerance: 1e-15)
        let result = try ADASYN<Int>(seed: 3).fitResample(x, labels: labels)
        #expect(result.samples.rows == 22)
        #expect(result.sourceIndices[20...].sorted() == [18, 19])
        for j in 0..<result.generatedCount {
            let step = result.interpolationSteps[j]!
            #expect(step >= 0 && step < 1 && labels[result.neighborIndices[j]!] == 1)
        }
    }

    @Test func errors() throws {
        // Two far-apart clusters: no class-1 point has a class-0 neighbour.
        let separated = Matrix(rows: 20, columns: 1, elements: (0..<20).map { $0 < 12 ? Double($0) : 1000 + Double($0) })
        #expect(throws: ResamplingError.noNeighborOfOtherClass(label: "1")) {
            try ADASYN<Int>().fitResample(separated, labels: labels)
        }
        #expect(ResamplingError.noNeighborOfOtherClass(label: "1").description.contains("use SMOTE"))
        let fewer = [Int](repeating: 0, count: 16) + [Int](repeating: 1, count: 4)
        #expect(throws: ResamplingError.tooFewSamples(label: "1", count: 4, needed: 6, method: "ADASYN")) {
            try ADASYN<Int>().fitResample(x, labels: fewer)
        }
    }
}
