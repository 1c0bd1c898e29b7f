// Tests of the HighDimensionalGeometry module live in the files beside this one.
