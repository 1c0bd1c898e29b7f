import LinearAlgebra

/// Seeded mini-batches of sample indices for one epoch after another (PyTorch's `DataLoader` index sampling).
///
/// Each epoch is a fresh permutation of `0..<sampleCount` (Fisher–Yates with a generator seeded by
/// `(seed, epoch)`, so the same seed and epoch give the same batches), cut into batches of `batchSize`; the last
/// batch is shorter unless `dropLast`.
public struct MiniBatches: Sendable {
    /// The number of samples.
    public let sampleCount: Int
    /// Samples per batch.
    public let batchSize: Int
    /// Whether each epoch is shuffled.
    public let shuffle: Bool
    /// Whether a short last batch is dropped.
    public let dropLast: Bool
    /// The seed of the shuffles.
    public let seed: UInt64

    /// Batches of `batchSize` of `sampleCount` samples.
    /// - Throws: `NeuralNetworkError.invalidArgument` for a non-positive batch size or sample count.
    public init(sampleCount: Int, batchSize: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64 = 0) throws {
        guard sampleCount > 0 else { throw NeuralNetworkError.invalidArgument("MiniBatches: sampleCount = \(sampleCount) must be positive") }
        guard batchSize > 0 else { throw NeuralNetworkError.invalidArgument("MiniBatches: batchSize = \(batchSize) must be positive") }
        self.sampleCount = sampleCount
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
    }

    /// The number of batches per epoch.
    public var batchCount: Int { dropLast ? sampleCount / batchSize : (sampleCount + batchSize - 1) / batchSize }

    /// The batches of epoch `epoch` (0-based), as index arrays.
    public func batches(epoch: Int) -> [[Int]] {
        var order = Array(0..<sampleCount)
        if shuffle {
            var generator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) &+ 1)
            for i in stride(from: sampleCount - 1, to: 0, by: -1) {
                let j = Int(generator.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        return (0..<batchCount).map { b in Array(order[(b * batchSize)..<Swift.min((b + 1) * batchSize, sampleCount)]) }
    }
}

extension Tensor {
    /// The rows (entries along axis 0) at `indices`, as a new tensor of shape `[indices.count, …]`.
    /// - Precondition: rank ≥ 1 and every index in range (a programming error).
    public func rows(_ indices: [Int]) -> Tensor {
        var result = Tensor(zeros: [indices.count] + shape.dropFirst())
        gatherRows(indices, into: &result)
        return result
    }

    /// Copies the rows at `indices` into `destination` (reshaped if needed; its storage is reused when it is
    /// already large enough and uniquely held, so a training loop allocates no batch per step).
    public func gatherRows(_ indices: [Int], into destination: inout Tensor) {
        precondition(rank >= 1, "gatherRows: a rank-0 tensor has no rows")
        let rowShape = Array(shape.dropFirst())
        let width = rowShape.reduce(1, *)
        let targetShape = [indices.count] + rowShape
        if destination.shape != targetShape {
            destination = (try? destination.reshaped(to: targetShape)) ?? Tensor(zeros: targetShape)
        }
        withUnsafeBufferPointer { source in
            destination.withUnsafeMutableBufferPointer { target in
                for (r, index) in indices.enumerated() {
                    precondition(index >= 0 && index < shape[0], "gatherRows: row \(index) is out of 0..<\(shape[0])")
                    (target.baseAddress! + r * width).update(from: source.baseAddress! + index * width, count: width)
                }
            }
        }
    }
}
