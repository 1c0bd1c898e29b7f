import LinearAlgebra

extension PCA {
    /// The solver `.automatic` resolves to for an `n × d` data set.
    public static func resolvedSolver(_ solver: PCASolver, samples n: Int, features d: Int) -> PCASolver {
        guard solver == .automatic else { return solver }
        if d <= 1000 && n >= 10 * d { return .covariance }
        if n <= 1000 && d >= 10 * n { return .gram }
        return .svd
    }

    /// The fit: the model, which holds the training scores as its `embedding`.
    func fitModel(_ x: Matrix) throws -> Model {
        let method = "PCA"
        try DimensionalityReductionError.validate(x, method: method)
        let (n, d) = (x.rows, x.columns)
        guard n >= 2 else { throw DimensionalityReductionError.tooFewSamples(method: method, samples: n, required: 2) }
        let rank = Swift.min(n, d)
        // How many leading pairs the factorisation must deliver.
        let wanted: Int
        switch components {
        case let .count(k):
            guard k >= 1 && k <= rank else {
                throw DimensionalityReductionError.invalidComponents(method: method, requested: k, limit: rank)
            }
            wanted = k
        case let .varianceRatio(ratio):
            guard ratio > 0 && ratio < 1 else { throw DimensionalityReductionError.invalidVarianceRatio(method: method, ratio: ratio) }
            wanted = rank
        case .all:
            wanted = rank
        }
        let solver = Self.resolvedSolver(self.solver, samples: n, features: d)
        let (centered, mean) = x.centeringColumns()
        let degrees = Double(n - 1)
        let totalVariance = centered.frobeniusNorm * centered.frobeniusNorm / degrees

        var (sigma, vt, scores) = try DimensionalityReductionError.wrapping(method) {
            try Self.factor(centered, count: wanted, solver: solver)
        }
        Self.flipComponentSigns(vt: &vt, scores: &scores)

        var k = wanted
        if case let .varianceRatio(ratio) = components {
            var cumulative = 0.0
            k = rank
            for (j, s) in sigma.enumerated() {
                cumulative += totalVariance > 0 ? s * s / degrees / totalVariance : 0
                if cumulative > ratio { k = j + 1; break }
            }
        }
        if k < sigma.count {
            sigma = Array(sigma[0..<k])
            vt = vt.rows(at: 0..<k)
            scores = scores.columns(at: Array(0..<k))
        }
        let explained = sigma.map { $0 * $0 / degrees }
        let ratios = explained.map { totalVariance > 0 ? $0 / totalVariance : 0 }
        let kept = explained.reduce(0, +)
        let noise = k < rank ? Swift.max(0, totalVariance - kept) / Double(rank - k) : 0
        var model = Model(components: vt, explainedVariance: explained, explainedVarianceRatio: ratios,
                          singularValues: sigma, mean: mean, noiseVariance: noise, samples: n, whiten: whiten,
                          solver: solver, embedding: scores)
        if whiten { model.embedding = scores.scalingColumns(by: model.whiteningFactors) }
        return model
    }

    /// The leading `count` singular values, right singular vectors (rows of `vt`) and scores `U Σ` of the
    /// centred data.
    static func factor(_ centered: Matrix, count: Int, solver: PCASolver) throws
        -> (sigma: [Double], vt: Matrix, scores: Matrix) {
        let (n, d) = (centered.rows, centered.columns)
        switch solver {
        case .automatic, .svd:
            let svd = try centered.svd()
            let sigma = Array(svd.singularValues[0..<count])
            let u = svd.u.columns(at: Array(0..<count))
            return (sigma, svd.vt.rows(at: 0..<count), u.scalingColumns(by: sigma))
        case .covariance:
            let scatter = centered.columnGram()
            let eigen = try scatter.symmetricEigen(count == d ? .all : .largest(count))
            let sigma = liveSingularValues(squared: Array(eigen.eigenvalues.prefix(count)), samples: n, features: d)
            let v = eigen.eigenvectors.columns(at: Array(0..<count))
            return (sigma, v.transposed, centered * v)
        case .gram:
            let gram = centered.rowGram()
            let eigen = try gram.symmetricEigen(count == n ? .all : .largest(count))
            let sigma = liveSingularValues(squared: Array(eigen.eigenvalues.prefix(count)), samples: n, features: d)
            let u = eigen.eigenvectors.columns(at: Array(0..<count))
            // vⱼ = X_cᵀ uⱼ / σⱼ for the non-zero σⱼ; directions of zero variance complete the basis.
            var v = Matrix.product(centered, u, transposingA: true)
            let live = sigma.map { $0 > 0 }
            for i in 0..<d {
                for j in 0..<count { v.elements[i * count + j] = live[j] ? v.elements[i * count + j] / sigma[j] : 0 }
            }
            if live.contains(false) { completeOrthonormalColumns(&v, live: live) }
            return (sigma, v.transposed, u.scalingColumns(by: sigma))
        }
    }

