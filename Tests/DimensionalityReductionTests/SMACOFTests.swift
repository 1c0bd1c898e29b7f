import DimensionalityReduction
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("SMACOF and isotonic regression")
struct SMACOFTests {
    /// The start configuration of `benchmarks/fixture_sklearn_mds.py`.
    static let start = Matrix(rows: 25, columns: 2) { i, j in
        j == 0 ? 0.5 + 0.4 * sin(1.7 * Double(i)) : 0.5 + 0.4 * cos(2.3 * Double(i))
    }
    static let dissimilarities = Matrix(rows: 25, columns: 25, elements: SMACOFFixture.dissimilarities)

    @Test("PAV equals a brute-force reference: the best non-decreasing fit over all block partitions")
    func poolAdjacentViolatorsBruteForce() throws {
        var generator = SeededGenerator(seed: 11)
        for trial in 0..<40 {
            let m = 1 + trial % 9
            let y = (0..<m).map { _ in (generator.nextUniform() * 10).rounded() / 2 }
            let w = (0..<m).map { _ in 0.5 + generator.nextUniform() }
            let fitted = try IsotonicRegression.poolAdjacentViolators(y, weights: w)
            // Brute force: every partition of 0..<m into consecutive blocks, each at its weighted mean; the best
            // feasible (non-decreasing) one is the isotonic fit (the solution is constant on such blocks).
            var best: (cost: Double, fit: [Double]) = (.infinity, [])
            for mask in 0..<(1 << Swift.max(m - 1, 0)) {
                var fit = [Double](), start = 0
                for i in 0..<m where i == m - 1 || mask & (1 << i) != 0 {
                    let block = start...i
                    var weight = 0.0, total = 0.0
                    for p in block { weight += w[p]; total += w[p] * y[p] }
                    let mean = total / weight
                    fit += [Double](repeating: mean, count: block.count)
                    start = i + 1
                }
                guard zip(fit, fit.dropFirst()).allSatisfy({ $0 <= $1 + 1e-12 }) else { continue }
                var cost = 0.0
                for i in 0..<m {
                    let residual = y[i] - fit[i]
                    cost += w[i] * residual * residual
                }
                if cost < best.cost - 1e-12 { best = (cost, fit) }
            }
            assertClose(fitted, best.fit, relativeTolerance: 1e-12, absoluteTolerance: 1e-12)
        }
        #expect(try IsotonicRegression.poolAdjacentViolators([]) == [])
        #expect(try IsotonicRegression.poolAdjacentViolators([1, 2, 2, 5]) == [1, 2, 2, 5])
        expectFailure(messageContaining: "weights must be finite and > 0") {
            _ = try IsotonicRegression.poolAdjacentViolators([1, 2], weights: [1, 0])
        }
    }

