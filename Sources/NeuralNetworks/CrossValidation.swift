/// k-fold cross-validation: `score(train, validation)` on each fold of `data` (each sample validated exactly
/// once), returning the k scores (their mean and spread are the estimate). `stratified` keeps each class's share in
/// every fold (scikit-learn's `StratifiedKFold`); the folds are seeded.
///
///     let scores = try crossValidate(data, folds: 5, stratified: true) { train, validation in
///         let model = makeModel()
///         try Trainer(model: model, optimizer: Adam(parameters: model.parameters), loss: .crossEntropy)
///             .fit(train, epochs: 10, batchSize: 32)
///         return try accuracy(predicted: predictedClasses(model.predict(validation.inputs)), actual: labels(validation))
///     }
/// - Throws: `NeuralNetworkError.invalidArgument` for a fold count outside `2...count`, or `stratified` with
///   non-class targets; whatever `score` throws.
public func crossValidate<Scalar>(_ data: TensorDataset<Scalar>, folds: Int, stratified: Bool = false, seed: UInt64 = 0,
                                  score: (_ train: TensorDataset<Scalar>, _ validation: TensorDataset<Scalar>) throws -> Double)
    throws -> [Double] {
    var labels: [Int]?
    if stratified {
        guard case .classes(let classes) = data.targets else {
            throw NeuralNetworkError.invalidArgument("crossValidate: stratified folds need class targets (.classes); pass stratified: false for regression")
        }
        labels = classes
    }
    return try Splits.kFold(sampleCount: data.count, folds: folds, stratifiedBy: labels, seed: seed).map { fold in
        try score(data.subset(fold.train), data.subset(fold.validation))
    }
}
