/// How per-sample losses are combined (PyTorch's `reduction`, mlx's `LossReduction`).
public enum LossReduction: Sendable, Equatable {
    /// The arithmetic mean over every element (the default).
    case mean
    /// The sum.
    case sum
    /// No reduction: the elementwise (or per-row) losses.
    case none

    func apply<Scalar>(_ losses: Variable<Scalar>) -> Variable<Scalar> {
        switch self {
        case .mean: return losses.mean()
        case .sum: return losses.sum()
        case .none: return losses
        }
    }
}

/// Mean squared error `ℓᵢ = (ŷᵢ − yᵢ)²`, reduced (PyTorch's `MSELoss`; the course's ½ factor is `· 0.5`).
/// Shapes broadcast; a mismatch is recorded in the graph.
public func meanSquaredError<Scalar>(predictions: Variable<Scalar>, targets: Variable<Scalar>,
                                     reduction: LossReduction = .mean) -> Variable<Scalar> {
    reduction.apply((predictions - targets).squared())
}

/// Binary cross-entropy on probabilities `p ∈ [0, 1]` with targets `y ∈ [0, 1]`:
///
///     ℓᵢ = −(yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)),   each log clamped to ≥ −100 (as PyTorch's BCELoss)
///
/// Edge cases: `p = 0` or `1` gives a finite loss (at most 100) instead of ∞. Prefer
/// `binaryCrossEntropy(logits:targets:)` on raw scores: it is exact where this one clamps.
public func binaryCrossEntropy<Scalar>(probabilities: Variable<Scalar>, targets: Variable<Scalar>,
                                       reduction: LossReduction = .mean) -> Variable<Scalar> {
    let one = Scalar.one
    let logP = log(probabilities).clamped(lower: -100, upper: .infinity)
    let logQ = log(one - probabilities).clamped(lower: -100, upper: .infinity)
    let positive = targets * logP
    let negative = (one - targets) * logQ
    return reduction.apply(-(positive + negative))
}

/// Binary cross-entropy on logits `z` (PyTorch's `BCEWithLogitsLoss`), in the stable form
///
///     ℓᵢ = softplus(zᵢ) − yᵢ zᵢ = max(zᵢ, 0) − yᵢ zᵢ + log(1 + e^(−|zᵢ|)),    ∂ℓ/∂z = σ(z) − y
///
/// Edge cases: finite value and gradient for `|z|` up to the largest scalar (±1000 and beyond).
public func binaryCrossEntropy<Scalar>(logits: Variable<Scalar>, targets: Variable<Scalar>,
                                       reduction: LossReduction = .mean) -> Variable<Scalar> {
    reduction.apply(softplus(logits) - targets * logits)
}

/// Cross-entropy of class scores (logits `[batch, C]`) against class indices, through the stable log-softmax
/// (PyTorch's `CrossEntropyLoss`):
///
///     ℓᵣ = −log softmax(zᵣ)[cᵣ] = log Σⱼ e^(zᵣⱼ) − zᵣ,cᵣ,     ∂ℓᵣ/∂zᵣ = softmax(zᵣ) − onehot(cᵣ)
///
/// Edge cases: finite for logits of any magnitude. A wrong class count or an out-of-range class is recorded in
/// the graph. `reduction: .none` gives the per-row losses `[batch]`.
public func crossEntropy<Scalar>(logits: Variable<Scalar>, classes: [Int],
                                 reduction: LossReduction = .mean) -> Variable<Scalar> {
    reduction.apply(-logits.logSoftmax(axis: -1).gather(classes: classes))
}

/// Cross-entropy of class scores against target distributions (one-hot or soft labels) `[batch, C]`:
/// `ℓᵣ = −Σⱼ yᵣⱼ log softmax(zᵣ)ⱼ`. `.mean` averages over rows.
public func crossEntropy<Scalar>(logits: Variable<Scalar>, probabilities targets: Variable<Scalar>,
                                 reduction: LossReduction = .mean) -> Variable<Scalar> {
    reduction.apply(-(targets * logits.logSoftmax(axis: -1)).sum(alongAxes: [-1]))
}
