import Foundation
import LinearAlgebra
import Plotting
import Testing

/// The hexagonal-binning density layer: the grid's rounding against a brute-force nearest centre, counts
/// that add up, a file whose size does not grow with n, a caption that names the layer, and majority colours.
@Suite("Hexagonal density layer")
struct HexbinTests {
    /// Points from a mixture of two Gaussians, the second 3 units to the right.
    static func blobs(_ n: Int, seed: UInt64) -> (x: [Double], y: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var x: [Double] = [], y: [Double] = []
        for i in 0..<n {
            x.append(rng.nextNormal() + (i % 3 == 0 ? 3 : 0))
            y.append(rng.nextNormal())
        }
        return (x, y)
    }

    @Test("a point lands in the hexagon whose centre is nearest (brute force over the neighbouring centres), and each centre is its own cell")
    func nearestCentre() {
        var rng = SeededGenerator(seed: 3)
        for size in [0.7, 1.0, 5.0] {
            let grid = HexagonalGrid(size: size)
            for _ in 0..<4000 {
                let (px, py) = ((rng.nextUniform() - 0.5) * 200 * size, (rng.nextUniform() - 0.5) * 200 * size)
                let cell = grid.cell(containing: px, py)
                let centre = grid.center(of: cell)
                let distance = hypot(px - centre.x, py - centre.y)
                // Every centre within the search box: none may be nearer (up to rounding at shared borders).
                let rCentre = Int((py / (1.5 * size)).rounded())
                for r in (rCentre - 3)...(rCentre + 3) {
                    let qCentre = Int((px / (3.0.squareRoot() * size) - Double(r) / 2).rounded())
                    for q in (qCentre - 3)...(qCentre + 3) {
                        let other = grid.center(of: HexagonalGrid.Cell(q: q, r: r))
                        #expect(hypot(px - other.x, py - other.y) >= distance - 1e-9 * size, "\(px), \(py) size \(size)")
                    }
                }
                // Inside a hexagon of circumradius size: no farther than a corner.
                #expect(distance <= size * (1 + 1e-12))
            }
            for (q, r) in [(0, 0), (3, -2), (-7, 5), (12, 12)] {
                let centre = grid.center(of: HexagonalGrid.Cell(q: q, r: r))
                #expect(grid.cell(containing: centre.x, centre.y) == HexagonalGrid.Cell(q: q, r: r))
            }
        }
    }

    @Test("the counts sum to the finite points, each equals a direct count of its cell's points, and the bins are distinct")
    func countsSumToN() {
        var (x, y) = Self.blobs(3000, seed: 5)
        x[7] = .nan
        y[11] = .infinity
        let grid = HexagonalGrid(size: 0.4)
        let layer = HexbinLayer(x: x, y: y, grid: grid)
        #expect(layer.pointCount == 2998)
        #expect(layer.bins.reduce(0) { $0 + $1.count } == 2998)
        #expect(Set(layer.bins.map(\.cell)).count == layer.bins.count)
        var direct: [HexagonalGrid.Cell: Int] = [:]
        for i in x.indices where x[i].isFinite && y[i].isFinite { direct[grid.cell(containing: x[i], y[i]), default: 0] += 1 }
        #expect(layer.bins.allSatisfy { direct[$0.cell] == $0.count })
        #expect(layer.maxCount == direct.values.max())
        // The log shade: 0 for one point, 1 for the fullest hexagon, monotone between.
        #expect(layer.shade(1) == 0 && layer.shade(layer.maxCount) == 1)
        #expect(abs(layer.shade(10) - log(10) / log(Double(layer.maxCount))) < 1e-12)
    }

