import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred` with `--method umap`, end to end on small data.
@Suite("dimred umap")
struct UMAPCommandTests {
    @Test("embed --method umap with --min-dist, --spread, --iterations, --init equals the library's UMAP with those settings")
    func embed() throws {
        let scratch = try Scratch()
        let x = try Dataset.blobs(samples: 90, features: 4, centers: 3, seed: 4).features
        try CSVWriter.write(x, columnNames: ["a", "b", "c", "d"], to: scratch.path("x.csv"))
        let result = try DimredProcess.run(["embed", scratch.path("x.csv"), "--method", "umap", "--neighbors", "8",
                                            "--min-dist", "0.3", "--spread", "1.5", "--iterations", "40", "--init", "random",
                                            "--seed", "3", "-o", scratch.path("e.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        let embedding = try CSVReader.read(scratch.path("e.csv")).features
        let data = try CSVReader.read(scratch.path("x.csv")).features
        // Random initialisation, exact neighbours and a single-threaded seeded layout use no BLAS kernel choice:
        // the other process computes the same layout; the CSV text keeps it to rounding.
        let expected = try UMAP(neighbors: 8, minDistance: 0.3, spread: 1.5, epochs: 40, initialization: .random, seed: 3)
            .fitTransform(data)
        assertClose(embedding, expected, relativeTolerance: 1e-12)
    }

    @Test("fit --save and transform with umap; bad umap options fail with one line naming the flag")
    func fitTransformAndErrors() throws {
        let scratch = try Scratch()
        let x = try Dataset.blobs(samples: 80, features: 3, centers: 2, seed: 5).features
        try CSVWriter.write(x.rows(at: 0..<70), columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        try CSVWriter.write(x.rows(at: 70..<80), columnNames: ["a", "b", "c"], to: scratch.path("new.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "umap", "--iterations", "30",
                                         "--save", scratch.path("model.json")])
        #expect(fit.status == 0, "\(fit.stderr)")
        let transform = try DimredProcess.run(["transform", "--model", scratch.path("model.json"), scratch.path("new.csv"),
                                               "-o", scratch.path("new.npy")])
        #expect(transform.status == 0, "\(transform.stderr)")
        let model = try FittedEmbedding(jsonData: Data(contentsOf: URL(fileURLWithPath: scratch.path("model.json"))))
        #expect(model.method == .umap && model.settings.iterations == 30, "\(model.settings)")
        assertClose(try NPY.read(scratch.path("new.npy")), try model.transform(CSVReader.read(scratch.path("new.csv")).features),
                    relativeTolerance: 1e-12)

        let badDistance = try DimredProcess.run(["embed", scratch.path("train.csv"), "--method", "umap", "--min-dist", "2"])
        #expect(badDistance.status == 64 && badDistance.stderr.contains("--min-dist"), "\(badDistance.stderr)")
        let badInit = try DimredProcess.run(["embed", scratch.path("train.csv"), "--method", "umap", "--init", "classical"])
        #expect(badInit.status != 0 && badInit.stderr.contains("classical is not one of UMAP's"), "\(badInit.stderr)")
    }
}
