import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("Seeded generators")
struct GeneratorTests {
    @Test func sameSeedSameBitsOtherSeedOtherBits() throws {
        #expect(try Dataset.moons(samples: 50, noise: 0.1, seed: 7) == Dataset.moons(samples: 50, noise: 0.1, seed: 7))
        #expect(try Dataset.moons(samples: 50, noise: 0.1, seed: 7) != Dataset.moons(samples: 50, noise: 0.1, seed: 8))
        #expect(try Dataset.blobs(samples: 30, seed: 1) == Dataset.blobs(samples: 30, seed: 1))
        #expect(try Dataset.uniformBall(samples: 10, dimension: 4, seed: 2) == Dataset.uniformBall(samples: 10, dimension: 4, seed: 2))
        #expect(try Dataset.imbalancedClassification(seed: 3) == Dataset.imbalancedClassification(seed: 3))
    }

    @Test func moonsLieOnTheirHalfCircles() throws {
        let moons = try Dataset.moons(samples: 101, seed: 1)
        #expect(moons.classCounts == [50, 51])
        for i in 0..<moons.count {
            let x = moons.features[i, 0], y = moons.features[i, 1]
            if moons.targets![i] == 0 {
                assertClose(x * x + y * y, 1, relativeTolerance: 1e-12)
                #expect(y >= -1e-12)
            } else {
                assertClose((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5), 1, relativeTolerance: 1e-12)
                #expect(y <= 0.5 + 1e-12)
            }
        }
        // Noise has the requested standard deviation: for small σ the radial residual r − 1 of the outer moon
        // is the noise's radial component, N(0, σ²).
        let noisy = try Dataset.moons(samples: 4000, noise: 0.02, seed: 2)
        let residuals = (0..<noisy.count).filter { noisy.targets![$0] == 0 }.map { i -> Double in
            (noisy.features[i, 0] * noisy.features[i, 0] + noisy.features[i, 1] * noisy.features[i, 1]).squareRoot() - 1
        }
        let sd = (residuals.map { $0 * $0 }.reduce(0, +) / Double(residuals.count)).squareRoot()
        #expect(abs(sd - 0.02) < 0.0015)
    }

