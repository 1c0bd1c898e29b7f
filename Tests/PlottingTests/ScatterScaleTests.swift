import Foundation
import LinearAlgebra
import Plotting
import Testing

/// Scatter plots of many points and many classes: stable class colours, a palette that stays distinguishable,
/// a bounded file, a draw order that buries no class, and text that stays on the canvas.
@Suite("Scatter plots at scale")
struct ScatterScaleTests {
    /// The fill colour of each drawn class, read from the SVG: label → colours used for its points.
    static func fills(_ plot: ScatterPlot, labels: [String]) throws -> [String: Set<String>] {
        let circles = try SVGTestParser.parse(plot.svg()).filter { $0.cssClass == "point" }
        var result: [String: Set<String>] = [:]
        for (circle, index) in zip(circles, plot.drawOrder) { result[labels[index], default: []].insert(circle.attributes["fill"]!) }
        return result
    }

    /// CIELAB (D65) of an sRGB colour, from the sRGB and CIE 1976 definitions (IEC 61966-2-1; CIE 15:2004).
    static func lab(_ color: Color) -> (Double, Double, Double) {
        func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4)
        }
        let (r, g, b) = (linear(color.red), linear(color.green), linear(color.blue))
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > pow(6.0 / 29, 3) ? cbrt(t) : t / (3 * pow(6.0 / 29, 2)) + 4.0 / 29 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    static func deltaE(_ a: Color, _ b: Color) -> Double {
        let (p, q) = (lab(a), lab(b))
        return ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1) + (p.2 - q.2) * (p.2 - q.2)).squareRoot()
    }

    @Test("classes sort with numbers numerically; the legend follows the sorted set, or the given order then the rest")
    func classOrder() throws {
        #expect(ClassOrder.sorted(["10", "2", "b", "a", "2", "1.5", "-3", "B"]) == ["-3", "1.5", "2", "10", "B", "a", "b"])
        let labels = ["10", "2", "9", "2", "10", "1"]
        let legend = try SVGTestParser.parse(ScatterPlot(x: [1, 2, 3, 4, 5, 6], y: [1, 2, 3, 4, 5, 6], coloring: .categories(labels)).svg())
            .filter { $0.cssClass == "legend-entry" }.map(\.text)
        #expect(legend == ["1", "2", "9", "10"])
        let given = ScatterPlot(x: [1, 2, 3, 4, 5, 6], y: [1, 2, 3, 4, 5, 6], coloring: .categories(labels), classOrder: ["9", "7", "9"])
        #expect(given.classes?.names == ["9", "7", "1", "2", "10"])
        #expect(try SVGTestParser.parse(given.svg()).filter { $0.cssClass == "legend-entry" }.map(\.text) == ["9", "7", "1", "2", "10"])
    }

    @Test("a class has the same colour in two pictures of different subsets drawn with one class order, and of one label set in any row order")
    func stableColours() throws {
        var rng = SeededGenerator(seed: 5)
        let all = (0..<12).map { "class \($0)" }
        // Shard A lacks classes 3 and 7, shard B lacks 0 and 11; rows in different orders.
        let labelsA = (0..<300).map { _ in all[[0, 1, 2, 4, 5, 6, 8, 9, 10, 11][rng.nextIndex(10)]] }
        let labelsB = (0..<200).map { _ in all[[1, 2, 3, 4, 5, 6, 7, 8, 9, 10][rng.nextIndex(10)]] }
        let a = ScatterPlot(x: labelsA.map { _ in rng.nextNormal() }, y: labelsA.map { _ in rng.nextNormal() },
                            coloring: .categories(labelsA), classOrder: ClassOrder.sorted(all))
        let b = ScatterPlot(x: labelsB.map { _ in rng.nextNormal() }, y: labelsB.map { _ in rng.nextNormal() },
                            coloring: .categories(labelsB), classOrder: ClassOrder.sorted(all), seed: 9)
        let (fillsA, fillsB) = (try Self.fills(a, labels: labelsA), try Self.fills(b, labels: labelsB))
        let shared = Set(fillsA.keys).intersection(fillsB.keys)
        #expect(shared.count == 8)
        for label in shared {
            #expect(fillsA[label]!.count == 1 && fillsA[label] == fillsB[label], "\(label)")
        }
        // Without a class order the same label set in another row order gives the same colours.
        let shuffled = labelsA.reversed().map { $0 }
        let c = ScatterPlot(x: shuffled.map { _ in rng.nextNormal() }, y: shuffled.map { _ in rng.nextNormal() },
                            coloring: .categories(shuffled))
        let d = ScatterPlot(x: labelsA.map { _ in rng.nextNormal() }, y: labelsA.map { _ in rng.nextNormal() },
                            coloring: .categories(labelsA))
        #expect(try Self.fills(c, labels: shuffled) == Self.fills(d, labels: labelsA))
        // Every class colour differs from every other within one picture.
        #expect(Set(fillsA.values.map { $0.first! }).count == fillsA.count)
    }

    @Test("the class palette: 20 colours, every pair ΔE*ab ≥ 15 and each ≥ 30 from the plot background; past 20 the legend says how colours repeat")
    func palette() throws {
        let palette = ColorPalette.classes
        #expect(palette.count >= 20 && Set(palette).count == palette.count)
        for i in palette.indices {
            #expect(Self.deltaE(palette[i], Color(hex: 0xFAFAFA)) >= 30, "\(palette[i])")
            for j in palette.indices where j > i {
                #expect(Self.deltaE(palette[i], palette[j]) >= 15, "\(palette[i]) \(palette[j])")
            }
        }
        #expect(ColorPalette.classColor(23) == ColorPalette.classColor(3) && ColorPalette.classColor(-1) == palette.last)
        let labels = (0..<25).map { "c\($0)" }
        let elements = try SVGTestParser.parse(ScatterPlot(x: labels.indices.map(Double.init), y: labels.indices.map(Double.init),
                                                           coloring: .categories(labels)).svg())
        let note = elements.filter { $0.cssClass == "legend-note" }.map(\.text).joined(separator: " ")
        #expect(note == "colours repeat every 20 classes")
        let few = try SVGTestParser.parse(ScatterPlot(x: [1, 2], y: [1, 2], coloring: .categories(["a", "b"])).svg())
        #expect(few.filter { $0.cssClass == "legend-note" }.isEmpty)
    }

    @Test("10⁵ points in 30 classes: under 2 MB, a captioned random subset of about 20 000 in which every class keeps its share and the smallest all its points; no outlines")
    func largePlot() throws {
        var rng = SeededGenerator(seed: 11)
        let n = 100_000
        // Class 29 has 20 points; the others share the rest.
        let labels = (0..<n).map { $0 < 20 ? "29" : "\(rng.nextIndex(29))" }
        let x = (0..<n).map { _ in rng.nextNormal() }, y = (0..<n).map { _ in rng.nextNormal() }
        let plot = ScatterPlot(x: x, y: y, coloring: .categories(labels), title: "blobs", pointRadius: 1.5, style: .points)
        let svg = plot.svg()
        #expect(svg.utf8.count < 2_000_000, "\(svg.utf8.count) bytes")
        let elements = try SVGTestParser.parse(svg)
        let circles = elements.filter { $0.cssClass == "point" }
        let order = plot.drawOrder
        #expect(circles.count == order.count && Set(order).count == order.count)
        #expect(abs(order.count - 20_000) <= 30 + 50)   // rounding per class, and the smallest class's floor
        #expect(circles.allSatisfy { $0.attributes["stroke"] == nil })
        let group = try #require(elements.first { $0.cssClass == "points" })
        #expect(group.attributes["stroke"] == nil)
        let caption = try #require(elements.first { $0.cssClass == "caption" }?.text)
        #expect(caption.hasPrefix("\(order.count / 1000) \(String(format: "%03d", order.count % 1000)) of 100 000 points drawn: a random subset (seed 0)"))
        // Each class keeps round(nᶜ · M / N) points, the 20-point class all of them.
        var total: [String: Int] = [:], drawn: [String: Int] = [:]
        for label in labels { total[label, default: 0] += 1 }
        for index in order { drawn[labels[index], default: 0] += 1 }
        #expect(drawn["29"] == 20)
        for (label, count) in total where label != "29" {
            #expect(drawn[label] == Int((Double(count) * 20_000 / Double(n)).rounded()), "\(label)")
        }
    }

    @Test("draw order buries no class: classes given one after the other are drawn interleaved, the same way for the same seed")
    func drawOrder() throws {
        let n = 2000
        let labels = (0..<n).map { $0 < n / 2 ? "first" : "second" }
        let x = (0..<n).map { Double($0 % 10) }, y = (0..<n).map { Double($0 % 7) }
        let plot = ScatterPlot(x: x, y: y, coloring: .categories(labels))
        let order = plot.drawOrder
        #expect(order.sorted() == Array(0..<n))
        // Mean drawing position of each class: (n − 1) / 2 for a random order; n/4 and 3n/4 in input order.
        var sum: [String: Double] = [:]
        for (position, index) in order.enumerated() { sum[labels[index], default: 0] += Double(position) }
        for label in ["first", "second"] { #expect(abs(sum[label]! / Double(n / 2) - Double(n - 1) / 2) < 0.05 * Double(n)) }
        // The last 100 drawn hold both classes.
        #expect(Set(order.suffix(100).map { labels[$0] }).count == 2)
        #expect(plot.svg() == plot.svg())
        var other = plot
        other.seed = 1
        #expect(other.drawOrder != order)
        // Continuous colouring keeps input order.
        #expect(ScatterPlot(x: x, y: y, coloring: .values(x)).drawOrder == Array(0..<n))
    }

    @Test("long titles, labels and 60 long class names stay inside the canvas by the width estimate")
    func textFits() throws {
        let names = (0..<60).map { "a rather long class name number \($0) that goes on and on" }
        let labels = (0..<600).map { names[$0 % 60] }
        var rng = SeededGenerator(seed: 3)
        let plot = ScatterPlot(x: labels.map { _ in rng.nextUniform() * 10 }, y: labels.map { _ in rng.nextUniform() * 10 },
                               coloring: .categories(labels),
                               title: String(repeating: "A very long title ", count: 12), xLabel: String(repeating: "x label ", count: 30),
                               yLabel: String(repeating: "y label ", count: 30), colorLabel: "a long legend title for the classes",
                               width: 640, height: 480)
        let elements = try SVGTestParser.parse(plot.svg())
        let texts = elements.filter { $0.name == "text" }
        #expect(texts.count > 20)
        for text in texts {
            let size = text.number("font-size") ?? 12
            let width = TextFit.width(text.text, fontSize: size)
            let (x, y) = (text.number("x")!, text.number("y")!)
            let (low, high): (Double, Double)
            switch text.attributes["text-anchor"] {
            case "middle": (low, high) = (-width / 2, width / 2)
            case "end": (low, high) = (-width, 0)
            default: (low, high) = (0, width)
            }
            if text.attributes["transform"]?.hasPrefix("rotate(-90") == true {
                // Rotated a quarter turn about (x, y): the text runs upwards from y.
                #expect(y - high >= 0 && y - low <= 480, "\(text.text)")
            } else {
                #expect(x + low >= 0 && x + high <= 640 && y - size >= 0 && y <= 480, "\(text.cssClass ?? "") \(text.text)")
            }
        }
        // The legend lists what fits and says how many more there are.
        let entries = texts.filter { $0.cssClass == "legend-entry" }
        let more = try #require(texts.first { $0.cssClass == "legend-more" })
        #expect(entries.count >= 15 && more.text == "… \(60 - entries.count) more")
        #expect(entries.allSatisfy { $0.text.hasSuffix("…") })
        #expect(entries.map { String($0.text.dropLast()) } == zip(entries, ClassOrder.sorted(names)).map { String($1.prefix($0.text.count - 1)) })
        #expect(TextFit.truncated("short", toWidth: 100) == "short")
        #expect(TextFit.width(TextFit.truncated(String(repeating: "w", count: 50), toWidth: 100)) <= 100)
    }
}

extension SeededGenerator {
    /// A uniform index below `bound` (for test data only).
    mutating func nextIndex(_ bound: Int) -> Int { min(Int(nextUniform() * Double(bound)), bound - 1) }
}
