/// A line chart of one or more series (loss curves, learning-rate schedules, curves over dimension), with a
/// legend, nice-tick axes and an optional logarithmic y axis.
///
/// Series are drawn in order as `<polyline class="series">` in `ColorPalette.category(k)`; non-finite points
/// (and, on a log axis, points with y ≤ 0) break the line rather than being joined across.
public struct LineChart: Sendable {
    /// One named curve.
    public struct Series: Sendable {
        /// The name shown in the legend.
        public var name: String
        /// The x coordinates.
        public var x: [Double]
        /// The y coordinates, as many as `x`.
        public var y: [Double]

        /// A curve through `(x[i], y[i])`.
        ///
        /// - Precondition: `x.count == y.count`.
        public init(name: String, x: [Double], y: [Double]) {
            precondition(x.count == y.count, "LineChart.Series \(name): \(x.count) x values but \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
        }

        /// A curve through `(1, y[0]), (2, y[1]), ...` (epochs, steps).
        public init(name: String, y: [Double]) {
            self.init(name: name, x: (1...max(y.count, 1)).prefix(y.count).map(Double.init), y: y)
        }
    }

    /// The curves, drawn in order.
    public var series: [Series]
    /// The title above the chart (none when empty).
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// Plot y on a base-10 logarithmic axis.
    public var logarithmicY: Bool
    /// The width of the SVG in user units.
    public var width: Double
    /// The height of the SVG in user units.
    public var height: Double

    /// A chart of `series`; the defaults give a 640 × 400 chart with a linear y axis.
    public init(series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                logarithmicY: Bool = false, width: Double = 640, height: Double = 400) {
        self.series = series
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logarithmicY = logarithmicY
        self.width = width
        self.height = height
    }

    /// The complete SVG document.
    public func svg() -> String {
        var canvas = SVGCanvas()
        draw(in: &canvas, frame: Frame(x: 0, y: 0, width: width, height: height))
        return canvas.document(width: width, height: height)
    }

    func draw(in canvas: inout SVGCanvas, frame: Frame) {
        let allX = series.flatMap(\.x)
        let allY = series.flatMap(\.y)
        let showLegend = series.count > 1 || !(series.first?.name.isEmpty ?? true)
        let rightMargin = showLegend ? Legend.width(for: series.map(\.name), frameWidth: frame.width) : 16
        let axes = Axes(title: title, xLabel: xLabel, yLabel: yLabel, x: .linear(for: allX),
                        y: logarithmicY ? .log(for: allY) : .linear(for: allY), rightMargin: rightMargin)
        axes.draw(in: &canvas, frame: frame)
        let area = axes.plotArea(in: frame)
        for (k, curve) in series.enumerated() {
            let color = ColorPalette.category(k).description
            var pieces: [[(Double, Double)]] = [[]]
            for i in curve.x.indices {
                if let point = axes.position(curve.x[i], curve.y[i], in: area) {
                    pieces[pieces.count - 1].append(point)
                } else if !pieces[pieces.count - 1].isEmpty {
                    pieces.append([])
                }
            }
            for piece in pieces where !piece.isEmpty {
                let points = piece.map { "\(SVGCanvas.number($0.0)),\(SVGCanvas.number($0.1))" }.joined(separator: " ")
                canvas.element("polyline", [("class", "series"), ("points", points), ("fill", "none"),
                                            ("stroke", color), ("stroke-width", 2), ("stroke-linejoin", "round")])
            }
        }
        if showLegend {
            Legend.draw(entries: series.enumerated().map { ($1.name, ColorPalette.category($0)) }, title: "",
                        marker: .line, in: &canvas, at: (area.maxX + 12, area.y), width: frame.maxX - area.maxX - 12,
                        height: frame.maxY - area.y)
        }
    }
}
