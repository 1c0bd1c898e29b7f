import LinearAlgebra

/// What a network is trained to predict, one entry per sample.
public enum Targets<Scalar: TensorScalar> {
    /// Class indices `0..<C` (classification with `crossEntropy`).
    case classes([Int])
    /// Real-valued targets `[n, …]` (regression, or probabilities for binary cross-entropy).
    case values(Tensor<Scalar>)

    /// The number of samples.
    public var count: Int {
        switch self {
        case .classes(let c): return c.count
        case .values(let t): return t.shape.first ?? 0
        }
    }

    /// The targets of the samples at `indices`.
    public func subset(_ indices: [Int]) -> Targets {
        switch self {
        case .classes(let c): return .classes(indices.map { c[$0] })
        case .values(let t): return .values(t.rows(indices))
        }
    }
}

/// Inputs `[n, …]` with their targets (n samples), as PyTorch's `TensorDataset`.
public struct TensorDataset<Scalar: TensorScalar> {
    /// `[n, …]`.
    public let inputs: Tensor<Scalar>
    /// One target per sample.
    public let targets: Targets<Scalar>

    /// A data set of matching inputs and targets.
    /// - Throws: `NeuralNetworkError.shapeMismatch` when the sample counts differ or the inputs have rank 0.
    public init(inputs: Tensor<Scalar>, targets: Targets<Scalar>) throws {
        guard inputs.rank >= 1 else {
            throw NeuralNetworkError.shapeMismatch("TensorDataset: inputs of shape \(inputs.shape) need a sample axis first")
        }
        guard inputs.shape[0] == targets.count else {
            throw NeuralNetworkError.shapeMismatch("TensorDataset: \(inputs.shape[0]) input rows but \(targets.count) targets; pass one target per sample")
        }
        self.inputs = inputs
        self.targets = targets
    }

    /// A classification data set from a feature matrix (n × d, one sample per row) and class indices.
    /// - Throws: `NeuralNetworkError.shapeMismatch` when the counts differ.
    public init(features: Matrix, classes: [Int]) throws {
        let inputs = try Tensor<Scalar>(shape: [features.rows, features.columns], scalars: features.elements.map { Scalar($0) })
        try self.init(inputs: inputs, targets: .classes(classes))
    }

    /// The number of samples.
    public var count: Int { inputs.shape[0] }

    /// The samples at `indices` (a split or a fold).
    public func subset(_ indices: [Int]) -> TensorDataset {
        try! TensorDataset(inputs: inputs.rows(indices), targets: targets.subset(indices))
    }
}

extension Targets {
    /// The targets as a tensor shaped like `outputs` when the counts agree (class indices as numbers).
    func asColumn(like outputs: Variable<Scalar>) -> Tensor<Scalar> {
        let tensor: Tensor<Scalar>
        switch self {
        case .classes(let c): tensor = Tensor(c.map { Scalar(Double($0)) })
        case .values(let t): tensor = t
        }
        return (try? tensor.reshaped(to: outputs.shape)) ?? tensor
    }
}
