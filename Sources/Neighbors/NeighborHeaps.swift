/// n bounded max-heaps of neighbour candidates in flat buffers: row `i` keeps at most `capacity` pairs
/// (index, key) with the largest key at its root, so `threshold(i)` is the key a newcomer must beat. Each slot
/// also carries a one-byte flag (NN-descent's "new" mark).
///
/// Empty slots hold index −1 and key +∞, so a row that is not yet full accepts any finite key. The storage is
/// three flat allocations (`Int32` indices, `Float` keys, `UInt8` flags), row-major, `rows × capacity` each:
/// at 10⁶ rows and k = 15, 135 MB. Rows are independent, so different threads may push into different rows at
/// the same time (the methods are `nonmutating`: the value only holds the pointers).
///
/// Reference: the flat heaps of pynndescent (`utils.py`, `checked_flagged_heap_push`).
struct NeighborHeaps {
    let rows: Int
    let capacity: Int
    let indices: UnsafeMutablePointer<Int32>
    let keys: UnsafeMutablePointer<Float>
    let flags: UnsafeMutablePointer<UInt8>

    /// `rows` empty heaps of `capacity` slots.
    init(rows: Int, capacity: Int) {
        precondition(rows >= 0 && capacity >= 1, "NeighborHeaps: \(rows) rows of capacity \(capacity)")
        self.rows = rows
        self.capacity = capacity
        let count = max(rows * capacity, 1)
        indices = .allocate(capacity: count)
        keys = .allocate(capacity: count)
        flags = .allocate(capacity: count)
        indices.initialize(repeating: -1, count: count)
        keys.initialize(repeating: .infinity, count: count)
        flags.initialize(repeating: 0, count: count)
    }

    /// Frees the storage; the heaps must not be used afterwards.
    func deallocate() {
        indices.deallocate()
        keys.deallocate()
        flags.deallocate()
    }

    /// Empties row `i`.
    @inline(__always)
    func clear(row i: Int) {
        let base = i * capacity
        for s in 0..<capacity {
            indices[base + s] = -1
            keys[base + s] = .infinity
        }
    }

    /// The largest key kept in row `i` (+∞ while the row has an empty slot).
    @inline(__always)
    func threshold(_ i: Int) -> Float { keys[i * capacity] }

    /// Inserts `index` with `key` and `flag` into row `i` when `key` is below the row's threshold and `index` is
    /// not already there; the root (largest key) leaves. Returns whether it was inserted.
    ///
    /// - Complexity: O(capacity) for the duplicate check, O(log capacity) for the sift.
    @inline(__always)
    @discardableResult
    func push(row i: Int, index: Int32, key: Float, flag: UInt8) -> Bool {
        let base = i * capacity
        let k = keys + base, ids = indices + base, marks = flags + base
        guard key < k[0] else { return false }
        for s in 0..<capacity where ids[s] == index { return false }
        // Replace the root and sift the newcomer down.
        var slot = 0
        while true {
            let left = 2 * slot + 1, right = left + 1
            var child: Int
            if left >= capacity { break }
            if right >= capacity || k[left] >= k[right] { child = left } else { child = right }
            guard k[child] > key else { break }
            k[slot] = k[child]; ids[slot] = ids[child]; marks[slot] = marks[child]
            slot = child
        }
        k[slot] = key; ids[slot] = index; marks[slot] = flag
        return true
    }

    /// Whether row `i` holds `index`.
    @inline(__always)
    func contains(row i: Int, index: Int32) -> Bool {
        let ids = indices + i * capacity
        for s in 0..<capacity where ids[s] == index { return true }
        return false
    }
}
