import Foundation
import MathFoundations
import TestSupport
import Testing

/// `dimred embed` with the spectral and smacof methods, against the library on the same rows.
@Suite("dimred spectral and smacof")
struct SpectralAndSMACOFCommandTests {
    @Test("spectral: the library's SpectralEmbedding up to column signs; JSON parameters; fit --save refused")
    func spectral() throws {
        let scratch = try Scratch()
        let result = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "spectral",
                                            "--neighbors", "12", "--connect-components", "-o", scratch.path("s.json"), "-q"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(try scratch.read("s.json"))
        #expect(json["method"]?.stringValue == "spectral" && json["parameters"]?["neighbors"]?.intValue == 12)
        let x = try Dataset.load(.iris).features
        let expected = try SpectralEmbedding(affinity: .nearestNeighbors(12), connectComponents: true).fit(x)
        let written = try EmbeddingReader.read(scratch.path("s.json"))
        assertEqualUpToColumnSigns(written.embedding, expected.embedding, relativeTolerance: 1e-7)
        // Without a link the 12-NN graph of iris falls apart (setosa is apart): one line, no output.
        let apart = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "spectral",
                                           "--neighbors", "12", "-o", scratch.path("apart.csv"), "-q"])
        #expect(apart.status != 0 && apart.stderr.contains("connected components") && !scratch.exists("apart.csv"))
        let refused = try DimredProcess.run(["fit", CommandTests.iris, "--labels", "species", "--method", "spectral",
                                             "--save", scratch.path("m.json")])
        #expect(refused.status == 64 && refused.stderr.hasPrefix("dimred: error: spectral has no transform"), "\(refused.stderr)")
        #expect(!scratch.exists("m.json"))
    }

    @Test("smacof: --nonmetric, --iterations, --init and --seed reach the library's SMACOF; --init pca is refused")
    func smacof() throws {
        let scratch = try Scratch()
        let x = try Dataset.load(.iris).features
        let nonMetric = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "smacof", "--nonmetric",
                                               "--iterations", "40", "--init", "classical", "-o", scratch.path("n.json"), "-q"])
        #expect(nonMetric.status == 0, "\(nonMetric.stderr)")
        let expected = try SMACOF(metric: false, initialization: .classicalMDS, maxIterations: 40).fit(x)
        let written = try EmbeddingReader.read(scratch.path("n.json"))
        // Two processes may differ in BLAS rounding; 40 majorization steps keep it far below 1e-6.
        assertClose(written.embedding, expected.embedding, relativeTolerance: 1e-6)
        let json = try JSONValue.parse(try scratch.read("n.json"))
        #expect(json["parameters"]?["metric-mds"]?.stringValue == "false" || json["parameters"]?["metric-mds"]?.boolValue == false)

        let metric = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "smacof", "--iterations", "25", "--seed", "3",
                                            "-o", scratch.path("m.npy"), "-q"])
        #expect(metric.status == 0, "\(metric.stderr)")
        let random = try SMACOF(maxIterations: 25, seed: 3).fit(x)
        assertClose(try NPY.read(scratch.path("m.npy")), random.embedding, relativeTolerance: 1e-6)

        let pca = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "smacof", "--init", "pca", "-o", scratch.path("p.csv"), "-q"])
        #expect(pca.status != 0 && pca.stderr.contains("random or classical") && !scratch.exists("p.csv"), "\(pca.stderr)")
        let badIterations = try DimredProcess.run(["embed", CommandTests.iris, "--labels", "species", "--method", "smacof", "--iterations", "0", "-q"])
        #expect(badIterations.status == 64 && badIterations.stderr.contains("--iterations"), "\(badIterations.stderr)")
    }
}
