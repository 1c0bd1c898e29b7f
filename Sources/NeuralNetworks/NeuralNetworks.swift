// The NeuralNetworks module: layers, activations, losses, initialisers, optimisers, learning-rate schedules,
// training utilities and preprocessing on the Autodiff core. Its types live in the files beside this one.
@_exported import Autodiff
