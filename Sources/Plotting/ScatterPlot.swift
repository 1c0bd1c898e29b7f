/// A 2-D scatter plot, its points coloured by class (with a legend) or by a continuous value (with a colour
/// bar), with nice-tick axes and a title, readable and small at any number of points.
///
/// ```swift
/// let plot = ScatterPlot(x: y.column(0), y: y.column(1), coloring: .categories(labels), title: "Isomap")
/// try AtomicFileWriter.write(plot.svg(), to: "embedding.svg")   // DataIO, or any writer
/// ```
///
/// Classes. The legend lists the classes in `ClassOrder` (the sorted label set, numbers numerically, or
/// `classOrder` when given) and class k gets `ColorPalette.classColor(k)`, so a class has the same colour in
/// every picture drawn with the same label set or the same `classOrder`. Past the palette's 20 colours the
/// legend says how colours repeat.
///
/// Many points. Points are `<circle class="point">` without outlines, in a seeded random order when coloured
/// by class (no class buried under later ones), in input order otherwise. At most about `maxPoints` are drawn
/// (see `PointSelection`): beyond, a seeded random subset keeps each class in proportion with at least a few
/// points, and a caption (`class="caption"`) gives both counts. Each point costs about 70 bytes, so the file
/// stays under `maxPoints · 70 bytes · 1.5` plus a few kilobytes of axes and legend (1.5 MB at the default).
/// Non-finite points are left out (and counted in the caption).
///
/// Density. With `style: .density` (or `.automatic` past `maxPoints` points) every finite point is counted in
/// a hexagon of `hexagonSize` instead of drawn (`HexbinLayer`): one colour shades each hexagon by its count on a
/// log scale with a count bar; classes colour each hexagon by its majority class with opacity by count; values
/// by their mean with opacity by count. The caption says "density of N points in H hexagons" and how the
/// shade reads (", shaded by log count"; ": majority class, opacity by log count"), and the file is bounded by
/// the hexagons that fit the canvas, not by n: at most about 310 KB at 640 × 480 (every hexagon filled).
///
/// Text. Titles, axis labels and legend entries that would leave the canvas end in `…` (`TextFit`).
public struct ScatterPlot: Sendable {
    /// How points are coloured.
    public enum Coloring: Sendable {
        /// One colour for every point.
        case uniform(Color)
        /// One colour per class, with a legend.
        case categories([String])
        /// A sequential colour map from the smallest to the largest finite value, with a colour bar.
        case values([Double])
    }

    /// Whether points are drawn one by one or binned into a density layer.
    public enum Style: String, Sendable, CaseIterable {
        /// Each point a circle; past `maxPoints` a captioned random subset.
        case points
        /// A hexagonal-binning density layer of every finite point (`HexbinLayer`).
        case density
        /// `.points` up to `maxPoints` finite points, `.density` beyond. Up to that many every point is drawn
        /// exactly; beyond it `.points` would have to leave points out, and at the CLI's marker radius (1.6)
        /// 20 000 markers already cover a 640 × 480 plot area about once (20 000 · π · 1.6² ≈ 1.6 · 10⁵ of
        /// ≈ 2.1 · 10⁵ square units), so dense regions saturate and only counts still tell them apart.
        case automatic
    }

    /// The x coordinates.
    public var x: [Double]
    /// The y coordinates, as many as `x`.
    public var y: [Double]
    /// How points are coloured.
    public var coloring: Coloring
    /// The classes in legend and colour order; labels it does not list follow, sorted (`ClassOrder.codes`).
    /// `nil`: the sorted label set.
    public var classOrder: [String]?
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
    /// Beyond this many finite points a random subset of about this size is drawn (see the type's description).
    public var maxPoints: Int
    /// The seed of the drawing order and of the subset.
    public var seed: UInt64
    /// Points one by one, a density layer, or the choice by size (see `Style`).
    public var style: Style
    /// The circumradius of the density layer's hexagons in user units (see `HexagonalGrid`).
    public var hexagonSize: Double

    /// The default `maxPoints`: 20 000 points, about 1.4 MB of SVG.
    public static let defaultMaxPoints = 20_000
    /// The default `hexagonSize`: 5 user units, about 3 200 hexagons over a 640 × 480 canvas's plot area.
    public static let defaultHexagonSize = 5.0

    /// A scatter plot of the points `(x[i], y[i])`.
    ///
    /// - Precondition: `x`, `y` and the coloring's labels or values have the same length; `maxPoints ≥ 1`;
    ///   `hexagonSize` finite and positive.
    public init(x: [Double], y: [Double], coloring: Coloring = .uniform(ColorPalette.category(0)), classOrder: [String]? = nil,
                title: String = "", xLabel: String = "", yLabel: String = "", colorLabel: String = "",
                width: Double = 640, height: Double = 480, pointRadius: Double = 3,
                maxPoints: Int = ScatterPlot.defaultMaxPoints, seed: UInt64 = 0, style: Style = .automatic,
                hexagonSize: Double = ScatterPlot.defaultHexagonSize) {
        precondition(x.count == y.count, "ScatterPlot: \(x.count) x values but \(y.count) y values")
        switch coloring {
        case let .categories(labels):
            precondition(labels.count == x.count, "ScatterPlot: \(labels.count) labels for \(x.count) points")
        case let .values(values):
            precondition(values.count == x.count, "ScatterPlot: \(values.count) colour values for \(x.count) points")
        case .uniform: break
        }
        precondition(maxPoints >= 1, "ScatterPlot: maxPoints = \(maxPoints) must be at least 1")
        precondition(hexagonSize > 0 && hexagonSize.isFinite, "ScatterPlot: hexagonSize = \(hexagonSize) must be finite and positive")
        self.x = x
        self.y = y
        self.coloring = coloring
        self.classOrder = classOrder
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colorLabel = colorLabel
        self.width = width
        self.height = height
        self.pointRadius = pointRadius
        self.maxPoints = maxPoints
        self.seed = seed
        self.style = style
        self.hexagonSize = hexagonSize
    }

