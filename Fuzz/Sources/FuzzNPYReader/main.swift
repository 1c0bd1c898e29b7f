import MathFoundations

/// libFuzzer entry point: the bytes are an `.npy` file. A thrown `DataIOError` is an accepted outcome; a
/// decoded matrix must be non-empty and re-encode and decode to the same bits.
/// Tests/DataIOTests/FuzzRegressionTests.swift replays the corpus and regressions the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let matrix = try? NPY.decode(bytes, source: "fuzz.npy") else { return 0 }
    precondition(matrix.rows > 0 && matrix.columns > 0 && matrix.elements.count == matrix.rows * matrix.columns)
    let again = try! NPY.decode(NPY.encode(matrix))
    precondition(again.rows == matrix.rows && again.columns == matrix.columns)
    precondition(again.elements.map(\.bitPattern) == matrix.elements.map(\.bitPattern))
    return 0
}
