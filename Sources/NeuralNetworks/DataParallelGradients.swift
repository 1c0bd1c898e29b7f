import Dispatch
import LinearAlgebra

/// The gradient of one mini-batch's mean loss computed on several cores at once: the batch's samples split into
/// `shards` contiguous slices, each slice's forward and backward pass recorded on a graph of its own and run
/// concurrently (OpenBLAS at one thread inside, so the workers do not oversubscribe the cores), and each parameter's
/// `gradient` set to the sample-weighted mean of the slices' gradients:
///
///     L = Σ_s (n_s / n) L_s,      ∂L/∂θ = Σ_s (n_s / n) ∂L_s/∂θ        (L_s: the mean loss over slice s, n_s samples)
///
/// This is the whole batch's mean loss and its gradient (up to rounding) when the loss is a mean over samples and
/// the model maps each sample on its own, with no state changed by a training pass: `Layer.mapsSamplesIndependently`
/// (true for convolution, pooling, dense, activation, flatten and layer-norm layers and containers of them; false for
/// batch normalisation, whose statistics couple the samples, and dropout, whose generator is state).
///
///     let parallel = try DataParallelGradients(model: model)
///     let loss = try parallel.compute(rows: indices, of: inputs) { logits, slice, _ in
///         crossEntropy(logits: logits, classes: slice.map { labels[indices[$0]] })
///     }
///     optimizer.step()
///
/// The slices are fixed by the batch size and `shards` (not by the machine's core count), and their gradients are
/// added in slice order, so the same batch gives the same bits on every run with the same BLAS kernel.
/// - Complexity: the serial step's work split over `shards` workers, plus one weighted sum over the parameters.
public final class DataParallelGradients<Scalar: TensorScalar> {
    /// The model whose gradients are taken.
    public let model: any Layer<Scalar>
    /// The parameters whose `gradient` each call overwrites: the model's trainable parameters.
    public let parameters: [Parameter<Scalar>]
    /// The number of slices a batch is split into (and of concurrent workers).
    public let shards: Int
    private let graphs: [Graph<Scalar>]
    private var inputs: [Tensor<Scalar>]
    private var gradients: [[Tensor<Scalar>]]
    private var losses: [Double]
    private var failures: [(any Error)?]

    /// Gradients of `model` over `shards` slices of each batch (2: the two cores of the project's machines).
    /// - Throws: `NeuralNetworkError.invalidArgument` for `shards < 1`, or a model whose forward pass couples the
    ///   samples of a batch or changes state (`mapsSamplesIndependently` is false): its gradient would not be the
    ///   whole batch's; train such a model with one `ForwardContext` per batch.
    public init(model: any Layer<Scalar>, shards: Int = 2) throws {
        guard shards >= 1 else {
            throw NeuralNetworkError.invalidArgument("DataParallelGradients: shards = \(shards) must be at least 1")
        }
        guard model.mapsSamplesIndependently else {
            throw NeuralNetworkError.invalidArgument("DataParallelGradients: the model has a layer that couples the samples of a batch or changes state in training (batch normalisation, dropout, or a layer that does not declare mapsSamplesIndependently); slicing its batches would change its gradient, so train it with one ForwardContext per batch")
        }
        self.model = model
        self.shards = shards
        parameters = model.parameters
        graphs = (0..<shards).map { _ in Graph<Scalar>() }
        inputs = Array(repeating: Tensor<Scalar>(zeros: [0]), count: shards)
        gradients = Array(repeating: [], count: shards)
        losses = Array(repeating: 0, count: shards)
        failures = Array(repeating: nil, count: shards)
    }

    /// The slices of a batch of `count` samples: `shards` contiguous ranges whose sizes differ by at most one
    /// (empty ones dropped when the batch has fewer samples than `shards`).
    public func slices(ofBatch count: Int) -> [Range<Int>] {
        (0..<shards).map { s in (s * count / shards)..<((s + 1) * count / shards) }.filter { !$0.isEmpty }
    }

    /// Sets each parameter's `gradient` to `∂L/∂θ` of the batch made of the rows `rows` of `data` (gathered slice by
    /// slice into reused buffers) and returns the batch's loss `L`.
    ///
    /// `loss(outputs, slice, context)` is called once per slice, concurrently, with the model's outputs for the
    /// samples at positions `slice` of `rows` (`outputs` row `i` is batch position `slice.lowerBound + i`); it must
    /// return that slice's *mean* loss and may only read shared data.
    /// - Throws: the first error a slice's graph recorded (shape mismatches, a loss with more than one scalar), after
    ///   every slice has finished; `NeuralNetworkError.invalidArgument` for an empty batch.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func compute(rows: [Int], of data: Tensor<Scalar>,
                        loss: (Variable<Scalar>, Range<Int>, ForwardContext<Scalar>) -> Variable<Scalar>) throws -> Double {
        guard !rows.isEmpty else {
            throw NeuralNetworkError.invalidArgument("DataParallelGradients.compute: the batch is empty; pass at least one row")
        }
        let slices = slices(ofBatch: rows.count)
        let parameters = parameters, model = model
        // Each worker touches only its own slot of these arrays (graph, input buffer, gradients, loss, failure).
        inputs.withUnsafeMutableBufferPointer { inputs in
            gradients.withUnsafeMutableBufferPointer { gradients in
                losses.withUnsafeMutableBufferPointer { losses in
                    failures.withUnsafeMutableBufferPointer { failures in
                        func work(_ s: Int) {
                            let slice = slices[s]
                            data.gatherRows(Array(rows[slice]), into: &inputs[s])
                            let context = ForwardContext(graph: graphs[s], mode: .training)
                            let outputs = model(context.constant(inputs[s]), in: context)
                            let value = loss(outputs, slice, context)
                            do {
                                losses[s] = try value.scalarValue().doubleValue
                                try context.graph.gradients(of: value, withRespectTo: parameters.map { context.variable($0) },
                                                            into: &gradients[s])
                                failures[s] = nil
                            } catch {
                                failures[s] = error
                            }
                        }
                        if slices.count == 1 {
                            work(0)
                        } else {
                            BLAS.withThreads(1) { concurrentPerformSharing(iterations: slices.count, work) }
                        }
                    }
                }
            }
        }
        // Release the graphs' references to the parameters' storage, so the optimiser updates them in place.
        for graph in graphs { graph.reset() }
        if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        let weights = slices.map { Scalar(Double($0.count) / Double(rows.count)) }
        for (p, parameter) in parameters.enumerated() {
            if parameter.gradient.shape != parameter.value.shape { parameter.gradient = Tensor(zeros: parameter.value.shape) }
            parameter.gradient.withUnsafeMutableBufferPointer { target in
                let out = target.baseAddress!, count = target.count
                gradients[0][p].withUnsafeBufferPointer { g in
                    let w = weights[0]
                    for i in 0..<count { out[i] = w * g[i] }
                }
                for s in 1..<slices.count {
                    gradients[s][p].withUnsafeBufferPointer { g in
                        let w = weights[s]
                        for i in 0..<count { out[i] += w * g[i] }
                    }
                }
            }
        }
        return zip(weights, losses).reduce(0) { $0 + $1.0.doubleValue * $1.1 }
    }
}
