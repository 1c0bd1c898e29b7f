import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// The toolkit's own building blocks meet the curse of dimensionality: brute-force nearest neighbours (the
/// distance matrix from `pairwiseSquaredDistances`) lose their contrast on high-dimensional uniform data, and
/// the covariance spectrum of isotropic noise (the PCA path: `columnGram` + `symmetricEigen`, and `svd`) spreads
/// its variance evenly within the Marchenko–Pastur edges.
@Suite("The toolkit against the curse: k-NN concentration and PCA of isotropic noise")
struct ToolkitCurseTests {
    /// For each point, its distances to all other points in ascending order (self excluded), brute force.
    static func sortedNeighbourDistances(_ x: Matrix) -> [[Double]] {
        let squared = x.pairwiseSquaredDistances()
        return (0..<x.rows).map { i in
            var row = squared.row(i)
            row.remove(at: i)
            return row.sorted().map { $0.squareRoot() }
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    @Test func nearestAndFarthestNeighbourDistancesConcentrate() {
        let dimensions = [2, 10, 100, 1000]
        let n = 200
        var nearestToFarthest = [Double](), firstToTenth = [Double]()
        for (index, d) in dimensions.enumerated() {
            let x = Matrix.randomUniform(rows: n, columns: d, seed: 100 + UInt64(index))
            let neighbours = Self.sortedNeighbourDistances(x)
            nearestToFarthest.append(Self.mean(neighbours.map { $0.first! / $0.last! }))
            firstToTenth.append(Self.mean(neighbours.map { $0[0] / $0[9] }))
            // The typical distance is √(d/6): E‖x − y‖² = d E(U − V)² = d/6. The mean over the pairs of one data
            // set is a U-statistic with variance ≈ 4 Var(E[D² | x]) / n = 4 (d/180) / n: 0.063/√d relative for
            // n = 200; the test allows four of those.
            let meanSquared = Self.mean(neighbours.map { row in Self.mean(row.map { $0 * $0 }) })
            assertClose(meanSquared, Double(d) / 6, relativeTolerance: 4 * 6 * (4.0 / 180 / Double(d * n)).squareRoot())
        }
        #expect(zip(nearestToFarthest, nearestToFarthest.dropFirst()).allSatisfy { $1 > $0 }, "\(nearestToFarthest)")
        #expect(zip(firstToTenth, firstToTenth.dropFirst()).allSatisfy { $1 > $0 }, "\(firstToTenth)")
        #expect(nearestToFarthest[0] < 0.1)
        // In 1000 dimensions the nearest of 199 points is over 90% as far as the farthest. A normal approximation
        // predicts the ratio: given a point, D ≈ N(√(d/6), σ²) with σ² = (d/30)/(4 · d/6) (delta method on D²,
        // whose conditional variance averages to d (1/15 − 1/36 − 1/180) = d/30), and the extremes of 199 draws
        // sit about 2.75σ from the centre (the expected maximum of 199 standard normals).
        let d = 1000.0
        let centre = (d / 6).squareRoot(), sigma = ((d / 30) / (4 * d / 6)).squareRoot()
        let predicted = (centre - 2.75 * sigma) / (centre + 2.75 * sigma)
        assertClose(nearestToFarthest[3], predicted, relativeTolerance: 0.02)
        // The nearest and the tenth-nearest neighbour are within 3% of each other: "nearest" means little.
        #expect(firstToTenth[3] > 0.97)
    }

    @Test func pcaOfIsotropicNoiseSpreadsVarianceWithinMarchenkoPasturEdges() throws {
        let (n, d) = (2000, 50)
        let x = Matrix.randomNormal(rows: n, columns: d, seed: 77)
        let centred = x.centeringColumns().centered
        let m = Double(n - 1)
        let covariance = centred.columnGram() / m
        let eigenvalues = try covariance.symmetricEigen(.all, computeVectors: false).eigenvalues
        // The same spectrum from the SVD of the centred data: λⱼ = σⱼ² / (n − 1).
        assertClose(try centred.singularValues().map { $0 * $0 / m }, eigenvalues, relativeTolerance: 1e-10)

        let total = eigenvalues.reduce(0, +)
        let ratios = eigenvalues.map { $0 / total }
        // Marchenko–Pastur: with γ = d/n the spectrum fills [(1 − √γ)², (1 + √γ)²], so each explained-variance
        // ratio lies in (1 ± √γ)²/d. The extreme eigenvalues fluctuate about the edges on the Tracy–Widom scales
        // σ± = (√m ± √d)(1/√d ± 1/√m)^(1/3) / m (Johnstone 2001; TW₁ has mean −1.21 and standard deviation 1.27);
        // the edges here are widened by 4σ₊.
        let gamma = Double(d) / Double(n)
        let lowerEdge = pow(1 - gamma.squareRoot(), 2), upperEdge = pow(1 + gamma.squareRoot(), 2)
        let (rootM, rootD) = (m.squareRoot(), Double(d).squareRoot())
        let sigmaUpper = (rootM + rootD) * pow(1 / rootD + 1 / rootM, 1.0 / 3) / m
        let sigmaLower = (rootM - rootD) * pow(1 / rootD - 1 / rootM, 1.0 / 3) / m
        for (j, ratio) in ratios.enumerated() {
            #expect(ratio >= (lowerEdge - 4 * sigmaUpper) / Double(d) && ratio <= (upperEdge + 4 * sigmaUpper) / Double(d),
                    "component \(j): ratio \(ratio) outside the MP edges \(lowerEdge / Double(d))…\(upperEdge / Double(d))")
        }
        // The spread is the MP spread, not sampling slack: the extremes sit where Tracy–Widom puts them, within
        // four of its standard deviations …
        let largest = eigenvalues.first!, smallest = eigenvalues.last!
        #expect(abs(largest - (upperEdge - 1.21 * sigmaUpper)) <= 4 * 1.27 * sigmaUpper, "λ_max = \(largest), edge \(upperEdge)")
        #expect(abs(smallest - (lowerEdge + 1.21 * sigmaLower)) <= 4 * 1.27 * sigmaLower, "λ_min = \(smallest), edge \(lowerEdge)")
        // … the mean eigenvalue is the noise variance 1 (standard error √(2/(m d))) …
        assertClose(total / Double(d), 1, relativeTolerance: 4 * (2 / (m * Double(d))).squareRoot())
        // … and the eigenvalues' variance is MP's γ; for a Wishart matrix its expectation is (d + 1)/m − 2/(m d),
        // and at this size it varies by about 4% from seed to seed (16% is four of those).
        let meanEigenvalue = total / Double(d)
        let spread = eigenvalues.map { ($0 - meanEigenvalue) * ($0 - meanEigenvalue) }.reduce(0, +) / Double(d)
        assertClose(spread, Double(d + 1) / m - 2 / (m * Double(d)), relativeTolerance: 0.16)
        // No direction stands out: the first component explains barely more than 1/d of the variance.
        #expect(ratios[0] < 1.5 / Double(d))
    }
}