    @Test("class-majority colouring picks the class with most points in each hexagon, ties to the first in class order")
    func majority() throws {
        // Three hexagons: centres of cells (0,0), (2,0), (0,2) with points placed at known classes.
        let grid = HexagonalGrid(size: 1)
        var x: [Double] = [], y: [Double] = [], codes: [Int] = []
        func add(_ cell: HexagonalGrid.Cell, _ classCounts: [Int: Int]) {
            let centre = grid.center(of: cell)
            for (code, count) in classCounts.sorted(by: { $0.key < $1.key }) {
                for k in 0..<count {
                    // Spread within 0.4 of the centre, well inside the hexagon (inradius √3/2).
                    let angle = Double(k) * 2.4
                    x.append(centre.x + 0.4 * cos(angle))
                    y.append(centre.y + 0.4 * sin(angle))
                    codes.append(code)
                }
            }
        }
        add(HexagonalGrid.Cell(q: 0, r: 0), [0: 3, 2: 5, 1: 4])
        add(HexagonalGrid.Cell(q: 2, r: 0), [1: 2, 3: 2])        // a tie: class 1 comes first
        add(HexagonalGrid.Cell(q: 0, r: 2), [3: 1])
        // Shuffle the points so majority does not depend on input order.
        var rng = SeededGenerator(seed: 9)
        var order = Array(x.indices)
        order.shuffle(using: &rng)
        let layer = HexbinLayer(x: order.map { x[$0] }, y: order.map { y[$0] }, grid: grid,
                                classCodes: order.map { codes[$0] }, classCount: 4)
        let byCell = Dictionary(uniqueKeysWithValues: layer.bins.map { ($0.cell, $0) })
        #expect(byCell[HexagonalGrid.Cell(q: 0, r: 0)]?.majorityClass == 2 && byCell[HexagonalGrid.Cell(q: 0, r: 0)]?.count == 12)
        #expect(byCell[HexagonalGrid.Cell(q: 2, r: 0)]?.majorityClass == 1)
        #expect(byCell[HexagonalGrid.Cell(q: 0, r: 2)]?.majorityClass == 3)
        #expect(layer.bins.count == 3)

        // In a picture, each hexagon takes its majority class's palette colour.
        let labels = codes.map { ["a", "b", "c", "d"][$0] }
        let plot = ScatterPlot(x: x, y: y, coloring: .categories(labels), style: .density, hexagonSize: 30)
        let pictureLayer = try #require(plot.densityLayer)
        let hexagons = try SVGTestParser.parse(plot.svg()).filter { $0.cssClass == "hexagon" }
        #expect(hexagons.count == pictureLayer.bins.count)
        for (hexagon, bin) in zip(hexagons, pictureLayer.bins) {
            #expect(hexagon.attributes["fill"] == ColorPalette.classColor(bin.majorityClass!).description)
        }
    }

    @Test("each drawn hexagon is regular with circumradius hexagonSize, centred on its bin's lattice point")
    func drawnGeometry() throws {
        let (x, y) = Self.blobs(2000, seed: 4)
        let size = 9.0
        let plot = ScatterPlot(x: x, y: y, style: .density, hexagonSize: size)
        let layer = try #require(plot.densityLayer)
        let paths = try SVGTestParser.parse(plot.svg()).filter { $0.cssClass == "hexagon" }.map { $0.attributes["d"]! }
        #expect(paths.count == layer.bins.count)
        var centres: [(Double, Double)] = []
        for d in paths {
            // M x y, then relative steps: l dx dy, v dy, l dx dy, l dx dy, v dy (z closes).
            let numbers = d.split(whereSeparator: { "Mlvz ".contains($0) }).compactMap { Double($0) }
            #expect(numbers.count == 10, "\(d)")
            guard numbers.count == 10 else { continue }
            var corners = [(numbers[0], numbers[1])]
            let steps = [(numbers[2], numbers[3]), (0, numbers[4]), (numbers[5], numbers[6]), (numbers[7], numbers[8]), (0, numbers[9])]
            for (dx, dy) in steps { corners.append((corners.last!.0 + dx, corners.last!.1 + dy)) }
            let cx = corners.map(\.0).reduce(0, +) / 6, cy = corners.map(\.1).reduce(0, +) / 6
            // Two-decimal coordinates: radii within 0.02 of size.
            #expect(corners.allSatisfy { abs(hypot($0.0 - cx, $0.1 - cy) - size) < 0.02 })
            centres.append((cx, cy))
        }
        // Centre differences match the bins' axial differences: Δx = size·√3·(Δq + Δr/2), Δy = 1.5·size·Δr.
        for (k, bin) in layer.bins.enumerated().dropFirst() {
            let (dq, dr) = (Double(bin.cell.q - layer.bins[0].cell.q), Double(bin.cell.r - layer.bins[0].cell.r))
            #expect(abs(centres[k].0 - centres[0].0 - size * 3.0.squareRoot() * (dq + dr / 2)) < 0.03)
            #expect(abs(centres[k].1 - centres[0].1 - 1.5 * size * dr) < 0.03)
        }
    }

