import Foundation
@_spi(Benchmarks) import Neighbors
import MathFoundations

/// Exact k-nearest neighbours (k = 10, dimred's default) of every point of a narrow swiss roll (noise 0.05, width
/// 4.2 instead of 21) turned into ℝ⁵⁰ by a fixed random orthonormal map, by the screened products that landmark
/// Isomap uses in 50 dimensions. A long thin sheet is where a single-precision screen struggles: neighbours are
/// close together while the norms are large, and the more points, the closer the neighbours.
///
/// The cost per query does not depend on the other queries, so each size times the neighbours of a fixed sample of
/// 10 000 of its points (every (n / 10 000)-th, as explicit queries, so each also finds itself at distance 0) against
/// all n: the table gives the time per point and the projected time for all n points, which keeps the section to
/// about a minute on two cores.
/// time per point, which should stay flat as n grows (the work is O(n d) per point), and how often the
/// single-precision screen could not decide and an exact double-precision pass over every point ran instead.
enum NeighborsBenchmarks {
    static func run(quick: Bool) throws {
        let sizes = quick ? [10_000, 20_000, 40_000] : [50_000, 100_000, 200_000]
        let k = 10, dimension = 50, sample = quick ? 2_000 : 10_000
        let lift = try Matrix.randomNormal(rows: dimension, columns: 3, seed: 7).qr().q   // 50 × 3, orthonormal columns
        var rows: [[String]] = []
        for n in sizes {
            var roll = try ManifoldGenerator.swissRoll(samples: n, noise: 0.05, seed: 42).data
            for i in 0..<n { roll[i, 1] *= 0.2 }
            let data = Matrix.product(roll, lift, transposingB: true)
            let model = try NearestNeighbors(neighbors: k, algorithm: .bruteForce).fit(data)
            let m = min(n, sample)
            let queries = data.rows(at: (0..<m).map { $0 * n / m })
            var statistics: NearestNeighbors.SearchStatistics?
            let cpuBefore = processorSeconds()
            let seconds = try Bench.time {
                statistics = try model.screenedKNeighborsWithStatistics(of: queries, neighbors: k).statistics
            }
            let cpu = processorSeconds() - cpuBefore
            let s = statistics!
            rows.append(["\(n)", "\(dimension)", "\(m)", Bench.format(seconds, 2), Bench.format(cpu, 2),
                         Bench.format(seconds / Double(m) * 1e6, 1), Bench.format(seconds / Double(m) * Double(n), 1),
                         Bench.format(seconds / Double(m) / Double(n) * 1e12, 1),
                         Bench.format(100 * s.fullScanFraction, 2) + " %",
                         Bench.format(Double(s.exactDistances) / Double(m), 1)])
        }
        Bench.printTable("Exact k-NN by screened products, k = \(k): narrow swiss roll (noise 0.05) in ℝ^\(dimension); the time per point should grow only like n",
                         header: ["n", "d", "queries", "seconds", "CPU seconds", "µs per point", "projected s for all n", "ps per pair", "full exact scans", "exact distances per query"],
                         rows: rows)
    }

    /// User plus system time of this process so far (all threads): a figure that a busy machine inflates less than
    /// the wall clock.
    static func processorSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
