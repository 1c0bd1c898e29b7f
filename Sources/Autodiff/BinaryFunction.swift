/// An elementwise function of two broadcast operands `y = f(a, b)`, with its partial derivatives.
///
/// Forward computation (`TensorScalar._binary`), pullback (`_binaryPullback`: `ā += ȳ ∂f/∂a`, `b̄ += ȳ ∂f/∂b`,
/// summed over broadcast axes) and tangent (`_binaryTangent`: `ẏ = ∂f/∂a ȧ + ∂f/∂b ḃ`) share one table of
/// partials below.
public enum BinaryFunction: Equatable, Sendable {
    /// `a + b`.
    case add
    /// `a − b`.
    case subtract
    /// `a · b`.
    case multiply
    /// `a / b`; partials `1/b`, `−y/b`.
    case divide
    /// `aᵇ`; partials `b aᵇ⁻¹`, `y log a` (0 where `y = 0`, so `0ᵇ` leaks no NaN).
    case power
    /// `max(a, b)`; the adjoint goes to the larger, half to each on a tie (as PyTorch's `maximum`).
    case maximum
    /// `min(a, b)`; the adjoint goes to the smaller, half to each on a tie.
    case minimum
}

extension TensorScalar {
    @inline(__always)
    @inlinable static func partials(_ function: BinaryFunction, _ a: Self, _ b: Self, _ y: Self) -> (Self, Self) {
        let one = Self.one, zero = Self.zero
        switch function {
        case .add: return (one, one)
        case .subtract: return (one, -one)
        case .multiply: return (b, a)
        case .divide: return (one / b, -y / b)
        case .power: return (b * Self.pow(a, b - one), y == zero ? zero : y * Self.log(a))
        case .maximum: return a > b ? (one, zero) : (a < b ? (zero, one) : (Self(0.5), Self(0.5)))
        case .minimum: return a < b ? (one, zero) : (a > b ? (zero, one) : (Self(0.5), Self(0.5)))
        }
    }

    @inlinable public static func _binary(_ function: BinaryFunction, _ layout: StridedLayout, _ a: UnsafePointer<Self>,
                               _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>) {
        @inline(__always) func map(_ f: (Self, Self) -> Self) { layout.forEach { _, o, i, j in y[o] = f(a[i], b[j]) } }
        switch function {
        case .add: map { $0 + $1 }
        case .subtract: map { $0 - $1 }
        case .multiply: map { $0 * $1 }
        case .divide: map { $0 / $1 }
        case .power: map { Self.pow($0, $1) }
        case .maximum: map { $0 < $1 ? $1 : $0 }
        case .minimum: map { $0 > $1 ? $1 : $0 }
        }
    }

    @inlinable public static func _binaryPullback(_ function: BinaryFunction, _ layout: StridedLayout, a: UnsafePointer<Self>,
                                       b: UnsafePointer<Self>, y: UnsafePointer<Self>, seed: UnsafePointer<Self>,
                                       intoA: UnsafeMutablePointer<Self>?, intoB: UnsafeMutablePointer<Self>?) {
        switch function {
        case .add, .subtract:
            // Partials are constants: a pure (broadcast-reducing) accumulation of the seed.
            if let intoA { layout.forEach { _, o, i, _ in intoA[i] += seed[o] } }
            if let intoB {
                if function == .add { layout.forEach { _, o, _, j in intoB[j] += seed[o] } }
                else { layout.forEach { _, o, _, j in intoB[j] -= seed[o] } }
            }
        case .multiply:
            if let intoA { layout.forEach { _, o, i, j in intoA[i] += seed[o] * b[j] } }
            if let intoB { layout.forEach { _, o, i, j in intoB[j] += seed[o] * a[i] } }
        default:
            layout.forEach { _, o, i, j in
                let g = seed[o]
                guard g != .zero else { return }
                let (da, db) = partials(function, a[i], b[j], y[o])
                if let intoA { intoA[i] += g * da }
                if let intoB { intoB[j] += g * db }
            }
        }
    }

    @inlinable public static func _binaryTangent(_ function: BinaryFunction, _ layout: StridedLayout, a: UnsafePointer<Self>,
                                      b: UnsafePointer<Self>, y: UnsafePointer<Self>, tangentA: UnsafePointer<Self>?,
                                      tangentB: UnsafePointer<Self>?, into out: UnsafeMutablePointer<Self>) {
        layout.forEach { _, o, i, j in
            let (da, db) = partials(function, a[i], b[j], y[o])
            var t = Self.zero
            if let tangentA, tangentA[i] != .zero { t += da * tangentA[i] }
            if let tangentB, tangentB[j] != .zero { t += db * tangentB[j] }
            out[o] = t
        }
    }

