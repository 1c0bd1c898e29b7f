import Autodiff
import Dispatch
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// Graph-level behaviour: fresh gradients, errors, numerical care, checkpointing, DOT export, threads.
@Suite struct GraphBehaviourTests {
    @Test func gradientsAreFreshForEachRequest() throws {
        let graph = Graph<Double>()
        let x = graph.variable(Tensor([1.0, 2.0, 3.0]))
        let loss = (x * x).sum()
        let first = try loss.backward()[x], second = try loss.backward()[x]
        assertClose(first.scalars, [2, 4, 6])
        assertClose(second.scalars, [2, 4, 6], "no hidden accumulation between passes")
        // Explicit accumulation is the caller's choice.
        var accumulated = first
        try accumulated.add(second)
        assertClose(accumulated.scalars, [4, 8, 12])
        // Writing into caller-owned tensors overwrites them.
        let unused = graph.variable(Tensor([5.0, 5.0]))
        let matrix = graph.variable(try Tensor(shape: [2, 2], scalars: [1.0, 2, 3, 4]))
        let product = (matmul(matrix, matrix) * 0.5).sum() + loss
        var buffers = [Tensor<Double>(repeating: 7, shape: [3]), Tensor(repeating: 7, shape: [2]),
                       Tensor(repeating: 7, shape: [2, 2]), Tensor(repeating: 7, shape: [3])]
        try graph.gradients(of: product, withRespectTo: [x, unused, matrix, x], into: &buffers)
        assertClose(buffers[0].scalars, [2, 4, 6])
        assertClose(buffers[1].scalars, [0, 0], "an unreached variable's slot is zeroed")
        // d/dM ½ 1ᵀ M M 1 = ½ (1 (M 1)ᵀ + (Mᵀ 1) 1ᵀ), with M 1 = [3, 7] and Mᵀ 1 = [4, 6].
        assertClose(buffers[2].scalars, [0.5 * (4 + 3), 0.5 * (4 + 7), 0.5 * (6 + 3), 0.5 * (6 + 7)])
        assertClose(buffers[3].scalars, [2, 4, 6], "a variable listed twice")
    }

