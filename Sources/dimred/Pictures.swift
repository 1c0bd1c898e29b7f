import ArgumentParser
import Foundation
import MathFoundations

extension ScatterPlot.Style: ExpressibleByArgument {}

/// The scatter plot of an embedding's first two columns, coloured by label, else by a continuous value; as
/// points or as a hexagonal density layer (`style`).
enum Pictures {
    static func scatter(_ embedding: Matrix, labels: [String]?, values: [Double]?, classOrder: [String]? = nil, title: String,
                        width: Double = 640, height: Double = 480, maxPoints: Int = ScatterPlot.defaultMaxPoints,
                        seed: UInt64 = 0, style: ScatterPlot.Style = .automatic,
                        hexagonSize: Double = ScatterPlot.defaultHexagonSize) -> ScatterPlot {
        let x = embedding.column(0)
        let y = embedding.columns > 1 ? embedding.column(1) : [Double](repeating: 0, count: embedding.rows)
        let coloring: ScatterPlot.Coloring
        var colorLabel = ""
        if let labels {
            coloring = .categories(labels)
            colorLabel = "label"
        } else if let values {
            coloring = .values(values)
            colorLabel = "t"
        } else {
            coloring = .uniform(ColorPalette.category(0))
        }
        let radius = embedding.rows > 3000 ? 1.6 : embedding.rows > 800 ? 2.2 : 3
        return ScatterPlot(x: x, y: y, coloring: coloring, classOrder: classOrder, title: title, xLabel: "component 1",
                           yLabel: embedding.columns > 1 ? "component 2" : "", colorLabel: colorLabel,
                           width: width, height: height, pointRadius: radius, maxPoints: maxPoints, seed: seed,
                           style: style, hexagonSize: hexagonSize)
    }
}
