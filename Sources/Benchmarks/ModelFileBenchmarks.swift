import Foundation
import MathFoundations

/// The model file of a large fit (issue 11): landmark Isomap on 10 000 × 20 Gaussian rows (500 landmarks), written
/// with every array as JSON numbers (the version-1 layout, the baseline) and with large arrays as base64
/// float64 (version 2). Size, write time, read time (parse + validation); for reference, the speed of
/// Foundation's base64 on the geodesics' worth of bytes (the reader uses its own one-pass decoder).
enum ModelFileBenchmarks {
    static func run(quick: Bool) throws {
        let n = quick ? 2000 : 10_000
        let x = try Dataset.standardGaussian(samples: n, dimension: 20, seed: 5).features
        var settings = EmbeddingSettings()
        settings.landmarks = quick ? 200 : 500
        let fitted = try EmbeddingMethod.landmarkIsomap.fit(x, settings: settings)
        let shard = try Dataset.standardGaussian(samples: 1000, dimension: 20, seed: 6).features
        let expected = try fitted.transform(shard)
        let repeats = quick ? 1 : 3
        var rows: [[String]] = []
        var baseline = (size: 0.0, read: 0.0)
        for (name, storage) in [("JSON numbers (version 1 layout, baseline)", ModelArrayStorage.text), ("base64 float64 (version 2)", .base64)] {
            var data = Data()
            let write = try Bench.time(repeats: repeats) { data = try fitted.jsonData(storage: storage) }
            var loaded: FittedEmbedding?
            let read = try Bench.time(repeats: repeats) { loaded = try FittedEmbedding(jsonData: data) }
            var embedded = Matrix(rows: 0, columns: 0)
            let transform = try Bench.time(repeats: repeats) { embedded = try loaded!.transform(shard) }
            guard embedded == expected else {
                throw DataIOError.invalidArgument(operation: "model benchmark", message: "\(name): the model read back transforms differently")
            }
            let megabytes = Double(data.count) / 1e6
            if storage == .text { baseline = (megabytes, read) } else {
                Summary.add("landmark-Isomap model file, \(n) × 20, \(settings.landmarks) landmarks: size / read",
                            baseline: "JSON numbers (version 1 form), same run: \(String(format: "%.1f", baseline.size)) MB / \(Bench.format(baseline.read)) s",
                            ours: "base64 float64 (version 2): \(String(format: "%.1f", megabytes)) MB / \(Bench.format(read)) s",
                            ratio: String(format: "%.2f× smaller, %.1f× faster to read", baseline.size / megabytes, baseline.read / read))
            }
            rows.append([name, String(format: "%.1f", megabytes), String(format: "%.2f×", baseline.size / megabytes),
                         Bench.format(write), Bench.format(read), String(format: "%.1f×", baseline.read / read),
                         Bench.format(transform)])
        }
        // Foundation's base64 alone, on the geodesics' worth of bytes (m × n float64), for reference.
        let raw = Data((0..<(settings.landmarks * n * 8)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 7) })
        let text = raw.base64EncodedString()
        let decode = try Bench.time(repeats: repeats) {
            guard Data(base64Encoded: text)?.count == raw.count else {
                throw DataIOError.invalidArgument(operation: "model benchmark", message: "base64 round trip failed")
            }
        }
        let encode = Bench.time(repeats: repeats) { _ = raw.base64EncodedString() }
        Bench.printTable(
            "Model file: landmark Isomap \(n) × 20, \(settings.landmarks) landmarks (transform: 1000 rows; for reference, Foundation's base64 of \(raw.count / 1_000_000) MB: decode \(Bench.format(Double(raw.count) / decode / 1e9, 2)) GB/s, encode \(Bench.format(Double(raw.count) / encode / 1e9, 2)) GB/s)",
            header: ["arrays", "size MB", "smaller", "write s", "read s", "faster", "transform s"], rows: rows)
    }
}
