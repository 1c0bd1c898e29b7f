/// A grid of small charts in one SVG, filled row by row (e.g. one embedding per method, titled with its
/// timing and trustworthiness).
///
/// Each panel is a `<g class="panel" transform="translate(x,y)">` group holding a complete chart.
public struct SmallMultiples: Sendable {
    /// One chart of the grid.
    public enum Panel: Sendable {
        /// A scatter plot.
        case scatter(ScatterPlot)
        /// A line chart.
        case line(LineChart)
    }

    /// The charts, filled row by row.
    public var panels: [Panel]
    /// Panels per row; by default `⌈√count⌉`.
    public var columns: Int
    /// The width of each panel in user units.
    public var panelWidth: Double
    /// The height of each panel in user units.
    public var panelHeight: Double
    /// A title above the whole grid.
    public var title: String

    /// A grid of `panels`, `columns` per row (`nil`: `⌈√count⌉`).
    ///
    /// - Precondition: `columns`, when given, is positive.
    public init(panels: [Panel], columns: Int? = nil, panelWidth: Double = 400, panelHeight: Double = 340,
                title: String = "") {
        precondition(columns.map { $0 > 0 } ?? true, "SmallMultiples: columns must be positive")
        self.panels = panels
        var root = 1
        while root * root < panels.count { root += 1 }
        self.columns = columns ?? root
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.title = title
    }

    /// The number of rows of panels.
    public var rows: Int { (panels.count + columns - 1) / columns }

    /// The complete SVG document.
    public func svg() -> String {
        let top = title.isEmpty ? 0.0 : 36.0
        let width = panelWidth * Double(min(columns, max(panels.count, 1)))
        let height = top + panelHeight * Double(max(rows, 1))
        var canvas = SVGCanvas()
        if !title.isEmpty {
            canvas.element("text", [("class", "grid-title"), ("x", width / 2), ("y", 24.0), ("text-anchor", "middle"),
                                    ("font-size", 16), ("font-weight", "bold")], text: title)
        }
        for (index, panel) in panels.enumerated() {
            let x = Double(index % columns) * panelWidth
            let y = top + Double(index / columns) * panelHeight
            canvas.openGroup([("class", "panel"),
                              ("transform", "translate(\(SVGCanvas.number(x)),\(SVGCanvas.number(y)))")])
            let frame = Frame(x: 0, y: 0, width: panelWidth, height: panelHeight)
            switch panel {
            case let .scatter(plot): plot.draw(in: &canvas, frame: frame)
            case let .line(chart): chart.draw(in: &canvas, frame: frame)
            }
            canvas.closeGroup()
        }
        return canvas.document(width: width, height: height)
    }
}
