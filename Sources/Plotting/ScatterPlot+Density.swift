extension ScatterPlot {
    /// The style drawn: `style`, with `.automatic` resolved to `.density` when there are more finite points
    /// than `maxPoints` and to `.points` otherwise.
    public var resolvedStyle: Style {
        switch style {
        case .points, .density: return style
        case .automatic:
            var finite = 0
            for i in x.indices where x[i].isFinite && y[i].isFinite { finite += 1 }
            return finite > maxPoints ? .density : .points
        }
    }

    /// The density layer `svg()` draws (`nil` when the resolved style is `.points`): every finite point binned in
    /// hexagons of `hexagonSize` user units over the plot area (the grid's origin at its top-left corner).
    public var densityLayer: HexbinLayer? {
        guard resolvedStyle == .density else { return nil }
        return densityLayout(frame: Frame(x: 0, y: 0, width: width, height: height)).layer
    }

    /// The caption of a density picture: the counts, what colour and opacity mean, and any points left out.
    static func densityCaption(_ layer: HexbinLayer, coloring: Coloring, nonFinite: Int) -> String {
        let points = "\(grouped(layer.pointCount)) point\(layer.pointCount == 1 ? "" : "s")"
        let hexagons = "\(grouped(layer.bins.count)) hexagon\(layer.bins.count == 1 ? "" : "s")"
        var caption = "density of \(points) in \(hexagons)"
        switch coloring {
        case .uniform: caption += ", shaded by log count"
        case .categories: caption += ": majority class, opacity by log count"
        case .values: caption += ": mean value, opacity by log count"
        }
        if nonFinite > 0 { caption += "; \(grouped(nonFinite)) non-finite point\(nonFinite == 1 ? "" : "s") left out" }
        return caption
    }

    /// The axes, plot area and binned layer of a density picture in `frame`.
    private func densityLayout(frame: Frame) -> (axes: Axes, area: Frame, layer: HexbinLayer, classes: (names: [String], codes: [Int])?) {
        let classes = self.classes
        let rightMargin: Double
        switch coloring {
        case .uniform, .values: rightMargin = 80
        case .categories:
            // The legend's names, and room for its note on what the opacity means.
            rightMargin = max(Legend.width(for: classes!.names, frameWidth: frame.width), min(140, frame.width / 3))
        }
        let axes = Axes(title: title, xLabel: xLabel, yLabel: yLabel, x: .linear(for: x), y: .linear(for: y),
                        rightMargin: rightMargin, bottomMargin: 16)
        let area = axes.plotArea(in: frame)
        var gridX = [Double](repeating: .nan, count: x.count), gridY = gridX
        for i in x.indices {
            guard let (px, py) = axes.position(x[i], y[i], in: area) else { continue }
            (gridX[i], gridY[i]) = (px - area.x, py - area.y)
        }
        var values: [Double]?
        if case let .values(v) = coloring { values = v }
        let layer = HexbinLayer(x: gridX, y: gridY, grid: HexagonalGrid(size: hexagonSize), classCodes: classes?.codes,
                                classCount: classes?.names.count ?? 0, values: values)
        return (axes, area, layer, classes)
    }

    /// Draws the axes, the hexagons (clipped to the plot area), their count bar, legend or colour bar, and the
    /// caption.
    func drawDensity(in canvas: inout SVGCanvas, frame: Frame) {
        let (axes, area, layer, classes) = densityLayout(frame: frame)
        axes.draw(in: &canvas, frame: frame)
        var finite = 0
        for i in x.indices where x[i].isFinite && y[i].isFinite { finite += 1 }
        let caption = Self.densityCaption(layer, coloring: coloring, nonFinite: x.count - finite)
        canvas.element("text", [("class", "caption"), ("x", frame.x + 6), ("y", frame.maxY - 6), ("font-size", 11),
                                ("fill", "#555555")], text: TextFit.truncated(caption, toWidth: frame.width - 12, fontSize: 11))
        let origin = (area.x, area.y)
        let barFrame = Frame(x: area.maxX + 14, y: area.y, width: 14, height: area.height)
        switch coloring {
        case .uniform:
            layer.draw(in: &canvas, origin: origin, clip: area) { (ColorPalette.sequential(layer.shade($0.count)), nil) }
            layer.drawCountBar(title: colorLabel.isEmpty ? "points / hexagon" : colorLabel, in: &canvas, frame: barFrame)
        case .categories:
            let names = classes!.names
            layer.draw(in: &canvas, origin: origin, clip: area) {
                (ColorPalette.classColor($0.majorityClass ?? 0), layer.opacity($0.count))
            }
            var note = "hexagon colour: its majority class; opacity: points per hexagon, 1 to \(Self.grouped(layer.maxCount)), log scale"
            if names.count > ColorPalette.classes.count { note += "; colours repeat every \(ColorPalette.classes.count) classes" }
            Legend.draw(entries: names.enumerated().map { ($1, ColorPalette.classColor($0)) }, title: colorLabel,
                        marker: .circle, note: note, in: &canvas, at: (area.maxX + 12, area.y),
                        width: frame.maxX - area.maxX - 12, height: frame.maxY - area.y)
        case let .values(values):
            let domain = ColorBar.domain(of: values)
            layer.draw(in: &canvas, origin: origin, clip: area) { bin in
                let color = bin.meanValue.map { ColorPalette.sequential(($0 - domain.lowerBound) / (domain.upperBound - domain.lowerBound)) }
                return (color ?? ColorPalette.sequential(.nan), layer.opacity(bin.count))
            }
            ColorBar.draw(domain: domain, title: colorLabel, in: &canvas, frame: barFrame)
        }
    }
}
