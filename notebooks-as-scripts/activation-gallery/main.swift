// Every activation of the NeuralNetworks module with its derivative, both taken from the autodiff graph (the
// derivative is the gradient of Σᵢ f(xᵢ), which for an elementwise f is f′(xᵢ) in slot i), checked against central
// differences away from kinks, and drawn as small multiples. Softmax is shown through its first output on the
// logits (x, 0), which is the sigmoid σ(x); maxout through max(x, x/2, −x); PReLU with α = 0.25. Then the lower
// bounds the course prints (GELU ≥ −0.17, SiLU ≥ −0.278, SELU ≥ −αλ) beside the computed minima, and the
// cross-entropy −log 0.8 ≈ 0.22 of a prediction giving the right class probability 0.8.
import Autodiff
import Foundation
import NeuralNetworks
import NotebookSupport
import Plotting

let notebook = Notebook(name: "activation-gallery")

typealias Function = (Variable<Double>) -> Variable<Double>

/// An activation of the module applied through the graph.
func layer(_ activation: Activation) -> Function { { x in activation(x) } }

/// softmax over the logits (x, 0), first output: σ(x).
func softmaxFirst(_ x: Variable<Double>) -> Variable<Double> {
    let n = x.shape[0]
    let logits = concatenate([x.reshaped([n, 1]), x.graph.constant(Tensor<Double>(zeros: [n, 1]))], axis: 1)
    return logits.softmax(axis: -1).sliced(axis: 1, 0..<1).reshaped([n])
}

/// maxout over the three pieces (x, x/2, −x).
func maxoutOfThree(_ x: Variable<Double>) -> Variable<Double> {
    let n = x.shape[0]
    let half: Variable<Double> = x * 0.5
    let pieces = concatenate([x.reshaped([n, 1]), half.reshaped([n, 1]), (-x).reshaped([n, 1])], axis: 1)
    return maxout(pieces, pieces: 3).reshaped([n])
}

/// PReLU with a fixed α = 0.25 (in a network α is a learnable parameter: the layer `PReLU`).
func preluQuarter(_ x: Variable<Double>) -> Variable<Double> { Autodiff.parametricReLU(x, alpha: x.graph.constant(0.25)) }

/// Each activation as a name and a function of a rank-1 variable of inputs.
let activations: [(name: String, apply: Function)] = [
    ("identity", layer(.identity)),
    ("binary step", layer(.binaryStep)),
    ("sigmoid, slope a = 1", layer(.sigmoid(slope: 1))),
    ("sigmoid, slope a = 3", layer(.sigmoid(slope: 3))),
    ("tanh", layer(.tanh)),
    ("LeCun 1.7159 tanh(2x/3)", layer(.lecunTanh)),
    ("ReLU", layer(.relu)),
    ("leaky ReLU (0.01)", layer(.leakyReLU(negativeSlope: 0.01))),
    ("PReLU (α = 0.25)", preluQuarter),
    ("ELU (α = 1)", layer(.elu(alpha: 1))),
    ("SELU", layer(.selu)),
    ("GELU (exact)", layer(.gelu(approximate: false))),
    ("GELU (tanh approx.)", layer(.gelu(approximate: true))),
    ("SiLU x σ(x)", layer(.silu)),
    ("softplus", layer(.softplus)),
    ("Gaussian e^(−x²)", layer(.gaussian)),
    ("softmax(x, 0)₁ = σ(x)", softmaxFirst),
    ("maxout max(x, x/2, −x)", maxoutOfThree),
]

/// f and f′ on the points `xs`, by one forward and one reverse pass.
func valueAndDerivative(_ apply: (Variable<Double>) -> Variable<Double>, at xs: [Double]) throws -> ([Double], [Double]) {
    let graph = Graph<Double>()
    let x = graph.variable(Tensor(xs))
    let y = apply(x)
    let derivative = try graph.gradients(of: y.sum(), withRespectTo: [x])[0]
    return (try y.value().scalars, derivative.scalars)
}

