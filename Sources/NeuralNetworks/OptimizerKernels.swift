import Foundation

// Vectorised update loops for the hot optimisers, on concrete Float / Double buffers. Generic `TensorScalar` code
// goes through protocol witnesses per element; these kernels run eight lanes at a time. They stay on the calling
// thread: the update is memory-bound, and splitting it over the cores competes with OpenBLAS's own workers (which
// spin between the GEMMs of a training step) for no measured gain.

/// The Adam step on `range`: `m ← b1 m + c1 g`, `v ← b2 v + c2 g²`, `θ ← θ − stepSize · m / (√v · correction2 + eps)`.
@inline(__always)
func adamKernel<S: BinaryFloatingPoint & SIMDScalar>(_ range: Range<Int>, theta: UnsafeMutablePointer<S>,
                                                     gradient: UnsafePointer<S>, m: UnsafeMutablePointer<S>,
                                                     v: UnsafeMutablePointer<S>, b1: S, c1: S, b2: S, c2: S,
                                                     stepSize: S, correction2: S, eps: S) {
    var i = range.lowerBound
    let end = range.upperBound
    let rb1 = SIMD8<S>(repeating: b1), rc1 = SIMD8<S>(repeating: c1), rb2 = SIMD8<S>(repeating: b2)
    let rc2 = SIMD8<S>(repeating: c2), rs = SIMD8<S>(repeating: stepSize)
    let rk = SIMD8<S>(repeating: correction2), re = SIMD8<S>(repeating: eps)
    while i + 8 <= end {
        let g = UnsafeRawPointer(gradient + i).loadUnaligned(as: SIMD8<S>.self)
        let mi = rb1 * UnsafeRawPointer(m + i).loadUnaligned(as: SIMD8<S>.self) + rc1 * g
        let vi = rb2 * UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<S>.self) + rc2 * g * g
        let t = UnsafeRawPointer(theta + i).loadUnaligned(as: SIMD8<S>.self) - rs * mi / (vi.squareRoot() * rk + re)
        UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: SIMD8<S>.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: SIMD8<S>.self)
        UnsafeMutableRawPointer(theta + i).storeBytes(of: t, as: SIMD8<S>.self)
        i += 8
    }
    while i < end {
        let g = gradient[i]
        let mi = b1 * m[i] + c1 * g
        let vi = b2 * v[i] + c2 * g * g
        m[i] = mi
        v[i] = vi
        theta[i] -= stepSize * mi / (vi.squareRoot() * correction2 + eps)
        i += 1
    }
}

/// Runs `adamKernel` on concrete Float or Double buffers; returns false for other scalar types.
func adamStep<Scalar: TensorScalar>(count: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                    m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>,
                                    beta1: Double, beta2: Double, stepSize: Double, correction2: Double,
                                    epsilon: Double) -> Bool {
    if Scalar.self == Float.self {
        adamStepFloat(count, theta.rebound(), gradient.rebound(), m.rebound(), v.rebound(),
                      Float(beta1), Float(beta2), Float(stepSize), Float(correction2), Float(epsilon))
        return true
    }
    if Scalar.self == Double.self {
        adamStepDouble(count, theta.rebound(), gradient.rebound(), m.rebound(), v.rebound(),
                       beta1, beta2, stepSize, correction2, epsilon)
        return true
    }
    return false
}

private func adamStepFloat(_ count: Int, _ theta: UnsafeMutablePointer<Float>, _ gradient: UnsafePointer<Float>,
                           _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                           _ beta1: Float, _ beta2: Float, _ stepSize: Float, _ correction2: Float, _ epsilon: Float) {
    adamKernel(0..<count, theta: theta, gradient: gradient, m: m, v: v, b1: beta1, c1: 1 - beta1, b2: beta2,
               c2: 1 - beta2, stepSize: stepSize, correction2: correction2, eps: epsilon)
}

private func adamStepDouble(_ count: Int, _ theta: UnsafeMutablePointer<Double>, _ gradient: UnsafePointer<Double>,
                            _ m: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>,
                            _ beta1: Double, _ beta2: Double, _ stepSize: Double, _ correction2: Double, _ epsilon: Double) {
    adamKernel(0..<count, theta: theta, gradient: gradient, m: m, v: v, b1: beta1, c1: 1 - beta1, b2: beta2,
               c2: 1 - beta2, stepSize: stepSize, correction2: correction2, eps: epsilon)
}

extension UnsafeMutablePointer {
    /// The same address typed as `T` (for Float / Double kernels behind a generic `TensorScalar` check).
    @inline(__always) func rebound<T>() -> UnsafeMutablePointer<T> { UnsafeMutableRawPointer(self).assumingMemoryBound(to: T.self) }
}

extension UnsafePointer {
    /// The same address typed as `T`.
    @inline(__always) func rebound<T>() -> UnsafePointer<T> { UnsafeRawPointer(self).assumingMemoryBound(to: T.self) }
}
