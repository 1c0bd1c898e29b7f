/// A loss function for the training loop: model outputs and a batch's targets to a one-scalar loss (mean over the
/// batch).
public struct Loss<Scalar: TensorScalar> {
    /// A short name (for messages).
    public let name: String
    /// The loss of `outputs` against `targets`.
    public let compute: (_ outputs: Variable<Scalar>, _ targets: Targets<Scalar>, _ context: ForwardContext<Scalar>) -> Variable<Scalar>

    /// A loss from a closure.
    public init(name: String, compute: @escaping (Variable<Scalar>, Targets<Scalar>, ForwardContext<Scalar>) -> Variable<Scalar>) {
        self.name = name
        self.compute = compute
    }

    /// `crossEntropy(logits:classes:)` for `.classes` targets; against target distributions for `.values`.
    public static var crossEntropy: Loss {
        Loss(name: "cross-entropy") { outputs, targets, context in
            switch targets {
            case .classes(let c): return NeuralNetworks.crossEntropy(logits: outputs, classes: c)
            case .values(let t): return NeuralNetworks.crossEntropy(logits: outputs, probabilities: context.constant(t))
            }
        }
    }

    /// `meanSquaredError` against `.values` targets (`.classes` are used as numbers in a column).
    public static var meanSquaredError: Loss {
        Loss(name: "mean squared error") { outputs, targets, context in
            NeuralNetworks.meanSquaredError(predictions: outputs, targets: context.constant(targets.asColumn(like: outputs)))
        }
    }

    /// `binaryCrossEntropy(logits:targets:)` against 0/1 (or probability) targets.
    public static var binaryCrossEntropyWithLogits: Loss {
        Loss(name: "binary cross-entropy") { outputs, targets, context in
            NeuralNetworks.binaryCrossEntropy(logits: outputs, targets: context.constant(targets.asColumn(like: outputs)))
        }
    }
}
