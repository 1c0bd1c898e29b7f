import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Image augmentation's invariants: exact shifts and flips, the identity at angle 0, bilinear interpolation exact
// on linear images, the stated noise level, reproducible draws, and the trainer applying it per batch.
@Suite struct ImageAugmentationTests {
    static func images(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: shape) { _ in generator.nextUniform() + 0.5 }
    }

    @Test func flipTwiceIsTheIdentityAndMirrorsColumns() throws {
        let x = Self.images([2, 3, 5, 6], seed: 1)
        let flip = ImageAugmentation.Transform(flip: true)
        let once = try ImageAugmentation.apply(flip, to: x)
        for n in 0..<2 { for c in 0..<3 { for y in 0..<5 { for col in 0..<6 { #expect(once[n, c, y, col] == x[n, c, y, 5 - col]) } } } }
        #expect(try ImageAugmentation.apply(flip, to: once) == x)
    }

    @Test func shiftMovesEveryPixelExactlyAndZeroFills() throws {
        let x = Self.images([1, 2, 7, 8], seed: 2)
        for (dx, dy) in [(2, -1), (-3, 3), (0, 1), (8, 0)] {
            let shifted = try ImageAugmentation.apply(.init(dx: dx, dy: dy), to: x)
            for c in 0..<2 { for y in 0..<7 { for col in 0..<8 {
                let (sy, sx) = (y - dy, col - dx)
                let expected = (0..<7).contains(sy) && (0..<8).contains(sx) ? x[0, c, sy, sx] : 0
                #expect(shifted[0, c, y, col] == expected, "shift (\(dx), \(dy)) at (\(col), \(y))")
            } } }
        }
    }

    @Test func rotationByZeroIsTheIdentityAndQuarterTurnPermutes() throws {
        let x = Self.images([2, 1, 6, 6], seed: 3)
        #expect(try ImageAugmentation.apply(.init(rotation: 0), to: x) == x)
        // θ = π/2 about the centre c = 2.5: out(x, y) = in(c + (y − c), c − (x − c)) = in[row 5 − x, column y].
        let turned = try ImageAugmentation.apply(.init(rotation: Double.pi / 2), to: x)
        for n in 0..<2 { for y in 0..<6 { for col in 0..<6 {
            assertClose(turned[n, 0, y, col], x[n, 0, 5 - col, y], relativeTolerance: 1e-12)
        } } }
    }

    @Test func bilinearRotationIsExactOnLinearImages() throws {
        // f(x, y) = 0.3 x − 0.2 y + 1: bilinear interpolation reproduces an affine image exactly wherever all four
        // neighbours are inside, so out(p) = f(c + R(−θ)(p − c)).
        let (h, w) = (9, 9)
        let image = Tensor<Double>(shape: [1, 1, h, w]) { i in 0.3 * Double(i % w) - 0.2 * Double(i / w) + 1 }
        let theta = 0.2, c = 4.0
        let rotated = try ImageAugmentation.apply(.init(rotation: theta), to: image)
        var checked = 0
        for y in 0..<h { for x in 0..<w {
            let rx = c + cos(theta) * (Double(x) - c) + sin(theta) * (Double(y) - c)
            let ry = c - sin(theta) * (Double(x) - c) + cos(theta) * (Double(y) - c)
            guard rx >= 0, rx <= Double(w - 1), ry >= 0, ry <= Double(h - 1) else { continue }
            assertClose(rotated[0, 0, y, x], 0.3 * rx - 0.2 * ry + 1, relativeTolerance: 1e-12)
            checked += 1
        } }
        #expect(checked > 50)
    }

    @Test func noiseHasTheStatedStandardDeviation() throws {
        // 200 · 784 = 156 800 draws: the sample standard deviation is within 1 % (≈ 3.5 standard errors).
        var batch = Tensor<Double>(zeros: [200, 1, 28, 28])
        try ImageAugmentation(noiseStandardDeviation: 0.3, seed: 4).augment(&batch, step: 0)
        let values = batch.scalars
        let mean = values.reduce(0, +) / Double(values.count)
        let std = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        assertClose(std, 0.3, relativeTolerance: 0.01)
        assertClose(mean, 0, absoluteTolerance: 0.005)
    }

    @Test func drawsAreSeededPerStepAndStayInRange() throws {
        let x = Self.images([64, 1, 8, 8], seed: 5)
        let augmentation = try ImageAugmentation(maximumShift: 2, horizontalFlipProbability: 0.5, maximumRotation: 0.1, seed: 7)
        var a = x, b = x, c = x
        try augmentation.augment(&a, step: 3)
        try augmentation.augment(&b, step: 3)
        try augmentation.augment(&c, step: 4)
        #expect(a == b)
        #expect(a != c)
        // Shifts only: each image equals one of the 25 shifted copies of itself.
        var shiftedOnly = x
        try ImageAugmentation(maximumShift: 2, seed: 8).augment(&shiftedOnly, step: 0)
        var seen = Set<[Int]>()
        for n in 0..<64 {
            let image = x.rows([n]), out = shiftedOnly.rows([n])
            let match = (-2...2).flatMap { dx in (-2...2).map { [dx, $0] } }.first { s in
                (try? ImageAugmentation.apply(.init(dx: s[0], dy: s[1]), to: image)) == out
            }
            #expect(match != nil, "image \(n) is not a shift by at most 2")
            if let match { seen.insert(match) }
        }
        #expect(seen.count > 10)       // 64 images spread over the 25 shifts
    }

    @Test func invalidSettingsAndShapesAreRejected() throws {
        #expect(throws: NeuralNetworkError.invalidArgument("ImageAugmentation: maximumShift = -1 must be ≥ 0")) {
            try ImageAugmentation(maximumShift: -1)
        }
        #expect(throws: NeuralNetworkError.invalidArgument("ImageAugmentation: horizontalFlipProbability = 1.5 must be in [0, 1]")) {
            try ImageAugmentation(horizontalFlipProbability: 1.5)
        }
        #expect(throws: NeuralNetworkError.invalidArgument("ImageAugmentation: noiseStandardDeviation = -0.1 must be finite and ≥ 0")) {
            try ImageAugmentation(noiseStandardDeviation: -0.1)
        }
        var flat = Tensor<Double>(zeros: [4, 64])
        #expect(throws: NeuralNetworkError.shapeMismatch("ImageAugmentation: batch shape [4, 64] must be [N, C, H, W]; reshape flat images first")) {
            try ImageAugmentation(maximumShift: 1).augment(&flat, step: 0)
        }
    }

    @Test func trainerAugmentsTrainingBatchesOnly() throws {
        // A linear model on 4 × 4 images whose loss depends on where the ink is: with shifts the training loss
        // changes, evaluation does not (it sees the data as it is).
        let x = Self.images([16, 1, 4, 4], seed: 9)
        let data = try TensorDataset(inputs: x, targets: .classes((0..<16).map { $0 % 2 }))
        func run(_ augmentation: ImageAugmentation?) throws -> (History, Double) {
            let model = Sequential<Double>([Flatten(), Dense(16, 2, seed: 1)])
            let trainer = Trainer(model: model, optimizer: try SGD(parameters: model.parameters, learningRate: 0.1), loss: .crossEntropy)
            trainer.augmentation = augmentation
            let history = try trainer.fit(data, epochs: 2, batchSize: 8, shuffle: false)
            return (history, try trainer.evaluate(data).loss)
        }
        let (plain, _) = try run(nil)
        let (augmented, _) = try run(try ImageAugmentation(maximumShift: 1, seed: 2))
        #expect(plain.series("loss") != augmented.series("loss"))
        let flat = try TensorDataset(inputs: try x.reshaped(to: [16, 16]), targets: data.targets)
        let dense = Dense<Double>(16, 2, seed: 1)
        let trainer = Trainer(model: dense, optimizer: try SGD(parameters: dense.parameters, learningRate: 0.1), loss: .crossEntropy)
        trainer.augmentation = try ImageAugmentation(maximumShift: 1)
        #expect(throws: NeuralNetworkError.shapeMismatch("ImageAugmentation: batch shape [8, 16] must be [N, C, H, W]; reshape flat images first")) {
            try trainer.fit(flat, epochs: 1, batchSize: 8)
        }
    }
}
