// Tests of the DimensionalityReduction module live in the files beside this one.