notebook.run { nb in
    let xs = stride(from: -4.0, through: 4.0, by: nb.size(0.02, quick: 0.1)).map { $0 }
    // Check points away from every kink (0 for the piecewise functions).
    let checks = [-2.7, -1.3, -0.4, 0.35, 1.1, 2.9]
    var table = Table(["activation", "f(−1)", "f(0.5)", "f(2)", "f′(−1)", "f′(0.5)", "f′(2)", "max |f′ − central diff.|"])
    var panels: [SmallMultiples.Panel] = []
    for activation in activations {
        let (values, derivatives) = try valueAndDerivative(activation.apply, at: xs)
        let (at, dAt) = try valueAndDerivative(activation.apply, at: [-1, 0.5, 2])
        let (_, dChecks) = try valueAndDerivative(activation.apply, at: checks)
        let h = 1e-6
        let (plus, _) = try valueAndDerivative(activation.apply, at: checks.map { $0 + h })
        let (minus, _) = try valueAndDerivative(activation.apply, at: checks.map { $0 - h })
        let error = zip(dChecks, zip(plus, minus).map { ($0 - $1) / (2 * h) }).map { abs($0 - $1) }.max()!
        guard error < 1e-6 else { throw NotebookFailure("\(activation.name): derivative differs from central differences by \(error)") }
        table.append([activation.name] + (at + dAt).map { fixed($0, 4) } + [fmt(error, 2)])
        panels.append(.line(LineChart(series: [.init(name: "f", x: xs, y: values), .init(name: "f′", x: xs, y: derivatives)],
                                      title: activation.name, xLabel: "x")))
    }
    try nb.table(table, csv: "activations.csv")
    try nb.write(SmallMultiples(panels: panels, columns: 4, panelWidth: 340, panelHeight: 250,
                                title: "Activations f (blue) and their derivatives f′ (orange) from the autodiff graph").svg(),
                 to: "activations.svg")

    nb.section("Lower bounds the course prints, beside the minima computed here")
    // Minimum over a grid of step 1e-4 on [−8, 0] (the minimum's value is then exact to ~f″ h²/8 ≈ 1e-9); SELU's infimum
    // −λα is approached as x → −∞, so it is read at x = −40 where e^x is below rounding.
    let grid = stride(from: -8.0, through: 0, by: 1e-4).map { $0 }
    var bounds = Table(["activation", "ours: min f", "at x", "course", "|ours − course|"])
    let selu = (lambda: 1.0507009873554805, alpha: 1.6732632423543772)
    for (name, activation, course, tolerance) in [("GELU (exact)", Activation.gelu(approximate: false), -0.17, 0.005),
                                                  ("SiLU x σ(x)", Activation.silu, -0.278, 0.001),
                                                  ("SELU", Activation.selu, -selu.lambda * selu.alpha, 1e-12)] {
        let (values, _) = try valueAndDerivative(layer(activation), at: grid + [-40])
        let index = values.indices.min { values[$0] < values[$1] }!
        let at = index < grid.count ? fixed(grid[index], 4) : "→ −∞ (x = −40)"
        bounds.append([name, fmt(values[index], 8), at, name == "SELU" ? "−αλ = \(fmt(course, 8))" : fmt(course, 3),
                       fmt(abs(values[index] - course), 2)])
        guard abs(values[index] - course) <= tolerance else {
            throw NotebookFailure("\(name): minimum \(values[index]) is not within \(tolerance) of the course's \(course)")
        }
    }
    try nb.table(bounds, csv: "lower-bounds.csv")

    // Cross-entropy of a prediction that gives the right class probability 0.8: −log 0.8.
    let graph = Graph<Double>()
    let probabilities = [0.8, 0.15, 0.05]
    let logits = graph.constant(try Tensor(shape: [1, 3], scalars: probabilities.map { log($0) }))
    let loss = try crossEntropy(logits: logits, classes: [0]).value().scalars[0]
    nb.compare("cross-entropy when the right class gets p = 0.8", ours: fixed(loss, 6), course: "−log 0.8 ≈ 0.22")
    guard abs(loss + log(0.8)) < 1e-12 else { throw NotebookFailure("cross-entropy \(loss) is not −log 0.8 = \(-log(0.8))") }

    print("\nWhat to look for: sigmoid and tanh saturate (f′ → 0 for |x| large: vanishing gradients), the sigmoid's")
    print("derivative peaks at a/4; ReLU's is a step (dead units for x < 0), leaky ReLU/PReLU/ELU/SELU keep a slope")
    print("there; GELU and SiLU are smooth ReLUs that dip below 0; the binary step has zero gradient everywhere.")
}
