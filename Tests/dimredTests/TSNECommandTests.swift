import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred` with `--method tsne` on iris: the options reach the library, the model file maps new rows.
@Suite("dimred tsne")
struct TSNECommandTests {
    @Test("embed: the tsne options appear in the JSON and the embedding keeps the neighbourhoods")
    func embed() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["embed", "--dataset", "iris", "--method", "tsne", "--perplexity", "20",
                                            "--iterations", "150", "--exaggeration", "8", "--init", "random", "--seed", "3",
                                            "-o", scratch.path("e.json"), "--quiet"])
        #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
        let json = try JSONValue.parse(try scratch.read("e.json"))
        #expect(json["method"]?.stringValue == "tsne")
        #expect(json["parameters"]?["perplexity"]?.doubleValue == 20 && json["parameters"]?["iterations"]?.intValue == 150)
        #expect(json["parameters"]?["exaggeration"]?.doubleValue == 8 && json["parameters"]?["init"]?.stringValue == "random")
        #expect(json["shape"]?.arrayValue?.compactMap { $0.intValue } == [150, 2])
        let document = try EmbeddingReader.read(scratch.path("e.json"))
        let x = try Dataset.load(.iris).features
        // The reported trustworthiness is that of the written embedding, and t-SNE keeps iris's neighbourhoods
        // (PCA reaches 0.98 at k = 10; a t-SNE that failed to converge would not).
        let trust = try QualityMetrics.trustworthiness(original: x, embedding: document.embedding, neighbors: 10)
        #expect(trust > 0.97, "trustworthiness \(trust)")
        // An initialisation t-SNE does not have is refused with a message saying what to use.
        let spectral = try DimredProcess.run(["embed", "--dataset", "iris", "--method", "tsne", "--init", "spectral",
                                              "-o", scratch.path("s.csv")])
        #expect(spectral.status != 0 && spectral.stderr.contains("spectral is not available for t-SNE"), "\(spectral.stderr)")
        #expect(!scratch.exists("s.csv"))
    }

    @Test("fit --save then transform: the CLI's transform equals the library's on the saved model")
    func fitAndTransform() throws {
        let scratch = try Scratch()
        let iris = try Dataset.load(.iris).features
        try CSVWriter.write(iris, columnNames: ["a", "b", "c", "d"], to: scratch.path("train.csv"))
        let shard = iris.rows(at: Array(stride(from: 0, to: 150, by: 10)))
        try CSVWriter.write(shard, columnNames: ["a", "b", "c", "d"], to: scratch.path("shard.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "tsne", "--perplexity", "15",
                                         "--iterations", "100", "--save", scratch.path("model.json")])
        #expect(fit.status == 0, "\(fit.stderr)")
        let transform = try DimredProcess.run(["transform", "--model", scratch.path("model.json"), scratch.path("shard.csv"),
                                               "-o", scratch.path("shard.npy")])
        #expect(transform.status == 0, "\(transform.stderr)")
        let model = try FittedEmbedding(jsonData: Data(try scratch.read("model.json").utf8))
        #expect(model.method == .tsne && model.settings.perplexity == 15 && model.settings.iterations == 100)
        let expected = try model.transform(shard)
        // The same model in two processes: the neighbour distances may differ in the last bits (another BLAS
        // kernel), which 250 damped steps keep small.
        assertClose(try NPY.read(scratch.path("shard.npy")), expected, relativeTolerance: 1e-6)
        // Each training row lands in its own species' region: its nearest training embedding has its label.
        let labels = try Dataset.load(.iris).targets!
        for (row, i) in stride(from: 0, to: 150, by: 10).enumerated() {
            var best = (Double.infinity, -1)
            for j in 0..<150 {
                let d = hypot(expected[row, 0] - model.embedding[j, 0], expected[row, 1] - model.embedding[j, 1])
                if d < best.0 { best = (d, j) }
            }
            #expect(labels[best.1] == labels[i], "row \(i)")
        }
    }
}
