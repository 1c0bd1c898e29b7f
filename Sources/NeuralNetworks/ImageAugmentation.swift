import Foundation
import LinearAlgebra

/// Random, label-preserving transformations of `[N, C, H, W]` image batches, drawn afresh for every image of every
/// mini-batch (set `Trainer.augmentation`): the network sees a slightly different picture of each sample in each
/// epoch, which teaches it the invariances (a digit moved by a pixel is the same digit) instead of memorising
/// positions.
///
/// Each image gets its own draw of
///
///     shift (dx, dy)   integers, uniform in [−maximumShift, maximumShift]²
///     flip             with probability horizontalFlipProbability (mirror x ↦ W − 1 − x)
///     rotation θ       uniform in [−maximumRotation, maximumRotation] (radians), about the centre ((W−1)/2, (H−1)/2)
///     noise            N(0, noiseStandardDeviation²) added to every pixel afterwards
///
/// and the output pixel p = (x, y) takes the input at T⁻¹(p), read by bilinear interpolation with zeros outside
/// the image (`Transform`): q = p − (dx, dy); q.x ← W − 1 − q.x when flipped; r = c + R(−θ)(q − c). A shift by
/// (dx, dy) with no rotation moves every pixel exactly (out[y + dy, x + dx] = in[y, x]); it is PyTorch's
/// `RandomCrop(size, padding: maximumShift)` on zero padding. The same channel transform applies to all channels
/// of an image. Draws come from a generator seeded by `(seed, step)`, so a run is reproducible.
///
/// Flips suit images whose class survives mirroring (natural images), not digits (a mirrored 2 is no 2).
/// - Complexity: O(N·C·H·W) per batch, no allocation per pixel.
public struct ImageAugmentation: Sendable, Equatable {
    /// One image's geometric transformation (see the type's doc for the mapping).
    public struct Transform: Sendable, Equatable {
        /// Shift to the right, in pixels.
        public var dx: Int
        /// Shift downwards, in pixels.
        public var dy: Int
        /// Whether the image is mirrored left–right.
        public var flip: Bool
        /// The rotation in radians about the image centre: positive θ turns the x axis towards +y (clockwise as
        /// displayed, with y pointing down).
        public var rotation: Double

        /// A transformation; the identity by default.
        public init(dx: Int = 0, dy: Int = 0, flip: Bool = false, rotation: Double = 0) {
            self.dx = dx
            self.dy = dy
            self.flip = flip
            self.rotation = rotation
        }
    }

    /// The largest shift along each axis, in pixels.
    public let maximumShift: Int
    /// The probability of a left–right flip.
    public let horizontalFlipProbability: Double
    /// The largest rotation angle, in radians.
    public let maximumRotation: Double
    /// The standard deviation of the additive Gaussian noise.
    public let noiseStandardDeviation: Double
    /// The seed of the draws.
    public let seed: UInt64

    /// An augmentation; every part is off by default.
    /// - Throws: `NeuralNetworkError.invalidArgument` for a negative shift, angle or standard deviation, or a
    ///   probability outside [0, 1].
    public init(maximumShift: Int = 0, horizontalFlipProbability: Double = 0, maximumRotation: Double = 0,
                noiseStandardDeviation: Double = 0, seed: UInt64 = 0) throws {
        guard maximumShift >= 0 else {
            throw NeuralNetworkError.invalidArgument("ImageAugmentation: maximumShift = \(maximumShift) must be ≥ 0")
        }
        guard (0...1).contains(horizontalFlipProbability) else {
            throw NeuralNetworkError.invalidArgument("ImageAugmentation: horizontalFlipProbability = \(horizontalFlipProbability) must be in [0, 1]")
        }
        guard maximumRotation >= 0, maximumRotation.isFinite else {
            throw NeuralNetworkError.invalidArgument("ImageAugmentation: maximumRotation = \(maximumRotation) must be finite and ≥ 0 (radians)")
        }
        guard noiseStandardDeviation >= 0, noiseStandardDeviation.isFinite else {
            throw NeuralNetworkError.invalidArgument("ImageAugmentation: noiseStandardDeviation = \(noiseStandardDeviation) must be finite and ≥ 0")
        }
        self.maximumShift = maximumShift
        self.horizontalFlipProbability = horizontalFlipProbability
        self.maximumRotation = maximumRotation
        self.noiseStandardDeviation = noiseStandardDeviation
        self.seed = seed
    }

    /// Augments `batch` in place with draws for training step `step` (a generator seeded by `(seed, step)`).
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the batch is `[N, C, H, W]`.
    public func augment<Scalar: TensorScalar>(_ batch: inout Tensor<Scalar>, step: Int) throws {
        var generator = SeededGenerator(seed: seed &* 0xD1B5_4A32_D192_ED03 &+ UInt64(truncatingIfNeeded: step) &+ 1)
        try augment(&batch, generator: &generator)
    }

