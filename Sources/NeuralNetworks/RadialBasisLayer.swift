import LinearAlgebra

/// A radial-basis-function layer with learnable centres `c_j` and widths `σ_j`:
///
///     φ_j(x) = exp(−‖x − c_j‖² / (2 σ_j²)),   x: [batch, inputSize] → [batch, centreCount]
///
/// `‖x − c‖²` is computed as `‖x‖² − 2 x·c + ‖c‖²` (one GEMM). Centres start as standard normal draws (or given
/// points, e.g. k-means centres: `init(fitting:centreCount:widthRule:generator:)`), widths at `initialWidth`. Gradients
/// flow to both.
public final class RadialBasisLayer<Scalar: TensorScalar>: Layer {
    /// `[centreCount, inputSize]`.
    public let centres: Parameter<Scalar>
    /// `[centreCount]`.
    public let widths: Parameter<Scalar>

    /// A layer with `centreCount` centres drawn from N(0, 1).
    public init(inputSize: Int, centreCount: Int, initialWidth: Double = 1, generator: inout SeededGenerator) {
        centres = Parameter(Initializer.normal(standardDeviation: 1).tensor(shape: [centreCount, inputSize], fanIn: inputSize,
                                                                            fanOut: centreCount, generator: &generator))
        widths = Parameter(Tensor(repeating: Scalar(initialWidth), shape: [centreCount]))
    }

    /// A layer with the given centres `[k, d]` and widths `[k]`.
    /// - Throws: `NeuralNetworkError.shapeMismatch` unless the shapes agree.
    public init(centres: Tensor<Scalar>, widths: Tensor<Scalar>) throws {
        guard centres.rank == 2, widths.shape == [centres.shape[0]] else {
            throw NeuralNetworkError.shapeMismatch("RadialBasisLayer: centres \(centres.shape) must be [k, d] and widths \(widths.shape) [k]")
        }
        self.centres = Parameter(centres)
        self.widths = Parameter(widths)
    }

    public func callAsFunction(_ input: Variable<Scalar>, in context: ForwardContext<Scalar>) -> Variable<Scalar> {
        let c = context.variable(centres), sigma = context.variable(widths)
        let inputNorms = input.squared().sum(alongAxes: [1], keepingDimensions: true)          // [n, 1]
        let centreNorms = c.squared().sum(alongAxes: [1])                                      // [k]
        let cross = matmul(input, c, transposeB: true)                                         // [n, k]
        let squaredDistances = maximum(inputNorms + centreNorms - cross * Scalar(2), context.graph.constant(.zero))
        return exp(-(squaredDistances / (sigma.squared() * Scalar(2))))
    }
}
