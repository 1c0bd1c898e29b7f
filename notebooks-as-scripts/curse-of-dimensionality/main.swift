// The curse of dimensionality in figures: the unit ball's volume peaks near n = 5.26 and then vanishes, its
// volume moves into a thin outer shell, nearest neighbours move to the edge of the data (ESL §2.5), Gaussian
// norms concentrate around √n, pairwise distances lose their contrast, and random directions become orthogonal.
// Each closed form comes from the HighDimensionalGeometry module; each Monte-Carlo estimate is printed beside it.
import Foundation
import HighDimensionalGeometry
import NotebookSupport
import Plotting

let notebook = Notebook(name: "curse-of-dimensionality")
notebook.run { nb in
    nb.section("Volume and surface of the unit n-ball")
    let dims = Array(1...40).map(Double.init)
    let volumes = try dims.map { try Ball.volume(dimension: $0) }
    let surfaces = try dims.map { try Ball.surfaceArea(dimension: $0) }
    let peak = try Ball.peakVolumeDimension(), surfacePeak = try Ball.peakSurfaceDimension()
    nb.compare("dimension where V_n(1) peaks", ours: fixed(peak, 4), course: "≈ 5.2569")
    nb.compare("dimension where S_(n−1)(1) peaks", ours: fixed(surfacePeak, 4), course: "volume peak + 2 = \(fixed(peak + 2, 4))", source: "closed form, S_(n−1) = 2π V_(n−2)")
    nb.compare("V_10(1)", ours: fmt(try Ball.volume(dimension: 10), 10), course: "π⁵/120 = \(fmt(pow(Double.pi, 5) / 120, 10))", source: "closed form")
    var ballTable = Table(["n", "V_n(1)", "S_(n-1)(1)", "ball / cube [-1,1]^n"])
    for n in [1, 2, 3, 4, 5, 6, 7, 10, 20, 50, 100] {
        ballTable.append([String(n), fmt(try Ball.volume(dimension: Double(n)), 5), fmt(try Ball.surfaceArea(dimension: Double(n)), 5),
                          fmt(try Ball.cubeFractionInInscribedBall(dimension: Double(n)), 4)])
    }
    try nb.table(ballTable, csv: "ball.csv")
    try nb.write(LineChart(series: [.init(name: "volume V_n(1)", x: dims, y: volumes), .init(name: "surface S_(n−1)(1)", x: dims, y: surfaces)],
                           title: "Unit ball: volume peaks at n ≈ \(fixed(peak, 2)), then tends to 0", xLabel: "dimension n",
                           yLabel: "volume / area").svg(), to: "ball-volume.svg")

    let experiment = try BallInCubeExperiment(dimensions: Array(1...nb.size(12, quick: 6)), samples: nb.size(100_000, quick: 5_000), seed: 1).run()
    var mc = Table(["n", "inside fraction (MC)", "closed form", "mean ‖x‖ in cube"])
    for row in experiment.rows {
        mc.append([String(row.dimension), row.insideFraction.description, fmt(row.closedForm, 5), row.meanDistanceFromCentre.description])
    }
    print("\nShare of uniform points of the cube [−1, 1]ⁿ inside the unit ball (Monte Carlo against V_n(1)/2ⁿ):")
    try nb.table(mc, csv: "ball-in-cube.csv")

    nb.section("Share of the volume in the outer shell of relative thickness ε: 1 − (1 − ε)ⁿ")
    var shellSeries: [LineChart.Series] = []
    let shellDims = Array(1...200).map(Double.init)
    for epsilon in [0.01, 0.05, 0.1] {
        shellSeries.append(.init(name: "ε = \(epsilon)", x: shellDims, y: try shellDims.map { try Ball.shellVolumeFraction(dimension: $0, thickness: epsilon) }))
    }
    nb.compare("shell share, ε = 0.01, n = 500", ours: fmt(try Ball.shellVolumeFraction(dimension: 500, thickness: 0.01), 6),
               course: "1 − 0.99⁵⁰⁰ = \(fmt(1 - pow(0.99, 500), 6))")
    try nb.write(LineChart(series: shellSeries, title: "Volume in the outer shell of the unit ball", xLabel: "dimension n",
                           yLabel: "share of volume").svg(), to: "shell.svg")

    nb.section("ESL: median distance from the origin to the nearest of N uniform points in the unit p-ball")
    nb.compare("d(10, 500)", ours: fixed(try SamplingDensity.medianNearestDistance(dimension: 10, samples: 500), 4),
               course: "≈ 0.52, more than half way to the boundary", source: "ESL §2.5")
    let nn = try NearestNeighborExperiment(dimensions: [1, 2, 3, 5, 10, 20], samples: 500, trials: nb.size(1000, quick: 60), seed: 2).run()
    var nnTable = Table(["p", "median nearest (MC)", "closed form d(p, 500)", "edge of cube holding 10%", "holding 1%"])
    for row in nn.rows {
        nnTable.append([String(row.dimension), fixed(row.medianNearestDistance, 4), fixed(row.closedForm, 4),
                        fixed(try SamplingDensity.subcubeEdge(fraction: 0.1, dimension: row.dimension), 3),
                        fixed(try SamplingDensity.subcubeEdge(fraction: 0.01, dimension: row.dimension), 3)])
    }
    try nb.table(nnTable, csv: "nearest-neighbour.csv")
    nb.compare("edge of the sub-cube holding 10% of the data, p = 10", ours: fixed(try SamplingDensity.subcubeEdge(fraction: 0.1, dimension: 10), 3),
               course: "0.80", source: "ESL §2.5")
    let ps = Array(1...30).map(Double.init)
    try nb.write(LineChart(series: [
        .init(name: "d(p, 500)", x: ps, y: try ps.map { try SamplingDensity.medianNearestDistance(dimension: Int($0), samples: 500) }),
        .init(name: "edge for 10% of data", x: ps, y: try ps.map { try SamplingDensity.subcubeEdge(fraction: 0.1, dimension: Int($0)) }),
        .init(name: "edge for 1% of data", x: ps, y: try ps.map { try SamplingDensity.subcubeEdge(fraction: 0.01, dimension: Int($0)) }),
    ], title: "Neighbourhoods stop being local", xLabel: "dimension p", yLabel: "distance / edge length").svg(), to: "neighbourhoods.svg")
    var density = Table(["p", "N for the density of 100 points on a line"])
    for p in [1, 2, 3, 5, 10, 20] {
        density.append([String(p), fmt(try SamplingDensity.samplesForFixedDensity(referenceSamples: 100, dimension: p), 3)])
    }
    try nb.table(density, csv: "sample-sizes.csv")

    nb.section("Norms of standard Gaussian vectors concentrate: E‖X‖ = √2 Γ((n+1)/2)/Γ(n/2) ≈ √n, Var → ½")
    let norms = try GaussianNormConcentration(dimensions: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], samples: nb.size(2000, quick: 300), seed: 3).run()
    var normTable = Table(["n", "mean ‖X‖ (MC)", "E‖X‖", "√n", "Var ‖X‖ (MC)", "closed form"])
    for row in norms.rows {
        normTable.append([String(row.dimension), row.meanNorm.description, fixed(row.expectedNorm, 4), fixed(Double(row.dimension).squareRoot(), 4),
                          row.normVariance.description, fixed(row.expectedVariance, 4)])
    }
    try nb.table(normTable, csv: "gaussian-norms.csv")

    nb.section("Pairwise distances lose their contrast: (D_max − D_min)/D_min over dimension (uniform cube)")
    let concentration = try DistanceConcentration(dimensions: nb.size([2, 5, 10, 20, 50, 100, 200, 500, 1000], quick: [2, 10, 50, 200]),
                                                  points: nb.size(1000, quick: 200), queries: nb.size(100, quick: 20), norms: [1, 2, 3], seed: 4).run()
    var contrast = Table(["d", "p", "relative contrast", "D_max − D_min", "D_min / D_max"])
    var contrastSeries: [LineChart.Series] = [], gapSeries: [LineChart.Series] = []
    for p in [1.0, 2.0, 3.0] {
        let rows = concentration.rows(norm: p)
        for row in rows {
            contrast.append([String(row.dimension), fmt(p), row.relativeContrast.description, row.gap.description, row.nearestToFarthestRatio.description])
        }
        contrastSeries.append(.init(name: "L\(Int(p))", x: rows.map { Double($0.dimension) }, y: rows.map(\.relativeContrast.mean)))
        gapSeries.append(.init(name: "L\(Int(p))", x: rows.map { Double($0.dimension) }, y: rows.map(\.gap.mean)))
    }
    try nb.table(contrast, csv: "distance-concentration.csv")
    print("\nWhat to look for: the contrast falls like 1/√d for every norm; the gap D_max − D_min grows like d^(1/p − 1/2) —")
    print("it grows for L1, stays about constant for L2 and shrinks for L3 (Aggarwal, Hinneburg, Keim 2001).")
    try nb.write(LineChart(series: contrastSeries, title: "Relative contrast (D_max − D_min)/D_min", xLabel: "dimension d",
                           yLabel: "relative contrast", logarithmicY: true).svg(), to: "relative-contrast.svg")
    try nb.write(LineChart(series: gapSeries, title: "D_max − D_min for L1, L2, L3", xLabel: "dimension d", yLabel: "gap",
                           logarithmicY: true).svg(), to: "distance-gap.svg")

    nb.section("Random directions become orthogonal: cos θ has mean 0 and variance 1/n")
    let angles = try RandomDirectionAngles(dimensions: [2, 3, 5, 10, 20, 50, 100, 200, 500, 1000], directions: nb.size(200, quick: 40), seed: 5).run()
    var angleTable = Table(["n", "mean cos θ", "mean cos² θ", "1/n", "mean angle (°)", "sd (°)"])
    for row in angles.rows {
        angleTable.append([String(row.dimension), row.meanCosine.description, row.meanSquaredCosine.description, fmt(1 / Double(row.dimension), 4),
                           fixed(row.meanAngleDegrees, 2), fixed(row.angleStandardDeviationDegrees, 2)])
    }
    try nb.table(angleTable, csv: "angles.csv")
    try nb.write(LineChart(series: [.init(name: "sd of the angle (°)", x: angles.rows.map { Double($0.dimension) }, y: angles.rows.map(\.angleStandardDeviationDegrees))],
                           title: "Angles between random directions concentrate at 90°", xLabel: "dimension n", yLabel: "degrees",
                           logarithmicY: true).svg(), to: "angles.svg")
}
