import Foundation
import LinearAlgebra

/// t-SNE's gradient descent with momentum and per-coordinate gains (Jacobs' delta-bar-delta, as openTSNE):
///
///     gain ← gain + 0.2               where sign(update) ≠ sign(g)
///     gain ← 0.8 · gain + minGain     elsewhere
///     update ← momentum · update − η · gain ⊙ g,   clipped per point to ‖update‖ ≤ maxStepNorm
///     y ← y + update,   then y ← y − mean(y) (in a fit)
///
/// with g the gradient in openTSNE's scale (∂C/∂y / 4). The update and the gains carry over from the
/// exaggerated phase to the normal one.
enum TSNEOptimizer {
    /// The carried optimiser state: the last update and the gains, both n × c.
    struct State {
        var update: [Double]
        var gains: [Double]

        init(count: Int) {
            update = [Double](repeating: 0, count: count)
            gains = [Double](repeating: 1, count: count)
        }
    }

    /// The settings of one phase.
    struct Phase {
        var iterations: Int
        var learningRate: Double
        var momentum: Double
        var minimumGain: Double
        var maximumStepNorm: Double?
        var maximumGradientNorm: Double?
        /// Subtract the mean after each step (a fit; not a transform, whose reference stays put).
        var recentre: Bool
    }

    /// Runs one phase on the n × c layout `y`. `gradient(y, g)` overwrites g with the gradient at y;
    /// `afterStep` may constrain the points; `step(k)` is told after each step k (1-based).
    static func descend(_ y: inout [Double], state: inout State, components c: Int, phase: Phase,
                        gradient: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
                        afterStep: ((UnsafeMutablePointer<Double>) -> Void)? = nil, step: (Int) -> Void) {
        let count = y.count, n = count / max(c, 1)
        var g = [Double](repeating: 0, count: count)
        for iteration in 0..<phase.iterations {
            y.withUnsafeMutableBufferPointer { yb in
                g.withUnsafeMutableBufferPointer { gb in
                    state.update.withUnsafeMutableBufferPointer { ub in
                        state.gains.withUnsafeMutableBufferPointer { gains in
                            let y = yb.baseAddress!, g = gb.baseAddress!, u = ub.baseAddress!, gain = gains.baseAddress!
                            gradient(UnsafePointer(y), g)
                            if let limit = phase.maximumGradientNorm { clipRows(g, rows: n, components: c, limit: limit, epsilon: 1e-6) }
                            for e in 0..<count {
                                let flipped = (u[e] > 0 ? 1 : (u[e] < 0 ? -1 : 0)) != (g[e] > 0 ? 1 : (g[e] < 0 ? -1 : 0))
                                gain[e] = flipped ? gain[e] + 0.2 : gain[e] * 0.8 + phase.minimumGain
                                u[e] = phase.momentum * u[e] - phase.learningRate * gain[e] * g[e]
                            }
                            if let limit = phase.maximumStepNorm { clipRows(u, rows: n, components: c, limit: limit, epsilon: 0) }
                            for e in 0..<count { y[e] += u[e] }
                            if phase.recentre {
                                for t in 0..<c {
                                    var mean = 0.0
                                    for i in 0..<n { mean += y[i * c + t] }
                                    mean /= Double(n)
                                    for i in 0..<n { y[i * c + t] -= mean }
                                }
                            }
                            afterStep?(y)
                        }
                    }
                }
            }
            step(iteration + 1)
        }
    }

    /// Scales each row of `v` whose norm exceeds `limit` to norm `limit` (openTSNE's clipping).
    private static func clipRows(_ v: UnsafeMutablePointer<Double>, rows n: Int, components c: Int, limit: Double, epsilon: Double) {
        for i in 0..<n {
            var squared = 0.0
            for t in 0..<c { squared += v[i * c + t] * v[i * c + t] }
            let norm = squared.squareRoot()
            if norm > limit {
                let scale = limit / (norm + epsilon)
                for t in 0..<c { v[i * c + t] *= scale }
            }
        }
    }

    /// The whole fit: the exaggerated phase, then the normal one; returns KL(P ‖ Q) of the final layout.
    static func fit(layout y: inout [Double], affinities: TSNEAffinities, settings: TSNE, progress: ProgressReporter) -> Double {
        let n = affinities.rows, c = settings.components
        let field = settings.usesInterpolation(samples: n) ? InterpolationField() : nil
        var repulsion = [Double](repeating: 0, count: n * c)
        func repulsive(_ y: UnsafePointer<Double>) -> Double {
            repulsion.withUnsafeMutableBufferPointer { r in
                if let field { return field.repulsion(points: y, count: n, into: r.baseAddress!) }
                return TSNEGradient.exactRepulsion(points: y, count: n, components: c, into: r.baseAddress!)
            }
        }
        func gradient(exaggeration: Double) -> (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void {
            { y, g in
                TSNEGradient.attraction(affinities, points: y, reference: y, components: c, exaggeration: exaggeration, into: g)
                let z = repulsive(y)
                repulsion.withUnsafeBufferPointer { r in
                    for e in 0..<(n * c) { g[e] -= r[e] / z }
                }
            }
        }
        func rate(_ exaggeration: Double) -> Double {
            switch settings.learningRate {
            case .automatic: return max(Double(n) / exaggeration, 50)
            case let .fixed(value): return value
            }
        }
        var state = State(count: n * c)
        let total = settings.earlyExaggerationIterations + settings.iterations
        let every = max(1, total / 200)
        func report(_ done: Int) {
            if done % every == 0 || done == total { progress.report("optimisation", step: done, of: total) }
        }
        progress.report("optimisation", step: 0, of: total)
        let early = Phase(iterations: settings.earlyExaggerationIterations, learningRate: rate(settings.earlyExaggeration),
                          momentum: settings.initialMomentum, minimumGain: settings.minimumGain,
                          maximumStepNorm: settings.maximumStepNorm, maximumGradientNorm: nil, recentre: true)
        descend(&y, state: &state, components: c, phase: early, gradient: gradient(exaggeration: settings.earlyExaggeration),
                step: { report($0) })
        let normal = Phase(iterations: settings.iterations, learningRate: rate(1), momentum: settings.finalMomentum,
                           minimumGain: settings.minimumGain, maximumStepNorm: settings.maximumStepNorm,
                           maximumGradientNorm: nil, recentre: true)
        descend(&y, state: &state, components: c, phase: normal, gradient: gradient(exaggeration: 1),
                step: { report(settings.earlyExaggerationIterations + $0) })
        return y.withUnsafeBufferPointer { points in
            let z = repulsive(points.baseAddress!)
            return TSNEGradient.klDivergence(affinities, points: points.baseAddress!, components: c, normalizer: z)
        }
    }
}
