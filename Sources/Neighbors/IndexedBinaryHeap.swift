/// A binary min-heap of vertices keyed by tentative distance, with decrease-key: Dijkstra's priority queue.
///
/// Storage is allocated once for `capacity` vertices and reused for every source (`reset()`), so a run of
/// thousands of sources allocates nothing in its loop. Keys live beside the vertices in the heap array for
/// locality; `position[v]` is v's slot, −1 when v is not in the heap.
struct IndexedBinaryHeap {
    private var keys: UnsafeMutablePointer<Double>
    private var vertices: UnsafeMutablePointer<Int32>
    private var position: UnsafeMutablePointer<Int32>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        keys = .allocate(capacity: max(capacity, 1))
        vertices = .allocate(capacity: max(capacity, 1))
        position = .allocate(capacity: max(capacity, 1))
        position.initialize(repeating: -1, count: capacity)
    }

    /// Frees the storage; the heap must not be used afterwards.
    func deallocate() {
        keys.deallocate()
        vertices.deallocate()
        position.deallocate()
    }

    /// Empties the heap (only the slots in use are touched).
    mutating func reset() {
        for slot in 0..<count { position[Int(vertices[slot])] = -1 }
        count = 0
    }

    var isEmpty: Bool { count == 0 }

    /// Inserts `vertex` with `key`, or lowers its key if it is already queued with a larger one.
    @inline(__always)
    mutating func insertOrDecrease(_ vertex: Int, key: Double) {
        var slot = Int(position[vertex])
        if slot < 0 {
            slot = count
            count += 1
        } else if keys[slot] <= key {
            return
        }
        // Sift up from `slot`.
        while slot > 0 {
            let parent = (slot - 1) >> 1
            guard keys[parent] > key else { break }
            keys[slot] = keys[parent]
            vertices[slot] = vertices[parent]
            position[Int(vertices[slot])] = Int32(slot)
            slot = parent
        }
        keys[slot] = key
        vertices[slot] = Int32(vertex)
        position[vertex] = Int32(slot)
    }

    /// Removes and returns the vertex with the smallest key.
    @inline(__always)
    mutating func popMinimum() -> (vertex: Int, key: Double) {
        let top = (Int(vertices[0]), keys[0])
        position[top.0] = -1
        count -= 1
        guard count > 0 else { return top }
        let key = keys[count], vertex = vertices[count]
        // Sift down from the root.
        var slot = 0
        while true {
            var child = 2 * slot + 1
            guard child < count else { break }
            if child + 1 < count && keys[child + 1] < keys[child] { child += 1 }
            guard keys[child] < key else { break }
            keys[slot] = keys[child]
            vertices[slot] = vertices[child]
            position[Int(vertices[slot])] = Int32(slot)
            slot = child
        }
        keys[slot] = key
        vertices[slot] = vertex
        position[Int(vertex)] = Int32(slot)
        return top
    }
}
