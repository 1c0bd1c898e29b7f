// The Autodiff module: tensors (`Tensor`), a define-by-run graph (`Graph`, `Variable`), reverse mode
// (`backward`, `gradients`, `valueWithGradient`), forward mode (`Dual`, `tangent`, `valueWithTangent`),
// Jacobians, Hessian-vector products, gradient checks, Graphviz export and checkpointing.