    /// The classes in legend order and each point's index into them (`nil` unless coloured by class).
    public var classes: (names: [String], codes: [Int])? {
        guard case let .categories(labels) = coloring else { return nil }
        return ClassOrder.codes(labels, order: classOrder)
    }

    /// The indices of the points drawn, in drawing order (`<circle class="point">` k is point `drawOrder[k]`).
    public var drawOrder: [Int] { selection(classes).order }

    private func selection(_ classes: (names: [String], codes: [Int])?) -> PointSelection {
        PointSelection(x: x, y: y, codes: classes?.codes, classCount: classes?.names.count ?? 0, maxPoints: maxPoints, seed: seed)
    }

    /// The complete SVG document.
    public func svg() -> String {
        var canvas = SVGCanvas()
        draw(in: &canvas, frame: Frame(x: 0, y: 0, width: width, height: height))
        return canvas.document(width: width, height: height)
    }

    /// `12 345` for 12345: digits in groups of three, for captions.
    static func grouped(_ count: Int) -> String {
        var digits = Array(String(count))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(" ", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// What the caption says: how many points were drawn of how many, and how many were left out.
    static func caption(_ selection: PointSelection, seed: UInt64, hasClasses: Bool) -> String? {
        var parts: [String] = []
        if selection.isSubset {
            parts.append("\(grouped(selection.order.count)) of \(grouped(selection.finiteCount)) points drawn: a random subset "
                         + "(seed \(seed))" + (hasClasses ? ", classes in proportion" : ""))
        }
        let nonFinite = selection.totalCount - selection.finiteCount
        if nonFinite > 0 { parts.append("\(grouped(nonFinite)) non-finite point\(nonFinite == 1 ? "" : "s") left out") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    func draw(in canvas: inout SVGCanvas, frame: Frame) {
        if resolvedStyle == .density {
            drawDensity(in: &canvas, frame: frame)
            return
        }
        let classes = self.classes
        let selection = selection(classes)
        let caption = Self.caption(selection, seed: seed, hasClasses: classes != nil)
        let rightMargin: Double
        switch coloring {
        case .uniform: rightMargin = 16
        case .categories:
            // Room for the names, and for the note on repeated colours when there is one.
            let repeats = classes!.names.count > ColorPalette.classes.count
            rightMargin = max(Legend.width(for: classes!.names, frameWidth: frame.width), repeats ? min(140, frame.width / 3) : 0)
        case .values: rightMargin = 80
        }
        let axes = Axes(title: title, xLabel: xLabel, yLabel: yLabel, x: .linear(for: x), y: .linear(for: y),
                        rightMargin: rightMargin, bottomMargin: caption == nil ? 0 : 16)
        axes.draw(in: &canvas, frame: frame)
        let area = axes.plotArea(in: frame)
        if let caption {
            canvas.element("text", [("class", "caption"), ("x", frame.x + 6), ("y", frame.maxY - 6), ("font-size", 11),
                                    ("fill", "#555555")], text: TextFit.truncated(caption, toWidth: frame.width - 12, fontSize: 11))
        }
        let colorOf: (Int) -> Color
        switch coloring {
        case let .uniform(color):
            colorOf = { _ in color }
        case .categories:
            let (names, codes) = classes!
            let palette = ColorPalette.classes.count
            colorOf = { ColorPalette.classColor(codes[$0]) }
            let note = names.count > palette
                ? "colours repeat every \(palette) classes" : nil
            Legend.draw(entries: names.enumerated().map { ($1, ColorPalette.classColor($0)) }, title: colorLabel,
                        marker: .circle, note: note, in: &canvas, at: (area.maxX + 12, area.y),
                        width: frame.maxX - area.maxX - 12, height: frame.maxY - area.y)
        case let .values(values):
            let domain = ColorBar.domain(of: values)
            colorOf = { ColorPalette.sequential((values[$0] - domain.lowerBound) / (domain.upperBound - domain.lowerBound)) }
            ColorBar.draw(domain: domain, title: colorLabel, in: &canvas,
                          frame: Frame(x: area.maxX + 14, y: area.y, width: 14, height: area.height))
        }
        // No outlines: on dense plots white rims make clusters look hatched. Opacity shows overlap.
        let opacity = selection.order.count > 2000 ? 0.6 : 0.85
        canvas.openGroup([("class", "points"), ("fill-opacity", SVGCanvas.number(opacity))])
        for i in selection.order {
            guard let (px, py) = axes.position(x[i], y[i], in: area) else { continue }
            canvas.element("circle", [("class", "point"), ("cx", px), ("cy", py), ("r", pointRadius),
                                      ("fill", colorOf(i).description)])
        }
        canvas.closeGroup()
    }
}
