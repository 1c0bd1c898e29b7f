import Foundation
import Plotting

/// A 2-D scalar field on a regular grid drawn as a colour map, optionally with contour lines (marching squares),
/// overlaid paths (optimiser iterates) and points. The Plotting module draws scatter and line charts; this
/// figure adds what they lack: loss contours under optimisation paths and a neuron's output over the plane.
public struct FieldPlot {
    /// One overlaid polyline with markers at its vertices.
    public struct Path {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public init(name: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.points = points
        }
    }

    /// Overlaid points with a category index (colour).
    public struct Marker {
        public var x: Double, y: Double, category: Int
        public init(x: Double, y: Double, category: Int) {
            self.x = x
            self.y = y
            self.category = category
        }
    }

    /// The plotted window in data units.
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// `values[i][j]` at `x = xs[j]`, `y = ys[i]` for a `rows × columns` grid spanning the ranges.
    public var values: [[Double]]
    /// The field values at which contour lines are drawn (none by default).
    public var contourLevels: [Double] = []
    /// Polylines drawn over the field, each in `ColorPalette.category(k)`, with a legend on the right.
    public var paths: [Path] = []
    /// Points drawn over the field, coloured by category.
    public var markers: [Marker] = []
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Colour the field (false: white background, contours only).
    public var filled = true
    public var width: Double = 560
    public var height: Double = 480

