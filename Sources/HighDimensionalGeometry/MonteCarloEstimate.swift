import Foundation
import LinearAlgebra

/// A Monte-Carlo estimate: the sample mean of `count` draws and its standard error.
///
///     mean = (1/m) Σ xᵢ,   standardError = s / √m,   s² = (1/(m − 1)) Σ (xᵢ − mean)²
///
/// The standard error assumes uncorrelated draws; each experiment documents why its draws are.
public struct MonteCarloEstimate: Sendable, Equatable, CustomStringConvertible {
    /// The sample mean.
    public let mean: Double
    /// The estimated standard deviation of `mean` (0 when `count < 2`).
    public let standardError: Double
    /// The number of draws.
    public let count: Int

    /// An estimate from its parts.
    public init(mean: Double, standardError: Double, count: Int) {
        self.mean = mean
        self.standardError = standardError
        self.count = count
    }

    /// The mean and standard error of `samples` (two-pass, so no cancellation in the variance).
    public init<Samples: Collection>(samples: Samples) where Samples.Element == Double {
        let m = samples.count
        let mean = m == 0 ? Double.nan : samples.reduce(0, +) / Double(m)
        var sumOfSquares = 0.0
        for x in samples { sumOfSquares += (x - mean) * (x - mean) }
        let standardError = m < 2 ? 0 : (sumOfSquares / Double(m - 1) / Double(m)).squareRoot()
        self.init(mean: mean, standardError: standardError, count: m)
    }

    /// How many standard errors the estimate lies from `expected`: `(mean − expected) / standardError`.
    public func zScore(against expected: Double) -> Double { (mean - expected) / standardError }

    /// `mean ± standardError`.
    public var description: String { String(format: "%.6g ± %.2g", mean, standardError) }
}

/// Random draws into raw buffers, shared by the experiments.
enum Sampling {
    /// Fills `buffer` with independent uniform draws from `[low, high)`.
    static func fillUniform(_ buffer: UnsafeMutableBufferPointer<Double>, low: Double = 0, high: Double = 1,
                            using generator: inout SeededGenerator) {
        let width = high - low
        for k in buffer.indices { buffer[k] = low + width * generator.nextUniform() }
    }

    /// Fills `buffer` with independent standard normal draws.
    static func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        for k in buffer.indices { buffer[k] = generator.nextNormal() }
    }

    /// The generator for task `index` of an experiment seeded with `seed`: independent streams whose bits do
    /// not depend on how the tasks are scheduled across threads.
    static func generator(seed: UInt64, task index: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &+ UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03)
    }

    /// Runs `body(index)` for `0..<count` on all cores with OpenBLAS single-threaded inside, and returns the
    /// results in index order.
    static func parallelMap<Element>(_ count: Int, _ body: (Int) throws -> Element) throws -> [Element] {
        var results = [Result<Element, Error>?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { slots in
            withoutActuallyEscaping(body) { body in
                // Task `index` writes only `slots[index]`; `body` reads its own seed and returns a fresh value.
                let shared = UncheckedSendable((slots, body))
                BLAS.withThreads(1) {
                    DispatchQueue.concurrentPerform(iterations: count) { index in
                        let (slots, body) = shared.value
                        slots[index] = Result { try body(index) }
                    }
                }
            }
        }
        return try results.map { try $0!.get() }
    }
}
