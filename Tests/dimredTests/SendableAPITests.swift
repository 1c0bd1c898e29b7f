import MathFoundations
import TestSupport
import Testing

/// A client's view of the public API in the Swift 6 language mode (this target compiles in it and imports every
/// module through `MathFoundations`): data, settings, fitted models and tensors cross task boundaries without
/// a warning, and a model shared by concurrent tasks answers as it does on one thread.
@Suite("Sendable public API")
struct SendableAPITests {
    @Test("a fitted PCA shared by four concurrent tasks transforms as it does serially; tensors cross tasks intact")
    func sharedModelAcrossTasks() async throws {
        let x = Matrix.randomNormal(rows: 60, columns: 4, seed: 11)
        let model = try PCA(components: .count(2)).fit(x)
        let serial = try model.transform(x)
        let parallel = try await withThrowingTaskGroup(of: Matrix.self) { group in
            for _ in 0..<4 { group.addTask { try model.transform(x) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(parallel.count == 4)
        // Same model, data and BLAS kernel in one process: equal up to the summation order of a thread split.
        for result in parallel { assertClose(result, serial, relativeTolerance: 1e-12) }

        let tensor = Tensor<Double>([1, -2, 3.5])
        let echoed = await Task.detached { tensor.scalars }.value
        #expect(echoed == [1, -2, 3.5])
    }
}
