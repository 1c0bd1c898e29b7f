/// One forward pass of a model: the graph it records on, its mode, and the parameters it read, so that
/// `backward(from:)` can fill each parameter's `gradient`.
///
///     let context = ForwardContext<Float>(graph: graph, mode: .training)
///     let logits = model(context.constant(batch), in: context)
///     let loss = crossEntropy(logits: logits, classes: labels)
///     let value = try context.backward(from: loss)     // fills parameter.gradient, clears the graph
///     optimizer.step()
///
/// A context is used for one pass; reuse its graph (`ForwardContext(graph:mode:)`) to keep memory across steps.
public final class ForwardContext<Scalar: TensorScalar> {
    /// The graph the pass records on.
    public let graph: Graph<Scalar>
    /// Training or evaluation.
    public let mode: Mode
    private var bound: [Parameter<Scalar>] = []
    private var variables: [Variable<Scalar>] = []
    private var positions: [ObjectIdentifier: Int] = [:]

    /// A pass on `graph` in `mode`; the graph is reset first unless `resetting` is false (to embed a model in a
    /// program already recorded on the graph, e.g. inside `checkGradients`).
    public init(graph: Graph<Scalar> = Graph(), mode: Mode, resetting: Bool = true) {
        if resetting { graph.reset() }
        self.graph = graph
        self.mode = mode
    }

    /// Whether the pass is in training mode.
    public var isTraining: Bool { mode == .training }

    /// The graph variable for `parameter` (one leaf per parameter per pass, however often it is read).
    /// Non-trainable parameters and evaluation passes give constants.
    public func variable(_ parameter: Parameter<Scalar>) -> Variable<Scalar> {
        let key = ObjectIdentifier(parameter)
        if let position = positions[key] { return variables[position] }
        guard parameter.isTrainable && mode == .training else { return graph.constant(parameter.value) }
        let variable = graph.variable(parameter.value)
        positions[key] = variables.count
        bound.append(parameter)
        variables.append(variable)
        return variable
    }

    /// A constant (inputs, targets, masks).
    public func constant(_ tensor: Tensor<Scalar>) -> Variable<Scalar> { graph.constant(tensor) }

    /// Reverse mode from the one-scalar `loss`: overwrites the `gradient` of every trainable parameter read in this
    /// pass with `∂loss/∂parameter`, clears the graph (so optimisers can update the parameters in place without a
    /// copy) and returns the loss value. Read any other output (predictions for a metric) before calling it.
    /// - Throws: the graph's recorded error; `AutodiffError.invalidArgument` for a loss with more than one scalar.
    @discardableResult
    public func backward(from loss: Variable<Scalar>) throws -> Scalar {
        let value = try loss.scalarValue()
        try graph.withGradients(of: loss, withRespectTo: variables) { position, adjoint in
            let parameter = bound[position]
            if parameter.gradient.shape != parameter.value.shape { parameter.gradient = Tensor(zeros: parameter.value.shape) }
            parameter.gradient.withUnsafeMutableBufferPointer { destination in
                if let adjoint { destination.baseAddress!.update(from: adjoint.baseAddress!, count: adjoint.count) }
                else { destination.initialize(repeating: .zero) }
            }
        }
        bound.removeAll(keepingCapacity: true)
        variables.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        graph.reset()
        return value
    }
}
