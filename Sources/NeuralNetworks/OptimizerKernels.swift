// Vectorised update loops for the hot optimisers, on concrete Float / Double buffers. Generic `TensorScalar` code
// goes through protocol witnesses per element; these kernels run eight lanes at a time. They stay on the calling
// thread: the update is memory-bound, and splitting it over the cores competes with OpenBLAS's own workers (which
// spin between the GEMMs of a training step) for no measured gain.
//
// Square roots: `Float.squareRoot()` is a library call per lane on Linux (it does not vectorise), so the kernels
// take `√v` as `v · r` with `r ≈ 1/√v` from the bit-pattern estimate refined by Newton–Raphson steps
// `r ← r (3/2 − v r²/2)` (3 for Float, 4 for Double): within 4 ulp of the correctly rounded root for normal `v` (2–3 measured),
// and exactly 0 at `v = 0`. (For subnormal `v` the root, below 1.1e-19 in Float, is only approximate; it is
// dwarfed by `ε` in the Adam denominator.)

/// `√x` per lane (see the file comment), Float.
@inline(__always)
func laneSquareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
    var r = unsafeBitCast(SIMD8<UInt32>(repeating: 0x5F37_5A86) &- (bits &>> 1), to: SIMD8<Float>.self)
    let half = 0.5 * x
    r = r * (1.5 - half * r * r)
    r = r * (1.5 - half * r * r)
    r = r * (1.5 - half * r * r)
    return x * r
}

/// `√x` per lane (see the file comment), Double.
@inline(__always)
func laneSquareRoot(_ x: SIMD8<Double>) -> SIMD8<Double> {
    let bits = unsafeBitCast(x, to: SIMD8<UInt64>.self)
    var r = unsafeBitCast(SIMD8<UInt64>(repeating: 0x5FE6_EB50_C7B5_37A9) &- (bits &>> 1), to: SIMD8<Double>.self)
    let half = 0.5 * x
    r = r * (1.5 - half * r * r)
    r = r * (1.5 - half * r * r)
    r = r * (1.5 - half * r * r)
    r = r * (1.5 - half * r * r)
    return x * r
}

/// Runs the Adam update on concrete Float or Double buffers; returns false for other scalar types:
/// `m ← beta1 m + (1 − beta1) g`, `v ← beta2 v + (1 − beta2) g²`, `θ ← θ − stepSize · m / (√v · correction2 + ε)`.
func adamStep<Scalar: TensorScalar>(count: Int, theta: UnsafeMutablePointer<Scalar>, gradient: UnsafePointer<Scalar>,
                                    m: UnsafeMutablePointer<Scalar>, v: UnsafeMutablePointer<Scalar>,
                                    beta1: Double, beta2: Double, stepSize: Double, correction2: Double,
                                    epsilon: Double) -> Bool {
    if Scalar.self == Float.self {
        adamFloat(count, theta.rebound(), gradient.rebound(), m.rebound(), v.rebound(),
                  Float(beta1), Float(beta2), Float(stepSize), Float(correction2), Float(epsilon))
        return true
    }
    if Scalar.self == Double.self {
        adamDouble(count, theta.rebound(), gradient.rebound(), m.rebound(), v.rebound(),
                   beta1, beta2, stepSize, correction2, epsilon)
        return true
    }
    return false
}

private func adamFloat(_ count: Int, _ theta: UnsafeMutablePointer<Float>, _ gradient: UnsafePointer<Float>,
                       _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>,
                       _ beta1: Float, _ beta2: Float, _ stepSize: Float, _ correction2: Float, _ epsilon: Float) {
    typealias V = SIMD8<Float>
    let b1 = V(repeating: beta1), c1 = V(repeating: 1 - beta1), b2 = V(repeating: beta2), c2 = V(repeating: 1 - beta2)
    let s = V(repeating: stepSize), k = V(repeating: correction2), e = V(repeating: epsilon)
    var i = 0
    while i + 8 <= count {
        let g = UnsafeRawPointer(gradient + i).loadUnaligned(as: V.self)
        let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: V.self) + c1 * g
        let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: V.self) + c2 * g * g
        let t = UnsafeRawPointer(theta + i).loadUnaligned(as: V.self) - s * mi / (laneSquareRoot(vi) * k + e)
        UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
        UnsafeMutableRawPointer(theta + i).storeBytes(of: t, as: V.self)
        i += 8
    }
    while i < count {
        let g = gradient[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        theta[i] -= stepSize * m[i] / (v[i].squareRoot() * correction2 + epsilon)
        i += 1
    }
}

private func adamDouble(_ count: Int, _ theta: UnsafeMutablePointer<Double>, _ gradient: UnsafePointer<Double>,
                        _ m: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>,
                        _ beta1: Double, _ beta2: Double, _ stepSize: Double, _ correction2: Double, _ epsilon: Double) {
    typealias V = SIMD8<Double>
    let b1 = V(repeating: beta1), c1 = V(repeating: 1 - beta1), b2 = V(repeating: beta2), c2 = V(repeating: 1 - beta2)
    let s = V(repeating: stepSize), k = V(repeating: correction2), e = V(repeating: epsilon)
    var i = 0
    while i + 8 <= count {
        let g = UnsafeRawPointer(gradient + i).loadUnaligned(as: V.self)
        let mi = b1 * UnsafeRawPointer(m + i).loadUnaligned(as: V.self) + c1 * g
        let vi = b2 * UnsafeRawPointer(v + i).loadUnaligned(as: V.self) + c2 * g * g
        let t = UnsafeRawPointer(theta + i).loadUnaligned(as: V.self) - s * mi / (laneSquareRoot(vi) * k + e)
        UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
        UnsafeMutableRawPointer(theta + i).storeBytes(of: t, as: V.self)
        i += 8
    }
    while i < count {
        let g = gradient[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        theta[i] -= stepSize * m[i] / (v[i].squareRoot() * correction2 + epsilon)
        i += 1
    }
}

extension UnsafeMutablePointer {
    /// The same address typed as `T` (for Float / Double kernels behind a generic `TensorScalar` check).
    @inline(__always) func rebound<T>() -> UnsafeMutablePointer<T> { UnsafeMutableRawPointer(self).assumingMemoryBound(to: T.self) }
}

extension UnsafePointer {
    /// The same address typed as `T`.
    @inline(__always) func rebound<T>() -> UnsafePointer<T> { UnsafeRawPointer(self).assumingMemoryBound(to: T.self) }
}
