import CLapack
import Foundation

/// The element type of a `Tensor`: `Float` or `Double` (dispatching to single- or double-precision BLAS), or a
/// dual number `Dual<Float>` / `Dual<Double>` for forward-over-reverse second derivatives.
///
/// The elementary functions are the real-valued ones of the C maths library. The per-element kernels every
/// operation uses (`_unary`, `_binary`, …) are requirements with default implementations, so that each
/// conformance gets a copy of them compiled for its own type: a tensor program running on `Float` pays one
/// indirect call per operation, never one per element.
public protocol TensorScalar: AdditiveArithmetic, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The value nearest to `value`.
    init(_ value: Double)
    /// The value as a `Double` (for a dual number: its primal part).
    var doubleValue: Double { get }

    /// The product of two scalars (for a dual number, by the product rule).
    static func * (lhs: Self, rhs: Self) -> Self
    /// The quotient of two scalars (for a dual number, by the quotient rule).
    static func / (lhs: Self, rhs: Self) -> Self
    /// The negation.
    static prefix func - (operand: Self) -> Self

    /// `eˣ`.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm (−∞ at 0, NaN below 0).
    static func log(_ x: Self) -> Self
    /// `log(1 + x)`, accurate for small `x`.
    static func log1p(_ x: Self) -> Self
    /// `√x`.
    static func sqrt(_ x: Self) -> Self
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The error function `erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt`.
    static func erf(_ x: Self) -> Self
    /// `xʸ`.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// The sine.
    static func sin(_ x: Self) -> Self
    /// The cosine.
    static func cos(_ x: Self) -> Self

    /// `C ← alpha · op(A) · op(B) + beta · C` on row-major buffers (`sgemm` / `dgemm` for `Float` / `Double`).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    // Kernels with default implementations in `TensorScalar+Kernels.swift` (not for direct use).
    static func _unary(_ function: UnaryFunction, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, _ count: Int)
    static func _unaryDerivative(_ function: UnaryFunction, x: UnsafePointer<Self>, y: UnsafePointer<Self>,
                                 seed: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>, count: Int,
                                 accumulate: Bool)
    static func _binary(_ function: BinaryFunction, _ layout: StridedLayout, _ a: UnsafePointer<Self>,
                        _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    static func _binaryPullback(_ function: BinaryFunction, _ layout: StridedLayout, a: UnsafePointer<Self>,
                                b: UnsafePointer<Self>, y: UnsafePointer<Self>, seed: UnsafePointer<Self>,
                                intoA: UnsafeMutablePointer<Self>?, intoB: UnsafeMutablePointer<Self>?)
    static func _binaryTangent(_ function: BinaryFunction, _ layout: StridedLayout, a: UnsafePointer<Self>,
                               b: UnsafePointer<Self>, y: UnsafePointer<Self>, tangentA: UnsafePointer<Self>?,
                               tangentB: UnsafePointer<Self>?, into out: UnsafeMutablePointer<Self>)
    static func _stridedAccumulate(_ layout: StridedLayout, from source: UnsafePointer<Self>,
                                   into destination: UnsafeMutablePointer<Self>)
    static func _stridedCopy(_ layout: StridedLayout, from source: UnsafePointer<Self>,
                             into destination: UnsafeMutablePointer<Self>)
    static func _reduceMax(_ layout: StridedLayout, _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>,
                           argmax: UnsafeMutablePointer<Int>)
    static func _softmax(logarithmic: Bool, _ axis: AxisLayout, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    static func _softmaxDerivative(logarithmic: Bool, transposed: Bool, _ axis: AxisLayout, y: UnsafePointer<Self>,
                                   seed: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>, accumulate: Bool)
    static func _select(_ layout: StridedLayout, mask: UnsafePointer<Self>, _ a: UnsafePointer<Self>,
                        _ b: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    static func _add(_ count: Int, _ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>)
    static func _pool2d(_ kind: PoolingKind, _ geometry: ConvolutionGeometry, _ x: UnsafePointer<Self>,
                        _ y: UnsafeMutablePointer<Self>, argmax: UnsafeMutablePointer<Int>?)
    static func _averagePool2dPullback(_ geometry: ConvolutionGeometry, seed: UnsafePointer<Self>,
                                       into out: UnsafeMutablePointer<Self>)
    static func _maxPool2x2Pullback(_ geometry: ConvolutionGeometry, argmax: UnsafePointer<Int>, seed: UnsafePointer<Self>,
                                    into out: UnsafeMutablePointer<Self>)
    static func _planeMeanPullback(planes: Int, plane: Int, seed: UnsafePointer<Self>, into out: UnsafeMutablePointer<Self>,
                                   accumulate: Bool)
    static func _factor(_ kind: LinearSolveKind, n: Int, _ a: UnsafeMutablePointer<Self>,
                        pivots: UnsafeMutablePointer<Int32>) -> Int
    static func _solveFactored(_ kind: LinearSolveKind, n: Int, rightHandSides: Int, transposed: Bool,
                               _ factor: UnsafePointer<Self>, pivots: UnsafePointer<Int32>, _ b: UnsafeMutablePointer<Self>)
}

extension TensorScalar {
    /// The multiplicative identity.
    @inline(__always) public static var one: Self { Self(1) }
}

extension Float: TensorScalar {
    @inlinable public var doubleValue: Double { Double(self) }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inlinable public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    @inlinable public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Float) -> Float { Foundation.cos(x) }

    @inlinable public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable public static func _add(_ count: Int, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        if count == 1 { y[0] += x[0] } else { cblas_saxpy(Int32(count), 1, x, 1, y, 1) }
    }
}

extension Double: TensorScalar {
    @inlinable public var doubleValue: Double { self }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inlinable public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Foundation.cos(x) }

    @inlinable public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    @inlinable public static func _add(_ count: Int, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
        if count == 1 { y[0] += x[0] } else { cblas_daxpy(Int32(count), 1, x, 1, y, 1) }
    }
}
