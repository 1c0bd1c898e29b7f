// The umbrella module: `import MathFoundations` brings in every library module of the toolkit.
@_exported import Autodiff
@_exported import DataIO
@_exported import Datasets
@_exported import DimensionalityReduction
@_exported import HighDimensionalGeometry
@_exported import LinearAlgebra
@_exported import Neighbors
@_exported import NeuralNetworks
@_exported import Optimization
@_exported import Plotting
@_exported import Resampling
