import MathFoundations

/// libFuzzer entry point: the first byte chooses the format (CSV, JSON, NPY), the remaining bytes are the
/// embedding file `dimred evaluate` reads. A thrown `DataIOError` is an accepted outcome; a document must be
/// non-empty, consistent, and pass (or throw from) the check `evaluate` makes against the data's row count.
/// Tests/DataIOTests/FuzzRegressionTests.swift replays the corpus and regressions the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let formats: [EmbeddingFormat] = [.csv, .json, .npy]
    let format = formats[Int(data[0]) % formats.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let document = try? EmbeddingReader.decode(bytes, format: format, source: "fuzz." + format.rawValue) else { return 0 }
    let embedding = document.embedding
    precondition(embedding.rows > 0 && embedding.columns > 0)
    precondition(embedding.elements.count == embedding.rows * embedding.columns)
    precondition(document.labels.map { $0.count == embedding.rows } ?? true)
    precondition(document.columnNames.map { $0.count == embedding.columns } ?? true)
    _ = try? EmbeddingReader.validate(document, rows: embedding.rows, source: "fuzz." + format.rawValue)
    return 0
}
