import Foundation

/// Whether a forward pass trains or evaluates: dropout drops units and batch normalisation uses (and updates)
/// batch statistics only in `.training`. Every forward pass names its mode (there is no default and no global
/// switch), so evaluation can never silently run in training mode or the other way round.
public enum Mode: Sendable, Equatable {
    /// Training: dropout is active, batch normalisation uses and updates batch statistics.
    case training
    /// Evaluation: no dropout, batch normalisation uses its running averages.
    case evaluation
}

/// A differentiable map from one variable to another, owning its parameters (a reference type: layers are
/// updated in place by optimisers and shared by the models that contain them).
///
/// Parameters are collected without boilerplate: `namedParameters` walks the layer's stored properties by
/// reflection and lists every `Parameter` (named by its property) and every nested layer or array of layers
/// (named `property.index.` + their own names), as PyTorch's `named_parameters()`.
public protocol Layer<Scalar>: AnyObject {
    /// The scalar type of the layer's parameters and values (`Float` or `Double`).
    associatedtype Scalar: TensorScalar
    /// The layer applied to `input` within a forward pass (its graph and mode).
    func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar>
    /// Whether a training pass maps each sample of a batch on its own and changes no state, so that running the
    /// batch in slices (`DataParallelGradients`) gives the same outputs and gradients. False unless a layer says
    /// so: batch normalisation couples the samples through its statistics, dropout advances its generator.
    var mapsSamplesIndependently: Bool { get }
}

extension Layer {
    /// False: a layer must declare that its training pass maps samples independently (see the requirement).
    public var mapsSamplesIndependently: Bool { false }
}

extension Layer {
    /// Every parameter of the layer and its sublayers with a dotted name (`layers.0.weight`), in declaration order.
    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        var result: [(String, Parameter<Scalar>)] = []
        collectParameters(of: self, prefix: "", into: &result)
        return result
    }

    /// The parameters optimisers update (trainable ones), in declaration order.
    public var parameters: [Parameter<Scalar>] { namedParameters.map(\.parameter).filter(\.isTrainable) }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.scalarCount } }

    /// Evaluates the layer on a batch without recording gradients (evaluation mode) and returns the output.
    /// - Throws: the first error an operation recorded (a shape mismatch, say).
    public func predict(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let context = ForwardContext<Scalar>(mode: .evaluation)
        return try self(context.constant(input), in: context).value()
    }
}

private func collectParameters<Scalar>(of object: Any, prefix: String, into result: inout [(String, Parameter<Scalar>)]) {
    var mirror: Mirror? = Mirror(reflecting: object)
    var children: [(String, Any)] = []
    // Superclass properties first, so subclasses list inherited parameters before their own.
    var chain: [Mirror] = []
    while let current = mirror { chain.append(current); mirror = current.superclassMirror }
    for current in chain.reversed() {
        for (offset, child) in current.children.enumerated() {
            children.append((child.label ?? "\(offset)", child.value))
        }
    }
    for (label, value) in children {
        let name = label.hasPrefix("_") ? String(label.dropFirst()) : label
        if let parameter = value as? Parameter<Scalar> {
            result.append((prefix + name, parameter))
        } else if let layer = value as? any Layer<Scalar> {
            collectParameters(of: layer, prefix: prefix + name + ".", into: &result)
        } else if let layers = value as? [any Layer<Scalar>] {
            for (index, layer) in layers.enumerated() {
                collectParameters(of: layer, prefix: prefix + name + ".\(index).", into: &result)
            }
        } else if let parameters = value as? [Parameter<Scalar>] {
            for (index, parameter) in parameters.enumerated() { result.append((prefix + name + ".\(index)", parameter)) }
        }
    }
}
