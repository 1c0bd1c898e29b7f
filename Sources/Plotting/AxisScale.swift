import Foundation

/// How an axis maps data values to positions: linear with nice ticks, or base-10 logarithmic with a tick
/// at each power of ten.
enum AxisScale {
    case linear(NiceScale)
    /// Powers of ten from `10^lower` to `10^upper`.
    case log(lower: Int, upper: Int)

    /// A linear scale for `values` (non-finite values ignored).
    static func linear(for values: [Double]) -> AxisScale { .linear(NiceScale(values: values)) }

    /// A log scale enclosing the positive finite `values` (1...10 when there are none).
    static func log(for values: [Double]) -> AxisScale {
        let positive = values.filter { $0.isFinite && $0 > 0 }
        guard let minimum = positive.min(), let maximum = positive.max() else { return .log(lower: 0, upper: 1) }
        let lower = Int(log10(minimum).rounded(.down))
        var upper = Int(log10(maximum).rounded(.up))
        if upper <= lower { upper = lower + 1 }
        return .log(lower: lower, upper: upper)
    }

    /// Where `value` falls, 0 at the axis start and 1 at its end (`nil` for values a log axis cannot show).
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch self {
        case let .linear(scale):
            return (value - scale.lower) / (scale.upper - scale.lower)
        case let .log(lower, upper):
            guard value > 0 else { return nil }
            return (log10(value) - Double(lower)) / Double(upper - lower)
        }
    }

    /// The tick values and their labels.
    var ticks: [(value: Double, label: String)] {
        switch self {
        case let .linear(scale):
            return scale.ticks.map { ($0, scale.label($0)) }
        case let .log(lower, upper):
            let step = max(1, (upper - lower + 7) / 8)
            return stride(from: lower, through: upper, by: step).map { (pow(10, Double($0)), Self.powerLabel($0)) }
        }
    }

    /// `1`, `10`, ..., `10000`, `0.1`, ..., `0.0001`, else `1e5`, `1e-5`, ...
    static func powerLabel(_ exponent: Int) -> String {
        if exponent >= 0 && exponent <= 4 { return "1" + String(repeating: "0", count: exponent) }
        if exponent < 0 && exponent >= -4 { return "0." + String(repeating: "0", count: -exponent - 1) + "1" }
        return "1e\(exponent)"
    }
}

/// The frame of one chart: title, plot area, ticks, grid lines and axis labels.
struct Axes {
    var title: String
    var xLabel: String
    var yLabel: String
    var x: AxisScale
    var y: AxisScale
    /// Width kept free at the right for a legend or colour bar.
    var rightMargin: Double
    /// Height kept free at the bottom, below the x label, for a caption.
    var bottomMargin: Double = 0

    /// The plot area inside `frame`.
    func plotArea(in frame: Frame) -> Frame {
        let left = 58.0
        let top = title.isEmpty ? 14.0 : 34.0
        let bottom = (xLabel.isEmpty ? 30.0 : 48.0) + bottomMargin
        return Frame(x: frame.x + left, y: frame.y + top,
                     width: max(frame.width - left - rightMargin, 10), height: max(frame.height - top - bottom, 10))
    }

    /// The SVG position of a data point (`nil` if an axis cannot show it).
    func position(_ xValue: Double, _ yValue: Double, in area: Frame) -> (Double, Double)? {
        guard let fx = x.fraction(xValue), let fy = y.fraction(yValue) else { return nil }
        return (area.x + fx * area.width, area.maxY - fy * area.height)
    }

    /// Draws the title, grid, axes, tick marks and labels.
    func draw(in canvas: inout SVGCanvas, frame: Frame) {
        let area = plotArea(in: frame)
        if !title.isEmpty {
            canvas.element("text", [("class", "title"), ("x", frame.x + frame.width / 2), ("y", frame.y + 20.0),
                                    ("text-anchor", "middle"), ("font-size", 14), ("font-weight", "bold")],
                           text: TextFit.truncated(title, toWidth: frame.width - 8, fontSize: 14))
        }
        canvas.element("rect", [("class", "plot-area"), ("x", area.x), ("y", area.y), ("width", area.width),
                                ("height", area.height), ("fill", "#fafafa"), ("stroke", "#333333"), ("stroke-width", 1)])
        for tick in x.ticks {
            guard let f = x.fraction(tick.value) else { continue }
            let px = area.x + f * area.width
            canvas.element("line", [("x1", px), ("y1", area.y), ("x2", px), ("y2", area.maxY),
                                    ("stroke", "#e0e0e0"), ("stroke-width", 1)])
            canvas.element("line", [("x1", px), ("y1", area.maxY), ("x2", px), ("y2", area.maxY + 5),
                                    ("stroke", "#333333"), ("stroke-width", 1)])
            canvas.element("text", [("class", "x-tick"), ("x", px), ("y", area.maxY + 18), ("text-anchor", "middle")],
                           text: tick.label)
        }
        for tick in y.ticks {
            guard let f = y.fraction(tick.value) else { continue }
            let py = area.maxY - f * area.height
            canvas.element("line", [("x1", area.x), ("y1", py), ("x2", area.maxX), ("y2", py),
                                    ("stroke", "#e0e0e0"), ("stroke-width", 1)])
            canvas.element("line", [("x1", area.x - 5), ("y1", py), ("x2", area.x), ("y2", py),
                                    ("stroke", "#333333"), ("stroke-width", 1)])
            canvas.element("text", [("class", "y-tick"), ("x", area.x - 8), ("y", py + 4), ("text-anchor", "end")],
                           text: tick.label)
        }
        if !xLabel.isEmpty {
            canvas.element("text", [("class", "x-label"), ("x", area.x + area.width / 2), ("y", area.maxY + 38),
                                    ("text-anchor", "middle")], text: TextFit.truncated(xLabel, toWidth: area.width))
        }
        if !yLabel.isEmpty {
            let cx = frame.x + 14, cy = area.y + area.height / 2
            canvas.element("text", [("class", "y-label"), ("x", cx), ("y", cy), ("text-anchor", "middle"),
                                    ("transform", "rotate(-90 \(SVGCanvas.number(cx)) \(SVGCanvas.number(cy)))")],
                           text: TextFit.truncated(yLabel, toWidth: area.height))
        }
    }
}
