import Foundation
import LinearAlgebra
import MathFoundations

/// Issue 14's scale goal: 10⁶ points × 50 through UMAP and t-SNE (default settings) within 4 GB of peak memory,
/// with the times beside openTSNE's (FFT) and umap-learn's (warm) at 10⁵ in the same run.
///
/// Data: Gaussian blobs, d = 50, 20 centres, seed 0 (`SCALE_SIZE`, default 10⁶; 10⁵ with `--quick`); the
/// baselines and our own fits at `SCALE_BASELINE_SIZE` (default 10⁵; 20 000 with `--quick`); `SCALE_METHODS`
/// (default `umap,tsne`) picks the methods. Every fit runs in a child process (this executable re-invoked with
/// `--scale-job`, or `benchmarks/compare_scale.py` for the baselines), so its peak resident memory (the kernel's
/// high-water mark, `VmHWM` / `ru_maxrss`) is its own and includes the data set (400 MB at 10⁶ × 50). Wall seconds
/// and CPU seconds (user + system, all threads) are both printed: under a shared load the CPU figure is steadier.
///
/// Trustworthiness T(10) is estimated on 5 000 points drawn without replacement (seed 1): for each drawn point i,
/// its 10 nearest embedding neighbours among all n points and their ranks r(i, j) by distance from i among all n
/// original points, so
///
///     T̂ = 1 − 2 / (k (2n − 3k − 1)) · mean over drawn i of Σ_{j ∈ U_i} (r(i, j) − k),
///
/// an unbiased estimate of the full T(k) of every point (Venna & Kaski 2001), computed with the same code for ours
/// and theirs.
enum ScaleBenchmarks {
    /// The argument that makes this executable run one fit as a child (`--scale-job METHOD N OUT.f8`).
    static let jobFlag = "--scale-job"
    /// The argument that prints the sampled T(10) of an embedding file of the blobs of size N
    /// (`--scale-trustworthiness N EMBEDDING.f8`), for a fit run by hand with `--scale-job`.
    static let trustworthinessFlag = "--scale-trustworthiness"

