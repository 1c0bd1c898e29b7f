import Dispatch
import LinearAlgebra

/// How NN-descent updates shared neighbour heaps from many threads without locks and without depending on the
/// order threads run in: propose in parallel, then apply by row ownership.
///
/// `run(chunks:generate:)` calls `generate(chunk, &buffer)` for every chunk on all cores; each chunk writes the
/// updates it proposes ("row `target` could list `other` at key `d`") into its own buffer, sorted into one
/// bucket per owner (core `o` owns the rows `o·⌈n/T⌉ ..< (o+1)·⌈n/T⌉`). Then each core applies its buckets of
/// every chunk, in chunk order, to the rows it owns. Heaps are only read while proposals are made and each row
/// is written by one core, in an order fixed by the chunks: the result is the same for any number of cores.
struct HeapExchange {
    /// One proposed heap entry.
    struct Update {
        var target: Int32
        var other: Int32
        var key: Float
    }

    /// A chunk's proposals, one bucket per owning core.
    struct Buffer {
        fileprivate var buckets: [[Update]]
        fileprivate let rowsPerOwner: Int

        /// Proposes `other` at `key` for row `target`'s heap.
        @inline(__always)
        mutating func emit(target: Int, other: Int, key: Float) {
            buckets[target / rowsPerOwner].append(Update(target: Int32(target), other: Int32(other), key: key))
        }
    }

    let heaps: NeighborHeaps
    let workers: Int

    init(heaps: NeighborHeaps, workers: Int) {
        self.heaps = heaps
        self.workers = max(1, min(workers, heaps.rows))
    }

    /// Proposes in parallel, applies by owner; returns how many proposals entered a heap (flagged new).
    @discardableResult
    func run(chunks: Int, generate: (_ chunk: Int, _ buffer: inout Buffer) -> Void) -> Int {
        guard chunks > 0 else { return 0 }
        let rowsPerOwner = (heaps.rows + workers - 1) / workers
        let empty = Buffer(buckets: [[Update]](repeating: [], count: workers), rowsPerOwner: rowsPerOwner)
        var buffers = [Buffer](repeating: empty, count: chunks)
        var accepted = [Int](repeating: 0, count: workers)
        buffers.withUnsafeMutableBufferPointer { buffers in
            withoutActuallyEscaping(generate) { generate in
                // Chunk `chunk` writes only `buffers[chunk]`; `generate` only reads the heaps.
                let shared = UncheckedSendable((buffers, generate))
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let (buffers, generate) = shared.value
                    generate(chunk, &buffers[chunk])
                }
            }
            accepted.withUnsafeMutableBufferPointer { accepted in
                // Owner `owner` writes only the heap rows it owns and `accepted[owner]`; the buffers are read-only now.
                let shared = UncheckedSendable((buffers, accepted, heaps))
                DispatchQueue.concurrentPerform(iterations: workers) { owner in
                    let (buffers, accepted, heaps) = shared.value
                    var count = 0
                    for chunk in 0..<chunks {
                        for update in buffers[chunk].buckets[owner]
                        where heaps.push(row: Int(update.target), index: update.other, key: update.key, flag: 1) {
                            count += 1
                        }
                    }
                    accepted[owner] = count
                }
            }
        }
        return accepted.reduce(0, +)
    }
}
