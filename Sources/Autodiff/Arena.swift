/// Bump allocation of node values (and of adjoints / tangents) in a few large blocks, so a graph of scalar
/// operations costs no heap allocation per node and a reused graph (`Graph.reset()`) none at all.
///
/// Blocks grow geometrically and are kept across `reset()`; they are freed by `release()` (the graph's
/// `deinit`). Allocations are 16-byte aligned, 64-byte aligned from 64 bytes up (cache lines, for BLAS).
@usableFromInline struct Arena {
    /// Each block: its 64-byte aligned start, usable size, and the allocation to free.
    @usableFromInline var blocks: [(pointer: UnsafeMutableRawPointer, bytes: Int, allocation: UnsafeMutableRawPointer)] = []
    @usableFromInline var current = 0
    @usableFromInline var used = 0
    /// Bytes handed out since the last reset.
    @usableFromInline var bytesInUse = 0

    @inlinable mutating func allocate(bytes requested: Int, zeroed: Bool) -> UnsafeMutableRawPointer {
        let alignment = requested >= 64 ? 64 : 16
        let bytes = Swift.max((requested + alignment - 1) / alignment * alignment, alignment)
        var start = (used + alignment - 1) / alignment * alignment
        if blocks.isEmpty || start + bytes > blocks[current].bytes {
            // Move on to the next kept block if it is large enough, else insert a fresh one there.
            let next = blocks.isEmpty ? 0 : current + 1
            if next < blocks.count && blocks[next].bytes >= bytes {
                current = next
            } else {
                let previous = blocks.last?.bytes ?? 2048
                let size = Swift.max(bytes, Swift.min(previous * 2, 1 << 24))
                // Plain malloc (16-byte aligned) plus 48 bytes of slack is cheaper than an aligned allocation.
                let allocation = UnsafeMutableRawPointer.allocate(byteCount: size + 48, alignment: 16)
                let start = allocation + ((64 - Int(bitPattern: allocation) % 64) % 64)
                blocks.insert((start, size, allocation), at: next)
                current = next
            }
            start = 0
        }
        used = start + bytes
        bytesInUse += bytes
        let pointer = blocks[current].pointer + start
        if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: requested) }
        return pointer
    }

    /// Forgets every allocation, keeping the blocks for reuse.
    @inlinable mutating func reset() {
        current = 0
        used = 0
        bytesInUse = 0
    }

    /// Frees the blocks.
    @inlinable mutating func release() {
        for block in blocks { block.allocation.deallocate() }
        blocks = []
        reset()
    }
}
