// Tests of the NeuralNetworks module live in the files beside this one.
