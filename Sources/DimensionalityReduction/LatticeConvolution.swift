import CFFTW
import Dispatch
import Foundation

/// Linear convolution of several real N × N node fields with one real, even kernel sampled on the node lattice,
/// by FFTW, for the repulsive field of FFT-accelerated t-SNE:
///
///     out_f[r, c] = Σ_{r′, c′ < N} x_f[r′, c′] · K(r − r′, c − c′),    K(−u, v) = K(u, v) = K(u, −v)
///
/// Each field is zero-padded to L × L (L = 2N), so the circular convolution of the padded arrays equals the linear
/// one in the N × N corner; the kernel's circulant embedding is even, so its transform is real and is stored as
/// one real number per frequency. The transforms are pruned to the nonzero corner: the forward row pass
/// (real-to-complex) runs on the N rows that hold data, the column pass on all L / 2 + 1 complex columns, and
/// the inverse row pass (complex-to-real) only on the N rows that are read. That is three quarters of the work
/// of an unpruned 2-D transform pair.
///
/// The fields are transformed in parallel (one task per field). FFTW's planner is not thread-safe, so plans are
/// made and destroyed under one lock; executing them on other arrays (`fftw_execute_dft_*`) is. Plans use
/// `FFTW_ESTIMATE`, which picks the same algorithm on every run, so a seeded fit gives the same layout twice.
///
/// - Complexity: O(L² log L) per field and call; memory (fields + 2) · L · (L/2 + 1) complex values.
/// - Reference: M. Frigo, S. G. Johnson, "The design and implementation of FFTW3", Proc. IEEE 93 (2005).
final class LatticeConvolution: @unchecked Sendable {  // Each task touches only its own field's buffer.
    /// Nodes per side, N.
    let nodes: Int
    /// The padded side, L = 2N.
    let side: Int
    /// Doubles between consecutive rows of a field (the padded real row of an in-place real transform).
    let rowStride: Int
    /// The fields' storage, one FFTW-aligned buffer each of L · rowStride doubles.
    private let fields: [UnsafeMutablePointer<Double>]
    /// The kernel's transform, L × (L/2 + 1) real values, scaled by 1/L².
    private let spectrum: UnsafeMutablePointer<Double>
    private let rowForward: OpaquePointer, columnForward: OpaquePointer, columnInverse: OpaquePointer, rowInverse: OpaquePointer

    /// FFTW's planner state is global and unsynchronised.
    private static let plannerLock = NSLock()

    /// Prepares `fieldCount` fields of N × N nodes (N ≥ 1).
    init(nodes: Int, fieldCount: Int) {
        precondition(nodes >= 1 && fieldCount >= 1, "LatticeConvolution: \(nodes) nodes, \(fieldCount) fields")
        self.nodes = nodes
        side = 2 * nodes
        let columns = side / 2 + 1
        rowStride = 2 * columns
        let count = side * rowStride
        fields = (0..<fieldCount).map { _ in
            let buffer = fftw_alloc_real(count)!
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        spectrum = .allocate(capacity: side * columns)
        spectrum.initialize(repeating: 0, count: side * columns)
        let real = fields[0]
        let complex = UnsafeMutableRawPointer(real).assumingMemoryBound(to: fftw_complex.self)
        let flags = UInt32(FFTW_ESTIMATE)
        var length = Int32(side)
        Self.plannerLock.lock()
        defer { Self.plannerLock.unlock() }
        rowForward = fftw_plan_many_dft_r2c(1, &length, Int32(nodes), real, nil, 1, Int32(rowStride),
                                            complex, nil, 1, Int32(columns), flags)!
        columnForward = fftw_plan_many_dft(1, &length, Int32(columns), complex, nil, Int32(columns), 1,
                                           complex, nil, Int32(columns), 1, FFTW_FORWARD, flags)!
        columnInverse = fftw_plan_many_dft(1, &length, Int32(columns), complex, nil, Int32(columns), 1,
                                           complex, nil, Int32(columns), 1, FFTW_BACKWARD, flags)!
        rowInverse = fftw_plan_many_dft_c2r(1, &length, Int32(nodes), complex, nil, 1, Int32(columns),
                                            real, nil, 1, Int32(rowStride), flags)!
    }

    deinit {
        Self.plannerLock.lock()
        for plan in [rowForward, columnForward, columnInverse, rowInverse] { fftw_destroy_plan(plan) }
        Self.plannerLock.unlock()
        for field in fields { fftw_free(field) }
        spectrum.deallocate()
    }

    /// Field `index`: node (r, c) is at `field(index)[r * rowStride + c]` for r, c < N. Write the charges there
    /// after `clear()`; after `convolve()` the same places hold the convolved values.
    func field(_ index: Int) -> UnsafeMutablePointer<Double> { fields[index] }

    /// Zeroes the N data rows of every field (the padding columns included).
    func clear() {
        for field in fields { field.update(repeating: 0, count: nodes * rowStride) }
    }

    /// Sets the kernel from its values at lattice offsets (du, dv), −N < du, dv < N; `kernel` must be even in
    /// each offset.
    func setKernel(_ kernel: (Int, Int) -> Double) {
        let columns = side / 2 + 1
        let count = side * rowStride
        let real = fftw_alloc_real(count)!
        defer { fftw_free(real) }
        // The circulant embedding: index u holds offset u below N and u − L above it; index N is unused.
        func offset(_ index: Int) -> Int? { index < nodes ? index : (index > nodes ? index - side : nil) }
        for u in 0..<side {
            let row = real + u * rowStride
            row.update(repeating: 0, count: rowStride)
            guard let du = offset(u) else { continue }
            for v in 0..<side { if let dv = offset(v) { row[v] = kernel(du, dv) } }
        }
        let complex = UnsafeMutableRawPointer(real).assumingMemoryBound(to: fftw_complex.self)
        Self.plannerLock.lock()
        let plan = fftw_plan_dft_r2c_2d(Int32(side), Int32(side), real, complex, UInt32(FFTW_ESTIMATE))!
        Self.plannerLock.unlock()
        fftw_execute(plan)
        Self.plannerLock.lock()
        fftw_destroy_plan(plan)
        Self.plannerLock.unlock()
        let scale = 1 / Double(side * side)
        for e in 0..<(side * columns) { spectrum[e] = real[2 * e] * scale }
    }

    /// Convolves every field with the kernel, in place.
    func convolve() {
        let columns = side / 2 + 1
        DispatchQueue.concurrentPerform(iterations: fields.count) { index in
            let real = fields[index]
            let complex = UnsafeMutableRawPointer(real).assumingMemoryBound(to: fftw_complex.self)
            fftw_execute_dft_r2c(rowForward, real, complex)
            // The padding rows: zero before the column pass (they hold the last call's values).
            real.advanced(by: nodes * rowStride).update(repeating: 0, count: (side - nodes) * rowStride)
            fftw_execute_dft(columnForward, complex, complex)
            for e in 0..<(side * columns) {
                let k = spectrum[e]
                real[2 * e] *= k
                real[2 * e + 1] *= k
            }
            fftw_execute_dft(columnInverse, complex, complex)
            fftw_execute_dft_c2r(rowInverse, complex, real)
        }
    }
}
