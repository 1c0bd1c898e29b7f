import Foundation
import LinearAlgebra
import Plotting
import Testing

@Suite("SVG charts")
struct ChartTests {
    static func points(_ n: Int, seed: UInt64) -> (x: [Double], y: [Double]) {
        var rng = SeededGenerator(seed: seed)
        return ((0..<n).map { _ in rng.nextNormal() * 3 + 1 }, (0..<n).map { _ in rng.nextNormal() * 0.2 })
    }

    @Test func scatterColoursPointsByCategoryWithALegend() throws {
        let (x, y) = Self.points(30, seed: 1)
        let names = ["setosa", "versicolor", "virginica"]
        let labels = (0..<30).map { names[($0 * 7) % 3] }
        let plot = ScatterPlot(x: x, y: y, coloring: .categories(labels), title: "Iris <PCA> & more",
                               xLabel: "PC 1", yLabel: "PC 2", colorLabel: "species")
        let elements = try SVGTestParser.parse(plot.svg())
        let circles = elements.filter { $0.cssClass == "point" }
        #expect(circles.count == 30)
        // Classes in sorted order; class k gets class colour k; circle j draws point drawOrder[j].
        let sorted = names.sorted()
        #expect(plot.drawOrder.sorted() == Array(0..<30))
        for (circle, index) in zip(circles, plot.drawOrder) {
            #expect(circle.attributes["fill"] == ColorPalette.classColor(sorted.firstIndex(of: labels[index])!).description)
        }
        #expect(elements.filter { $0.cssClass == "legend-entry" }.map(\.text) == sorted)
        #expect(elements.first { $0.cssClass == "legend-title" }?.text == "species")
        // The title round-trips through XML escaping.
        #expect(elements.first { $0.cssClass == "title" }?.text == "Iris <PCA> & more")
        // Tick labels are the nice-number ticks of the data range.
        let xScale = NiceScale(values: x), yScale = NiceScale(values: y)
        #expect(elements.filter { $0.cssClass == "x-tick" }.map(\.text) == xScale.ticks.map(xScale.label))
        #expect(elements.filter { $0.cssClass == "y-tick" }.map(\.text) == yScale.ticks.map(yScale.label))
    }

    @Test func scatterPointsSitAtTheirDataPositions() throws {
        // Points at the axis bounds land on the plot area's edges; a mid point in the middle.
        let svg = ScatterPlot(x: [0, 10, 5], y: [0, 100, 50], width: 500, height: 400).svg()
        let elements = try SVGTestParser.parse(svg)
        let area = try #require(elements.first { $0.cssClass == "plot-area" })
        let (ax, ay) = (area.number("x")!, area.number("y")!)
        let (aw, ah) = (area.number("width")!, area.number("height")!)
        let circles = elements.filter { $0.cssClass == "point" }
        #expect(circles.map { $0.number("cx")! } == [ax, ax + aw, ax + aw / 2].map { ($0 * 100).rounded() / 100 })
        #expect(abs(circles[0].number("cy")! - (ay + ah)) < 0.01)
        #expect(abs(circles[1].number("cy")! - ay) < 0.01)
        #expect(abs(circles[2].number("cy")! - (ay + ah / 2)) < 0.01)
    }

    @Test func continuousColouringHasAColourBar() throws {
        let (x, y) = Self.points(50, seed: 2)
        let values = (0..<50).map { Double($0) }
        let svg = ScatterPlot(x: x, y: y, coloring: .values(values), colorLabel: "t").svg()
        let elements = try SVGTestParser.parse(svg)
        // The bar spans the data (0...49); its labels are the nice ticks inside that range.
        let scale = NiceScale(values: values)
        #expect(scale.ticks == [0, 10, 20, 30, 40, 50])
        #expect(elements.filter { $0.cssClass == "colorbar-tick" }.map(\.text) == ["0", "10", "20", "30", "40"])
        #expect(elements.filter { $0.name == "stop" }.count == ColorPalette.viridisStops.count)
        let circles = elements.filter { $0.cssClass == "point" }
        for k in [0, 25, 49] {
            #expect(circles[k].attributes["fill"] == ColorPalette.sequential(values[k] / 49).description)
        }
        #expect(circles[0].attributes["fill"] == ColorPalette.viridisStops.first?.description)
        #expect(circles[49].attributes["fill"] == ColorPalette.viridisStops.last?.description)
        // The colour map runs from the first to the last viridis stop.
        #expect(ColorPalette.sequential(0) == ColorPalette.viridisStops.first)
        #expect(ColorPalette.sequential(1) == ColorPalette.viridisStops.last)
    }

