/// Stochastic average gradient (SAG; Le Roux, Schmidt & Bach 2012): the gradient of each sample (or mini-batch) is
/// stored, and each step moves along the average of the stored gradients with a fixed step:
///
///     d ← d − y_i + g_i,   y_i ← g_i          (i = the sample of this step)
///     θ ← θ − (η / n) d                       (n = sampleCount)
///
/// Memory: `n` stored gradients per parameter. Call `step(sample:)` after the backward pass of sample `i`'s loss.
public final class SAG<Scalar: TensorScalar>: Optimizer<Scalar> {
    /// The number of samples (or mini-batches) `n`.
    public let sampleCount: Int
    /// The sample whose gradient the next `step()` uses.
    public var sample = 0
    private var stored: [UnsafeMutableBufferPointer<Scalar>] = []
    private var direction: [UnsafeMutableBufferPointer<Scalar>] = []

    /// SAG over `sampleCount` samples with fixed step `η`.
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `sampleCount > 0`.
    public init(parameters: [Parameter<Scalar>], learningRate: Double, sampleCount: Int,
                weightDecay: Double = 0, l1Penalty: Double = 0) throws {
        guard sampleCount > 0 else { throw NeuralNetworkError.invalidArgument("SAG: sampleCount = \(sampleCount) must be positive") }
        self.sampleCount = sampleCount
        super.init(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, l1Penalty: l1Penalty)
        direction = makeState()
        stored = self.parameters.map { parameter in
            let buffer = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: parameter.scalarCount * sampleCount)
            buffer.initialize(repeating: .zero)
            return buffer
        }
    }

    deinit { (stored + direction).forEach { $0.deallocate() } }

    /// One step with the current gradient as sample `sample`'s.
    /// - Precondition: `0 ≤ sample < sampleCount` (a programming error).
    public func step(sample: Int) {
        precondition(sample >= 0 && sample < sampleCount, "SAG: sample \(sample) is out of 0..<\(sampleCount)")
        self.sample = sample
        step()
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    override public func update(parameter index: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                count: Int) {
        let y = stored[index].baseAddress! + sample * count, d = direction[index].baseAddress!
        let scale = Scalar(learningRate / Double(sampleCount))
        for i in 0..<count {
            let g = penalized(gradient[i], theta[i])
            d[i] += g - y[i]
            y[i] = g
        }
        for i in 0..<count { theta[i] -= scale * d[i] }
    }
}
