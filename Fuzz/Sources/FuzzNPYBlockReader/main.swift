import MathFoundations

/// libFuzzer entry point: byte 0 chooses the block rows (1 + bits 0–2) and the size of each read (1 + bits 3–7, so
/// headers and rows are cut at every place); the rest is an `.npy` stream. The block reader must agree with the
/// whole-file reader `NPY.decode`: when it reads every block, their rows are `decode`'s bits; when `decode` reads a
/// C-order array (or a row or column, whose two orders are the same bytes), the block reader reads it too; a thrown
/// `DataIOError` is otherwise an accepted outcome. Tests/DataIOTests/FuzzRegressionTests.swift replays the corpus
/// and regressions the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = try? NPY.decode(bytes, source: "fuzz.npy")
    var streamed: [Double]? = nil
    if let reader = try? NPYBlockReader(bytes: bytes, source: "fuzz.npy", blockRows: 1 + selector & 7,
                                        pieceSize: 1 + selector >> 3) {
        var values: [Double] = []
        var complete = true
        while true {
            let next: Matrix?
            do { next = try reader.next() } catch { complete = false; break }
            guard let block = next else { break }
            precondition(block.rows >= 1 && block.rows <= 1 + selector & 7 && block.columns == reader.columns)
            values += block.elements
        }
        if complete { streamed = values }
    }
    if let streamed {
        guard let whole else { preconditionFailure("the block reader read an array the whole-file reader refuses") }
        precondition(streamed.map(\.bitPattern) == whole.elements.map(\.bitPattern))
    } else if let whole, let header = try? NPY.parseHeader(bytes), !(header.fortranOrder && whole.rows > 1 && whole.columns > 1) {
        preconditionFailure("the whole-file reader read a C-order array the block reader refuses")
    }
    return 0
}
