// Tests of the NeuralNetworks module live in the files beside this one; shared helpers are here.
import Foundation
import LinearAlgebra
import NeuralNetworks

/// Runs `steps` optimiser steps on `f(θ) = ½ Σ cᵢ θᵢ²` (gradient `cᵢ θᵢ`) from `start` and returns the iterates.
func quadraticIterates<Scalar: TensorScalar>(_ type: Scalar.Type, start: [Double], curvature: [Double], steps: Int = 3,
                                             optimizer make: ([Parameter<Scalar>]) throws -> Optimizer<Scalar>,
                                             beforeStep: (Optimizer<Scalar>, Int) -> Void = { _, _ in }) throws -> [[Double]] {
    let theta = Parameter(Tensor<Scalar>(start.map { Scalar($0) }))
    let optimizer = try make([theta])
    let c = Tensor<Scalar>(curvature.map { Scalar($0) })
    var iterates: [[Double]] = []
    for step in 0..<steps {
        let context = ForwardContext<Scalar>(mode: .training)
        let loss = (context.constant(c) * context.variable(theta).squared()).sum() * Scalar(0.5)
        try context.backward(from: loss)
        beforeStep(optimizer, step)
        optimizer.step()
        iterates.append(theta.value.scalars.map(\.doubleValue))
    }
    return iterates
}