    /// Augments `batch` in place with draws from `generator`.
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the batch is `[N, C, H, W]`.
    public func augment<Scalar: TensorScalar>(_ batch: inout Tensor<Scalar>, generator: inout SeededGenerator) throws {
        try Self.checkShape(batch.shape)
        let (n, channels, height, width) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let imageSize = channels * height * width
        var scratch = [Scalar](repeating: .zero, count: imageSize)
        batch.withUnsafeMutableBufferPointer { pixels in
            scratch.withUnsafeMutableBufferPointer { copy in
                for image in 0..<n {
                    var transform = Transform()
                    if maximumShift > 0 {
                        transform.dx = Int(generator.next() % UInt64(2 * maximumShift + 1)) - maximumShift
                        transform.dy = Int(generator.next() % UInt64(2 * maximumShift + 1)) - maximumShift
                    }
                    if horizontalFlipProbability > 0 { transform.flip = generator.nextUniform() < horizontalFlipProbability }
                    if maximumRotation > 0 { transform.rotation = maximumRotation * (2 * generator.nextUniform() - 1) }
                    let start = pixels.baseAddress! + image * imageSize
                    if transform != Transform() {
                        copy.baseAddress!.update(from: start, count: imageSize)
                        Self.resample(UnsafePointer(copy.baseAddress!), into: start, channels: channels, height: height,
                                      width: width, transform)
                    }
                    if noiseStandardDeviation > 0 {
                        for i in 0..<imageSize { start[i] += Scalar(noiseStandardDeviation * generator.nextNormal()) }
                    }
                }
            }
        }
    }

    /// Every image of `batch` under the same `transform` (no noise): a deterministic building block.
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the batch is `[N, C, H, W]`.
    public static func apply<Scalar: TensorScalar>(_ transform: Transform, to batch: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try checkShape(batch.shape)
        let (n, channels, height, width) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        let imageSize = channels * height * width
        var result = Tensor<Scalar>(zeros: batch.shape)
        batch.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for image in 0..<n {
                    resample(source.baseAddress! + image * imageSize, into: target.baseAddress! + image * imageSize,
                             channels: channels, height: height, width: width, transform)
                }
            }
        }
        return result
    }

    private static func checkShape(_ shape: [Int]) throws {
        guard shape.count == 4 else {
            throw NeuralNetworkError.shapeMismatch("ImageAugmentation: batch shape \(shape) must be [N, C, H, W]; reshape flat images first")
        }
    }

    /// Writes the transformed `[C, H, W]` image `source` into `target` (bilinear, zero outside).
    static func resample<Scalar: TensorScalar>(_ source: UnsafePointer<Scalar>, into target: UnsafeMutablePointer<Scalar>,
                                               channels: Int, height: Int, width: Int, _ transform: Transform) {
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        let exact = transform.rotation == 0
        let c = Foundation.cos(transform.rotation), s = Foundation.sin(transform.rotation)
        let plane = height * width
        for y in 0..<height {
            for x in 0..<width {
                var qx = Double(x - transform.dx), qy = Double(y - transform.dy)
                if transform.flip { qx = Double(width - 1) - qx }
                // r = c + R(−θ)(q − c), R(−θ) = [[cos θ, sin θ], [−sin θ, cos θ]].
                let rx = exact ? qx : cx + c * (qx - cx) + s * (qy - cy)
                let ry = exact ? qy : cy - s * (qx - cx) + c * (qy - cy)
                let x0 = Int(rx.rounded(.down)), y0 = Int(ry.rounded(.down))
                let fx = rx - Double(x0), fy = ry - Double(y0)
                // The four neighbours' weights; a neighbour outside the image (or of weight 0) reads as 0.
                let w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy
                let inX0 = x0 >= 0 && x0 < width, inX1 = x0 + 1 >= 0 && x0 + 1 < width
                let inY0 = y0 >= 0 && y0 < height, inY1 = y0 + 1 >= 0 && y0 + 1 < height
                for channel in 0..<channels {
                    let base = source + channel * plane
                    var value = 0.0
                    if w00 != 0 && inX0 && inY0 { value += w00 * base[y0 * width + x0].doubleValue }
                    if w10 != 0 && inX1 && inY0 { value += w10 * base[y0 * width + x0 + 1].doubleValue }
                    if w01 != 0 && inX0 && inY1 { value += w01 * base[(y0 + 1) * width + x0].doubleValue }
                    if w11 != 0 && inX1 && inY1 { value += w11 * base[(y0 + 1) * width + x0 + 1].doubleValue }
                    target[channel * plane + y * width + x] = Scalar(value)
                }
            }
        }
    }
}
