import ArgumentParser
import Foundation
import MathFoundations

/// The range of every numeric option, checked in `validate()` before any arithmetic, and the memory checks made
/// before a large allocation, so no value can overflow an `Int`, ask for more memory than the machine has or
/// start a loop that would never end.
///
/// The method settings use the library's bounds (`EmbeddingSettings.Limits`, which the model-file reader also
/// applies, so every model dimred writes can be read back); they are far above any useful value and far below
/// what breaks:
///
///     --components   ≤ 2^20       output dimensions; every method needs components ≤ min(samples, features)
///     --neighbors    ≤ 2^20       neighbour lists hold n × k entries (and `checkDense` bounds their memory)
///     --landmarks    ≤ 2^20       landmark geodesics hold landmarks × n distances (bounded by `checkDense` too)
///     --degree       ≤ 100        the polynomial kernel multiplies `degree` factors for each of its n² entries
///     --samples      ≤ 100 000 000, and samples × features × 8 bytes ≤ half the memory (`memoryBytes`)
///     --noise        ≤ 1 000 000 (generated sets have unit scale)
enum Limits {
    static let components = EmbeddingSettings.Limits.components.upperBound
    static let neighbors = EmbeddingSettings.Limits.neighbors.upperBound
    static let landmarks = EmbeddingSettings.Limits.landmarks.upperBound
    static let degree = EmbeddingSettings.Limits.degree.upperBound
    static let samples = 100_000_000
    /// Generated sets have unit scale; noise beyond this only drowns them, and near 1e308 it overflows to ∞.
    static let noise = 1e6

    /// What one run may allocate for a matrix: half the memory it can use, that is half of the smallest of
    /// the physical memory, the cgroup v2 limit of a container (`/sys/fs/cgroup/memory.max`) and
    /// `DIMRED_MEMORY_LIMIT` (bytes) when set.
    static var memoryBytes: Double { availableMemory / 2 }

    /// The memory this process can use (see `memoryBytes`).
    static var availableMemory: Double {
        var limit = Double(ProcessInfo.processInfo.physicalMemory)
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let cgroup = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)), cgroup > 0 {
            limit = min(limit, cgroup)
        }
        if let text = ProcessInfo.processInfo.environment["DIMRED_MEMORY_LIMIT"], let given = Double(text), given > 0 {
            limit = min(limit, given)
        }
        return limit
    }

    /// `1.2 GB`, `340.0 MB`: bytes in decimal units, for messages.
    static func bytes(_ count: Double) -> String {
        count >= 1e9 ? String(format: "%.1f GB", count / 1e9) : String(format: "%.1f MB", count / 1e6)
    }

    /// Throws `--flag must be ≥ low, got v` or `--flag must be ≤ high, got v (why)`.
    static func check(_ value: Int, _ flag: String, _ range: ClosedRange<Int>, why: String) throws {
        guard value >= range.lowerBound else { throw ValidationError("\(flag) must be ≥ \(range.lowerBound), got \(value)") }
        guard value <= range.upperBound else {
            throw ValidationError("\(flag) must be ≤ \(range.upperBound), got \(value) (\(why))")
        }
    }

    /// Throws unless `samples` rows of `name` (with `features` columns) fit in memory.
    static func checkGenerated(samples: Int, features: Int, name: String) throws {
        let needed = Double(samples) * Double(max(features, 1)) * 8
        guard needed <= memoryBytes else {
            throw ValidationError("--samples \(samples) needs \(bytes(needed)) for \(name)'s \(features) columns "
                                  + "(samples × features × 8 bytes), more than half the memory dimred may use (\(bytes(memoryBytes))); lower --samples")
        }
    }

    /// Throws a data error when `method` on `rows` rows needs a matrix larger than the memory limit: n × n
    /// doubles for mds, kpca and isomap, landmarks × n for landmark-isomap, and for every neighbour method its
    /// n × k neighbour lists (an index and a distance each, 16 bytes).
    static func checkDense(_ method: EmbeddingMethod, rows: Int, landmarks: Int, neighbors: Int) throws {
        let n = Double(rows)
        var needs: [(bytes: Double, shape: String, advice: String)] = []
        switch method {
        case .mds, .kpca, .isomap, .smacof:
            needs.append((n * n * 8, "an n × n matrix", "use landmark-isomap, pca or an lle variant, or fewer rows"))
        case .landmarkIsomap:
            needs.append((Double(landmarks) * n * 8, "a landmarks × n matrix", "lower --landmarks, or use fewer rows"))
        default:
            break
        }
        if method.usesNeighbors {
            needs.append((n * Double(neighbors) * 16, "n × k neighbour lists", "lower --neighbors, or use fewer rows"))
        }
        for need in needs where need.bytes > memoryBytes {
            throw Failure(message: "\(method.rawValue) of \(rows) rows needs \(need.shape) of \(bytes(need.bytes)), more than half the "
                          + "memory dimred may use (\(bytes(memoryBytes))); \(need.advice)", code: Failure.data)
        }
    }
}
