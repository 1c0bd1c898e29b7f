/// Layers applied one after the other: `y = f_L(… f_2(f_1(x)))`. Parameters are named `layers.i.<name>`.
public final class Sequential<Scalar: TensorScalar>: Layer {
    /// True when every layer maps samples independently.
    public var mapsSamplesIndependently: Bool { layers.allSatisfy(\.mapsSamplesIndependently) }

    /// The layers, first applied first.
    public let layers: [any Layer<Scalar>]

    /// A model of `layers`.
    public init(_ layers: [any Layer<Scalar>]) { self.layers = layers }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        layers.reduce(input) { x, layer in layer(x, in: context) }
    }
}
