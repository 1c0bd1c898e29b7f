import DataIO
import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("Bundled data sets")
struct BundledDatasetTests {
    @Test func irisMatchesItsPublishedSummary() throws {
        let iris = try Dataset.load(.iris)
        #expect(iris.features.rows == 150 && iris.features.columns == 4)
        #expect(iris.classNames == ["setosa", "versicolor", "virginica"] && iris.classCounts == [50, 50, 50])
        #expect(iris.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        // UCI's summary statistics (cm): means 5.84, 3.05, 3.76, 1.20; standard deviations 0.83, 0.43, 1.76, 0.76
        // (sepal width reads 3.057 / 0.436 with the two corrected rows scikit-learn carries).
        let means = (0..<4).map { j in iris.features.column(j).reduce(0, +) / 150 }
        assertClose(means, [5.843333333333333, 3.0573333333333337, 3.758, 1.1993333333333334], relativeTolerance: 1e-12)
        for (mean, published) in zip(means, [5.84, 3.05, 3.76, 1.20]) { #expect(abs(mean - published) < 0.01) }
        let deviations = (0..<4).map { j -> Double in
            let column = iris.features.column(j)
            return (column.map { ($0 - means[j]) * ($0 - means[j]) }.reduce(0, +) / 149).squareRoot()
        }
        for (deviation, published) in zip(deviations, [0.83, 0.43, 1.76, 0.76]) { #expect(abs(deviation - published) < 0.01) }
        #expect(iris.features.row(0) == [5.1, 3.5, 1.4, 0.2] && iris.labels?.first == "setosa")
    }

    @Test func digitsHaveTheUCIShapeAndClassCounts() throws {
        let digits = try Dataset.load(named: "digits")
        #expect(digits.features.rows == 1797 && digits.features.columns == 64)
        #expect(digits.classNames == (0...9).map(String.init))
        // The class counts of the UCI test part (as in scikit-learn's load_digits).
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        #expect(digits.features.elements.allSatisfy { $0 >= 0 && $0 <= 16 && $0 == $0.rounded() })
        #expect(digits.features.elements.reduce(0, +) == 561_718)
        #expect(digits.targets?.first == 0 && Array(digits.features.row(0).prefix(8)) == [0, 0, 5, 13, 9, 1, 0, 0])
        for bundled in BundledDataset.allCases {
            let set = try Dataset.load(bundled)
            #expect(set.count == bundled.shape.samples && set.features.columns == bundled.shape.features)
            #expect(set.classNames.count == bundled.shape.classes)
        }
    }

    @Test func namesResolveToBundledOrGeneratedSets() throws {
        #expect(try Dataset.named("IRIS").count == 150)
        #expect(try Dataset.named("moons", samples: 40, seed: 3) == Dataset.moons(samples: 40, noise: 0.05, seed: 3))
        #expect(Dataset.availableNames.first == "iris" && Dataset.availableNames.contains("classification"))
        #expect(throws: DatasetError.unknownName("wine", available: Dataset.availableNames)) { try Dataset.named("wine") }
        #expect(throws: DatasetError.self) { try Dataset.load(named: "moons") }
        for synthetic in SyntheticDataset.allCases {
            let set = try synthetic.generate(samples: 30, seed: 1)
            #expect(set.count == 30 && !synthetic.summary.isEmpty)
        }
    }

    @Test func theLocatorHonoursTheEnvironmentAndReportsWhereItLooked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mf-datasets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "a,b,species\n1,2,x\n".write(to: folder.appendingPathComponent("iris.csv"), atomically: true, encoding: .utf8)
        let environment = [DatasetLocator.environmentVariable: folder.path]
        #expect(try DatasetLocator.locate("iris.csv", environment: environment) == folder.appendingPathComponent("iris.csv").path)
        #expect(DatasetLocator.candidateFolders(environment: environment).first?.path == folder.path)
        // An installed binary (make install: PREFIX/bin/dimred) looks in PREFIX/share/mathfoundations/datasets, after
        // the folders above it and before the current directory.
        let installed = DatasetLocator.candidateFolders(environment: [:], executable: URL(fileURLWithPath: "/opt/prefix/bin/dimred"))
            .map(\.path)
        let share = installed.firstIndex(of: "/opt/prefix/share/mathfoundations/datasets")
        #expect(share != nil && installed.firstIndex(of: "/opt/prefix/bin/datasets")! < share!)
        // Without the variable the checkout's datasets/ is found (from the executable, the current folder or #filePath).
        #expect(try DatasetLocator.locate("digits.csv", environment: [:]).hasSuffix("datasets/digits.csv"))
        do {
            _ = try DatasetLocator.locate("no-such-set.csv", environment: environment)
            Issue.record("expected an error")
        } catch let error as DatasetError {
            guard case let .fileNotFound(file, searched) = error else { Issue.record("\(error)"); return }
            #expect(file == "no-such-set.csv" && searched.first == folder.path && searched.count > 2)
            #expect(error.description.hasPrefix("cannot find no-such-set.csv in \(folder.path), "))
            #expect(error.description.hasSuffix("set MATHFOUNDATIONS_DATASETS to the folder holding the project's datasets/ files"))
        }
    }
}