    @Test func shapeErrorsAreThrownWithAMessage() {
        let graph = Graph<Double>()
        let a = graph.variable(Tensor<Double>(zeros: [2, 3])), b = graph.variable(Tensor<Double>(zeros: [4]))
        let loss = (a + b).sum()
        #expect(throws: AutodiffError.shapeMismatch("add: shapes [2, 3] and [4] do not broadcast (each axis pair must be equal or contain a 1); reshape one operand")) {
            try loss.backward()
        }
        let other = Graph<Double>()
        let c = other.variable(Tensor<Double>(zeros: [3, 5])), d = other.variable(Tensor<Double>(zeros: [4, 2]))
        #expect(throws: AutodiffError.self) { try matmul(c, d).value() }
        #expect(other.error?.description.contains("inner sizes must agree") == true)
        let third = Graph<Double>()
        let logits = third.variable(Tensor<Double>(zeros: [2, 3]))
        _ = logits.gather(classes: [0, 3])
        #expect(third.error?.description == "gather: class index 3 at row 1 is out of 0..<3; use class indices below the number of classes")
        #expect(throws: AutodiffError.invalidArgument("Tensor: 5 scalars do not fill shape [2, 3] (6 needed); pass exactly 6")) {
            try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5])
        }
    }

    @Test func nonScalarBackwardNeedsASeed() throws {
        let graph = Graph<Double>()
        let x = graph.variable(Tensor([1.0, 2.0]))
        let y = x * 3.0
        #expect(throws: AutodiffError.self) { try y.backward() }
        let vjp = try graph.gradients(of: y, withRespectTo: [x], seed: Tensor([1.0, -1.0]))
        assertClose(vjp[0].scalars, [3, -3])
    }

    @Test func maskedBranchesLeakNoNaN() throws {
        // where(x > 0, log x, 0) and where(x > 0, sqrt x, 0) at x ≤ 0: gradient 0, not NaN.
        let x = Tensor([-1.0, 0.0, 4.0])
        for function in [UnaryFunction.log, .sqrt] {
            let gradient = try gradient(at: x) { v in
                let zero = v.graph.constant(Tensor<Double>(zeros: [3]))
                return `where`(v.isGreater(than: zero), v.apply(function), zero).sum()
            }
            let expected: Double = function == .log ? 0.25 : 0.25
            assertClose(gradient.scalars, [0, 0, expected], "\(function)")
        }
        // sqrt and log at exactly 0 with a zero seed give 0; sqrt at 0 with a unit seed gives +∞ (the true slope).
        let atZero = try gradient(at: Tensor([0.0])) { v in (sqrt(v) * 0.0).sum() }
        #expect(atZero.scalars == [0])
        let slope = try gradient(at: Tensor([0.0])) { v in sqrt(v).sum() }
        #expect(slope.scalars == [.infinity])
    }

    @Test func stableSoftmaxFamilyAtLargeInputs() throws {
        let x = Tensor([1000.0, -1000.0, 999.0])
        let (value, gradients) = try valueWithGradient(at: [x]) { v in v[0].logSoftmax().sum() }
        #expect(value.scalar!.isFinite)
        #expect(gradients[0].scalars.allSatisfy { $0.isFinite })
        let graph = Graph<Double>()
        let lse = try graph.constant(x).logSumExp().value().scalar!
        assertClose(lse, 1000 + log(1 + exp(-1.0) + exp(-2000.0)), relativeTolerance: 1e-15)
        let probabilities = try graph.constant(x).softmax().value().scalars
        assertClose(probabilities, [1 / (1 + exp(-1.0)), 0, exp(-1.0) / (1 + exp(-1.0))], relativeTolerance: 1e-14)
        let floatGraph = Graph<Float>()
        let floatValue = try floatGraph.constant(Tensor<Float>([1000, -1000])).logSoftmax().value().scalars
        #expect(floatValue.allSatisfy { $0.isFinite })
    }

    @Test func checkpointingKeepsFewerValuesAndGivesTheSameGradients() throws {
        let x = Tensor<Double>.randomNormal(shape: [8, 16], seed: 1)
        let weights = (0..<4).map { Tensor<Double>.randomNormal(shape: [16, 16], standardDeviation: 0.25, seed: UInt64(2 + $0)) }
        func layer(_ h: Variable<Double>, _ w: Variable<Double>) -> Variable<Double> { tanh(matmul(h, w)) * 2.0 + h }
        var results: [(retained: Int, gradients: [Tensor<Double>])] = []
        for checkpointed in [false, true] {
            let graph = Graph<Double>()
            let w = weights.map { graph.variable($0) }
            var h = graph.constant(x)
            for layerWeights in w {
                h = checkpointed ? graph.checkpoint([h, layerWeights]) { v in layer(v[0], v[1]) } : layer(h, layerWeights)
            }
            let loss = h.squared().mean()
            results.append((graph.retainedScalarCount, try graph.gradients(of: loss, withRespectTo: w)))
        }
        // Plain: each layer keeps matmul, tanh, ×2 and + outputs (4 × 128 scalars) plus constants; checkpointed: 128.
        #expect(results[1].retained < results[0].retained / 3, "retained \(results[1].retained) vs \(results[0].retained)")
        for (plain, checkpointed) in zip(results[0].gradients, results[1].gradients) {
            assertClose(checkpointed.scalars, plain.scalars, relativeTolerance: 1e-13)
        }
    }

    @Test func graphvizExportShowsValuesAndAdjoints() throws {
        let graph = Graph<Double>()
        let x = graph.variable(Tensor(2.0), name: "x"), y = graph.variable(Tensor(3.0), name: "y")
        let b = (y * log(x)).named("b")
        let f = (b + sqrt(b)).named("f")
        let dot = try graph.graphviz(adjointsFrom: f)
        #expect(dot.hasPrefix("digraph computation {"))
        #expect(dot.contains("x | shape [] | value 2 | adjoint 2.0201"))   // ∂f/∂x = 2.02010…
        #expect(dot.contains("y | shape [] | value 3 | adjoint 0.9334"))   // ∂f/∂y = 0.93348…
        #expect(dot.contains("f | shape [] | value 3.52146 | adjoint 1}")) // b + √b with b = 3 log 2
        #expect(dot.contains("b | shape [] | value 2.07944 | adjoint 1.34673"))  // 1 + 1/(2√b)
        let edges = dot.split(separator: "\n").filter { $0.contains("->") }
        #expect(edges.count == 6)   // log ← x; × ← y, log; sqrt ← b; + ← b, sqrt
        #expect(edges.contains("  n0 -> n2;") && edges.contains("  n4 -> n5;"))
    }

    @Test func twoThreadsWithTwoGraphsDoNotInterfere() throws {
        let inputs = (0..<8).map { Tensor<Double>.randomNormal(shape: [4, 4], seed: UInt64($0)) }
        @Sendable func loss(_ x: Tensor<Double>) throws -> [Double] {
            try gradient(at: x) { v in (tanh(matmul(v, v)) + v.softmax()).squared().sum() }.scalars
        }
        let serial = try inputs.map(loss)
        var parallel = [[Double]](repeating: [], count: inputs.count)
        parallel.withUnsafeMutableBufferPointer { slots in
            let shared = UncheckedSendable(slots)   // task `i` writes only `slots[i]`
            DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
                let slots = shared.value
                slots[i] = withSingleThreadedBLAS { (try? loss(inputs[i])) ?? [] }
            }
        }
        for (a, b) in zip(serial, parallel) { #expect(a == b) }
    }

    @Test func floatAndDoubleAgreeOnAnMLPLoss() throws {
        func loss<T>(_ v: [Variable<T>]) -> Variable<T> {
            let hidden = relu(matmul(v[0], v[1]) + v[2])
            return -hidden.logSoftmax().gather(classes: [0, 2, 1]).mean()
        }
        let doubles = [Tensor<Double>.randomNormal(shape: [3, 5], seed: 1), .randomNormal(shape: [5, 3], seed: 2),
                       .randomNormal(shape: [3], seed: 3)]
        let floats = doubles.map { t in Tensor<Float>(shape: t.shape) { Float(t.scalars[$0]) } }
        let d = try valueWithGradient(at: doubles, in: loss)
        let f = try valueWithGradient(at: floats, in: loss)
        assertClose(Double(f.value.scalar!), d.value.scalar!, relativeTolerance: 1e-5)
        for (gf, gd) in zip(f.gradients, d.gradients) {
            assertClose(gf.scalars.map(Double.init), gd.scalars, relativeTolerance: 1e-4, absoluteTolerance: 1e-6)
        }
    }
}