    @Test func outputIsDeterministicAndSkipsNonFinitePoints() throws {
        let plot = ScatterPlot(x: [1, .nan, 3, 4], y: [1, 2, .infinity, 4], coloring: .categories(["a", "b", "a", "b"]))
        #expect(plot.svg() == plot.svg())
        let elements = try SVGTestParser.parse(plot.svg())
        #expect(elements.filter { $0.cssClass == "point" }.count == 2)
    }

    @Test func lineChartWithLogarithmicAxis() throws {
        let epochs = (1...50).map(Double.init)
        let loss = epochs.map { 2 * exp(-$0 / 8) }
        var validation = epochs.map { 2.5 * exp(-$0 / 10) }
        validation[20] = .nan
        let chart = LineChart(series: [.init(name: "training", x: epochs, y: loss),
                                       .init(name: "validation & test", x: epochs, y: validation)],
                              title: "Loss", xLabel: "epoch", yLabel: "loss", logarithmicY: true)
        let elements = try SVGTestParser.parse(chart.svg())
        let lines = elements.filter { $0.cssClass == "series" }
        // The NaN breaks the validation curve into two pieces.
        #expect(lines.count == 3)
        #expect(lines[0].attributes["stroke"] == ColorPalette.category(0).description)
        #expect(lines[1].attributes["stroke"] == ColorPalette.category(1).description)
        #expect(lines[0].attributes["points"]!.split(separator: " ").count == 50)
        // Values span 2e−3 ... 2.5: ticks at the powers of ten 0.001 ... 10.
        #expect(elements.filter { $0.cssClass == "y-tick" }.map(\.text) == ["0.001", "0.01", "0.1", "1", "10"])
        #expect(elements.filter { $0.cssClass == "legend-entry" }.map(\.text) == ["training", "validation & test"])
        // On a log axis equal ratios are equal distances: y = 0.01, 0.1, 1 are evenly spaced ticks.
        let ys = elements.filter { $0.cssClass == "y-tick" }.map { $0.number("y")! }
        #expect(abs((ys[0] - ys[1]) - (ys[1] - ys[2])) < 0.02)
    }

    @Test func smallMultiplesGrid() throws {
        let (x, y) = Self.points(20, seed: 3)
        let panels = (0..<5).map { k in
            SmallMultiples.Panel.scatter(ScatterPlot(x: x, y: y.map { $0 * Double(k + 1) }, title: "method \(k)"))
        }
        let grid = SmallMultiples(panels: panels, panelWidth: 300, panelHeight: 250, title: "Gallery")
        #expect(grid.columns == 3 && grid.rows == 2)
        let elements = try SVGTestParser.parse(grid.svg())
        let root = try #require(elements.first)
        #expect(root.name == "svg" && root.number("width") == 900 && root.number("height") == 36 + 500)
        let groups = elements.filter { $0.cssClass == "panel" }
        #expect(groups.map { $0.attributes["transform"]! } == [
            "translate(0,36)", "translate(300,36)", "translate(600,36)", "translate(0,286)", "translate(300,286)",
        ])
        #expect(elements.filter { $0.cssClass == "title" }.map(\.text) == (0..<5).map { "method \($0)" })
        #expect(elements.filter { $0.cssClass == "point" && $0.ancestorClasses.contains("panel") }.count == 100)
    }
}
