// Convolution as the course presents it: the slide's I ∗ K (a 7 × 7 binary image and a 3 × 3 kernel) computed by
// the library's conv2d and printed beside the slide's 5 × 5 result; max and average pooling of that result; the
// filter bank a first convolution layer learns on the digits (drawn as an SVG) and its activation maps of one
// digit; and the parameter-count arithmetic of the scalability slide (a 10⁶-pixel image fully connected against a
// shared 3 × 3 kernel).
import Datasets
import Foundation
import LinearAlgebra
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "convolution")

/// Rows of small grey-scale (or, with `diverging`, blue–white–red) images with titles, as one SVG document.
func imageGrid(_ images: [[Double]], height: Int, width: Int, titles: [String], columns: Int, title: String,
               diverging: Bool) -> String {
    let cell = 14.0, gap = 18.0, top = 44.0
    let panelWidth = Double(width) * cell, panelHeight = Double(height) * cell
    let rows = (images.count + columns - 1) / columns
    let totalWidth = gap + Double(columns) * (panelWidth + gap), totalHeight = top + Double(rows) * (panelHeight + gap + 16)
    func n(_ v: Double) -> String { String(format: "%.1f", v) }
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" viewBox=\"0 0 \(n(totalWidth)) \(n(totalHeight))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
    s += "<rect x=\"0\" y=\"0\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" fill=\"#ffffff\"/>\n"
    s += "<text x=\"\(n(totalWidth / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(title)</text>\n"
    for (k, image) in images.enumerated() {
        let x0 = gap + Double(k % columns) * (panelWidth + gap), y0 = top + Double(k / columns) * (panelHeight + gap + 16)
        let scale = image.map(abs).max() ?? 1, low = image.min() ?? 0, high = image.max() ?? 1
        s += "<text x=\"\(n(x0 + panelWidth / 2))\" y=\"\(n(y0 + 10))\" text-anchor=\"middle\">\(titles[k])</text>\n"
        for i in 0..<height {
            for j in 0..<width {
                let v = image[i * width + j]
                let color: Color
                if diverging {
                    let t = scale > 0 ? v / scale : 0
                    color = t >= 0 ? Color(hex: 0xFFFFFF).interpolated(to: Color(hex: 0xB2182B), t)
                                   : Color(hex: 0xFFFFFF).interpolated(to: Color(hex: 0x2166AC), -t)
                } else {
                    color = Color(hex: 0xFFFFFF).interpolated(to: Color(hex: 0x000000), high > low ? (v - low) / (high - low) : 0)
                }
                s += "<rect x=\"\(n(x0 + Double(j) * cell))\" y=\"\(n(y0 + 16 + Double(i) * cell))\" width=\"\(n(cell))\" height=\"\(n(cell))\" fill=\"\(color)\"/>\n"
            }
        }
        s += "<rect x=\"\(n(x0))\" y=\"\(n(y0 + 16))\" width=\"\(n(panelWidth))\" height=\"\(n(panelHeight))\" fill=\"none\" stroke=\"#888888\"/>\n"
    }
    return s + "</svg>\n"
}

func grid(_ t: Tensor<Double>, rows: Int, columns: Int) -> [[Int]] {
    (0..<rows).map { i in (0..<columns).map { j in Int(t.scalars[i * columns + j].rounded()) } }
}