@Suite struct TensorTests {
    @Test func valueSemanticsAndInPlaceUpdates() throws {
        var a = try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = a
        a[1, 0] = 30
        #expect(b.scalars == [1, 2, 3, 4])
        #expect(a.scalars == [1, 2, 30, 4])
        try a.add(b, scaledBy: -2)
        #expect(a.scalars == [-1, -2, 24, -4])
        #expect(throws: AutodiffError.self) { try a.add(Tensor<Double>([1, 2])) }
        let converted = Tensor<Float>(converting: a)
        #expect(converted.scalars == [-1, -2, 24, -4])
        #expect(try a.reshaped(to: [4]).shape == [4])
        #expect(try Tensor<Double>.oneHot([2, 0], count: 3).scalars == [0, 0, 1, 1, 0, 0])
    }

    @Test func updatingAParameterAfterResetLeavesItsGradientIntact() throws {
        var weights = Tensor<Double>([1, 2, 3])
        let graph = Graph<Double>()
        let w = graph.variable(weights)
        let gradient = try (w * w).sum().backward()[w]
        graph.reset()
        // The update changes the parameter only; the gradient tensor returned earlier is its own storage.
        try weights.add(gradient, scaledBy: -0.5)
        #expect(weights.scalars == [0, 0, 0])
        #expect(gradient.scalars == [2, 4, 6])
    }
}

@Suite struct GraphReuseTests {
    @Test func aResetGraphRecordsANewProgramWithFreshGradients() throws {
        let graph = Graph<Double>()
        var results: [Double] = []
        for step in 1...3 {
            graph.reset()
            let x = graph.variable(Tensor(Double(step)))
            let y = exp(x) * x
            results.append(try y.backward()[x].scalar!)
        }
        // d/dx x eˣ = (1 + x) eˣ at x = 1, 2, 3.
        assertClose(results, [2 * exp(1.0), 3 * exp(2.0), 4 * exp(3.0)], relativeTolerance: 1e-14)
    }

    @Test func usingAVariableAfterResetTraps() async {
        await #expect(processExitsWith: .failure) {
            let graph = Graph<Double>()
            let stale = graph.variable(Tensor(1.0))
            graph.reset()
            _ = graph.variable(Tensor(2.0))
            _ = exp(stale)
        }
    }
}
