import LinearAlgebra

/// Inverted dropout (Srivastava et al. 2014): in training each unit is kept with probability `1 − p` and scaled by
/// `1/(1 − p)`, so the expected output equals the input; in evaluation it is the identity.
///
///     training:   y = x ⊙ m / (1 − p),  mᵢ ~ Bernoulli(1 − p)        evaluation:  y = x
///
/// The masks come from the layer's own seeded generator (the same seed gives the same masks). `p = 1` drops
/// everything (output zero).
public final class Dropout<Scalar: TensorScalar>: Layer {
    /// The drop probability `p`.
    public let probability: Double
    private var generator: SeededGenerator

    /// A layer dropping units with probability `probability` (PyTorch's default 0.5).
    /// - Throws: `NeuralNetworkError.invalidArgument` unless `0 ≤ probability ≤ 1`.
    public init(probability: Double = 0.5, seed: UInt64) throws {
        guard probability >= 0 && probability <= 1 else {
            throw NeuralNetworkError.invalidArgument("Dropout: probability \(probability) must lie in [0, 1]")
        }
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        guard context.isTraining && probability > 0 else { return input }
        let keep = probability < 1 ? Scalar(1 / (1 - probability)) : .zero
        var mask = Tensor<Scalar>(zeros: input.shape)
        mask.withUnsafeMutableBufferPointer { m in
            for i in m.indices { m[i] = generator.nextUniform() >= probability ? keep : .zero }
        }
        return input * context.constant(mask)
    }
}
