import Foundation

// Graphviz DOT export: each node with its operation, shape, value and (after a backward pass) adjoint.

extension Graph {
    /// The recorded program as a Graphviz `digraph` (render with `dot -Tsvg`): one box per node labelled with
    /// its name or operation, shape, value and adjoint, and an arrow from each parent to its child.
    ///
    /// - Parameters:
    ///   - output: when given (a one-scalar node), a reverse pass from it supplies the adjoints `x̄ = ∂output/∂x`.
    ///   - maximumScalarsShown: how many leading scalars of each tensor the labels show.
    /// - Throws: the graph's error; `AutodiffError.invalidArgument` for an output with more than one scalar.
    @inlinable public func graphviz(adjointsFrom output: Variable<Scalar>? = nil, maximumScalarsShown: Int = 4) throws -> String {
        try checkError()
        var adjoints: SweepBuffers = []
        if let output {
            output.assertCurrent()
            guard output.scalarCount == 1 else {
                throw AutodiffError.invalidArgument("graphviz: adjoints need a one-scalar output; it has shape \(output.shape)")
            }
            adjoints = reverseSweep(from: output.index, seed: nil)
        }
        func show(_ pointer: UnsafePointer<Scalar>, _ count: Int) -> String {
            let shown = (0..<Swift.min(count, maximumScalarsShown)).map { format(pointer[$0].doubleValue) }
            return (count == 1 ? shown[0] : "[" + shown.joined(separator: ", ") + (count > maximumScalarsShown ? ", …" : "") + "]")
        }
        var lines = ["digraph computation {", "  rankdir=LR;", "  node [shape=record, fontname=\"Helvetica\"];"]
        for (index, node) in nodes.enumerated() {
            var label = names[index] ?? (node.operation.name == "leaf" ? (node.requiresGradient ? "variable" : "constant") : node.operation.name)
            label += " | shape \(node.shape)"
            label += " | value " + show(value(index), node.count)
            if output != nil, node.requiresGradient, index < adjoints.count {
                label += " | adjoint " + (adjoints[index].map { show($0, node.count) } ?? "0")
            }
            let escaped = label.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "<", with: "\\<")
                .replacingOccurrences(of: ">", with: "\\>")
            lines.append("  n\(index) [label=\"{#\(index) \(escaped)}\"];")
            var parents = [node.first, node.second].filter { $0 >= 0 }
            if case .concatenate(_, let list) = node.operation { parents = list }
            if case .checkpoint(let record) = node.operation { parents = (record as! CheckpointRecord<Scalar>).inputs }
            if case .select(let mask) = node.operation { parents.append(mask) }
            if case .convolution(_, _, _, let bias) = node.operation, bias >= 0 { parents.append(bias) }
            for parent in parents { lines.append("  n\(parent) -> n\(index);") }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    @inlinable func format(_ x: Double) -> String {
        if x == x.rounded() && Swift.abs(x) < 1e6 { return String(Int(x)) }
        let s = "\(x)"
        if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 6, !s.contains("e") {
            return String(s[..<s.index(dot, offsetBy: 6)])
        }
        return s
    }
}
