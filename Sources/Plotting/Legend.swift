/// A list of coloured markers with names, drawn beside a chart, fitted to the room it is given: names longer
/// than the width end in `…`, entries beyond the height are summarised as "… N more", and an optional note
/// (how colours repeat) is wrapped to the width.
enum Legend {
    /// Entries beyond this many are summarised as "… N more" even when there is room.
    static let maxEntries = 30
    static let entryHeight = 17.0
    static let noteHeight = 15.0
    static let noteFontSize = 11.0

    enum Marker { case circle, line }

    /// The width a legend of `names` asks for: its longest name (estimated) plus the marker, between 70 and a
    /// third of `frameWidth`.
    static func width(for names: [String], frameWidth: Double) -> Double {
        let longest = names.prefix(maxEntries).map { TextFit.width($0) }.max() ?? 0
        return min(max(longest + 40, 70), frameWidth / 3)
    }

    static func draw(entries: [(name: String, color: Color)], title: String, marker: Marker, note: String? = nil,
                     in canvas: inout SVGCanvas, at origin: (x: Double, y: Double), width: Double, height: Double) {
        var y = origin.y + 8
        let textWidth = max(width - 28, 0)
        let noteLines = note.map { TextFit.wrapped($0, toWidth: max(width - 12, 0), fontSize: noteFontSize) } ?? []
        let titleHeight = title.isEmpty ? 0.0 : 18
        let room = Int(((height - 8 - titleHeight - Double(noteLines.count) * noteHeight) / entryHeight).rounded(.down))
        let fits = entries.count <= min(max(room, 0), maxEntries)
        let shown = fits ? entries.count : max(min(room, maxEntries) - 1, 0)
        canvas.openGroup([("class", "legend")])
        if !title.isEmpty {
            canvas.element("text", [("class", "legend-title"), ("x", origin.x), ("y", y + 4), ("font-weight", "bold")],
                           text: TextFit.truncated(title, toWidth: max(width - 12, 0)))
            y += titleHeight
        }
        for (name, color) in entries.prefix(shown) {
            switch marker {
            case .circle:
                canvas.element("circle", [("class", "legend-marker"), ("cx", origin.x + 5), ("cy", y), ("r", 5),
                                          ("fill", color.description)])
            case .line:
                canvas.element("line", [("class", "legend-marker"), ("x1", origin.x), ("y1", y), ("x2", origin.x + 14),
                                        ("y2", y), ("stroke", color.description), ("stroke-width", 2.5)])
            }
            canvas.element("text", [("class", "legend-entry"), ("x", origin.x + 20), ("y", y + 4)],
                           text: TextFit.truncated(name, toWidth: textWidth))
            y += entryHeight
        }
        if shown < entries.count {
            canvas.element("text", [("class", "legend-more"), ("x", origin.x), ("y", y + 4)],
                           text: TextFit.truncated("… \(entries.count - shown) more", toWidth: max(width - 12, 0)))
            y += entryHeight
        }
        for line in noteLines {
            canvas.element("text", [("class", "legend-note"), ("x", origin.x), ("y", y + 4), ("font-size", noteFontSize),
                                    ("fill", "#555555")], text: line)
            y += noteHeight
        }
        canvas.closeGroup()
    }
}

/// A vertical sequential colour bar spanning the data's range, with the nice ticks that fall inside it.
enum ColorBar {
    /// The finite range of `values` (a single value v becomes v ± ½; none gives 0...1).
    static func domain(of values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0...1 }
        return low < high ? low...high : (low - 0.5)...(high + 0.5)
    }

    /// The tick values shown on a bar over `domain`.
    static func ticks(_ domain: ClosedRange<Double>) -> (scale: NiceScale, values: [Double]) {
        let scale = NiceScale(minimum: domain.lowerBound, maximum: domain.upperBound)
        let slack = 1e-9 * (domain.upperBound - domain.lowerBound)
        return (scale, scale.ticks.filter { $0 >= domain.lowerBound - slack && $0 <= domain.upperBound + slack })
    }

    static func draw(domain: ClosedRange<Double>, title: String, in canvas: inout SVGCanvas, frame: Frame) {
        canvas.openGroup([("class", "colorbar")])
        drawGradient(in: &canvas, frame: frame)
        let (scale, ticks) = Self.ticks(domain)
        for tick in ticks {
            let py = frame.maxY - (tick - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * frame.height
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

    /// The bar itself: a rectangle filled with the viridis gradient, bottom to top.
    static func drawGradient(in canvas: inout SVGCanvas, frame: Frame) {
        let gradient = canvas.identifier("colorbar")
        var stops = "<linearGradient id=\"\(gradient)\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n"
        let count = ColorPalette.viridisStops.count
        for (k, color) in ColorPalette.viridisStops.enumerated() {
            stops += "<stop offset=\"\(SVGCanvas.number(Double(k) / Double(count - 1)))\" stop-color=\"\(color)\"/>\n"
        }
        stops += "</linearGradient>\n"
        canvas.raw(stops, toDefinitions: true)
        canvas.element("rect", [("class", "colorbar-gradient"), ("x", frame.x), ("y", frame.y), ("width", frame.width),
                                ("height", frame.height), ("fill", "url(#\(gradient))"), ("stroke", "#333333"),
                                ("stroke-width", 0.5)])
    }
}
