import MathFoundations

/// libFuzzer entry point: the first byte chooses the reading options (header, label column, non-finite policy,
/// delimiter), the remaining bytes are the CSV text. A thrown `DataIOError` is an accepted outcome; a table
/// must hold one label, one line number per row and one name per column.
/// Tests/DataIOTests/FuzzRegressionTests.swift replays the corpus and regressions the same way.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let headers: [CSVReadOptions.Header] = [.detect, .present, .absent, .detect]
    let labels: [CSVReadOptions.Column?] = [nil, .index(0), .index(-1), .name("label")]
    let policies: [CSVReadOptions.NonFinitePolicy] = [.reject, .dropRow, .keep, .reject]
    let delimiters: [Character?] = [nil, ",", ";", "\t"]
    let options = CSVReadOptions(delimiter: delimiters[Int(selector >> 6) & 3], header: headers[Int(selector) & 3],
                                 labelColumn: labels[Int(selector >> 2) & 3], nonFinite: policies[Int(selector >> 4) & 3])
    guard let table = try? CSVReader.parse(bytes, source: "fuzz.csv", options: options) else { return 0 }
    let rows = table.features.rows
    precondition(rows > 0 && table.features.columns > 0)
    precondition(table.features.elements.count == rows * table.features.columns)
    precondition(table.featureNames.count == table.features.columns)
    precondition(table.lineNumbers.count == rows)
    precondition(table.labels.map { $0.count == rows } ?? (options.labelColumn == nil))
    if options.nonFinite != .keep { precondition(table.features.elements.allSatisfy(\.isFinite)) }
    return 0
}
