import Dispatch

/// A raw pointer or buffer pointer (or a closure that writes through one) handed to the tasks of one parallel
/// region, such as the workers of `DispatchQueue.concurrentPerform`.
///
/// ```swift
/// output.withUnsafeMutableBufferPointer { buffer in
///     let shared = UncheckedSendable(buffer)
///     DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
///         let out = shared.value
///         for i in range(of: chunk) { out[i] = … }     // only this chunk's indices
///     }
/// }
/// ```
///
/// Why `@unchecked Sendable`: Swift 6 requires everything a `@Sendable` closure captures to be `Sendable`, and
/// `Unsafe(Mutable)(Buffer)Pointer` is not, because the compiler cannot see who else reads or writes the memory.
/// The numerical kernels split their work by index, which the checker cannot express, so the promise is
/// made here, by hand, in one place, instead of at every call site.
///
/// The rule callers must follow (the compiler does not check it):
/// - every task writes only its own, disjoint index range (rows, chunks, tiles, or a per-worker slot); any
///   element written by one task is neither read nor written by another during the region (shared inputs
///   are read-only for the whole region);
/// - the memory outlives the parallel region: wrap the pointer inside the `withUnsafe…Pointer` closure that
///   owns it, and let the region end (as `concurrentPerform` does, it returns only when all tasks finish)
///   before that closure returns; never store the wrapper or let it escape.
/// - a wrapped closure is called concurrently, so it must itself follow these two rules.
///
/// One documented exception: UMAP's parallel layout updates shared vertices without locks on purpose (Hogwild,
/// as umap-learn's `parallel=True`; see `UMAPLayout`), accepting results that differ between runs.
///
/// `package` access: a tool for this package's kernels, not part of the public API.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped pointer (or closure).
    package let value: Value

    /// Wraps `value` for capture by the tasks of one parallel region.
    @inlinable package init(_ value: Value) { self.value = value }
}

/// `DispatchQueue.concurrentPerform(iterations:execute:)` for a body that is not `@Sendable` (a local function,
/// or a closure parameter of a parallel helper, that reads and writes raw buffers): the body is wrapped in one
/// `UncheckedSendable`, so it must follow that type's rule (iteration `i` writes only its own indices; the memory
/// outlives this call, which returns when every iteration has finished).
package func concurrentPerformSharing(iterations: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
    }
}
