import LinearAlgebra

extension Dataset {
    /// A seeded, possibly imbalanced classification problem, a simplified `make_classification` with one
    /// cluster per class.
    ///
    /// Class k gets `n_k` samples in proportion to `weights` (normalised to sum 1): `n_k = ⌊w_k n⌋`, and the
    /// samples left over go one each to classes 0, 1, .... Its first `informative` features are Gaussian around
    /// a vertex of the hypercube [−s, s]^informative, `s = classSeparation`, the vertex whose sign pattern is
    /// the binary digits of k:
    ///
    ///     x_j = ±s + z_j   (j < informative, sign from bit j of k),   x_j = z_j otherwise,   z ~ N(0, 1)
    ///
    /// Remaining features are pure noise. Rows are shuffled.
    ///
    /// - Throws: `DatasetError.invalidParameter` for fewer samples than classes, fewer than 2 classes,
    ///   weights not one positive value per class, `informative` outside 1...features or with
    ///   2^informative < classes, or a negative separation.
    public static func imbalancedClassification(samples: Int = 1000, features: Int = 2, informative: Int? = nil,
                                                classes: Int = 2, weights: [Double] = [0.9, 0.1],
                                                classSeparation: Double = 1, seed: UInt64 = 0) throws -> Dataset {
        let name = "imbalancedClassification"
        let informative = informative ?? features
        try require(classes >= 2, name, "classes", classes, "at least 2")
        try require(samples >= classes, name, "samples", samples, "at least the number of classes (\(classes))")
        try require(features >= 1, name, "features", features, "at least 1")
        try require(informative >= 1 && informative <= features, name, "informative", informative, "in 1...features (\(features))")
        try require(informative >= 63 || (1 << informative) >= classes, name, "informative", informative,
                    "large enough that 2^informative ≥ classes (\(classes))")
        try require(weights.count == classes && weights.allSatisfy { $0 > 0 && $0.isFinite }, name, "weights", weights,
                    "one positive weight per class (\(classes))")
        try require(classSeparation >= 0 && classSeparation.isFinite, name, "classSeparation", classSeparation, "finite and ≥ 0")
        let total = weights.reduce(0, +)
        var counts = weights.map { Int($0 / total * Double(samples)) }
        var k = 0
        while counts.reduce(0, +) < samples {
            counts[k % classes] += 1
            k += 1
        }
        var rng = SeededGenerator(seed: seed)
        var x = Matrix(rows: samples, columns: features)
        var targets: [Int] = []
        var row = 0
        for c in 0..<classes {
            for _ in 0..<counts[c] {
                for j in 0..<features {
                    let centre = j < informative ? ((c >> j) & 1 == 1 ? classSeparation : -classSeparation) : 0
                    x[row, j] = centre + rng.nextNormal()
                }
                targets.append(c)
                row += 1
            }
        }
        let (shuffledX, shuffledY) = shuffled(x, targets, &rng)
        return Dataset(name: "classification", features: shuffledX, targets: shuffledY,
                       classNames: (0..<classes).map(String.init), featureNames: defaultFeatureNames(features))
    }
}
