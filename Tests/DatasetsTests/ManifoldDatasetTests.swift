import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("Swiss roll and S-curve as data sets")
struct ManifoldDatasetTests {
    @Test("Dataset.swissRoll lies on (t cos t, h, t sin t) and carries t in values")
    func swissRollCarriesParameter() throws {
        let set = try Dataset.swissRoll(samples: 300, seed: 4)
        let values = try #require(set.values)
        #expect(set.name == "swiss-roll" && set.features.rows == 300 && set.features.columns == 3 && set.targets == nil)
        for i in 0..<300 {
            let t = values[i]
            #expect(t >= 1.5 * .pi && t <= 4.5 * .pi)
            assertClose(set.features[i, 0], t * cos(t), absoluteTolerance: 1e-12)
            assertClose(set.features[i, 2], t * sin(t), absoluteTolerance: 1e-12)
        }
    }

    @Test("Dataset.sCurve satisfies x = sin t, z = sign(t)(cos t − 1)")
    func sCurveSurface() throws {
        let set = try Dataset.sCurve(samples: 200, seed: 2)
        let values = try #require(set.values)
        for i in 0..<200 {
            let t = values[i]
            #expect(abs(t) <= 1.5 * .pi)
            assertClose(set.features[i, 0], sin(t), absoluteTolerance: 1e-12)
            assertClose(set.features[i, 2], (t < 0 ? -1 : 1) * (cos(t) - 1), absoluteTolerance: 1e-12)
        }
    }

    @Test("by name (with - or _), the same seed gives the same bits; bad parameters throw DatasetError")
    func byNameAndErrors() throws {
        let a = try Dataset.named("swiss-roll", samples: 50, noise: 0.1, seed: 7)
        let b = try Dataset.named("SWISS_ROLL", samples: 50, noise: 0.1, seed: 7)
        #expect(a == b && a.features.rows == 50)
        #expect(SyntheticDataset(rawValue: "s-curve") == .sCurve)
        #expect(Dataset.availableNames.contains("swiss-roll") && Dataset.availableNames.contains("s-curve"))
        #expect(throws: DatasetError.invalidParameter(generator: "swissRoll", name: "samples", value: "0", requirement: "at least 1")) {
            try Dataset.swissRoll(samples: 0)
        }
        #expect(throws: DatasetError.self) { try Dataset.sCurve(samples: 10, noise: -1) }
    }
}
