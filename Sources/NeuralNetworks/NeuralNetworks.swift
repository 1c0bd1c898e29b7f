// The NeuralNetworks module: its types live in the files beside this one (see README.md, "Architecture").
