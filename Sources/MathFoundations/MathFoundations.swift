// The umbrella module: `import MathFoundations` brings in every library module of the toolkit.
@_exported import LinearAlgebra
