/// A 2-D scatter plot, its points coloured by category (with a legend) or by a continuous value (with a
/// colour bar), with nice-tick axes and a title.
///
/// ```swift
/// let plot = ScatterPlot(x: y.column(0), y: y.column(1), coloring: .categories(labels), title: "Isomap")
/// try AtomicFileWriter.write(plot.svg(), to: "embedding.svg")   // DataIO, or any writer
/// ```
///
/// Points are drawn in input order as `<circle class="point">`; non-finite points are left out. Categories
/// are listed in the legend in order of first appearance and category `k` gets `ColorPalette.category(k)`.
public struct ScatterPlot: Sendable {
    /// How points are coloured.
    public enum Coloring: Sendable {
        /// One colour for every point.
        case uniform(Color)
        /// One colour per distinct label, with a legend.
        case categories([String])
        /// A sequential colour map from the smallest to the largest finite value, with a colour bar.
        case values([Double])
    }

    /// The x coordinates.
    public var x: [Double]
    /// The y coordinates, as many as `x`.
    public var y: [Double]
    /// How points are coloured.
    public var coloring: Coloring
    /// The title above the plot (none when empty).
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// The title of the legend or colour bar.
    public var colorLabel: String
    /// The width of the SVG in user units.
    public var width: Double
    /// The height of the SVG in user units.
    public var height: Double
    /// The radius of each point.
    public var pointRadius: Double

    /// A scatter plot of the points `(x[i], y[i])`.
    ///
    /// - Precondition: `x`, `y` and the coloring's labels or values have the same length.
    public init(x: [Double], y: [Double], coloring: Coloring = .uniform(ColorPalette.category(0)), title: String = "",
                xLabel: String = "", yLabel: String = "", colorLabel: String = "",
                width: Double = 640, height: Double = 480, pointRadius: Double = 3) {
        precondition(x.count == y.count, "ScatterPlot: \(x.count) x values but \(y.count) y values")
        switch coloring {
        case let .categories(labels):
            precondition(labels.count == x.count, "ScatterPlot: \(labels.count) labels for \(x.count) points")
        case let .values(values):
            precondition(values.count == x.count, "ScatterPlot: \(values.count) colour values for \(x.count) points")
        case .uniform: break
        }
        self.x = x
        self.y = y
        self.coloring = coloring
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorLabel = colorLabel
        self.width = width
        self.height = height
        self.pointRadius = pointRadius
    }

    /// The distinct categories in order of first appearance and each point's index into them.
    static func categoryCodes(_ labels: [String]) -> (names: [String], codes: [Int]) {
        var index: [String: Int] = [:]
        var names: [String] = []
        let codes = labels.map { label -> Int in
            if let code = index[label] { return code }
            index[label] = names.count
            names.append(label)
            return names.count - 1
        }
        return (names, codes)
    }

    /// The complete SVG document.
    public func svg() -> String {
        var canvas = SVGCanvas()
        draw(in: &canvas, frame: Frame(x: 0, y: 0, width: width, height: height))
        return canvas.document(width: width, height: height)
    }

    func draw(in canvas: inout SVGCanvas, frame: Frame) {
        let rightMargin: Double
        switch coloring {
        case .uniform: rightMargin = 16
        case let .categories(labels):
            let longest = Self.categoryCodes(labels).names.prefix(Legend.maxEntries).map(\.count).max() ?? 0
            rightMargin = min(max(Double(longest) * 7 + 40, 70), frame.width / 3)
        case .values: rightMargin = 80
        }
        let axes = Axes(title: title, xLabel: xLabel, yLabel: yLabel, x: .linear(for: x), y: .linear(for: y),
                        rightMargin: rightMargin)
        axes.draw(in: &canvas, frame: frame)
        let area = axes.plotArea(in: frame)
        var colors: [Color]
        switch coloring {
        case let .uniform(color):
            colors = Array(repeating: color, count: x.count)
        case let .categories(labels):
            let (names, codes) = Self.categoryCodes(labels)
            colors = codes.map(ColorPalette.category)
            Legend.draw(entries: names.enumerated().map { ($1, ColorPalette.category($0)) }, title: colorLabel,
                        marker: .circle, in: &canvas, at: (area.maxX + 12, area.y))
        case let .values(values):
            let domain = ColorBar.domain(of: values)
            colors = values.map { ColorPalette.sequential(($0 - domain.lowerBound) / (domain.upperBound - domain.lowerBound)) }
            ColorBar.draw(domain: domain, title: colorLabel, in: &canvas,
                          frame: Frame(x: area.maxX + 14, y: area.y, width: 14, height: area.height))
        }
        canvas.openGroup([("class", "points"), ("stroke", "#ffffff"), ("stroke-width", "0.4")])
        for i in x.indices {
            guard x[i].isFinite, y[i].isFinite, let (px, py) = axes.position(x[i], y[i], in: area) else { continue }
            canvas.element("circle", [("class", "point"), ("cx", px), ("cy", py), ("r", pointRadius),
                                      ("fill", colors[i].description), ("fill-opacity", 0.85)])
        }
        canvas.closeGroup()
    }
}
