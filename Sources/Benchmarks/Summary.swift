import Foundation

/// The README's performance table, collected while the sections run and printed at the end with `--markdown`,
/// headed by the run's date, processor and OpenBLAS kernel, so the whole table comes from one run.
///
/// A section adds one row per README line with `Summary.add(...)`: what was measured, the baseline (with its
/// library and version, or "not run"), our figure, and the ratio.
enum Summary {
    // nonisolated(unsafe): appended and printed only by the benchmark's main thread, one section after another.
    nonisolated(unsafe) private static var rows: [[String]] = []

    static func add(_ benchmark: String, baseline: String, ours: String, ratio: String = "") {
        rows.append([benchmark, baseline, ours, ratio])
    }

    /// One row over several sizes: "benchmark, n = 4000 / 8000", the baseline's figures (or "not run"), ours, and
    /// ours / theirs per size, each figure with `digits` decimals and `unit`.
    static func addSizes(_ benchmark: String, baseline: String, figures: [(n: Int, theirs: Double?, ours: Double)],
                         unit: String, digits: Int = 2) {
        guard !figures.isEmpty else { return }
        let sizes = figures.map { "\($0.n)" }.joined(separator: " / ")
        let theirs = figures.allSatisfy { $0.theirs == nil } ? PythonBaseline.notRun
            : figures.map { $0.theirs.map { Bench.format($0, digits) } ?? PythonBaseline.notRun }.joined(separator: " / ") + " \(unit)"
        let ours = figures.map { Bench.format($0.ours, digits) }.joined(separator: " / ") + " \(unit)"
        let ratios = figures.map { PythonBaseline.ratio($0.ours, $0.theirs) }.joined(separator: " / ")
        add("\(benchmark), n = \(sizes)", baseline: theirs == PythonBaseline.notRun ? "\(baseline): not run" : "\(baseline): \(theirs)",
            ours: ours, ratio: ratios)
    }

    /// The markdown table: a heading line with the run's conditions, then one row per `add`.
    static func markdown(sections: [String], quick: Bool) -> String {
        var text = "Measured \(RunHeader.summary), with `make bench`"
            + (quick ? " at the --quick sizes" : "") + " (sections: \(sections.joined(separator: ", "))); "
        text += "every baseline ran in the same run (\"not run\": its Python library was missing).\n\n"
        text += "| benchmark | baseline | ours | ours / baseline |\n|---|---|---|---|\n"
        for row in rows {
            text += "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        }
        return text
    }
}