    static func trustworthinessJob(_ arguments: [String]) throws {
        guard arguments.count == 2, let n = Int(arguments[0]) else {
            throw ScaleError("usage: \(trustworthinessFlag) N EMBEDDING.f8")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
        guard bytes.count == n * 2 * 8 else { throw ScaleError("\(arguments[1]) holds \(bytes.count) bytes, not n × 2 doubles") }
        let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        print("trustworthiness=\(sampledTrustworthiness(original: try data(samples: n), embedding: Matrix(rows: n, columns: 2, elements: values)))")
    }
    static let features = 50

    static func data(samples n: Int) throws -> Matrix {
        try Dataset.blobs(samples: n, features: features, centers: 20, seed: 0).features
    }

    /// The child: fits one method on the blobs of size n, writes the embedding as raw float64 to `out` and prints
    /// `seconds`, `cpu_seconds`, `peak_mb` (and `kl` for t-SNE); phases with their times go to standard error.
    static func job(_ arguments: [String]) throws {
        guard arguments.count == 3, let n = Int(arguments[1]) else {
            throw ScaleError("usage: \(jobFlag) umap|tsne N OUT.f8")
        }
        let method = arguments[0], out = arguments[2]
        let x = try data(samples: n)
        let start = DispatchTime.now().uptimeNanoseconds
        let startCPU = cpuSeconds()
        let progress = ProgressReporter { update in
            guard update.fraction == 0 || update.fraction == 1 || update.step != nil else { return }
            if let step = update.step, step.done % 50 != 0 && step.done != step.total && !update.phase.hasPrefix("neighbour") { return }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let stepText = update.step.map { " \($0.done)/\($0.total)" } ?? " \(update.fraction)"
            FileHandle.standardError.write(String(format: "  [%@ n=%d %7.1f s, %5d MB] %@%@\n", method, n, elapsed,
                                                  currentMegabytes(), update.phase, stepText).data(using: .utf8)!)
        }
        let embedding: Matrix
        var extra = ""
        switch method {
        case "umap":
            embedding = try UMAP().fit(x, progress: progress).embedding
        case "tsne":
            let model = try TSNE(seed: 0).fit(x, progress: progress)
            embedding = model.embedding
            extra = "kl=\(model.klDivergence)\n"
        default:
            throw ScaleError("unknown method \(method): umap or tsne")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let cpu = cpuSeconds() - startCPU
        try PythonBaseline.writeRaw(embedding.elements, to: out)
        print("seconds=\(seconds)\ncpu_seconds=\(cpu)\npeak_mb=\(PeakMemory.megabytes())\n" + extra, terminator: "")
    }

    static func run(quick: Bool) throws {
        let environment = ProcessInfo.processInfo.environment
        let n = environment["SCALE_SIZE"].flatMap { Int($0) } ?? (quick ? 100_000 : 1_000_000)
        let baselineN = environment["SCALE_BASELINE_SIZE"].flatMap { Int($0) } ?? (quick ? 20_000 : 100_000)
        let methods = (environment["SCALE_METHODS"] ?? "umap,tsne").split(separator: ",").map(String.init)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scale-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var rows: [[String]] = []
        var figures: [String: [String: Double]] = [:]
        for size in baselineN == n ? [n] : [baselineN, n] {
            let x = try data(samples: size)
            let input = directory.appendingPathComponent("data-\(size).f8").path
            if size == baselineN { try PythonBaseline.writeRaw(x.elements, to: input) }
            for method in methods {
                let name = method == "umap" ? "UMAP" : "t-SNE"
                let out = directory.appendingPathComponent("\(method)-\(size).f8").path
                if let ours = child(executable: CommandLine.arguments[0], arguments: [jobFlag, method, "\(size)", out]) {
                    figures["\(method)-\(size)"] = ours
                    rows.append(row(name: "ours \(name)", n: size, figures: ours, original: x, embedding: out))
                } else {
                    rows.append(["ours \(name)", "\(size)", "failed", "–", "–", "–", "–"])
                }
                guard size == baselineN else { continue }
                let theirsName = method == "umap" ? "umap-learn (warm)" : "openTSNE (FFT, same schedule)"
                let theirsOut = directory.appendingPathComponent("\(method)-theirs-\(size).f8").path
                if let theirs = PythonBaseline.run(script: "benchmarks/compare_scale.py",
                                                   arguments: [input, "\(size)", "\(features)", method, theirsOut]) {
                    figures["\(method)-theirs"] = theirs
                    rows.append(row(name: theirsName, n: size, figures: theirs, original: x, embedding: theirsOut))
                } else {
                    rows.append([theirsName, "\(size)", PythonBaseline.notRun, "–", "–", "–", "–"])
                }
            }
        }
        Bench.printTable("Scale: blobs d = 50, 20 centres, default settings (UMAP 15 neighbours 200 epochs; t-SNE perplexity 30, 250 + 750 iterations, FFT); each fit in its own process; goal: n = \(n) within 4 GB peak",
                         header: ["method", "n", "seconds", "CPU seconds", "peak RSS MB", "T(10), 5 000 sampled", "KL"], rows: rows)
        print("(peak RSS: the child process's high-water mark, data included; T(10) estimated from 5 000 points drawn with seed 1, ranks among all n.)")
        for method in methods {
            let name = method == "umap" ? "UMAP" : "t-SNE"
            let theirsName = method == "umap" ? "umap-learn" : "openTSNE FFT"
            let ours = figures["\(method)-\(n)"], theirs = figures["\(method)-theirs"]
            let oursText = ours.map { "\(Bench.format($0["seconds"] ?? .nan, 1)) s, \(Int($0["peak_mb"] ?? 0)) MB peak" } ?? "failed"
            let theirsText = theirs.map { "\(Bench.format($0["seconds"] ?? .nan, 1)) s, \(Int($0["peak_mb"] ?? 0)) MB peak at n = \(baselineN)" }
                ?? PythonBaseline.notRun
            let fits = (ours?["peak_mb"]).map { $0 <= 4096 ? "within 4 GB" : "over 4 GB" } ?? "–"
            Summary.add("\(name) at n = \(n), d = 50 (blobs, defaults), peak memory",
                        baseline: "\(theirsName): \(theirsText)", ours: oursText, ratio: "\(fits) (goal ≤ 4 GB)")
        }
    }

    /// One table row from a child's `key=value` figures and its embedding file.
    private static func row(name: String, n: Int, figures: [String: Double], original: Matrix, embedding path: String) -> [String] {
        var trust = "–"
        if let bytes = try? Data(contentsOf: URL(fileURLWithPath: path)), bytes.count == n * 2 * 8 {
            let values = bytes.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
            trust = Bench.format(sampledTrustworthiness(original: original, embedding: Matrix(rows: n, columns: 2, elements: values)), 4)
        }
        return [name, "\(n)", figures["seconds"].map { Bench.format($0, 1) } ?? "–",
                figures["cpu_seconds"].map { Bench.format($0, 1) } ?? "–",
                figures["peak_mb"].map { "\(Int($0))" } ?? "–", trust, figures["kl"].map { Bench.format($0, 4) } ?? "–"]
    }

    /// Runs this executable (or another) with `arguments`, its `key=value` standard output parsed; standard error
    /// passes through. `nil` when it fails.
    private static func child(executable: String, arguments: [String]) -> [String: Double]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write("scale job \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)\n".data(using: .utf8)!)
            return nil
        }
        var values: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { values[String(parts[0])] = value }
        }
        return values
    }

    /// The sampled trustworthiness estimate of the type's comment (k = 10, 5 000 points, seed 1).
    static func sampledTrustworthiness(original x: Matrix, embedding y: Matrix, neighbors k: Int = 10,
                                       sample: Int = 5_000) -> Double {
        let n = x.rows, d = x.columns, m = min(sample, n)
        var generator = SeededGenerator(seed: 1)
        var pool = Array(0..<n)
        for t in 0..<m { pool.swapAt(t, t + Int(generator.next() % UInt64(n - t))) }
        let drawn = Array(pool.prefix(m))
        pool = []
        // Each drawn point's k nearest other points in the embedding (k + 1 with itself, then itself dropped).
        var queries = Matrix(rows: m, columns: 2)
        for (t, i) in drawn.enumerated() { queries.elements[2 * t] = y.elements[2 * i]; queries.elements[2 * t + 1] = y.elements[2 * i + 1] }
        guard let nearest = try? NearestNeighbors(neighbors: k + 1, algorithm: .kdTree).fit(y).kneighbors(of: queries) else { return .nan }
        var list = [Int](repeating: 0, count: m * k)
        for t in 0..<m {
            var s = 0
            for e in 0..<(k + 1) where s < k && nearest.indices[t * (k + 1) + e] != drawn[t] {
                list[t * k + s] = nearest.indices[t * (k + 1) + e]; s += 1
            }
        }
        let neighbours = list
        // Ranks in the original space: blocks of drawn points against chunks of all points by dgemm,
        // ‖a − b‖² = ‖a‖² + ‖b‖² − 2 a·b; r(i, j) = 1 + #{l ≠ i : ‖xᵢ − x_l‖² < ‖xᵢ − xⱼ‖² − ε}.
        let norms = x.rowSquaredNorms
        let block = 64, chunk = 4_096
        let blocks = (m + block - 1) / block
        var penalties = [Double](repeating: 0, count: blocks)
        x.elements.withUnsafeBufferPointer { e in
            penalties.withUnsafeMutableBufferPointer { penalties in
                let shared = UncheckedSendable((penalties, e))  // block `b` writes only `penalties[b]`; `e` is read
                BLAS.withThreads(1) {
                    DispatchQueue.concurrentPerform(iterations: blocks) { b in
                        let (penalties, e) = shared.value
                        let rowsHere = min(block, m - b * block)
                        var a = [Double](repeating: 0, count: rowsHere * d)
                        var thresholds = [Double](repeating: 0, count: rowsHere * k)
                        var counts = [Int](repeating: 0, count: rowsHere * k)
                        for r in 0..<rowsHere {
                            let i = drawn[b * block + r]
                            for c in 0..<d { a[r * d + c] = e[i * d + c] }
                            for s in 0..<k {
                                let j = neighbours[(b * block + r) * k + s]
                                var sum = 0.0
                                for c in 0..<d { let t = e[i * d + c] - e[j * d + c]; sum += t * t }
                                thresholds[r * k + s] = sum - 1e-9 * (norms[i] + norms[j])
                            }
                        }
                        var gram = [Double](repeating: 0, count: rowsHere * chunk)
                        var start = 0
                        while start < n {
                            let width = min(chunk, n - start)
                            a.withUnsafeBufferPointer { a in
                                gram.withUnsafeMutableBufferPointer { g in
                                    BLAS.gemm(transposeA: false, transposeB: true, m: rowsHere, n: width, k: d, alpha: 1,
                                              a: a.baseAddress!, lda: d, b: e.baseAddress! + start * d, ldb: d,
                                              beta: 0, c: g.baseAddress!, ldc: chunk)
                                }
                            }
                            for r in 0..<rowsHere {
                                let i = drawn[b * block + r]
                                for l in start..<(start + width) where l != i {
                                    let squared = norms[i] + norms[l] - 2 * gram[r * chunk + l - start]
                                    for s in 0..<k where squared < thresholds[r * k + s] { counts[r * k + s] += 1 }
                                }
                            }
                            start += width
                        }
                        var penalty = 0.0
                        for c in counts { penalty += Double(max(0, c + 1 - k)) }
                        penalties[b] = penalty
                    }
                }
            }
        }
        let mean = penalties.reduce(0, +) / Double(m)
        return 1 - 2 / (Double(k) * (2 * Double(n) - 3 * Double(k) - 1)) * mean
    }

    private static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func currentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }

    struct ScaleError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