    /// Samples `f` on a `resolution × resolution` grid over the ranges.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, resolution: Int = 80, title: String = "",
                xLabel: String = "x", yLabel: String = "y", _ f: (Double, Double) -> Double) {
        self.xRange = xRange
        self.yRange = yRange
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        let n = max(2, resolution)
        values = (0..<n).map { i in
            let y = yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double(i) / Double(n - 1)
            return (0..<n).map { j in f(xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double(j) / Double(n - 1), y) }
        }
    }

    /// `count` contour levels spaced evenly in the logarithm between the field's minimum (above 0) and maximum,
    /// for loss surfaces that span decades.
    public static func logLevels(_ values: [[Double]], count: Int) -> [Double] {
        let flat = values.flatMap { $0 }.filter { $0.isFinite }
        guard let high = flat.max(), let low = flat.min() else { return [] }
        let floor = max(low, high * 1e-6, 1e-12)
        let a = log(floor), b = log(high)
        return (1...count).map { exp(a + (b - a) * Double($0) / Double(count + 1)) }
    }

    /// The complete SVG document.
    public func svg() -> String {
        let longest = paths.map(\.name.count).max() ?? 0
        let left = 64.0, right = paths.isEmpty ? 24.0 : 56.0 + 6.6 * Double(longest), top = title.isEmpty ? 16.0 : 40.0, bottom = 52.0
        let plotW = width - left - right, plotH = height - top - bottom
        let rows = values.count, columns = values.first?.count ?? 0
        func px(_ x: Double) -> Double { left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plotH }
        func n(_ v: Double) -> String { String(format: "%.2f", v) }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        if !title.isEmpty { s += "<text x=\"\(n(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n" }
        s += "<clipPath id=\"plot\"><rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\"/></clipPath>\n"
        let flat = values.flatMap { $0 }.filter { $0.isFinite }
        let low = flat.min() ?? 0, high = flat.max() ?? 1
        if filled && rows > 0 && columns > 0 {
            let cw = plotW / Double(columns), ch = plotH / Double(rows)
            for i in 0..<rows {
                for j in 0..<columns {
                    let t = high > low ? (values[i][j] - low) / (high - low) : 0.5
                    let color = ColorPalette.sequential(t.isFinite ? t : 0)
                    s += "<rect x=\"\(n(left + Double(j) * cw))\" y=\"\(n(top + plotH - Double(i + 1) * ch))\" width=\"\(n(cw + 0.5))\" height=\"\(n(ch + 0.5))\" fill=\"\(color)\"/>\n"
                }
            }
        }
        // Contours: marching squares over the grid points, one segment per crossed cell.
        if rows > 1 && columns > 1 && !contourLevels.isEmpty {
            let dx = (xRange.upperBound - xRange.lowerBound) / Double(columns - 1)
            let dy = (yRange.upperBound - yRange.lowerBound) / Double(rows - 1)
            s += "<g clip-path=\"url(#plot)\" stroke=\"\(filled ? "#ffffff" : "#888888")\" stroke-opacity=\"0.7\" stroke-width=\"0.8\" fill=\"none\">\n"
            for level in contourLevels {
                var d = ""
                for i in 0..<(rows - 1) {
                    for j in 0..<(columns - 1) {
                        let corners = [(values[i][j], Double(j), Double(i)), (values[i][j + 1], Double(j + 1), Double(i)),
                                       (values[i + 1][j + 1], Double(j + 1), Double(i + 1)), (values[i + 1][j], Double(j), Double(i + 1))]
                        var crossings: [(Double, Double)] = []
                        for k in 0..<4 {
                            let (va, xa, ya) = corners[k], (vb, xb, yb) = corners[(k + 1) % 4]
                            if (va < level) != (vb < level), va.isFinite, vb.isFinite {
                                let t = (level - va) / (vb - va)
                                crossings.append((xa + t * (xb - xa), ya + t * (yb - ya)))
                            }
                        }
                        var k = 0
                        while k + 1 < crossings.count {
                            let a = crossings[k], b = crossings[k + 1]
                            d += "M\(n(px(xRange.lowerBound + a.0 * dx))) \(n(py(yRange.lowerBound + a.1 * dy)))L\(n(px(xRange.lowerBound + b.0 * dx))) \(n(py(yRange.lowerBound + b.1 * dy)))"
                            k += 2
                        }
                    }
                }
                if !d.isEmpty { s += "<path d=\"\(d)\"/>\n" }
            }
            s += "</g>\n"
        }
        // Axes and ticks.
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(plotW))\" height=\"\(n(plotH))\" fill=\"none\" stroke=\"#333333\"/>\n"
        let xs = NiceScale(minimum: xRange.lowerBound, maximum: xRange.upperBound, maxTicks: 7)
        for t in xs.ticks where t >= xRange.lowerBound - 1e-12 && t <= xRange.upperBound + 1e-12 {
            s += "<line x1=\"\(n(px(t)))\" y1=\"\(n(top + plotH))\" x2=\"\(n(px(t)))\" y2=\"\(n(top + plotH + 5))\" stroke=\"#333333\"/>\n"
            s += "<text x=\"\(n(px(t)))\" y=\"\(n(top + plotH + 18))\" text-anchor=\"middle\">\(xs.label(t))</text>\n"
        }
        let ys = NiceScale(minimum: yRange.lowerBound, maximum: yRange.upperBound, maxTicks: 7)
        for t in ys.ticks where t >= yRange.lowerBound - 1e-12 && t <= yRange.upperBound + 1e-12 {
            s += "<line x1=\"\(n(left - 5))\" y1=\"\(n(py(t)))\" x2=\"\(n(left))\" y2=\"\(n(py(t)))\" stroke=\"#333333\"/>\n"
            s += "<text x=\"\(n(left - 8))\" y=\"\(n(py(t) + 4))\" text-anchor=\"end\">\(ys.label(t))</text>\n"
        }
        s += "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 12))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text x=\"16\" y=\"\(n(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(n(top + plotH / 2)))\">\(escape(yLabel))</text>\n"
        // Markers.
        if !markers.isEmpty {
            s += "<g clip-path=\"url(#plot)\">\n"
            for m in markers {
                s += "<circle cx=\"\(n(px(m.x)))\" cy=\"\(n(py(m.y)))\" r=\"2.8\" fill=\"\(ColorPalette.category(m.category))\" stroke=\"#000000\" stroke-width=\"0.6\"/>\n"
            }
            s += "</g>\n"
        }
        // Paths with a legend on the right.
        if !paths.isEmpty {
            s += "<g clip-path=\"url(#plot)\" fill=\"none\" stroke-width=\"1.8\">\n"
            for (k, path) in paths.enumerated() {
                let color = ColorPalette.category(k)
                let points = path.points.filter { $0.x.isFinite && $0.y.isFinite }
                guard !points.isEmpty else { continue }
                s += "<polyline stroke=\"\(color)\" points=\"" + points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ") + "\"/>\n"
                let stride = max(1, points.count / 40)
                for (index, p) in points.enumerated() where index % stride == 0 || index == points.count - 1 {
                    s += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"2\" fill=\"\(color)\"/>\n"
                }
            }
            s += "</g>\n"
            for (k, path) in paths.enumerated() {
                let y = top + 10 + Double(k) * 20
                s += "<line x1=\"\(n(left + plotW + 14))\" y1=\"\(n(y))\" x2=\"\(n(left + plotW + 34))\" y2=\"\(n(y))\" stroke=\"\(ColorPalette.category(k))\" stroke-width=\"3\"/>\n"
                s += "<text x=\"\(n(left + plotW + 40))\" y=\"\(n(y + 4))\">\(escape(path.name))</text>\n"
            }
        }
        s += "</svg>\n"
        return s
    }
}

