// The HighDimensionalGeometry module: the curse of dimensionality in closed forms and seeded experiments.
//
// Closed forms (computed in log space where they would overflow or underflow):
//   Ball.swift              n-ball volume and sphere area, the real dimension where they peak, ball/cube ratio, shells
//   SamplingDensity.swift   ESL's median nearest distance, sub-cube edges, samples needed for a fixed density
//   GaussianNorm.swift      E‖X‖ and Var ‖X‖ for X ~ N(0, Iₙ)
//   SpecialFunctions.swift  log Γ, digamma ψ, trigamma ψ′ and the inverse of ψ
// Seeded Monte-Carlo experiments, each returning a small result struct that prints as a table:
//   DistanceConcentration.swift      relative contrast (D_max − D_min)/D_min and D_max − D_min for Lₚ norms
//   GaussianNormConcentration.swift  sample mean and variance of ‖X‖ beside the closed forms
//   RandomDirectionAngles.swift      cos θ between random directions: mean 0, variance 1/n
//   BallInCubeExperiment.swift       the share of a cube's uniform points inside the inscribed ball
//   NearestNeighborExperiment.swift  the distance from the origin to the nearest of N uniform points in the ball
//   MonteCarloEstimate.swift         a sample mean with its standard error, shared by the experiments
