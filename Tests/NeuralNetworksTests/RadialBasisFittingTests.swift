import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// The staged start of an RBF network: k-means centres and widths from the centres, against closed forms.
@Suite struct RadialBasisFittingTests {
    /// Three tight, well-separated groups: k-means (any seeding that picks one point per group, as k-means++ does
    /// with overwhelming probability here) converges to the three group means.
    static let groups: [[Double]] = [[0, 0], [0.2, 0.1], [-0.1, 0.2], [10, 0], [10.3, -0.2], [9.9, 0.1], [0, 10], [0.1, 9.7]]

    @Test func kMeansFindsTheGroupMeans() throws {
        let data = try Matrix(rows: Self.groups)
        for seed in 0..<10 as Range<UInt64> {
            var generator = SeededGenerator(seed: seed)
            let centres = try RadialBasisLayer<Double>.kMeansCentres(data, count: 3, generator: &generator)
            let found = centres.rowArrays.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
            let expected: [[Double]] = [[0.1 / 3, 0.1], [0.05, 9.85], [(10 + 10.3 + 9.9) / 3, -0.1 / 3]]
            for (f, e) in zip(found, expected) { assertClose(f, e, relativeTolerance: 1e-12, absoluteTolerance: 1e-12, "seed \(seed)") }
        }
    }

    @Test func widthsFromTheCentres() throws {
        let centres = try Matrix(rows: [[0, 0], [3, 0], [0, 4]])
        // d_max = 5 between (3, 0) and (0, 4): σ = 5/√(2·3).
        assertClose(try RadialBasisLayer<Double>.widths(centres: centres, rule: .maximumDistance), Array(repeating: 5 / 6.0.squareRoot(), count: 3))
        assertClose(try RadialBasisLayer<Double>.widths(centres: centres, rule: .nearestCentres(1)), [3, 3, 4])
        assertClose(try RadialBasisLayer<Double>.widths(centres: centres, rule: .nearestCentres(2)),
                    [(12.5).squareRoot(), (17.0).squareRoot(), (20.5).squareRoot()])
    }

    @Test func fittedLayerHoldsCentresAndWidths() throws {
        let data = try Matrix(rows: Self.groups)
        var a = SeededGenerator(seed: 7), b = SeededGenerator(seed: 7)
        let layer = try RadialBasisLayer<Double>(fitting: data, centreCount: 3, widthRule: .nearestCentres(1), generator: &a)
        let centres = try RadialBasisLayer<Double>.kMeansCentres(data, count: 3, generator: &b)
        #expect(layer.centres.value.shape == [3, 2])
        assertClose(layer.centres.value.scalars, centres.elements)
        assertClose(layer.widths.value.scalars, try RadialBasisLayer<Double>.widths(centres: centres, rule: .nearestCentres(1)))
    }

    @Test func badArgumentsAreNamed() throws {
        let data = try Matrix(rows: Self.groups)
        var generator = SeededGenerator(seed: 1)
        #expect(throws: NeuralNetworkError.invalidArgument("k-means: centre count = 9 must lie in 1 ... rows = 8")) {
            try RadialBasisLayer<Double>.kMeansCentres(data, count: 9, generator: &generator)
        }
        #expect(throws: NeuralNetworkError.invalidArgument("RBF widths: 1 centre(s); widths from the centres need at least 2")) {
            try RadialBasisLayer<Double>.widths(centres: Matrix(rows: [[1, 2]]), rule: .maximumDistance)
        }
        #expect(throws: NeuralNetworkError.invalidArgument("RBF widths: nearest centres p = 3 must lie in 1 ... 2")) {
            try RadialBasisLayer<Double>.widths(centres: Matrix(rows: [[0, 0], [1, 0], [0, 1]]), rule: .nearestCentres(3))
        }
        #expect(throws: NeuralNetworkError.invalidArgument("RBF widths: a width is 0 (centres coincide); use fewer centres or other data")) {
            try RadialBasisLayer<Double>.widths(centres: Matrix(rows: [[0, 0], [0, 0], [5, 5]]), rule: .nearestCentres(1))
        }
    }
}