/// A matrix of numbers drawn as coloured cells with the value written in each (a confusion matrix).
public struct MatrixHeatmap {
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String
    public var xLabel: String
    public var yLabel: String

    /// A heatmap of `values[row][column]` with the given labels (values ≥ 0; the largest is darkest).
    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], title: String = "",
                xLabel: String = "", yLabel: String = "") {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The complete SVG document.
    public func svg() -> String {
        let cell = 40.0, left = 70.0, top = 56.0
        let rows = values.count, columns = values.first?.count ?? 0
        let width = left + Double(columns) * cell + 20, height = top + Double(rows) * cell + 50
        let high = values.flatMap { $0 }.max() ?? 1
        func n(_ v: Double) -> String { String(format: "%.2f", v) }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        s += "<text x=\"\(n(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(escape(title))</text>\n"
        for i in 0..<rows {
            for j in 0..<columns {
                let t = high > 0 ? values[i][j] / high : 0
                let color = Color(hex: 0xFFFFFF).interpolated(to: Color(hex: 0x08306B), sqrt(t))
                s += "<rect x=\"\(n(left + Double(j) * cell))\" y=\"\(n(top + Double(i) * cell))\" width=\"\(n(cell))\" height=\"\(n(cell))\" fill=\"\(color)\" stroke=\"#cccccc\"/>\n"
                let label = values[i][j] == values[i][j].rounded() ? String(Int(values[i][j])) : String(format: "%.2f", values[i][j])
                s += "<text x=\"\(n(left + (Double(j) + 0.5) * cell))\" y=\"\(n(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"middle\" fill=\"\(t > 0.35 ? "#ffffff" : "#000000")\">\(label)</text>\n"
            }
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(top + (Double(i) + 0.5) * cell + 4))\" text-anchor=\"end\">\(escape(rowLabels[i]))</text>\n"
        }
        for j in 0..<columns {
            s += "<text x=\"\(n(left + (Double(j) + 0.5) * cell))\" y=\"\(n(top - 6))\" text-anchor=\"middle\">\(escape(columnLabels[j]))</text>\n"
        }
        s += "<text x=\"\(n(left + Double(columns) * cell / 2))\" y=\"\(n(height - 14))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text x=\"14\" y=\"\(n(top + Double(rows) * cell / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(n(top + Double(rows) * cell / 2)))\">\(escape(yLabel))</text>\n"
        s += "</svg>\n"
        return s
    }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
