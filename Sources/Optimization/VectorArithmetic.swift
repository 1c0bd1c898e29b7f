// Small dense-vector helpers for the minimisers (n is the parameter count: these loops are O(n), negligible beside
// an objective evaluation, so they stay plain loops instead of BLAS calls on tiny vectors).

@inline(__always) func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

@inline(__always) func squaredNorm(_ a: [Double]) -> Double { dot(a, a) }

/// `x + s p`.
@inline(__always) func moved(_ x: [Double], by s: Double, along p: [Double]) -> [Double] {
    var result = x
    for i in result.indices { result[i] += s * p[i] }
    return result
}

/// `max |aᵢ|`.
@inline(__always) func maxAbsolute(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a { m = Swift.max(m, Swift.abs(v)) }
    return m
}