notebook.run { nb in
    nb.section("The slide's I ∗ K")
    let image: [[Double]] = [
        [0, 1, 1, 1, 0, 0, 0],
        [0, 0, 1, 1, 1, 0, 0],
        [0, 0, 0, 1, 1, 1, 0],
        [0, 0, 0, 1, 1, 0, 0],
        [0, 0, 1, 1, 0, 0, 0],
        [0, 1, 1, 0, 0, 0, 0],
        [1, 1, 0, 0, 0, 0, 0],
    ]
    let kernel: [[Double]] = [[1, 0, 1], [0, 1, 0], [1, 0, 1]]
    let course = [[1, 4, 3, 4, 1], [1, 2, 4, 3, 3], [1, 2, 3, 4, 1], [1, 3, 3, 1, 1], [3, 3, 1, 1, 0]]
    let graph = Graph<Double>()
    let input = graph.constant(try Tensor(shape: [1, 1, 7, 7], scalars: image.flatMap { $0 }))
    let weight = graph.constant(try Tensor(shape: [1, 1, 3, 3], scalars: kernel.flatMap { $0 }))
    let ours = grid(try conv2d(input, weight: weight).value(), rows: 5, columns: 5)
    // The course's f ∗ g flips the kernel; this K is symmetric under a 180° turn, so both definitions agree.
    var flipped = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
    for i in 0..<5 { for j in 0..<5 { for u in 0..<3 { for v in 0..<3 {
        flipped[i][j] += Int(kernel[2 - u][2 - v] * image[i + u][j + v])
    } } } }
    var table = Table(["row", "course (slide)", "ours: conv2d (cross-correlation)", "ours: flipped kernel, by loops"])
    for i in 0..<5 {
        table.append([String(i + 1), course[i].map(String.init).joined(separator: " "), ours[i].map(String.init).joined(separator: " "),
                      flipped[i].map(String.init).joined(separator: " ")])
    }
    try nb.table(table, csv: "i-star-k.csv")
    nb.compare("I ∗ K (5 × 5)", ours: ours == course ? "identical, all 25 entries" : "\(ours)", course: "\(course)", source: "the course's slide")
    guard ours == course, flipped == course else { throw NotebookFailure("I ∗ K differs from the slide: \(ours)") }
    print("Output size: (7 − 3)/1 + 1 = 5 per axis, the closed form ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1 with p = 0, d = 1, s = 1.")

    nb.section("Pooling the feature map I ∗ K (2 × 2 windows, stride 1)")
    let featureMap = graph.constant(try Tensor(shape: [1, 1, 5, 5], scalars: course.flatMap { $0.map(Double.init) }))
    let maxPooled = grid(try maxPool2d(featureMap, kernel: (2, 2), stride: (1, 1)).value(), rows: 4, columns: 4)
    let averaged = try avgPool2d(featureMap, kernel: (2, 2), stride: (1, 1)).value()
    var pooling = Table(["row", "max-pool", "average-pool"])
    var worst = 0.0
    for i in 0..<4 {
        pooling.append([String(i + 1), maxPooled[i].map(String.init).joined(separator: " "),
                        (0..<4).map { fixed(averaged.scalars[i * 4 + $0], 2) }.joined(separator: " ")])
        for j in 0..<4 {
            let window = [course[i][j], course[i][j + 1], course[i + 1][j], course[i + 1][j + 1]]
            worst = max(worst, Double(abs(maxPooled[i][j] - window.max()!)), abs(averaged.scalars[i * 4 + j] - Double(window.reduce(0, +)) / 4))
        }
    }
    try nb.table(pooling, csv: "pooling.csv")
    print("Largest difference from the window maxima and means computed by hand: \(worst)")
    guard worst < 1e-12 else { throw NotebookFailure("pooling differs from its windows by \(worst)") }

    nb.section("A learned first-layer filter bank (8 filters of 3 × 3, trained on the digits)")
    let digits = try Datasets.Dataset.load(.digits)
    let labels = digits.targets!
    let split = try Splits.trainValidationTest(sampleCount: digits.count, validationFraction: 0, testFraction: 0.2,
                                               stratifiedBy: labels, seed: 1)
    let images = try Tensor<Double>(shape: [digits.count, 1, 8, 8], scalars: digits.features.elements.map { $0 / 16 })
    let all = try TensorDataset(inputs: images, targets: .classes(labels))
    let train = all.subset(nb.quick ? Array(split.train.prefix(300)) : split.train), test = all.subset(split.test)
    var generator = SeededGenerator(seed: 5)
    let firstLayer = Conv2D<Double>(1, 8, kernelSize: 3, padding: 1, activation: .relu, weightInitializer: .heNormal(),
                                    biasInitializer: .zeros, generator: &generator)
    let model = Sequential<Double>([firstLayer, MaxPool2D(kernelSize: 2), Flatten(), Dense(8 * 4 * 4, 10, generator: &generator)])
    let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters, learningRate: 3e-3), loss: .crossEntropy)
    let epochs = nb.size(15, quick: 2)
    try trainer.fit(train, epochs: epochs, batchSize: 32, seed: 2)
    let testAccuracy = try trainer.evaluate(test).accuracy!
    print("conv 3×3 ×8 → ReLU → max-pool 2 → dense 10: \(model.parameterCount) parameters, test accuracy \(fixed(testAccuracy, 4)) after \(epochs) epochs")
    let filters = (0..<8).map { k in Array(firstLayer.weight.value.scalars[(k * 9)..<(k * 9 + 9)]) }
    for (k, f) in filters.enumerated() {
        print("filter \(k): " + (0..<3).map { i in (0..<3).map { String(format: "%+.2f", f[i * 3 + $0]) }.joined(separator: " ") }.joined(separator: " | "))
    }
    try nb.write(imageGrid(filters, height: 3, width: 3, titles: (0..<8).map { "filter \($0)" }, columns: 8,
                           title: "First-layer 3 × 3 filters learned on the digits (red positive, blue negative)", diverging: true), to: "filters.svg")

    nb.section("Activation maps of a test digit (ReLU(conv) of each filter, 8 × 8)")
    let sample = test.inputs.rows([0])
    guard case .classes(let testLabels) = test.targets else { return }
    let context = ForwardContext<Double>(mode: .evaluation)
    let maps = try firstLayer(context.constant(sample), in: context).value()
    let activation = (0..<8).map { k in Array(maps.scalars[(k * 64)..<(k * 64 + 64)]) }
    try nb.write(imageGrid([sample.scalars] + activation, height: 8, width: 8, titles: ["digit \(testLabels[0])"] + (0..<8).map { "map \($0)" },
                           columns: 9, title: "A digit and its first-layer activation maps", diverging: false), to: "activation-maps.svg")
    for k in 0..<8 { print("map \(k): mean activation \(fixed(activation[k].reduce(0, +) / 64, 3)), active pixels \(activation[k].filter { $0 > 0 }.count)/64") }

    nb.section("Scalability: parameters of one layer on a 1000 × 1000 image (10⁶ pixels)")
    let pixels = 1_000_000
    // The counts below come from the layers themselves at small sizes, then the same formulas at 10⁶.
    let denseSmall = Dense<Float>(100, 100, seed: 1).parameterCount, convSmall = Conv2D<Float>(1, 1, kernelSize: 3, seed: 1).parameterCount
    guard denseSmall == 100 * 100 + 100, convSmall == 9 + 1 else { throw NotebookFailure("parameter counts differ from the formulas") }
    var counts = Table(["layer", "formula", "parameters"])
    counts.append(["one neuron fully connected to the image", "10⁶ weights + 1", String(pixels + 1)])
    counts.append(["10⁶ neurons fully connected (same-size hidden layer)", "(10⁶)² + 10⁶", String(format: "%.0f", Double(pixels) * Double(pixels) + Double(pixels))])
    counts.append(["one shared 3 × 3 kernel (any image size)", "3·3 + 1", String(convSmall)])
    counts.append(["64 shared 3 × 3 kernels on 3 colour channels", "64·(3·3·3 + 1)", String(Conv2D<Float>(3, 64, kernelSize: 3, seed: 1).parameterCount)])
    try nb.table(counts, csv: "parameter-counts.csv")
    nb.compare("fully connected 10⁶ → 10⁶ against a shared 3 × 3 kernel", ours: "10¹² + 10⁶ against \(convSmall)", course: "10¹² against 9 (+ bias)",
               source: "the course's scalability slide")

    print("\nWhat to look for: conv2d computes a cross-correlation, which equals the course's flipped-kernel I ∗ K here")
    print("because K is symmetric; pooling keeps the strongest (or mean) response of each window and shrinks the map;")
    print("the learned filters are small edge and stroke detectors, each lighting up different parts of the digit;")
    print("and weight sharing is what makes convolution scale: the kernel's 9 weights do not grow with the image.")
}