    @inlinable public static func _stridedAccumulate(_ layout: StridedLayout, from source: UnsafePointer<Self>,
                                          into destination: UnsafeMutablePointer<Self>) {
        layout.forEach { _, d, s, _ in destination[d] += source[s] }
    }

    @inlinable public static func _stridedCopy(_ layout: StridedLayout, from source: UnsafePointer<Self>,
                                    into destination: UnsafeMutablePointer<Self>) {
        layout.forEach { _, d, s, _ in destination[d] = source[s] }
    }

    @inlinable public static func _reduceMax(_ layout: StridedLayout, _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>,
                                  argmax: UnsafeMutablePointer<Int>) {
        // Operand 0 walks the output (stride 0 on reduced axes), operand 1 the input; argmax starts at −1.
        layout.forEach { _, o, i, _ in
            if argmax[o] < 0 || x[i] > y[o] || x[i] != x[i] { y[o] = x[i]; argmax[o] = i }
        }
    }

    @inlinable public static func _select(_ layout: StridedLayout, mask: UnsafePointer<Self>, _ a: UnsafePointer<Self>,
                               _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>) {
        // Operand 0: output; 1: a; 2: b. The mask has the output's shape.
        layout.forEach { p, o, i, j in y[o] = mask[p] != .zero ? a[i] : b[j] }
    }

    @inlinable public static func _softmax(logarithmic: Bool, _ axis: AxisLayout, _ x: UnsafePointer<Self>,
                                _ y: UnsafeMutablePointer<Self>) {
        let n = axis.length, inner = axis.inner
        guard n > 0 else { return }
        for outer in 0..<axis.outer {
            for k in 0..<inner {
                let base = outer * n * inner + k
                var m = x[base]
                for j in 1..<n where x[base + j * inner] > m { m = x[base + j * inner] }
                var sum = Self.zero
                for j in 0..<n { sum += Self.exp(x[base + j * inner] - m) }
                if logarithmic {
                    // (x − m) − log Σ, not x − (m + log Σ): x − m is exact (Sterbenz) and small near the maximum,
                    // whereas m + log Σ rounds to m's ulp (6e-5 at m = 1000 in Float) before the subtraction.
                    let logSum = Self.log(sum)
                    for j in 0..<n { y[base + j * inner] = (x[base + j * inner] - m) - logSum }
                } else {
                    let scale = Self.one / sum
                    for j in 0..<n { y[base + j * inner] = Self.exp(x[base + j * inner] - m) * scale }
                }
            }
        }
    }

    @inlinable public static func _softmaxDerivative(logarithmic: Bool, transposed: Bool, _ axis: AxisLayout,
                                          y: UnsafePointer<Self>, seed: UnsafePointer<Self>,
                                          into out: UnsafeMutablePointer<Self>, accumulate: Bool) {
        // softmax:      J = diag(s) − s sᵀ (symmetric):  v ↦ s ⊙ (v − ⟨s, v⟩)
        // log-softmax:  J = I − 1 sᵀ.  Pullback (Jᵀ v): v − s Σv.   Tangent (J v): v − ⟨s, v⟩.
        let n = axis.length, inner = axis.inner
        for outer in 0..<axis.outer {
            for k in 0..<inner {
                let base = outer * n * inner + k
                var dot = Self.zero
                if logarithmic && !transposed {
                    for j in 0..<n { dot += Self.exp(y[base + j * inner]) * seed[base + j * inner] }
                } else if logarithmic {
                    for j in 0..<n { dot += seed[base + j * inner] }
                } else {
                    for j in 0..<n { dot += y[base + j * inner] * seed[base + j * inner] }
                }
                for j in 0..<n {
                    let p = base + j * inner
                    let value: Self
                    if logarithmic { value = transposed ? seed[p] - Self.exp(y[p]) * dot : seed[p] - dot }
                    else { value = y[p] * (seed[p] - dot) }
                    out[p] = accumulate ? out[p] + value : value
                }
            }
        }
    }

    @inlinable public static func _add(_ count: Int, _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>) {
        for i in 0..<count { y[i] += x[i] }
    }
}
