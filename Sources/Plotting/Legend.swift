/// A list of coloured markers with names, drawn beside a chart.
enum Legend {
    /// Entries beyond this many are summarised as "… N more".
    static let maxEntries = 20

    enum Marker { case circle, line }

    static func draw(entries: [(name: String, color: Color)], title: String, marker: Marker,
                     in canvas: inout SVGCanvas, at origin: (x: Double, y: Double)) {
        var y = origin.y + 8
        canvas.openGroup([("class", "legend")])
        if !title.isEmpty {
            canvas.element("text", [("class", "legend-title"), ("x", origin.x), ("y", y + 4), ("font-weight", "bold")],
                           text: title)
            y += 18
        }
        for (name, color) in entries.prefix(maxEntries) {
            switch marker {
            case .circle:
                canvas.element("circle", [("class", "legend-marker"), ("cx", origin.x + 5), ("cy", y), ("r", 5),
                                          ("fill", color.description)])
            case .line:
                canvas.element("line", [("class", "legend-marker"), ("x1", origin.x), ("y1", y), ("x2", origin.x + 14),
                                        ("y2", y), ("stroke", color.description), ("stroke-width", 2.5)])
            }
            canvas.element("text", [("class", "legend-entry"), ("x", origin.x + 20), ("y", y + 4)], text: name)
            y += 17
        }
        if entries.count > maxEntries {
            canvas.element("text", [("class", "legend-more"), ("x", origin.x), ("y", y + 4)],
                           text: "… \(entries.count - maxEntries) more")
        }
        canvas.closeGroup()
    }
}

/// A vertical sequential colour bar with nice ticks, for a continuous colouring.
enum ColorBar {
    static func draw(scale: NiceScale, title: String, in canvas: inout SVGCanvas, frame: Frame) {
        let gradient = canvas.identifier("colorbar")
        var stops = "<linearGradient id=\"\(gradient)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n"
        let count = ColorPalette.viridisStops.count
        for (k, color) in ColorPalette.viridisStops.enumerated() {
            stops += "<stop offset=\"\(SVGCanvas.number(Double(k) / Double(count - 1)))\" stop-color=\"\(color)\"/>\n"
        }
        stops += "</linearGradient>\n"
        canvas.raw(stops, toDefinitions: true)
        canvas.openGroup([("class", "colorbar")])
        canvas.element("rect", [("class", "colorbar-gradient"), ("x", frame.x), ("y", frame.y), ("width", frame.width),
                                ("height", frame.height), ("fill", "url(#\(gradient))"), ("stroke", "#333333"),
                                ("stroke-width", 0.5)])
        for tick in scale.ticks {
            let py = frame.maxY - (tick - scale.lower) / (scale.upper - scale.lower) * frame.height
            canvas.element("line", [("x1", frame.maxX), ("y1", py), ("x2", frame.maxX + 4), ("y2", py),
                                    ("stroke", "#333333"), ("stroke-width", 1)])
            canvas.element("text", [("class", "colorbar-tick"), ("x", frame.maxX + 6), ("y", py + 4)],
                           text: scale.label(tick))
        }
        if !title.isEmpty {
            canvas.element("text", [("class", "colorbar-title"), ("x", frame.x), ("y", frame.y - 6)], text: title)
        }
        canvas.closeGroup()
    }
}