    /// `σⱼ = √λⱼ` from the eigenvalues λ of `X_cᵀX_c` or `X_c X_cᵀ` (descending), with 0 for every λⱼ at rounding
    /// level, `λⱼ ≤ max(n, d) · ε · λ₁`. Forming the product squares the condition number, so such a λⱼ (and any
    /// negative one) carries no information: its square root, about `√ε σ₁`, would pass for a real
    /// singular value and be divided by in `v = X_cᵀu/σ` and in whitening.
    static func liveSingularValues(squared lambda: [Double], samples n: Int, features d: Int) -> [Double] {
        let cutoff = Double(Swift.max(n, d)) * Double.ulpOfOne * Swift.max(lambda.first ?? 0, 0)
        return lambda.map { $0 > cutoff ? $0.squareRoot() : 0 }
    }

    /// Flips each component (row of `vt`) so its largest-magnitude entry is positive, and the matching
    /// score column with it.
    static func flipComponentSigns(vt: inout Matrix, scores: inout Matrix) {
        let (k, d) = (vt.rows, vt.columns)
        for j in 0..<k {
            var best = 0.0, bestIndex = 0
            for i in 0..<d where abs(vt[j, i]) > best { best = abs(vt[j, i]); bestIndex = i }
            guard vt[j, bestIndex] < 0 else { continue }
            for i in 0..<d { vt.elements[j * d + i] = -vt.elements[j * d + i] }
            for i in 0..<scores.rows { scores.elements[i * k + j] = -scores.elements[i * k + j] }
        }
    }

    /// Fills the columns of `v` (d × k) not marked `live` with unit vectors orthogonal to every other
    /// column: the coordinate axis with the largest residual, Gram–Schmidt twice.
    static func completeOrthonormalColumns(_ v: inout Matrix, live: [Bool]) {
        let (d, k) = (v.rows, v.columns)
        var done = live
        for j in 0..<k where !live[j] {
            var best: [Double] = []
            var bestNorm = -1.0
            for axis in 0..<d {
                var candidate = [Double](repeating: 0, count: d)
                candidate[axis] = 1
                for _ in 0..<2 {
                    for p in 0..<k where done[p] {
                        var dot = 0.0
                        for i in 0..<d { dot += v.elements[i * k + p] * candidate[i] }
                        for i in 0..<d { candidate[i] -= dot * v.elements[i * k + p] }
                    }
                }
                let norm = BLAS.norm2(candidate)
                if norm > bestNorm { bestNorm = norm; best = candidate }
                if norm > 0.7 { break }
            }
            for i in 0..<d { v.elements[i * k + j] = best[i] / bestNorm }
            done[j] = true
        }
    }
}

extension PCA.Model {
    /// The data covariance estimated by the fitted model (probabilistic PCA, scikit-learn's
    /// `get_covariance()` without whitening):
    ///
    ///     Σ̂ = Vₖᵀ diag(max(λⱼ − σ², 0)) Vₖ + σ² I,   σ² = noiseVariance
    ///
    /// With every component kept it is the sample covariance `X_cᵀ X_c / (n − 1)`.
    ///
    /// - Complexity: O(k d²).
    public var covariance: Matrix {
        let excess = explainedVariance.map { Swift.max($0 - noiseVariance, 0) }
        var result = Matrix.product(components.scalingRows(by: excess), components, transposingA: true)
        for i in 0..<features { result[i, i] += noiseVariance }
        return result
    }
}
