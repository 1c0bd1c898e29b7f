import LinearAlgebra
import Resampling
import TestSupport
import Testing

@Suite("Sampling strategies")
struct SamplingStrategyTests {
    /// Three classes of sizes 10, 4 and 6 (labels 0, 1, 2) in 2-D.
    let labels = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 4) + [Int](repeating: 2, count: 6)
    var data: Matrix { Matrix.randomNormal(rows: 20, columns: 2, seed: 1) }

    func counts(_ strategy: SamplingStrategy<Int>) throws -> [Int: Int] {
        try RandomOverSampler(strategy: strategy, seed: 3).fitResample(data, labels: labels).classCounts
    }

    @Test func classCountsAfterEachStrategy() throws {
        #expect(try counts(.auto) == [0: 10, 1: 10, 2: 10])
        #expect(try counts(.notMajority) == [0: 10, 1: 10, 2: 10])
        #expect(try counts(.minority) == [0: 10, 1: 10, 2: 6])
        #expect(try counts(.notMinority) == [0: 10, 1: 4, 2: 10])
        #expect(try counts(.all) == [0: 10, 1: 10, 2: 10])
        #expect(try counts(.counts([1: 7, 2: 6])) == [0: 10, 1: 7, 2: 6])
    }

    @Test func ratioForTwoClasses() throws {
        let twoLabels = [Int](repeating: 0, count: 16) + [Int](repeating: 1, count: 4)
        // α = 0.5: the minority grows to ⌊0.5 · 16⌋ = 8.
        let result = try RandomOverSampler(strategy: .ratio(0.5), seed: 1).fitResample(data, labels: twoLabels)
        #expect(result.classCounts == [0: 16, 1: 8])
        // α = 0.1 asks for ⌊1.6 − 4⌋ < 0 samples; α = 0.2 truncates to 0 (as imbalanced-learn), nothing to do.
        #expect(throws: ResamplingError.ratioRemovesSamples(ratio: 0.1, minimum: 0.25)) {
            try RandomOverSampler(strategy: .ratio(0.1)).fitResample(data, labels: twoLabels)
        }
        #expect(throws: ResamplingError.ratioNeedsTwoClasses(classes: 3)) {
            try RandomOverSampler(strategy: .ratio(1)).fitResample(data, labels: labels)
        }
        // α = 0.25 keeps 4 = 0.25 · 16: nothing to generate, the data come back unchanged (imbalanced-learn).
        let met = try RandomOverSampler(strategy: .ratio(0.25)).fitResample(data, labels: twoLabels)
        #expect(met.samples == data && met.labels == twoLabels && met.classCounts == [0: 16, 1: 4])
        // Above 1 the minority would outgrow the majority: refused, as imbalanced-learn refuses it.
        for alpha in [1.5, 2, .infinity, .nan] {
            do {
                _ = try RandomOverSampler(strategy: .ratio(alpha)).fitResample(data, labels: twoLabels)
                Issue.record("ratio \(alpha) must be refused")
            } catch let error as ResamplingError {
                #expect(error.description.hasPrefix("ratio = \(alpha) is invalid: must be in (0, 1]"), "\(error)")
            }
        }
    }

    @Test func strategyErrors() throws {
        #expect(throws: ResamplingError.singleClass(label: "0")) {
            try RandomOverSampler<Int>().fitResample(data, labels: [Int](repeating: 0, count: 20))
        }
        #expect(throws: ResamplingError.unknownClass(label: "7")) {
            try RandomOverSampler(strategy: .counts([7: 30])).fitResample(data, labels: labels)
        }
        #expect(throws: ResamplingError.targetBelowCount(label: "0", target: 5, count: 10)) {
            try RandomOverSampler(strategy: .counts([0: 5])).fitResample(data, labels: labels)
        }
    }

    @Test("a data set already balanced for the strategy comes back unchanged from every sampler")
    func balancedDataIsReturnedUnchanged() throws {
        let balanced = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 10)
        let results = [
            try RandomOverSampler<Int>().fitResample(data, labels: balanced),
            try SMOTE<Int>().fitResample(data, labels: balanced),
            try ADASYN<Int>().fitResample(data, labels: balanced),
            try SMOTE(strategy: .counts([0: 10])).fitResample(data, labels: balanced),
        ]
        for result in results {
            #expect(result.samples == data && result.labels == balanced && result.classCounts == [0: 10, 1: 10])
        }
    }

    @Test func ties() throws {
        // Majority tie between 0 and 1 (8 each): the smallest label is the majority, so 1 grows, as imbalanced-learn.
        let tied = [Int](repeating: 0, count: 8) + [Int](repeating: 1, count: 8) + [Int](repeating: 2, count: 4)
        #expect(try RandomOverSampler(strategy: .notMajority, seed: 1).fitResample(data, labels: tied).classCounts == [0: 8, 1: 8, 2: 8])
        #expect(try SamplingStrategy<Int>.notMajority.samplesToGenerate(classCounts: [0: 8, 1: 8, 2: 4]).map(\.count) == [0, 4])
    }
}

@Suite("Random over-sampling")
struct RandomOverSamplerTests {
    @Test func copiesComeFromTheirClass() throws {
        let x = Matrix.randomNormal(rows: 30, columns: 3, seed: 2)
        let labels = (0..<30).map { $0 < 24 ? "common" : "rare" }
        let result = try RandomOverSampler<String>(seed: 5).fitResample(x, labels: labels)
        #expect(result.samples.rows(at: 0..<30) == x)
        #expect(Array(result.labels.prefix(30)) == labels)
        #expect(result.generatedCount == 18)
        for row in 30..<result.samples.rows {
            let source = result.sourceIndices[row]
            #expect(labels[source] == "rare" && result.labels[row] == "rare")
            #expect(result.samples.row(row) == x.row(source))
        }
    }

    @Test func smoothedBootstrapScale() throws {
        // One feature, class sizes 2000 and 20 000: the perturbation of each copy is N(0, (h c σᶜ)²).
        let n = 22_000
        var generator = SeededGenerator(seed: 4)
        let values = (0..<n).map { i in i < 2000 ? 3 * generator.nextNormal() : generator.nextNormal() }
        let x = Matrix(rows: n, columns: 1, elements: values)
        let labels = (0..<n).map { $0 < 2000 ? 1 : 0 }
        let shrinkage = 2.0
        let result = try RandomOverSampler(shrinkage: shrinkage, seed: 9).fitResample(x, labels: labels)
        let minority = x.rows(at: 0..<2000)
        let sigma = minority.columnVariances(ddof: 0)[0].squareRoot()
        let c = pow(4 / (3 * Double(n)), 1 / 5.0)
        let offsets = (n..<result.samples.rows).map { result.samples[$0, 0] - x[result.sourceIndices[$0], 0] }
        let spread = (offsets.reduce(0) { $0 + $1 * $1 } / Double(offsets.count)).squareRoot()
        // 18 000 draws: the sample standard deviation is within 3 % of its value with overwhelming probability.
        assertClose(spread, shrinkage * c * sigma, relativeTolerance: 0.03)
        #expect(throws: ResamplingError.self) { try RandomOverSampler<Int>(shrinkage: -1).fitResample(x, labels: labels) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