    @Test func circlesHaveRadiiOneAndFactor() throws {
        let circles = try Dataset.circles(samples: 60, factor: 0.3, seed: 4)
        #expect(circles.classCounts == [30, 30])
        for i in 0..<circles.count {
            let r = (circles.features[i, 0] * circles.features[i, 0] + circles.features[i, 1] * circles.features[i, 1]).squareRoot()
            assertClose(r, circles.targets![i] == 0 ? 1 : 0.3, relativeTolerance: 1e-12)
        }
        #expect(throws: DatasetError.invalidParameter(generator: "circles", name: "factor", value: "1.0", requirement: "in [0, 1)")) {
            try Dataset.circles(factor: 1)
        }
    }

    @Test func blobsClusterAroundTheirCentres() throws {
        let centres = try Matrix(rows: [[0, 0], [10, 0], [0, 10]])
        let blobs = try Dataset.blobs(samples: 3001, centers: centres, clusterStandardDeviation: 0.5, seed: 5)
        #expect(blobs.classCounts == [1001, 1000, 1000])
        for k in 0..<3 {
            let members = (0..<blobs.count).filter { blobs.targets![$0] == k }
            for j in 0..<2 {
                let mean = members.map { blobs.features[$0, j] }.reduce(0, +) / Double(members.count)
                // The sample mean is within 5 standard errors (σ/√n ≈ 0.016) of the centre.
                #expect(abs(mean - centres[k, j]) < 5 * 0.5 / Double(members.count).squareRoot())
            }
        }
        let random = try Dataset.blobs(samples: 90, features: 5, centers: 4, seed: 6)
        #expect(random.features.columns == 5 && random.classNames.count == 4 && random.classCounts == [23, 23, 22, 22])
        #expect(throws: DatasetError.self) { try Dataset.blobs(samples: 0) }
    }

    @Test func xorLabelsFollowTheQuadrants() throws {
        let xor = try Dataset.xor(samples: 500, seed: 8)
        for i in 0..<xor.count {
            let x = xor.features[i, 0], y = xor.features[i, 1]
            #expect(abs(x) <= 1 && abs(y) <= 1)
            #expect(xor.targets![i] == ((x > 0) != (y > 0) ? 1 : 0))
        }
        #expect(abs(xor.classCounts[1] - 250) < 4 * 11)
    }

    @Test func spheresBallsCubesAndGaussiansHaveTheirMoments() throws {
        let n = 4000, d = 5
        let sphere = try Dataset.uniformSphere(samples: n, dimension: d, seed: 9)
        let norms = (0..<n).map { i in sphere.features.row(i).map { $0 * $0 }.reduce(0, +).squareRoot() }
        assertClose(norms, [Double](repeating: 1, count: n), relativeTolerance: 1e-12)
        // E[x_j²] = 1/d on the sphere.
        let secondMoment = sphere.features.elements.map { $0 * $0 }.reduce(0, +) / Double(n * d)
        #expect(abs(secondMoment - 1 / Double(d)) < 0.01)
        // In the ball, P(‖x‖ ≤ r) = r^d: half the volume lies outside radius 0.5^(1/d).
        let ball = try Dataset.uniformBall(samples: n, dimension: d, radius: 2, seed: 10)
        let radii = (0..<n).map { i in ball.features.row(i).map { $0 * $0 }.reduce(0, +).squareRoot() }
        #expect(radii.allSatisfy { $0 <= 2 })
        let inside = Double(radii.filter { $0 <= 2 * pow(0.5, 1 / Double(d)) }.count) / Double(n)
        #expect(abs(inside - 0.5) < 4 * (0.25 / Double(n)).squareRoot())
        // The cube: mean 1/2, variance 1/12.
        let cube = try Dataset.uniformHypercube(samples: n, dimension: d, seed: 11).features.elements
        #expect(cube.allSatisfy { $0 >= 0 && $0 < 1 })
        let cubeMean = cube.reduce(0, +) / Double(cube.count)
        #expect(abs(cubeMean - 0.5) < 0.01)
        let cubeVariance: Double = cube.map { ($0 - cubeMean) * ($0 - cubeMean) }.reduce(0, +) / Double(cube.count)
        #expect(abs(cubeVariance - 1.0 / 12) < 0.003)
        // The Gaussian: mean 0, variance 1.
        let gaussian = try Dataset.standardGaussian(samples: n, dimension: d, seed: 12).features.elements
        let gaussianMean: Double = gaussian.reduce(0, +) / Double(gaussian.count)
        let gaussianVariance: Double = gaussian.map { $0 * $0 }.reduce(0, +) / Double(gaussian.count)
        #expect(abs(gaussianMean) < 0.03)
        #expect(abs(gaussianVariance - 1) < 0.04)
        #expect(sphere.targets == nil && sphere.labels == nil)
    }

    @Test func imbalancedClassificationHasTheRequestedProportions() throws {
        let set = try Dataset.imbalancedClassification(samples: 1003, features: 4, informative: 2, classes: 3,
                                                       weights: [0.7, 0.2, 0.1], classSeparation: 3, seed: 13)
        // ⌊0.7·1003⌋ = 702, ⌊0.2·1003⌋ = 200, ⌊0.1·1003⌋ = 100; the one left over goes to class 0.
        #expect(set.classCounts == [703, 200, 100])
        // Class means sit at the hypercube vertices (±3 from the bits of the class), noise features at 0.
        for c in 0..<3 {
            let members = (0..<set.count).filter { set.targets![$0] == c }
            for j in 0..<4 {
                let mean = members.map { set.features[$0, j] }.reduce(0, +) / Double(members.count)
                let vertex = j < 2 ? ((c >> j) & 1 == 1 ? 3.0 : -3.0) : 0
                #expect(abs(mean - vertex) < 5 / Double(members.count).squareRoot())
            }
        }
        #expect(throws: DatasetError.self) { try Dataset.imbalancedClassification(classes: 3, weights: [0.5, 0.5]) }
        #expect(throws: DatasetError.self) { try Dataset.imbalancedClassification(features: 1, classes: 3, weights: [1, 1, 1]) }
    }
}
