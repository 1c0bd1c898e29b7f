import Foundation
import MathFoundations
import Testing

@Suite("dimred transform with a damaged model file")
struct ModelFileCommandTests {
    @Test("a model whose parts disagree: one line `dimred: error: model FILE: \"field\" …`, exit 65, no output")
    func damagedModel() throws {
        let scratch = try Scratch()
        let train = try Dataset.swissRoll(samples: 60, noise: 0.1, seed: 1).features
        try CSVWriter.write(train, columnNames: ["a", "b", "c"], to: scratch.path("train.csv"))
        let fit = try DimredProcess.run(["fit", scratch.path("train.csv"), "--method", "landmark-isomap", "--landmarks", "10",
                                         "--save", scratch.path("model.json")])
        #expect(fit.status == 0, "\(fit.stderr)")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch.path("model.json")))) as! [String: Any]
        var state = object["landmarkIsomap"] as! [String: Any]
        state["meanSquared"] = [1.0, 2.0]  // 10 landmarks need 10 values: this used to be an index-out-of-range trap
        object["landmarkIsomap"] = state
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: scratch.path("bad.json")))
        let result = try DimredProcess.run(["transform", "--model", scratch.path("bad.json"), scratch.path("train.csv"),
                                            "-o", scratch.path("out.csv")])
        #expect(result.status == 65, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.hasPrefix("dimred: error: model \(scratch.path("bad.json")): \"landmarkIsomap.meanSquared\" has length 2 but the model needs 10 (settings.landmarks)"),
                "\(result.stderr)")
        #expect(result.stderr.filter { $0 == "\n" }.count == 1 && !scratch.exists("out.csv"))
    }
}
