/// A residual block (skip connection, He et al. 2016): `y = x + F(x)`, or `y = P(x) + F(x)` with a projection `P`
/// (a `Dense` without activation, say) when `F` changes the width. An optional activation follows the sum.
public final class Residual<Scalar: TensorScalar>: Layer {
    /// True when the body and the projection (if any) map samples independently.
    public var mapsSamplesIndependently: Bool { body.mapsSamplesIndependently && (projection?.mapsSamplesIndependently ?? true) }

    /// The residual branch `F`.
    public let body: any Layer<Scalar>
    /// The shortcut projection `P`, or nil for the identity.
    public let projection: (any Layer<Scalar>)?
    /// Applied to the sum.
    public let activation: Activation

    /// A block adding `body(x)` to `x` (or to `projection(x)`).
    public init(_ body: any Layer<Scalar>, projection: (any Layer<Scalar>)? = nil, activation: Activation = .identity) {
        self.body = body
        self.projection = projection
        self.activation = activation
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let shortcut = projection.map { $0(input, in: context) } ?? input
        return activation(shortcut + body(input, in: context))
    }
}
