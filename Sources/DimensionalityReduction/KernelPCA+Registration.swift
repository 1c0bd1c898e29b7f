import LinearAlgebra

extension EmbeddingMethodRegistration {
    /// `EmbeddingMethod.kpca`: `KernelPCA` with `settings.makeKernel()`.
    static let kpca = EmbeddingMethodRegistration(
        summary: "kernel PCA (--kernel linear|polynomial|rbf|sigmoid|cosine, has transform)", usesNeighbors: false,
        parameters: { settings in
            var list: [(name: String, value: String)] = [("kernel", settings.kernel.rawValue)]
            if let gamma = settings.gamma { list.append(("gamma", "\(gamma)")) }
            if settings.kernel == .polynomial { list.append(("degree", "\(settings.degree)")) }
            if settings.kernel == .polynomial || settings.kernel == .sigmoid { list.append(("coef0", "\(settings.coef0)")) }
            return list
        },
        fit: { x, settings, progress in
            try KernelPCA(components: .count(settings.components), kernel: settings.makeKernel()).fit(x, progress: progress)
        },
        storage: KernelPCA.Model.self)
}

/// The model file's `"kernelPCA"` part: the training points, the dual coefficients and the centring
/// statistics (the kernel and γ are in the settings).
extension KernelPCA.Model: StoredEmbeddingModel {
    struct FilePart: Codable, Sendable {
        var trainingData: StoredMatrix
        var eigenvectors: StoredMatrix
        var eigenvalues: StoredVector
        var kernelRowMeans: StoredVector
        var kernelGrandMean: Double
        var gammaFeatures: Int
    }

    static let fileKey = "kernelPCA"

    func filePart(storage: ModelArrayStorage) -> FilePart {
        FilePart(trainingData: StoredMatrix(trainingData, storage: storage), eigenvectors: StoredMatrix(eigenvectors, storage: storage),
                 eigenvalues: StoredVector(eigenvalues, storage: storage), kernelRowMeans: StoredVector(kernelRowMeans, storage: storage),
                 kernelGrandMean: kernelGrandMean, gammaFeatures: gammaFeatures)
    }

    static func read(_ s: FilePart, from file: ModelFileContext) throws -> KernelPCA.Model {
        let (check, k, n, d) = (file.check, file.k, file.n, file.d)
        try check.require(k.value <= n.value, "settings.components", "= \(k.value) must be at most the \(n.value) training rows")
        let training = try check.matrix(s.trainingData, "kernelPCA.trainingData", rows: n, columns: d)
        let vectors = try check.matrix(s.eigenvectors, "kernelPCA.eigenvectors", rows: n, columns: k)
        let values = try check.vector(s.eigenvalues, "kernelPCA.eigenvalues", count: k)
        let rowMeans = try check.vector(s.kernelRowMeans, "kernelPCA.kernelRowMeans", count: n)
        try check.finite(s.kernelGrandMean, "kernelPCA.kernelGrandMean")
        try check.require(s.gammaFeatures == d.value, "kernelPCA.gammaFeatures", "= \(s.gammaFeatures) must equal features = \(d.value)")
        return KernelPCA.Model(kernel: file.settings.makeKernel(), eigenvalues: values, eigenvectors: vectors,
                               embedding: file.embedding, trainingData: training, kernelRowMeans: rowMeans,
                               kernelGrandMean: s.kernelGrandMean, gammaFeatures: s.gammaFeatures)
    }
}