    @Test("the SVG's size does not grow with n on a fixed canvas, stays under the hexagon bound, and draws no circle")
    func sizeIndependentOfN() throws {
        var sizes: [Int] = []
        for n in [25_000, 200_000] {
            var rng = SeededGenerator(seed: 2)
            let x = (0..<n).map { _ in rng.nextUniform() }, y = (0..<n).map { _ in rng.nextUniform() }
            let plot = ScatterPlot(x: x, y: y, title: "uniform")
            #expect(plot.resolvedStyle == .density)
            let svg = plot.svg()
            #expect(!svg.contains("<circle"))
            let hexagons = try SVGTestParser.parse(svg).filter { $0.cssClass == "hexagon" }.count
            #expect(hexagons <= HexbinLayer.maximumHexagons(width: 640, height: 480, size: ScatterPlot.defaultHexagonSize))
            sizes.append(svg.utf8.count)
        }
        // Only the count labels and shades change: within 2 % of each other, and about 100 bytes per hexagon at most.
        #expect(abs(Double(sizes[1]) / Double(sizes[0]) - 1) < 0.02, "\(sizes)")
        let bound = HexbinLayer.maximumHexagons(width: 640, height: 480, size: ScatterPlot.defaultHexagonSize) * 100 + 20_000
        #expect(sizes.allSatisfy { $0 < bound }, "\(sizes) vs \(bound)")
    }

    @Test("the caption names the layer and its counts; automatic switches to density above maxPoints; the count bar reads 1 up")
    func captionAndAutomatic() throws {
        let (x, y) = Self.blobs(3000, seed: 1)
        var plot = ScatterPlot(x: x + [.nan], y: y + [0], maxPoints: 1000, hexagonSize: 12)
        #expect(plot.resolvedStyle == .density)
        let layer = try #require(plot.densityLayer)
        let elements = try SVGTestParser.parse(plot.svg())
        let caption = try #require(elements.first { $0.cssClass == "caption" }?.text)
        #expect(caption == "density of 3 000 points in \(ScatterPlotCaption.grouped(layer.bins.count)) hexagons, "
                + "shaded by log count; 1 non-finite point left out")
        #expect(layer.pointCount == 3000 && layer.maxCount > 10)
        let ticks = elements.filter { $0.cssClass == "countbar-tick" }.map(\.text)
        #expect(ticks.first == "1" && ticks.contains("10"))
        // The fullest hexagon is drawn in the top colour of the map, a single point in the bottom one.
        let fills = Set(elements.filter { $0.cssClass == "hexagon" }.compactMap { $0.attributes["fill"] })
        #expect(fills.contains(ColorPalette.viridisStops.last!.description))
        plot.maxPoints = 3001
        #expect(plot.resolvedStyle == .points && plot.densityLayer == nil)
        plot.style = .density
        #expect(plot.resolvedStyle == .density)

        let classes = ScatterPlot(x: x, y: y, coloring: .categories(x.map { $0 > 1.5 ? "right" : "left" }), style: .density)
        let classCaption = try #require(try SVGTestParser.parse(classes.svg()).first { $0.cssClass == "caption" }?.text)
        #expect(classCaption.hasPrefix("density of 3 000 points in ") && classCaption.hasSuffix(" hexagons: majority class, opacity by log count"))
    }
}

/// Digits in groups of three, as the captions write counts (an independent re-statement of the rule).
enum ScatterPlotCaption {
    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out += " " }
            out.append(c)
        }
        return out
    }
}