    @Test("isotonic fit with tied x equals scikit-learn's IsotonicRegression, with and without weights")
    func isotonicMatchesScikitLearn() throws {
        let fitted = try IsotonicRegression.fit(x: SMACOFFixture.isotonicX, y: SMACOFFixture.isotonicY)
        assertClose(fitted, SMACOFFixture.isotonicFit, relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        let weighted = try IsotonicRegression.fit(x: SMACOFFixture.isotonicX, y: SMACOFFixture.isotonicY,
                                                  weights: SMACOFFixture.isotonicWeights)
        assertClose(weighted, SMACOFFixture.isotonicWeightedFit, relativeTolerance: 1e-12, absoluteTolerance: 1e-14)
        expectFailure(messageContaining: "has 2 values but y has 3") { _ = try IsotonicRegression.fit(x: [1, 2], y: [1, 2, 3]) }
    }

    @Test("metric and non-metric SMACOF from a given start equal scikit-learn's smacof (embedding, stress, iterations)")
    func smacofMatchesScikitLearn() throws {
        let metric = try SMACOF(initialization: .given(Self.start)).fit(dissimilarities: Self.dissimilarities)
        assertClose(metric.embedding, Matrix(rows: 25, columns: 2, elements: SMACOFFixture.metricEmbedding), relativeTolerance: 1e-8)
        assertClose(metric.stress, SMACOFFixture.metricStress, relativeTolerance: 1e-8)
        assertClose(metric.rawStress, SMACOFFixture.metricStress, relativeTolerance: 1e-8)
        #expect(metric.iterations == SMACOFFixture.metricIterations)

        let nonMetric = try SMACOF(metric: false, initialization: .given(Self.start)).fit(dissimilarities: Self.dissimilarities)
        assertClose(nonMetric.embedding, Matrix(rows: 25, columns: 2, elements: SMACOFFixture.nonMetricEmbedding), relativeTolerance: 1e-6)
        // Non-metric: scikit-learn reports stress-1 by default.
        assertClose(nonMetric.stress, SMACOFFixture.nonMetricStress, relativeTolerance: 1e-6)
        assertClose(nonMetric.normalizedStress, SMACOFFixture.nonMetricStress, relativeTolerance: 1e-6)
        #expect(abs(nonMetric.iterations - SMACOFFixture.nonMetricIterations) <= 1)
    }

    @Test("metric stress never increases (majorization), and several seeded starts keep the least stress")
    func stressDecreasesMonotonically() throws {
        let x = SpectralFixtures.cloud(rows: 60, columns: 5, seed: 4)
        let single = try SMACOF(maxIterations: 200, tolerance: 0).fit(x)
        // tolerance 0 runs until the stress stops decreasing (at rounding level) or 200 iterations.
        #expect(single.stressHistory.count > 20)
        for (before, after) in zip(single.stressHistory, single.stressHistory.dropFirst()) {
            #expect(after <= before * (1 + 1e-12))
        }
        let several = try SMACOF(initializations: 4, maxIterations: 50, seed: 7).fit(x)
        let again = try SMACOF(initializations: 4, maxIterations: 50, seed: 7).fit(x)
        #expect(several.embedding == again.embedding)
        let each = try (0..<4).map { r -> Double in
            // The r-th start is the r-th block of n·k uniforms of the one generator.
            var generator = SeededGenerator(seed: 7)
            var blocks: [Matrix] = []
            for _ in 0...r { blocks.append(Matrix(rows: 60, columns: 2, elements: (0..<120).map { _ in generator.nextUniform() })) }
            return try SMACOF(initialization: .given(blocks[r]), maxIterations: 50).fit(x).stress
        }
        assertClose(several.stress, each.min()!, relativeTolerance: 1e-12)
    }

    @Test("metric stress of Euclidean rank-2 data reaches ~0; Kruskal's stress-1 against QualityMetrics")
    func euclideanRankTwoReachesZero() throws {
        let plane = Matrix.randomNormal(rows: 40, columns: 2, seed: 5)
        let lifted = plane * (try Matrix(rows: [[1, 0.2, -0.5, 0.3], [0.1, 1, 0.4, -0.2]]))
        let model = try SMACOF(maxIterations: 3000, tolerance: 0, seed: 3).fit(lifted)
        #expect(model.normalizedStress < 1e-6)
        // Stress-1 recomputed independently from the embedding.
        let stress = try QualityMetrics.stress(original: lifted, embedding: model.embedding)
        assertClose(model.normalizedStress, stress.raw, relativeTolerance: 1e-3, absoluteTolerance: 1e-9)
        let classical = try SMACOF(initialization: .classicalMDS).fit(lifted)
        #expect(classical.normalizedStress < 1e-8)
    }

    @Test("non-metric disparities are monotone in the dissimilarities, ties share one value, Σ δ̂² = n(n − 1)/2")
    func nonMetricDisparitiesMonotone() throws {
        let model = try SMACOF(metric: false, seed: 2).fit(dissimilarities: Self.dissimilarities)
        let n = 25
        var pairs: [(delta: Double, disparity: Double)] = []
        for i in 0..<n { for j in (i + 1)..<n where Self.dissimilarities[i, j] != 0 {
            pairs.append((Self.dissimilarities[i, j], model.disparities[i, j]))
            #expect(model.disparities[i, j] == model.disparities[j, i])
        } }
        pairs.sort { $0.delta < $1.delta }
        for (a, b) in zip(pairs, pairs.dropFirst()) {
            #expect(a.disparity <= b.disparity + 1e-12)
            if a.delta == b.delta { #expect(a.disparity == b.disparity) }
        }
        var squares = 0.0
        for pair in pairs { squares += pair.disparity * pair.disparity }
        assertClose(squares, Double(n * (n - 1) / 2), relativeTolerance: 1e-10)
    }

    @Test("progress counts iterations; no transform; bad input")
    func progressAndErrors() throws {
        let log = ProgressLog()
        let x = SpectralFixtures.cloud(rows: 20, columns: 3, seed: 1)
        let model = try SMACOF(maxIterations: 30, tolerance: 0).fit(x, progress: ProgressReporter { log.append($0) })
        let steps = log.all.compactMap { $0.step?.done }
        #expect(log.all.allSatisfy { $0.phase == "optimisation" })
        #expect(steps == Array(0...30) + [30])
        expectFailure(messageContaining: "no out-of-sample map") { _ = try model.transform(x) }
        expectFailure(messageContaining: "initializations = 0") { _ = try SMACOF(initializations: 0).fit(x) }
        expectFailure(messageContaining: "not symmetric") {
            var d = x.pairwiseDistances()
            d[0, 1] += 1
            _ = try SMACOF().fit(dissimilarities: d)
        }
        expectFailure(messageContaining: "give a finite 20 × 2") {
            _ = try SMACOF(initialization: .given(Matrix(rows: 3, columns: 2))).fit(x)
        }
    }
}

@Suite("EmbeddingSettings.metricMDS")
struct MetricMDSSettingTests {
    @Test("metricMDS defaults to true, round-trips through its setter and through JSON, and is left out when default")
    func metricMDSSetting() throws {
        var settings = EmbeddingSettings()
        #expect(settings.metricMDS)
        settings.metricMDS = false
        #expect(!settings.metricMDS)
        let decoded = try JSONDecoder().decode(EmbeddingSettings.self, from: JSONEncoder().encode(settings))
        #expect(!decoded.metricMDS)
        settings.metricMDS = true
        #expect(settings.metricMDS)
        #expect(!String(decoding: try JSONEncoder().encode(settings), as: UTF8.self).contains("MDS"))
        let fitted = try EmbeddingMethod.smacof.fit(SpectralFixtures.cloud(rows: 20, columns: 3, seed: 1), settings: settings)
        #expect(fitted.method.parameters(settings).contains { $0.name == "metric-mds" && $0.value == "true" })
    }
}
