// The Optimization module: full-batch minimisers of a smooth function given by a closure that returns its value and
// gradient — line searches (Armijo backtracking, strong Wolfe, exact for quadratics), gradient descent with a fixed
// step 1/L, Nesterov's accelerated gradient, nonlinear conjugate gradient (Fletcher–Reeves, Polak–Ribière+), L-BFGS
// with PyTorch's semantics, Newton's method (dense Hessian or matrix-free Newton-CG on Hessian-vector products), and
// linear conjugate gradient for symmetric positive definite systems. Its types live in the files beside this one.
//
// Why a module of its own and not NeuralNetworks' `Optimizer`: that protocol is one update per call from a gradient
// already stored in the parameters, which suits stochastic mini-batch steps. These methods evaluate the objective
// several times per iteration (a line search tries steps; L-BFGS keeps a history of differences; Newton asks for
// curvature), so they own the loop and call the objective themselves.
@_exported import Autodiff
