// Tests of the Datasets module live in the files beside this one.
