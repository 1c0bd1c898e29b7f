import LinearAlgebra

/// New rows on segments between class samples and their same-class neighbours, the step shared by SMOTE and
/// ADASYN:
///
///     x_new = xᵢ + u · (x_nn − xᵢ),   u ~ U[0, 1),   x_nn one of xᵢ's k nearest same-class neighbours
///
/// Rows of `members` are original row indices; `neighbors` holds, for each member, the positions (into
/// `members`) of its k nearest same-class neighbours, row-major.
struct SegmentInterpolator {
    let data: Matrix
    let members: [Int]
    let neighbors: [Int]
    let k: Int

    /// Appends one new row built from member `base` (a position in `members`) to the output buffers.
    func appendSample(base: Int, using generator: inout SeededGenerator, into output: inout ResamplingOutput) {
        let neighbor = members[neighbors[base * k + generator.nextIndex(below: k)]]
        let source = members[base]
        let step = generator.nextUniform()
        let d = data.columns
        data.elements.withUnsafeBufferPointer { x in
            for j in 0..<d {
                let a = x[source * d + j]
                output.elements.append(a + step * (x[neighbor * d + j] - a))
            }
        }
        output.sources.append(source)
        output.neighbors.append(neighbor)
        output.steps.append(step)
    }
}

/// Growing buffers for an over-sampler's output, starting from the original rows.
struct ResamplingOutput {
    var elements: [Double]
    var sources: [Int]
    var neighbors: [Int?] = []
    var steps: [Double?] = []

    /// Starts from the original rows, with room for `expectedNewRows` more so appending never reallocates.
    init(original x: Matrix, expectedNewRows: Int) {
        elements = []
        elements.reserveCapacity((x.rows + expectedNewRows) * x.columns)
        elements.append(contentsOf: x.elements)
        sources = Array(0..<x.rows)
        sources.reserveCapacity(x.rows + expectedNewRows)
        neighbors.reserveCapacity(expectedNewRows)
        steps.reserveCapacity(expectedNewRows)
    }

    func result<Label>(columns: Int, originalLabels: [Label], newLabels: [Label]) -> Resampled<Label> {
        Resampled(samples: Matrix(rows: sources.count, columns: columns, elements: elements),
                  labels: originalLabels + newLabels, originalCount: originalLabels.count, sourceIndices: sources,
                  neighborIndices: neighbors, interpolationSteps: steps)
    }
}

/// Validates the input of an interpolating over-sampler and plans it: the samples to add per class, and each
/// class's rows. Every class to grow needs more than `neighbors` samples.
func interpolationPlan<Label: Hashable & Comparable & Sendable>(
    _ x: Matrix, labels: [Label], strategy: SamplingStrategy<Label>, neighbors: Int, method: String
) throws -> (plan: [(label: Label, count: Int)], rowsByClass: [Label: [Int]]) {
    let counts = try validatedClassCounts(x, labels)
    guard neighbors >= 1 else {
        throw ResamplingError.invalidParameter(name: "neighbors", value: "\(neighbors)", requirement: "must be at least 1")
    }
    let plan = try strategy.samplesToGenerate(classCounts: counts)
    let rowsByClass = rowIndicesByClass(labels)
    for (label, count) in plan where count > 0 && rowsByClass[label]!.count <= neighbors {
        throw ResamplingError.tooFewSamples(label: "\(label)", count: rowsByClass[label]!.count, needed: neighbors + 1,
                                            method: method)
    }
    return (plan, rowsByClass)
}
