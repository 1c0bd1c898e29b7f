import ArgumentParser
import MathFoundations

extension Dimred {
    /// `dimred datasets`: the names `--dataset` accepts.
    struct ListDatasets: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "datasets",
            abstract: "List the bundled and generated data sets (--dataset NAME).")

        func run() throws {
            let width = Dataset.availableNames.map(\.count).max()! + 2
            print("bundled (datasets/ folder):")
            for set in BundledDataset.allCases {
                print("  " + set.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + set.summary)
            }
            print("generated (--samples N, default \(SyntheticDataset.defaultSamples); --noise; --seed):")
            for set in SyntheticDataset.allCases {
                print("  " + set.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + set.summary)
            }
        }
    }
}
