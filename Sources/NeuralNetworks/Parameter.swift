/// A named tensor a layer owns: a learnable weight (updated by an optimiser from `gradient`) or a
/// non-trainable buffer such as BatchNorm's running statistics (saved and loaded, never optimised).
///
/// `gradient` has the value's shape. A training step (`ForwardContext.backward(from:)`) overwrites the gradient of
/// every parameter the forward pass read with `∂loss/∂value` for this step only (zeros where the loss does not depend
/// on it); nothing accumulates between steps. A parameter the pass did not read keeps its previous gradient (set
/// it to zeros, or leave it out of the optimiser, if a model skips parameters between steps).
public final class Parameter<Scalar: TensorScalar> {
    /// The current value.
    public var value: Tensor<Scalar>
    /// The gradient of the last backward pass (zeros before the first).
    public var gradient: Tensor<Scalar>
    /// Whether optimisers update it (false for buffers such as running statistics).
    public let isTrainable: Bool

    /// A parameter holding `value`, with a zero gradient.
    public init(_ value: Tensor<Scalar>, isTrainable: Bool = true) {
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
        self.isTrainable = isTrainable
    }

    /// The number of scalars.
    public var scalarCount: Int { value.scalarCount }
    /// The shape.
    public var shape: [Int] { value.shape }
}

extension Parameter {
    /// Moves a running statistic towards a batch's value, entry by entry and outside the graph:
    ///
    ///     running ← (1 − momentum) · running + momentum · correction · batch
    ///
    /// (`correction` = m/(m − 1) turns a biased batch variance into the unbiased one). The batch-normalisation
    /// layers keep their running mean and variance this way. A failed graph leaves the statistic unchanged.
    func updateRunningAverage(with batch: Variable<Scalar>, momentum: Double, correction: Double = 1) {
        let weight = Scalar(momentum * correction), keep = Scalar(1 - momentum)
        try? batch.withUnsafeScalars { values in
            value.withUnsafeMutableBufferPointer { running in
                for j in running.indices { running[j] = keep * running[j] + weight * values[j] }
            }
        }
    }
}
