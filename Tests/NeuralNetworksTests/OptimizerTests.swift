import Foundation
import LinearAlgebra
import NeuralNetworks
import TestSupport
import Testing

// Each optimiser's first three steps on f(θ) = θ² (c = 2, θ₀ = 1, so g = 2θ), against values worked out by hand
// from its update rule (the arithmetic is in the comments).
@Suite struct OptimizerTests {
    func iterates(_ make: ([Parameter<Double>]) throws -> Optimizer<Double>) throws -> [Double] {
        try quadraticIterates(Double.self, start: [1], curvature: [2], optimizer: make).map { $0[0] }
    }

    @Test func plainSGD() throws {
        // θ ← θ − 0.1 · 2θ = 0.8 θ
        assertClose(try iterates { try SGD(parameters: $0, learningRate: 0.1) }, [0.8, 0.64, 0.512])
    }

    @Test func momentumPyTorchForm() throws {
        // v = 2, θ = 0.8;  v = 1.8 + 1.6 = 3.4, θ = 0.46;  v = 3.06 + 0.92 = 3.98, θ = 0.062
        assertClose(try iterates { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9) }, [0.8, 0.46, 0.062],
                    relativeTolerance: 1e-12)
    }

    @Test func momentumExponentialAverageForm() throws {
        // m = 0.2, θ = 0.98;  m = 0.18 + 0.196 = 0.376, θ = 0.9424;  m = 0.3384 + 0.18848 = 0.52688, θ = 0.889712
        let values = try iterates { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, form: .exponentialAverage) }
        assertClose(values, [0.98, 0.9424, 0.889712], relativeTolerance: 1e-12)
    }

    @Test func nesterovBothForms() throws {
        // PyTorch: v = 2, θ = 1 − 0.1(2 + 1.8) = 0.62;  v = 1.8 + 1.24 = 3.04, θ = 0.62 − 0.1(1.24 + 2.736) = 0.2224; …
        let pytorch = try iterates { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true) }
        assertClose(pytorch, [0.62, 0.2224, -0.108352], relativeTolerance: 1e-12)
        // Exponential average: m = 0.2, θ = 1 − 0.1(0.18 + 0.2) = 0.962; …
        let average = try iterates {
            try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9, nesterov: true, form: .exponentialAverage)
        }
        assertClose(average, [0.962, 0.909244, 0.844528328], relativeTolerance: 1e-12)
    }

    @Test func adagrad() throws {
        // G = 4, θ = 1 − 0.1 · 2/2 = 0.9;  G = 4 + 3.24, θ = 0.9 − 0.1 · 1.8/√7.24;  …
        let expected1 = 1 - 0.1 * 2 / (2 + 1e-10)
        let expected2 = expected1 - 0.1 * 2 * expected1 / ((4 + 4 * expected1 * expected1).squareRoot() + 1e-10)
        let values = try iterates { Adagrad(parameters: $0, learningRate: 0.1) }
        assertClose(values, [expected1, expected2, 0.7804561813568098], relativeTolerance: 1e-12)
    }

    @Test func rmsProp() throws {
        // v = 0.01 · 4, θ = 1 − 0.01 · 2/(0.2 + 1e-8) ≈ 0.9;  …
        let values = try iterates { RMSProp(parameters: $0, learningRate: 0.01) }
        assertClose(values, [0.9000000049999998, 0.8329179679700331, 0.7799822732436351], relativeTolerance: 1e-12)
    }

    @Test func adamWithBiasCorrection() throws {
        // t = 1: m̂ = g, v̂ = g², so θ = 1 − 0.1 · 2/(2 + 1e-8) ≈ 0.9;  …
        let values = try iterates { Adam(parameters: $0, learningRate: 0.1) }
        assertClose(values, [0.9000000005, 0.8004122286917927, 0.70158627294603], relativeTolerance: 1e-12)
    }

    @Test func adamWDecouplesDecay() throws {
        // θ ← θ(1 − 0.1 · 0.1) first, then Adam with the gradient at the undecayed θ: 0.99 − 0.1 = 0.89;  …
        let values = try iterates { AdamW(parameters: $0, learningRate: 0.1, weightDecay: 0.1) }
        assertClose(values, [0.8900000004999999, 0.7815718559365047, 0.6751012216400696], relativeTolerance: 1e-12)
    }

    @Test func penalties() throws {
        // L2: g + 0.5θ = 2.5θ, θ ← 0.75θ.  L1: g + 0.5 sign θ: 1 − 0.1 · 2.5 = 0.75, 0.75 − 0.1 · 2 = 0.55, 0.39
        assertClose(try iterates { try SGD(parameters: $0, learningRate: 0.1, weightDecay: 0.5) },
                    [0.75, 0.5625, 0.421875], relativeTolerance: 1e-12)
        assertClose(try iterates { try SGD(parameters: $0, learningRate: 0.1, l1Penalty: 0.5) },
                    [0.75, 0.55, 0.39], relativeTolerance: 1e-12)
    }

    @Test func averagedSGD() throws {
        // τ_ℓ = 0.1/(1 + √(ℓ/2)): θ₁ = 0.8;  θ₂ = 0.8 − τ₁ · 1.6;  θ₃ = θ₂ − τ₂ · 2θ₂;  θ̄ = running mean
        var optimizer: AveragedSGD<Double>?
        let values = try iterates { parameters in
            let o = try AveragedSGD(parameters: parameters, learningRate: 0.1, halfLifeSteps: 2)
            optimizer = o
            return o
        }
        let tau1 = 0.1 / (1 + 0.5.squareRoot()), theta2 = 0.8 - tau1 * 1.6
        let theta3 = theta2 - 0.1 / 2 * 2 * theta2
        assertClose(values, [0.8, theta2, theta3], relativeTolerance: 1e-12)
        assertClose(optimizer!.averages[0].scalars, [(0.8 + theta2 + theta3) / 3], relativeTolerance: 1e-12)
    }

    @Test func stochasticAverageGradient() throws {
        // Samples f₀ = (θ − 1)², f₁ = (θ + 2)², n = 2, η = 0.2, θ₀ = 0.5, visiting 0, 1, 0:
        // g = −1, d = −1, θ = 0.6;  g = 5.2, d = 4.2, θ = 0.18;  g = −1.64, d = 4.2 − 1.64 + 1 = 3.56, θ = −0.176
        let theta = Parameter(Tensor<Double>([0.5]))
        let optimizer = try SAG(parameters: [theta], learningRate: 0.2, sampleCount: 2)
        var values: [Double] = []
        for sample in [0, 1, 0] {
            let context = ForwardContext<Double>(mode: .training)
            let shift = context.constant(Tensor([sample == 0 ? -1.0 : 2.0]))
            try context.backward(from: (context.variable(theta) + shift).squared().sum())
            optimizer.step(sample: sample)
            values.append(theta.value.scalars[0])
        }
        assertClose(values, [0.6, 0.18, -0.176], relativeTolerance: 1e-12, absoluteTolerance: 1e-15)
    }

    /// The vectorised Float / Double Adam kernel against the scalar formula on 19 coordinates (SIMD body and tail).
    @Test(arguments: [false, true]) func adamKernelMatchesFormula(single: Bool) throws {
        let start = (0..<19).map { 1 - 0.3 * Double($0) }, curvature = (0..<19).map { 0.5 + 0.25 * Double($0) }
        let values = single
            ? try quadraticIterates(Float.self, start: start, curvature: curvature) { Adam(parameters: $0, learningRate: 0.05) }
            : try quadraticIterates(Double.self, start: start, curvature: curvature) { Adam(parameters: $0, learningRate: 0.05) }
        var theta = start, m = [Double](repeating: 0, count: 19), v = m
        for t in 1...3 {
            for i in 0..<19 {
                let g = curvature[i] * theta[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                let mHat = m[i] / (1 - Foundation.pow(0.9, Double(t))), vHat = v[i] / (1 - Foundation.pow(0.999, Double(t)))
                theta[i] -= 0.05 * mHat / (vHat.squareRoot() + 1e-8)
            }
            assertClose(values[t - 1], theta, relativeTolerance: single ? 1e-5 : 1e-12, absoluteTolerance: single ? 1e-6 : 1e-14)
        }
    }

    @Test func clippingByNormAndValue() throws {
        let a = Parameter(Tensor<Double>([3, 0])), b = Parameter(Tensor<Double>([4]))
        a.gradient = Tensor([3, 0]); b.gradient = Tensor([4])
        let norm = clipGradients([a, b], maximumNorm: 1)
        assertClose(norm, 5)
        assertClose(a.gradient.scalars + b.gradient.scalars, [0.6, 0, 0.8], absoluteTolerance: 1e-15)
        a.gradient = Tensor([3, -0.5])
        clipGradients([a], maximumValue: 1)
        #expect(a.gradient.scalars == [1, -0.5])
    }

    @Test func invalidSettingsThrow() {
        #expect(throws: NeuralNetworkError.invalidArgument("SGD: momentum = 1.5 must lie in [0, 1)")) {
            try SGD<Double>(parameters: [], learningRate: 0.1, momentum: 1.5)
        }
        #expect(throws: NeuralNetworkError.self) { try SAG<Double>(parameters: [], learningRate: 0.1, sampleCount: 0) }
    }
}
